/**
 * Shared plumbing of the server-host tests: the packed tarball (built and
 * packed once per source state, however many host test files run at the same
 * time), fresh apps installed from it, child processes that serve them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../..', import.meta.url));
const require = createRequire(import.meta.url);
export const tsc = require.resolve('typescript/bin/tsc');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const cacheDir = join(root, 'node_modules', '.cache', 'invite-inbox-hosts');

/** Runs a command to completion; rejects with its output when it fails. */
export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, npm_config_update_notifier: 'false', ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${code ?? signal}) in ${cwd}:\n${out}`));
    });
  });
}

/** Same versions as this repo's own, so installs come from the npm cache. */
export function versionOf(name: string): string {
  return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The executable an npm package puts in node_modules/.bin (bun, deno, …). */
export const binOf = (name: string): string => join(root, 'node_modules', '.bin', name);

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** What the tarball is made of: a new source state means a new tarball. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const files = [
    ...['src', 'scripts'].flatMap((d) => listFiles(join(root, d))),
    ...['package.json', 'README.md', 'vite.config.ts', 'tsconfig.json', 'tsconfig.build.json', 'lit-localize.json']
      .map((f) => join(root, f))
      .filter(existsSync),
  ].sort();
  for (const f of files) hash.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Builds and packs the library once; concurrent callers (other test files)
 * wait on a lock directory and share the tarball.
 */
export async function packedTarball(): Promise<string> {
  // `npm run test:hosts` packs once for every host file and says where.
  const given = process.env.INVITE_INBOX_TARBALL;
  if (given) return given;
  const dir = join(cacheDir, sourceHash());
  const done = join(dir, 'tarball.txt');
  const lock = join(cacheDir, 'pack.lock');
  mkdirSync(cacheDir, { recursive: true });
  for (;;) {
    if (existsSync(done)) return readFileSync(done, 'utf8');
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than any build is left over from a killed run.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
      await sleep(500);
    }
  }
  try {
    if (existsSync(done)) return readFileSync(done, 'utf8');
    // Tarballs of earlier source states are of no further use.
    for (const old of readdirSync(cacheDir)) if (old !== 'pack.lock') rmSync(join(cacheDir, old), { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    await run(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], root);
    const packed = await run(npm, ['pack', '--json', '--ignore-scripts', '--loglevel=error', '--pack-destination', dir], root);
    const [info] = JSON.parse(packed.slice(packed.indexOf('['))) as { filename: string }[];
    const tarball = join(dir, info!.filename);
    writeFileSync(done, tarball);
    return tarball;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

/** A fresh app in `dir` with the tarball and `deps` installed, as a user would. */
export async function installApp(dir: string, files: Record<string, string>, deps: Record<string, string>): Promise<void> {
  const tarball = await packedTarball();
  writeFiles(dir, {
    ...files,
    'package.json': JSON.stringify(
      { name: 'host-app', private: true, type: 'module', dependencies: { 'invite-inbox': `file:${tarball}`, ...deps } },
      null,
      2,
    ),
  });
  await run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], dir);
}

/** tsc over the app with the given compiler options on top of a strict base; never skipLibCheck. */
export async function typecheck(dir: string, include: string[], options: Record<string, unknown> = {}): Promise<void> {
  writeFiles(dir, {
    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: [],
        ...options,
      },
      include,
    }),
  });
  await run(process.execPath, [tsc, '-p', dir], dir);
}

export interface Served {
  url: string;
  /** Everything the process printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

/**
 * Starts a server process that prints `listening on <url>` once it accepts
 * connections (every host app here listens on port 0 and says where).
 */
export function serveProcess(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const close = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      });
    const onData = (d: Buffer) => {
      out += d;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stdout!.on('data', (more: Buffer) => (out += more));
        resolve({ url: match[1]!, output: () => out, close });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited (${code ?? signal}) before listening:\n${out}`));
    });
  });
}
