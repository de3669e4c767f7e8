/**
 * One build and one `npm pack` for every test of the published package.
 * `packedTarball()` is the one place that builds and packs: it returns the
 * tarball `INVITE_INBOX_TARBALL` names or, when that is unset, builds and packs
 * once per process into a temp dir removed at exit.
 *
 * Run as a script it passes one tarball on to other processes through that
 * variable, so a chain of test scripts shares one build (`npm test`) while each
 * script run alone still builds and packs for itself:
 *   node --import tsx test/hosts/support/web-pack.ts                 every test/hosts/*.test.ts, in parallel
 *   node --import tsx test/hosts/support/web-pack.ts 'CMD && CMD'    a shell command, with the variable set
 * The variable rather than a cache keyed by a hash of the sources: the runner
 * that packed knows the sources did not change while its children ran, and
 * nothing stale can outlive the run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../..', import.meta.url));
export const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs a command in the repo; a command that cannot start throws its own error (`code: 'ENOENT'`). */
function run(cmd: string, args: string[]): string {
  const result = spawnSync(cmd, args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

let own: string | undefined;

/** The tarball `INVITE_INBOX_TARBALL` names, or one built and packed now (once per process). */
export function packedTarball(): string {
  const given = process.env.INVITE_INBOX_TARBALL;
  if (given) return given;
  if (!own) {
    const dir = mkdtempSync(join(tmpdir(), 'invite-inbox-pack-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    run(process.execPath, ['--import', 'tsx', 'scripts/build.ts']);
    const [info] = JSON.parse(run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', dir])) as {
      filename: string;
    }[];
    if (!info) throw new Error('npm pack printed no file');
    own = join(dir, info.filename);
  }
  return own;
}

/** Every host test file at once, with the one tarball. */
function hostTests(): string[] {
  const files = readdirSync(join(root, 'test', 'hosts'))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join('test', 'hosts', f));
  // Installs wait on the network and builds on the CPU: more files than cores overlap well.
  const concurrency = Math.max(3, availableParallelism() + 1);
  return [process.execPath, '--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files];
}

async function main(command: string | undefined): Promise<number> {
  const env = { ...process.env, INVITE_INBOX_TARBALL: packedTarball() };
  const [cmd, ...args] = command === undefined ? hostTests() : [command];
  const child = spawn(cmd!, args, { cwd: root, stdio: 'inherit', env, shell: command !== undefined });
  return await new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv[2]);
}
