/**
 * One build and one `npm pack` for the whole host matrix. `npm run test:hosts`
 * runs this file: it packs into a fresh temp dir, then runs every
 * `test/hosts/*.test.ts` in parallel with `INVITE_INBOX_TARBALL` pointing at the
 * tarball. A host test started on its own (`node --test test/hosts/web-vue.test.ts`)
 * packs for itself through `packedTarball()`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../..', import.meta.url));
export const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd: string, args: string[]): string {
  const result = spawnSync(cmd, args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** Builds `dist/` and packs it into `dir`; returns the tarball's path. */
export function pack(dir: string): string {
  run(process.execPath, ['--import', 'tsx', 'scripts/build.ts']);
  const [info] = JSON.parse(run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', dir])) as {
    filename: string;
  }[];
  if (!info) throw new Error('npm pack printed no file');
  return join(dir, info.filename);
}

let own: string | undefined;

/** The tarball the runner packed, or one packed now for a test file run alone. */
export function packedTarball(): string {
  const given = process.env.INVITE_INBOX_TARBALL;
  if (given) return given;
  if (!own) {
    const dir = mkdtempSync(join(tmpdir(), 'invite-inbox-hosts-pack-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    own = pack(dir);
  }
  return own;
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'invite-inbox-hosts-pack-'));
  try {
    const tarball = pack(dir);
    const hosts = join(root, 'test', 'hosts');
    const files = readdirSync(hosts)
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => join('test', 'hosts', f));
    // Installs wait on the network and builds on the CPU: more files than cores overlap well.
    const concurrency = Math.max(3, availableParallelism() + 1);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files],
      { cwd: root, stdio: 'inherit', env: { ...process.env, INVITE_INBOX_TARBALL: tarball } },
    );
    return await new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main();
}
