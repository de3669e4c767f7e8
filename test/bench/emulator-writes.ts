/**
 * Writes per second of the emulator with a data file holding 600
 * invitations: one client at a time, and 16 at once (where writes made
 * together share one fsync), beside the same emulator without a data file
 * (the ceiling HTTP allows). Every write is a reinvite, so the state keeps
 * its size. Runs the built emulator, as `npx invite-inbox-emulator` would.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const STATE_INVITATIONS = 600;
const SEQUENTIAL_WRITES = 300;
const CONCURRENT_WRITES = 1200;
const CONCURRENCY = 16;

/** What rewriting and fsyncing the whole state on every change managed at 600 invitations (issue 8). */
export const WHOLE_STATE_REWRITE_PER_SECOND = 120;

export interface WriteFigure {
  what: string;
  writesPerSecond: number;
  /** The figure to beat, where there is one. */
  reference?: number;
}

type EmulatorModule = typeof import('../../src/emulator/index.js');

/** A state file of `count` invitations, cloned from the demo data. */
async function bigStateFile(emulator: EmulatorModule, file: string, count: number): Promise<string[]> {
  const seeded = await emulator.startEmulator({ port: 0, dataFile: file });
  await seeded.close();
  const state = JSON.parse(readFileSync(file, 'utf8')) as { invitations: { id: string; invitationType: string }[] };
  const template = state.invitations.find((inv) => inv.invitationType === 'multi_use') ?? state.invitations[0]!;
  for (let i = state.invitations.length; i < count; i++) {
    state.invitations.push({ ...structuredClone(template), id: `inv_bench_${i}` });
  }
  writeFileSync(file, JSON.stringify(state, null, 2));
  rmSync(`${file}.log`, { force: true });
  return state.invitations.filter((inv) => inv.id.startsWith('inv_bench_')).map((inv) => inv.id);
}

async function writesPerSecond(url: string, ids: string[], total: number, concurrency: number): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const id = ids[next++ % ids.length]!;
      const res = await fetch(`${url}/api/v1/invitations/${id}/reinvite`, {
        method: 'POST',
        headers: { 'x-api-key': 'emulator-key' },
      });
      if (!res.ok) throw new Error(`reinvite answered ${res.status}`);
      await res.arrayBuffer();
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return total / ((performance.now() - start) / 1000);
}

export async function emulatorWriteFigures(distDir: string): Promise<WriteFigure[]> {
  const emulator = (await import(pathToFileURL(join(distDir, 'emulator/index.js')).href)) as EmulatorModule;
  const dir = mkdtempSync(join(tmpdir(), 'invite-bench-emulator-'));
  try {
    const file = join(dir, 'state.json');
    const ids = await bigStateFile(emulator, file, STATE_INVITATIONS);
    const measure = async (dataFile: string | undefined) => {
      const running = await emulator.startEmulator({ port: 0, ...(dataFile ? { dataFile } : {}) });
      try {
        // Without a data file the demo data stands in; any invitation will do.
        const targets = dataFile ? ids : ['inv_alice_design'];
        await writesPerSecond(running.url, targets, 30, 1);
        return {
          one: await writesPerSecond(running.url, targets, SEQUENTIAL_WRITES, 1),
          many: await writesPerSecond(running.url, targets, CONCURRENT_WRITES, CONCURRENCY),
        };
      } finally {
        await running.close();
      }
    };
    const durable = await measure(file);
    const memory = await measure(undefined);
    return [
      { what: 'data file, one client at a time', writesPerSecond: durable.one, reference: WHOLE_STATE_REWRITE_PER_SECOND },
      { what: `data file, ${CONCURRENCY} clients at once`, writesPerSecond: durable.many, reference: WHOLE_STATE_REWRITE_PER_SECOND },
      { what: 'no data file, one client at a time', writesPerSecond: memory.one },
      { what: `no data file, ${CONCURRENCY} clients at once`, writesPerSecond: memory.many },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
