/**
 * The optional data file (EMULATOR_DATA): a JSON snapshot of the whole state
 * plus an append-only log beside it (`<file>.log`), one line per change
 * holding the records it touched.
 *
 * - Group commit: changes made in the same turn of the event loop are
 *   appended with one write and one fsync; each request is answered after
 *   its line is durable.
 * - A change that cannot be saved is undone in memory and its request gets
 *   500, so memory never keeps what the disk refused. (A read in the instant
 *   between a change and its fsync already sees it: no isolation, as suits a
 *   dev tool.)
 * - Compaction rewrites the snapshot (temp file, fsync, rename) and starts a
 *   new log once the log outgrows it. Snapshot and log carry the same random
 *   ID, so a log left over from an older snapshot is never replayed.
 * - A process killed mid-append leaves at most a torn last line, which was
 *   never acknowledged; loading drops it.
 */
import {
  closeSync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UpstreamError, type ChangeRecord, type PendingChange } from './store.js';
import type { EmulatorState } from './types.js';

/** The log may grow to this, or to twice the snapshot, before it is folded into the snapshot. */
const MIN_LOG_BYTES_BEFORE_COMPACTION = 1024 * 1024;

interface Queued {
  line: string;
  undo(): void;
  resolve(): void;
  reject(err: Error): void;
}

export class StateFile {
  readonly logFile: string;
  private queue: Queued[] = [];
  private scheduled = false;
  /** The log, open for appending; opened anew by each compaction. */
  private fd: number | undefined;
  private logBytes = 0;
  private snapshotBytes = 0;
  /** After a failed append the log may end in lines nobody was told about: rewrite everything first. */
  private mustCompact = false;

  /** `current` gives the whole state as it is in memory, for compaction. */
  constructor(
    readonly file: string,
    private readonly current: () => EmulatorState,
  ) {
    this.logFile = `${file}.log`;
  }

  /** The saved state (snapshot plus log), or `null` when there is no snapshot yet. */
  load(): EmulatorState | null {
    removeStaleTemps(this.file);
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const { state, logId } = parseSnapshot(this.file, text);
    let log = '';
    try {
      log = readFileSync(this.logFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    replay(this.logFile, state, logId, log);
    return state;
  }

  /** Queues one change; it is written together with the others of this turn of the event loop. */
  commit(change: PendingChange): Promise<void> {
    // Serialised now: the record refers to live objects the next mutation may change.
    const line = `${JSON.stringify(change.record)}\n`;
    return new Promise((resolve, reject) => {
      this.queue.push({ line, undo: change.undo, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Writes what is queued, synchronously, so no mutation runs between the
   * write and a rollback: on failure the batch is undone newest first.
   */
  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    try {
      // A compaction writes the state as it is now, which includes this batch.
      if (this.mustCompact || this.logGone()) this.compact();
      else this.append(batch.map((q) => q.line).join(''));
    } catch (err) {
      for (const q of [...batch].reverse()) q.undo();
      this.mustCompact = true;
      const reason = (err as NodeJS.ErrnoException).code ?? 'write failed';
      console.error(`emulator: could not save to ${this.file} (${reason}); the change was not applied`);
      const failure = new UpstreamError(500, 'persist_failed', `The emulator could not save the change (${reason}); nothing was changed`);
      for (const q of batch) q.reject(failure);
      return;
    }
    for (const q of batch) q.resolve();
    if (this.logBytes > Math.max(MIN_LOG_BYTES_BEFORE_COMPACTION, 2 * this.snapshotBytes)) {
      try {
        this.compact();
      } catch (err) {
        // Nothing is lost: the log still holds every change. The next write tries again.
        console.error(`emulator: could not compact ${this.file}:`, (err as Error).message);
      }
    }
  }

  /**
   * The whole state into the snapshot, and a new, empty log. The new log is
   * ready before the snapshot names it, and the snapshot is renamed first: a
   * crash in between leaves a new snapshot with an old log it ignores.
   */
  compact(): void {
    const logId = randomBytes(8).toString('hex');
    const snapshot = JSON.stringify({ ...this.current(), log: logId }, null, 2);
    const header = `${JSON.stringify({ log: logId })}\n`;
    const logTemp = writeTemp(this.logFile, header);
    try {
      replaceWith(writeTemp(this.file, snapshot), this.file);
      replaceWith(logTemp, this.logFile);
    } finally {
      rmSync(logTemp, { force: true });
    }
    this.closeLog();
    this.fd = openSync(this.logFile, 'a', 0o600);
    this.logBytes = Buffer.byteLength(header);
    this.snapshotBytes = Buffer.byteLength(snapshot);
    this.mustCompact = false;
  }

  /** Saves what is pending and folds the log into the snapshot, for a clean shutdown. */
  close(): void {
    this.flush();
    try {
      this.compact();
    } catch (err) {
      console.error(`emulator: could not compact ${this.file} on close:`, (err as Error).message);
    }
    this.closeLog();
  }

  private append(data: string): void {
    const fd = this.fd!;
    const size = this.logBytes;
    try {
      writeFileSync(fd, data);
      fdatasyncSync(fd);
    } catch (err) {
      // Best effort: the flag set by the caller makes the next write rewrite everything anyway.
      try {
        ftruncateSync(fd, size);
      } catch {}
      throw err;
    }
    this.logBytes = size + Buffer.byteLength(data);
  }

  /** Deleted under us (say, the data folder was wiped): appending to it would save nothing. */
  private logGone(): boolean {
    return this.fd === undefined || fstatSync(this.fd).nlink === 0;
  }

  private closeLog(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

function parseSnapshot(file: string, text: string): { state: EmulatorState; logId: string | undefined } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`Emulator data file ${file} is not valid JSON; delete it to start from the demo data`);
  }
  const { log, ...s } = (parsed ?? {}) as Partial<EmulatorState> & { log?: unknown };
  if (s.version !== 1 || !Array.isArray(s.invitations) || !Array.isArray(s.autojoin) || !Array.isArray(s.census)) {
    throw new Error(`Emulator data file ${file} has an unknown format; delete it to start from the demo data`);
  }
  return {
    state: { ...s, seq: typeof s.seq === 'number' ? s.seq : 0 } as EmulatorState,
    logId: typeof log === 'string' ? log : undefined,
  };
}

/** Applies the log's changes to the snapshot's state, in order. */
function replay(logFile: string, state: EmulatorState, logId: string | undefined, log: string): void {
  const lines = log.split('\n');
  // Whatever follows the last newline is a line a crash cut short; its request was never answered.
  lines.pop();
  const [header, ...changes] = lines;
  if (!header || logId === undefined) return;
  let headerId: unknown;
  try {
    headerId = (JSON.parse(header) as { log?: unknown }).log;
  } catch {
    headerId = undefined;
  }
  // A log of another snapshot (say, one a crash left behind mid-compaction) is already in it, or not ours.
  if (headerId !== logId) return;
  for (const [i, line] of changes.entries()) {
    let change: ChangeRecord;
    try {
      change = JSON.parse(line) as ChangeRecord;
    } catch {
      throw new Error(`Emulator log ${logFile} is damaged at line ${i + 2}; delete it and its snapshot to start over`);
    }
    applyChange(state, change);
  }
}

/** Each record replaces the one with its key, or is added: the log holds whole records. */
function applyChange(state: EmulatorState, change: ChangeRecord): void {
  upsert(state.invitations, change.invitations ?? [], (inv) => inv.id);
  upsert(state.autojoin, change.autojoin ?? [], (c) => `${c.scopeType}\u0000${c.scope}`);
  upsert(state.census, change.census ?? [], (r) => String(r.id));
  state.seq = change.seq;
}

function upsert<T>(list: T[], records: T[], key: (item: T) => string): void {
  for (const record of records) {
    const at = list.findIndex((item) => key(item) === key(record));
    if (at >= 0) list[at] = record;
    else list.push(record);
  }
}

const tempPattern = (target: string) =>
  new RegExp(`^\\.${basename(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.[0-9a-f]+\\.tmp$`);

/** Written and fsynced beside `target`, ready to be renamed over it. */
function writeTemp(target: string, content: string): string {
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeFileSync(fd, content);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw err;
  }
  closeSync(fd);
  return temp;
}

function replaceWith(temp: string, target: string): void {
  renameSync(temp, target);
  syncDir(dirname(target));
}

/** Temp files left by a process that died mid-write are never read; tidy them away. */
function removeStaleTemps(file: string): void {
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return;
  }
  for (const target of [file, `${file}.log`]) {
    const pattern = tempPattern(target);
    for (const name of names) {
      const match = pattern.exec(name);
      if (!match) continue;
      // Another live process may be mid-write on the same file: leave its temp alone.
      const pid = Number(match[1]);
      if (pid > 0 && isAlive(pid)) continue;
      rmSync(join(dirname(file), name), { force: true });
    }
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
