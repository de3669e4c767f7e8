/**
 * The optional data file (EMULATOR_DATA). Writes are atomic: a temp file in
 * the same directory is written, fsynced and renamed over the target, so a
 * process killed mid-write leaves either the old file or the new one, never
 * half of one. Writes are synchronous so they land in mutation order.
 */
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { EmulatorState } from './types.js';

const tempPrefix = (file: string): string => `.${basename(file)}.`;

/** The saved state, or `null` when there is no file yet. Throws on a file that is not ours. */
export function loadState(file: string): EmulatorState | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch {
    throw new Error(`Emulator data file ${file} is not valid JSON; delete it to start from the demo data`);
  }
  const s = state as Partial<EmulatorState>;
  if (s?.version !== 1 || !Array.isArray(s.invitations) || !Array.isArray(s.autojoin) || !Array.isArray(s.census)) {
    throw new Error(`Emulator data file ${file} has an unknown format; delete it to start from the demo data`);
  }
  return { ...s, seq: typeof s.seq === 'number' ? s.seq : 0 } as EmulatorState;
}

export function saveState(file: string, state: EmulatorState): void {
  const dir = dirname(file);
  const temp = join(dir, `${tempPrefix(file)}${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(state, null, 2));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  syncDir(dir);
}

/** Temp files left by a process that died mid-write are never read; tidy them away. */
export function removeStaleTemps(file: string): void {
  const prefix = tempPrefix(file);
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    // Another live process may be mid-write on the same file: leave its temp alone.
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) continue;
    rmSync(join(dirname(file), name), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Make the rename itself durable; not every platform lets a directory be fsynced. */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort only: the rename is already atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
