/**
 * A real redis-server for the shared-store tests (Debian's package; `.ci/run`
 * installs it). It cannot listen on port 0, so random high ports are tried.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface RunningRedis {
  child: ChildProcess;
  url: string;
}

/** Starts one, or answers why it could not, having said so loudly: a skip must never pass quietly. */
export async function startRedis(): Promise<RunningRedis | string> {
  let last = '';
  for (let attempt = 0; attempt < 8; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    last = await new Promise<string>((resolve) => {
      let log = '';
      const timer = setTimeout(() => resolve(`no "ready" within 10 s: ${log.slice(-300)}`), 10_000);
      child.once('error', (err) => (clearTimeout(timer), resolve(String(err))));
      child.once('exit', (code) => (clearTimeout(timer), resolve(`exited ${code}: ${log.slice(-300)}`)));
      child.stdout!.on('data', (d: Buffer) => {
        log += d;
        if (/Ready to accept connections/i.test(log)) (clearTimeout(timer), resolve('ready'));
      });
    });
    if (last === 'ready') return { child, url: `redis://127.0.0.1:${port}` };
    child.kill('SIGKILL');
    if (/ENOENT/.test(last)) break;
  }
  const reason = `redis-server did not start: ${last}`;
  console.error(`\n!!!!!!!! SKIPPING Redis store tests: ${reason}\n!!!!!!!! Install Debian's redis-server (.ci/run does).\n`);
  return reason;
}
