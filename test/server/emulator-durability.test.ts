/**
 * The emulator under abuse and failure: oversized bodies, a data file that
 * cannot be written, a process killed mid-write, and many writes at once.
 * Each runs a real emulator (in process, or as the CLI in a child process
 * when memory or SIGKILL is the point).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

const KEY = 'test-key';
const headers = { 'x-api-key': KEY, 'content-type': 'application/json' };
const cli = fileURLToPath(new URL('../../src/emulator/cli.ts', import.meta.url));
const MiB = 1024 * 1024;

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invite-emulator-durability-'));
});
after(() => rm(dir, { recursive: true, force: true }));

interface ChildEmulator {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `npm run emulator` in a child process; resolves once it prints its URL. */
async function spawnEmulator(env: Record<string, string>): Promise<ChildEmulator> {
  const child = spawn(process.execPath, ['--import', 'tsx', cli], {
    env: { ...process.env, EMULATOR_PORT: '0', EMULATOR_API_KEY: KEY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`emulator exited (${code}) before listening:\n${output}`)));
  });
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Peak resident memory of a process so far (Linux), in bytes. */
function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/**
 * POSTs `total` bytes of a JSON-looking body in chunks, waiting for the socket
 * to drain between them, and stops as soon as the server answers.
 */
function streamBody(url: string, total: number): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    let answered = false;
    const req = http.request(`${url}/api/v1/invitations/accept`, { method: 'POST', headers }, (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body, sent }));
    });
    // Once the server has answered and closed, further writes fail; that is the point.
    req.on('error', (err) => (answered ? undefined : reject(err)));
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    req.write('{"invitationIds":["');
    pump();
  });
}

describe('request bodies', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ apiKey: KEY });
  });
  after(() => emu.close());

  test('a 50 MB body is refused with 413 before the client has finished sending it', { timeout: 60_000 }, async () => {
    const res = await streamBody(emu.url, 50 * MiB);
    assert.equal(res.status, 413);
    assert.equal(JSON.parse(res.body).code, 'payload_too_large');
    assert.ok(res.sent < 50 * MiB, `answered only after all ${res.sent} bytes were sent`);
  });

  test('a declared Content-Length over the limit is refused without reading the body', async () => {
    const res = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        `${emu.url}/api/v1/invitations/accept`,
        { method: 'POST', headers: { ...headers, 'content-length': String(300 * MiB) } },
        (r) => resolve(r.statusCode!),
      );
      req.on('error', reject);
      req.write('{');
    });
    assert.equal(res, 413);
  });

  test('a body just under the limit is still read whole', async () => {
    const filler = 'x'.repeat(250 * 1024);
    const res = await fetch(`${emu.url}/api/v1/invitations/accept`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ invitationIds: ['inv_alice_design'], user: { email: 'alice@acme.com', name: filler } }),
    });
    assert.equal(res.status, 200);
  });

  test(
    'streaming 50 MB keeps the emulator process’s memory bounded',
    { timeout: 60_000, skip: existsSync('/proc/self/status') ? false : 'needs /proc' },
    async () => {
      const emulator = await spawnEmulator({});
      try {
        const res = await fetch(
          `${emulator.url}/api/v1/invitations?targetType=email&targetValue=alice%40acme.com`,
          { headers },
        );
        assert.equal(res.status, 200);
        const baseline = peakRss(emulator.child.pid!);
        const answer = await streamBody(emulator.url, 50 * MiB);
        assert.equal(answer.status, 413);
        const growth = peakRss(emulator.child.pid!) - baseline;
        assert.ok(growth < 24 * MiB, `peak RSS grew by ${(growth / MiB).toFixed(1)} MiB`);
      } finally {
        await emulator.stop();
      }
    },
  );
});

const reinvite = (url: string, id: string) =>
  fetch(`${url}/api/v1/invitations/${id}/reinvite`, { method: 'POST', headers });
const deliveryCount = async (url: string, id: string): Promise<number> =>
  ((await (await fetch(`${url}/api/v1/invitations/${id}`, { headers })).json()) as { deliveryCount: number }).deliveryCount;

describe('saving changes', () => {
  test('a write that cannot be saved answers 500 and leaves the state as it was, in memory and on disk', async () => {
    const dataDir = join(dir, 'wiped');
    await mkdir(dataDir);
    const dataFile = join(dataDir, 'state.json');
    const first = await startEmulator({ apiKey: KEY, dataFile });
    let running = true;
    try {
      const before = await deliveryCount(first.url, 'inv_alice_design');
      assert.equal((await reinvite(first.url, 'inv_alice_design')).status, 200);
      const read = async () =>
        (await (await fetch(`${first.url}/api/v1/invitations/inv_alice_design`, { headers })).json()) as {
          status: string;
          accepts: unknown[];
        };
      const saved = await read();

      // The data folder is wiped and a file now sits where it was: nothing can be written there.
      await rm(dataDir, { recursive: true });
      await writeFile(dataDir, 'not a folder');
      const failed = await reinvite(first.url, 'inv_alice_design');
      assert.equal(failed.status, 500);
      assert.equal(((await failed.json()) as { code: string }).code, 'persist_failed');
      assert.equal(await deliveryCount(first.url, 'inv_alice_design'), before + 1, 'the refused change is not in memory');
      const accept = await fetch(`${first.url}/api/v1/invitations/accept`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ invitationIds: ['inv_alice_design'], user: { email: 'alice@acme.com' } }),
      });
      assert.equal(accept.status, 500);
      assert.deepEqual(await read(), saved, 'a refused accept leaves no trace');

      // Once the folder is back, the next write saves the whole state, without the refused changes.
      await rm(dataDir);
      await mkdir(dataDir);
      assert.equal((await reinvite(first.url, 'inv_alice_design')).status, 200);
      await first.close();
      running = false;
      const second = await startEmulator({ apiKey: KEY, dataFile });
      try {
        assert.equal(await deliveryCount(second.url, 'inv_alice_design'), before + 2);
      } finally {
        await second.close();
      }
    } finally {
      if (running) await first.close();
    }
  });

  test('writes made together are all saved, each answered once saved, and all survive a restart', async () => {
    const dataFile = join(dir, 'together.json');
    const first = await startEmulator({ apiKey: KEY, dataFile });
    let before: number;
    try {
      before = await deliveryCount(first.url, 'inv_alice_design');
      const answers = await Promise.all(Array.from({ length: 40 }, () => reinvite(first.url, 'inv_alice_design')));
      assert.deepEqual(new Set(answers.map((r) => r.status)), new Set([200]));
      // Changes go to the log; the snapshot is only rewritten on compaction.
      const log = await readFile(`${dataFile}.log`, 'utf8');
      assert.ok(log.split('\n').length > 40, 'every change is a line of the log');
    } finally {
      // Like a crash: no clean shutdown that would fold the log into the snapshot.
      first.emulator.dispose = () => {};
      await first.close();
    }
    // A crash cut the last append short: that line was never acknowledged and is dropped.
    await appendFile(`${dataFile}.log`, '{"seq":1,"invitations":[{"id":"inv_alice_des');
    const second = await startEmulator({ apiKey: KEY, dataFile });
    try {
      assert.equal(await deliveryCount(second.url, 'inv_alice_design'), before + 40);
    } finally {
      await second.close();
    }
  });

  test('SIGKILL during a stream of writes loses none that were answered', { timeout: 60_000 }, async () => {
    const dataFile = join(dir, 'killed.json');
    const victim = await spawnEmulator({ EMULATOR_DATA: dataFile });
    const acknowledged = new Set<string>();
    const writers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; ; i++) {
        const res = await fetch(`${victim.url}/api/v1/invitations`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            widgetConfigurationId: 'wc_test',
            target: { type: 'email', value: `kill-${w}-${i}@example.com` },
            inviter: { userId: 'u1' },
            groups: [{ type: 'workspace', groupId: 'killed', name: 'Killed' }],
          }),
        }).catch(() => null);
        if (!res) return;
        if (res.status === 200) acknowledged.add(((await res.json()) as { id: string }).id);
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await victim.stop();
    await Promise.all(writers);
    assert.ok(acknowledged.size > 0, 'some writes were answered before the kill');

    const revived = await startEmulator({ apiKey: KEY, dataFile });
    try {
      const listed = new Set<string>();
      for (let start = 0; ; start += 20) {
        const page = (await (
          await fetch(`${revived.url}/api/v1/invitations/by-scope/workspace/killed?start=${start}`, { headers })
        ).json()) as { invitations: { id: string }[] };
        for (const inv of page.invitations) listed.add(inv.id);
        if (page.invitations.length < 20) break;
      }
      const lost = [...acknowledged].filter((id) => !listed.has(id));
      assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.size} answered writes were lost`);
    } finally {
      await revived.close();
    }
  });
});
