/**
 * `npm run emulator`: the emulator alone. Environment: EMULATOR_PORT (4010),
 * EMULATOR_HOST (127.0.0.1), EMULATOR_API_KEY (emulator-key),
 * EMULATOR_CENSUS_TOKEN (census-token), EMULATOR_DATA (state file; none = in memory).
 */
import { resolve } from 'node:path';
import { startEmulator } from './index.js';

const rawPort = process.env['EMULATOR_PORT'] ?? '4010';
const port = Number(rawPort);
if (!/^\d+$/.test(rawPort) || port > 65535) {
  console.error(`EMULATOR_PORT must be a port number, got "${rawPort}"`);
  process.exit(1);
}
const dataFile = process.env['EMULATOR_DATA'] ? resolve(process.env['EMULATOR_DATA']) : undefined;

try {
  const running = await startEmulator({
    port,
    host: process.env['EMULATOR_HOST'] ?? '127.0.0.1',
    apiKey: process.env['EMULATOR_API_KEY'] ?? 'emulator-key',
    censusToken: process.env['EMULATOR_CENSUS_TOKEN'] ?? 'census-token',
    ...(dataFile ? { dataFile } : {}),
  });
  console.log(`Invitations emulator listening on ${running.url}`);
  console.log(`  seed API:   ${running.url}/api/v1/invitations  (x-api-key header)`);
  console.log(`  census API: ${running.url}/census/api/v1/invitations  (Authorization: Bearer)`);
  console.log(dataFile ? `  state file: ${dataFile}` : '  state: in memory (set EMULATOR_DATA to keep it)');

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
