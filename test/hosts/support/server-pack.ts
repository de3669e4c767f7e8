/**
 * Shared plumbing of the server-host tests: fresh apps installed from the host
 * matrix's one packed tarball (`web-pack.ts`), child processes that serve them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { writeFiles } from './web-app.js';
import { npm, packedTarball, root } from './web-pack.js';

export { versionOf, writeFiles } from './web-app.js';
export { root } from './web-pack.js';

const require = createRequire(import.meta.url);
export const tsc = require.resolve('typescript/bin/tsc');

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

export const binOf = (name: string): string => join(root, 'node_modules', '.bin', name);

/** A fresh app in `dir` with the tarball and `deps` installed, as a user would. */
export async function installApp(dir: string, files: Record<string, string>, deps: Record<string, string>): Promise<void> {
  const tarball = packedTarball();
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
