/**
 * Many instances behave as one: two proxy processes sharing one real
 * redis-server and one emulator enforce one rate limit together and
 * serialise one invitation's accept/decline across instances; when Redis
 * dies they fall back to per-instance limits, report it through onError,
 * and never answer 5xx.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { startRedis } from '../support/redis.js';
import { call, emulatorCall, upstreamAcceptArrived, upstreamLookups } from './proxy-harness.js';

const API_KEY = 'sk-test-redis';
const ALICE = 'alice@acme.com';
const LIST_POINTS = 10;
const INSTANCE = fileURLToPath(new URL('./fixtures/redis-proxy-instance.ts', import.meta.url));

interface Instance {
  base: string;
  child: ChildProcess;
  errors: string[];
}

let emu: RunningEmulator;
let redis: ChildProcess | undefined;
let redisUrl = '';
let skipReason: string | undefined;
const instances: Instance[] = [];

async function startInstance(prefix: string): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', INSTANCE], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: {
      ...process.env,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix,
      EMULATOR_URL: emu.url,
      EMULATOR_API_KEY: API_KEY,
      RATE_LIMIT: JSON.stringify({ list: { points: LIST_POINTS, durationSec: 60 }, mutate: false }),
      LIST_CACHE_MS: '60000',
    },
  });
  const errors: string[] = [];
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('proxy instance did not start in 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`proxy instance exited ${code}`)));
    lines.on('line', (line) => {
      let msg: { url?: string; onError?: string };
      try {
        msg = JSON.parse(line);
      } catch {
        return;
      }
      if (msg.url) {
        clearTimeout(timer);
        resolve(msg.url);
      }
      if (msg.onError) errors.push(msg.onError);
    });
  });
  const instance = { base: `${url}/api/invitations`, child, errors };
  instances.push(instance);
  return instance;
}

const control = (method: string, path: string): Promise<unknown> => emulatorCall(emu.url, API_KEY, method, path);

let a: Instance;
let b: Instance;

const acceptArrived = (): Promise<void> => upstreamAcceptArrived(emu.url, API_KEY);

before(async () => {
  const started = await startRedis();
  if (typeof started === 'string') {
    skipReason = started;
    return;
  }
  ({ child: redis, url: redisUrl } = started);
  emu = await startEmulator({ port: 0, apiKey: API_KEY });
  // A fresh prefix per run, so a reused Redis never carries counts over.
  const prefix = `invite-inbox-test:${Date.now()}:`;
  [a, b] = await Promise.all([startInstance(prefix), startInstance(prefix)]);
});

beforeEach(async () => {
  if (skipReason) return;
  await control('POST', '/__emulator/reset');
  await control('DELETE', '/__emulator/requests');
});

after(async () => {
  for (const i of instances) {
    i.child.stdin!.end();
    const exited = once(i.child, 'exit');
    const timer = setTimeout(() => i.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  redis?.kill('SIGKILL');
  await emu?.close();
});

describe('two proxy processes sharing one Redis', () => {
  test('enforce one list limit together', async (t) => {
    if (skipReason) return t.skip(skipReason);
    const statuses: number[] = [];
    for (let i = 0; i < LIST_POINTS * 2; i++) {
      const res = await call(i % 2 ? b.base : a.base, 'GET', '', { user: 'limit-together@acme.com' });
      statuses.push(res.status);
      if (res.status === 429) assert.match(res.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
    }
    // Per-instance limits would let all 20 through (10 on each).
    assert.equal(statuses.filter((s) => s === 200).length, LIST_POINTS);
    assert.equal(statuses.filter((s) => s === 429).length, LIST_POINTS);
    assert.deepEqual(statuses.slice(LIST_POINTS), Array(LIST_POINTS).fill(429));
  });

  test("serialise one invitation's accept and decline across instances", async (t) => {
    if (skipReason) return t.skip(skipReason);
    // The accept on A is slow upstream, so it holds the invitation while B's decline arrives.
    await fetch(`${emu.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs: 1500, times: 1, pathPrefix: '/api/v1/invitations/accept' }),
    }).then((r) => r.body?.cancel());
    const accepting = call(a.base, 'POST', '/accept', { user: ALICE, body: { invitationIds: ['inv_alice_design'] } });
    await acceptArrived();
    const declined = await call(b.base, 'POST', '/inv_alice_design/decline', { user: ALICE, body: {} });
    assert.equal(declined.status, 409, declined.text);
    assert.equal(declined.body.error.code, 'conflict');
    assert.equal((await accepting).body.results[0].ok, true);

    for (let round = 0; round < 10; round++) {
      await control('POST', '/__emulator/reset');
      const [acc, dec] = await Promise.all([
        call(a.base, 'POST', '/accept', { user: ALICE, body: { invitationIds: ['inv_alice_design'] } }),
        call(b.base, 'POST', '/inv_alice_design/decline', { user: ALICE, body: {} }),
      ]);
      const acceptWon = acc.status === 200 && acc.body.results[0].ok === true;
      const declineWon = dec.status === 200 && dec.body.ok === true;
      assert.ok(acceptWon !== declineWon, `round ${round}: exactly one wins (accept ${acc.text}, decline ${dec.text})`);
    }
  });

  test('share the list cache: a list on A serves B; an accept on B invalidates it for A', async (t) => {
    if (skipReason) return t.skip(skipReason);
    const user = 'carol@initech.com';
    const lookups = (): Promise<number> => upstreamLookups(emu.url, API_KEY);
    const onA = await call(a.base, 'GET', '', { user });
    const onB = await call(b.base, 'GET', '', { user });
    assert.deepEqual(onB.body.invitations, onA.body.invitations);
    assert.equal(await lookups(), 1, 'B answered from the list A cached in Redis');
    const offer = onA.body.invitations.find((v: { kind: string }) => v.kind === 'autojoin');
    assert.ok(offer, 'carol has a domain offer');
    const accepted = await call(b.base, 'POST', '/accept', { user, body: { invitationIds: [offer.id] } });
    assert.equal(accepted.body.results[0].ok, true, accepted.text);
    const again = await call(a.base, 'GET', '', { user });
    const shown = again.body.invitations.find((v: { id: string }) => v.id === offer.id);
    assert.notEqual(shown?.status, 'pending', 'A does not show the accepted offer as open');
  });

  test('a Redis outage degrades to per-instance limits with an onError report, never a 5xx', async (t) => {
    if (skipReason) return t.skip(skipReason);
    redis!.kill('SIGKILL');
    await once(redis!, 'exit');
    const user = 'outage@acme.com';
    const statuses: number[] = [];
    for (let i = 0; i < LIST_POINTS * 2 + 4; i++) statuses.push((await call(a.base, 'GET', '', { user })).status);
    const onB = await call(b.base, 'GET', '', { user });
    assert.ok(statuses.every((s) => s === 200 || s === 429), `no 5xx: ${statuses.join(' ')}`);
    // Instance A now counts alone: its own budget, then 429; B still has a full one.
    assert.equal(statuses.filter((s) => s === 200).length, LIST_POINTS);
    assert.equal(onB.status, 200);
    // Accept and decline still work (their locks are per-instance for now).
    const accepted = await call(a.base, 'POST', '/accept', { user: ALICE, body: { invitationIds: ['inv_alice_design'] } });
    assert.equal(accepted.status, 200);
    assert.equal(accepted.body.results[0].ok, true);
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(a.errors.some((e) => /StoreUnavailableError/.test(e)), `A reported the outage: ${a.errors.join('; ')}`);
    assert.ok(a.errors.length <= 3, `reported once per outage, not per request: ${a.errors.length}`);
  });
});
