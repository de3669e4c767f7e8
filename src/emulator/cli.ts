#!/usr/bin/env node
/**
 * `npx invite-inbox-emulator` (and `npm run emulator` in this repository):
 * the emulator alone. Flags win over the environment.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator } from './index.js';

const HELP = `Usage: invite-inbox-emulator [--port N] [--data FILE] [--host HOST]

A local stand-in of the invitation APIs, seeded with demo data.

Options:
  --port N       port to listen on; 0 picks a free one        (EMULATOR_PORT, default 4010)
  --data FILE    keep state in this JSON file across restarts  (EMULATOR_DATA, default: in memory)
  --host HOST    interface to listen on                        (EMULATOR_HOST, default 127.0.0.1)
  -h, --help     show this help

Environment:
  EMULATOR_API_KEY        x-api-key the seed API requires (default emulator-key)
  EMULATOR_CENSUS_TOKEN   bearer token of the organisation-list API (default census-token)
`;

function fail(message: string): never {
  console.error(`invite-inbox-emulator: ${message}\nRun with --help for usage.`);
  process.exit(1);
}

let flags: { port?: string; data?: string; host?: string; help?: boolean };
try {
  flags = parseArgs({
    options: {
      port: { type: 'string' },
      data: { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (err) {
  fail((err as Error).message);
}
if (flags.help) {
  console.log(HELP);
  process.exit(0);
}

const rawPort = flags.port ?? process.env['EMULATOR_PORT'] ?? '4010';
const port = Number(rawPort);
if (!/^\d+$/.test(rawPort) || port > 65535) {
  fail(`${flags.port !== undefined ? '--port' : 'EMULATOR_PORT'} must be a port number, got "${rawPort}"`);
}
const data = flags.data ?? process.env['EMULATOR_DATA'];
const dataFile = data ? resolve(data) : undefined;

try {
  const running = await startEmulator({
    port,
    host: flags.host ?? process.env['EMULATOR_HOST'] ?? '127.0.0.1',
    apiKey: process.env['EMULATOR_API_KEY'] ?? 'emulator-key',
    censusToken: process.env['EMULATOR_CENSUS_TOKEN'] ?? 'census-token',
    ...(dataFile ? { dataFile } : {}),
  });
  console.log(`Invitations emulator listening on ${running.url}`);
  console.log(`  seed API:   ${running.url}/api/v1/invitations  (x-api-key header)`);
  console.log(`  census API: ${running.url}/census/api/v1/invitations  (Authorization: Bearer)`);
  console.log(dataFile ? `  state file: ${dataFile}` : '  state: in memory (--data FILE or EMULATOR_DATA to keep it)');

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: shutting down`);
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('emulator: error while closing', err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (err) {
  console.error(`emulator: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
