/**
 * What a proxy keeps between requests, with the default in-memory store,
 * against the real emulator over loopback: list rate limit, single-flight and
 * cache (counted as real upstream requests by the emulator), separate budgets
 * for list and accept/decline, and accept vs decline of one invitation.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createInviteProxy, seedApiProvider, type InviteProxyOptions } from '../../src/server/index.js';
import { memoryStore, type ProxyStore } from '../../src/server/store/index.js';
import { StoreUnavailableError, withFallback } from '../../src/server/store/fallback.js';
import { call, emulatorCall, serve, testIdentity, upstreamAcceptArrived, upstreamLookups, type Running } from './proxy-harness.js';

const API_KEY = 'sk-test-store';
const ALICE = 'alice@acme.com';

let emu: RunningEmulator;
const running: Running[] = [];

const control = (method: string, path: string, body?: unknown): Promise<any> => emulatorCall(emu.url, API_KEY, method, path, body);

/** Upstream invitee lookups since the last reset, as the emulator counted them. */
const lookups = (): Promise<number> => upstreamLookups(emu.url, API_KEY);

async function proxy(options: Partial<InviteProxyOptions> = {}): Promise<string> {
  const server = await serve(
    createInviteProxy({
      provider: seedApiProvider({ baseUrl: emu.url, apiKey: API_KEY, timeoutMs: 5_000 }),
      getIdentity: testIdentity,
      ...options,
    }),
  );
  running.push(server);
  return `${server.url}/api/invitations`;
}

const acceptArrived = (): Promise<void> => upstreamAcceptArrived(emu.url, API_KEY);

before(async () => {
  emu = await startEmulator({ port: 0, apiKey: API_KEY });
});

beforeEach(async () => {
  await control('POST', '/__emulator/reset');
  await control('DELETE', '/__emulator/requests');
});

after(async () => {
  for (const r of running) await r.close();
  await emu?.close();
});

describe('the list is a cost too', () => {
  test('concurrent lists of one user share one upstream lookup (single-flight)', async () => {
    const base = await proxy({ rateLimit: false });
    // A slow upstream keeps the first lookup in flight while the rest arrive.
    await control('POST', '/__emulator/faults', { latencyMs: 3000, times: 1, pathPrefix: '/api/v1/invitations' });
    const answers = await Promise.all(Array.from({ length: 40 }, () => call(base, 'GET', '', { user: ALICE })));
    assert.deepEqual([...new Set(answers.map((a) => a.status))], [200]);
    assert.ok(answers.every((a) => a.body.invitations.length === answers[0]!.body.invitations.length));
    assert.equal(await lookups(), 1, 'one upstream lookup for 40 concurrent lists');
  });

  test('a user hammering the list causes at most 60 upstream lookups a minute (default limit); 429s carry Retry-After', async () => {
    const base = await proxy();
    const statuses: number[] = [];
    for (let wave = 0; wave < 15; wave++) {
      const answers = await Promise.all(Array.from({ length: 20 }, () => call(base, 'GET', '', { user: ALICE })));
      for (const a of answers) {
        statuses.push(a.status);
        if (a.status === 429) {
          assert.equal(a.body.error.code, 'rate_limited');
          assert.match(a.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
          assert.ok(Number(a.headers.get('retry-after')) <= 60);
        }
      }
    }
    assert.deepEqual([...new Set(statuses)].sort(), [200, 429], 'only answers and refusals, no errors');
    assert.equal(statuses.filter((s) => s === 200).length, 60, 'the default list budget is 60 a minute');
    const n = await lookups();
    assert.ok(n >= 1 && n <= 60, `${n} upstream lookups for 300 list calls`);
    // Another user is not affected by Alice's hammering.
    assert.equal((await call(base, 'GET', '', { user: 'bob@acme.com' })).status, 200);
  });

  test('list and accept/decline have separate budgets', async () => {
    const base = await proxy({ rateLimit: { list: { points: 2, durationSec: 60 }, mutate: { points: 1, durationSec: 60 } } });
    assert.equal((await call(base, 'GET', '', { user: ALICE })).status, 200);
    assert.equal((await call(base, 'GET', '', { user: ALICE })).status, 200);
    assert.equal((await call(base, 'GET', '', { user: ALICE })).status, 429);
    // The spent list budget does not stop an accept…
    const accepted = await call(base, 'POST', '/accept', { user: ALICE, body: { invitationIds: ['inv_alice_design'] } });
    assert.equal(accepted.status, 200);
    assert.equal(accepted.body.results[0].ok, true);
    // …and accept and decline share theirs.
    const declined = await call(base, 'POST', '/inv_alice_apollo/decline', { user: ALICE, body: {} });
    assert.equal(declined.status, 429);
    assert.match(declined.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
  });

  test('listCacheMs keeps the list, accept and decline invalidate it', async () => {
    const base = await proxy({ rateLimit: false, listCacheMs: 60_000 });
    const first = await call(base, 'GET', '', { user: ALICE });
    const second = await call(base, 'GET', '', { user: ALICE });
    assert.deepEqual(second.body.invitations, first.body.invitations);
    assert.equal(await lookups(), 1, 'the second list came from the cache');

    const accepted = await call(base, 'POST', '/accept', { user: ALICE, body: { invitationIds: ['inv_alice_design'] } });
    assert.equal(accepted.body.results[0].ok, true);
    const afterAccept = await call(base, 'GET', '', { user: ALICE });
    const design = afterAccept.body.invitations.find((v: { id: string }) => v.id === 'inv_alice_design');
    assert.notEqual(design?.status, 'pending', 'the accepted invitation is not shown as open');

    const declined = await call(base, 'POST', '/inv_alice_apollo/decline', { user: ALICE, body: {} });
    assert.equal(declined.status, 200);
    const afterDecline = await call(base, 'GET', '', { user: ALICE });
    assert.ok(!afterDecline.body.invitations.some((v: { id: string }) => v.id === 'inv_alice_apollo'), 'the declined one is gone');
    // Another user never sees Alice's cached list.
    const bob = await call(base, 'GET', '', { user: 'bob@acme.com' });
    assert.ok(!bob.body.invitations.some((v: { id: string }) => v.id.startsWith('inv_alice')));
  });

  test('a list read back from the cache is sanitised again: a shared store is data from outside', async () => {
    const inner = memoryStore();
    let listKey: string | undefined;
    const store: ProxyStore = {
      ...inner,
      set: async (key, value, ttlMs) => {
        if (key.startsWith('list:')) listKey = key;
        return inner.set(key, value, ttlMs);
      },
    };
    const base = await proxy({ rateLimit: false, listCacheMs: 60_000, store });
    const first = await call(base, 'GET', '', { user: ALICE });
    assert.ok(listKey, 'the list was cached');
    const cached = JSON.parse((await inner.get(listKey))!) as { at: number; views: Record<string, unknown>[] };
    cached.views[0] = {
      ...cached.views[0],
      scope: { type: 'team', id: 'x', name: '\u202eevil\u0000' },
      inviter: { name: 'Mallory', avatarUrl: 'https://tracker.example/pixel.gif' },
      createdAt: 'yesterday',
      script: '<script>',
    };
    await inner.set(listKey, JSON.stringify(cached), 60_000);
    const second = await call(base, 'GET', '', { user: ALICE });
    assert.equal(await lookups(), 1, 'the second list came from the cache');
    const tampered = second.body.invitations.find((v: { id: string }) => v.id === first.body.invitations[0].id);
    assert.equal(tampered.scope.name, 'evil');
    assert.deepEqual(tampered.inviter, { name: 'Mallory' }, 'an image host nobody allowed is dropped');
    assert.equal(tampered.createdAt, new Date(0).toISOString());
    assert.equal(tampered.script, undefined);
  });
});

describe('accept vs decline of one invitation', () => {
  test('the emulator refuses to revoke an accepted single-use invitation (409)', async () => {
    const accept = await fetch(`${emu.url}/api/v1/invitations/accept`, {
      method: 'POST',
      headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ invitationIds: ['inv_alice_design'], user: { email: ALICE } }),
    });
    assert.equal(accept.status, 200);
    const revoke = await fetch(`${emu.url}/api/v1/invitations/inv_alice_design`, { method: 'DELETE', headers: { 'x-api-key': API_KEY } });
    assert.equal(revoke.status, 409);
    const inv = await (await fetch(`${emu.url}/api/v1/invitations/inv_alice_design`, { headers: { 'x-api-key': API_KEY } })).json();
    assert.equal(inv.deactivated, false);
    assert.equal(inv.status, 'accepted');
  });

  test('a decline while an accept of the same invitation is under way answers 409 conflict; the accept wins', async () => {
    const base = await proxy({ rateLimit: false });
    await control('POST', '/__emulator/faults', { latencyMs: 1500, times: 1, pathPrefix: '/api/v1/invitations/accept' });
    const accepting = call(base, 'POST', '/accept', { user: ALICE, body: { invitationIds: ['inv_alice_design'] } });
    await acceptArrived();
    const declined = await call(base, 'POST', '/inv_alice_design/decline', { user: ALICE, body: {} });
    assert.equal(declined.status, 409);
    assert.equal(declined.body.error.code, 'conflict');
    const accepted = await accepting;
    assert.equal(accepted.body.results[0].ok, true);
    // Another invitation of the same user is not held up.
    assert.equal((await call(base, 'POST', '/inv_alice_apollo/decline', { user: ALICE, body: {} })).status, 200);
  });

  test('30 rounds of concurrent accept + decline: exactly one wins, the upstream agrees', async () => {
    const base = await proxy({ rateLimit: false });
    for (let round = 0; round < 30; round++) {
      await control('POST', '/__emulator/reset');
      const [accepted, declined] = await Promise.all([
        call(base, 'POST', '/accept', { user: ALICE, body: { invitationIds: ['inv_alice_design'] } }),
        call(base, 'POST', '/inv_alice_design/decline', { user: ALICE, body: {} }),
      ]);
      const acceptWon = accepted.status === 200 && accepted.body.results[0].ok === true;
      const declineWon = declined.status === 200 && declined.body.ok === true;
      assert.ok(acceptWon !== declineWon, `round ${round}: exactly one wins (accept ${accepted.text}, decline ${declined.text})`);
      // The loser was refused for a reason the user can act on, never a server error.
      if (acceptWon) assert.ok([404, 409].includes(declined.status), `round ${round}: decline ${declined.status}`);
      else assert.ok(['conflict', 'not_found'].includes(accepted.body.results[0].error.code), `round ${round}: accept ${accepted.text}`);
      const inv = await (await fetch(`${emu.url}/api/v1/invitations/inv_alice_design`, { headers: { 'x-api-key': API_KEY } })).json();
      assert.equal(inv.status === 'accepted', acceptWon, `round ${round}: upstream accepted iff the accept won`);
      assert.equal(inv.deactivated, declineWon, `round ${round}: upstream revoked iff the decline won`);
    }
  });
});

describe('store', () => {
  test('memory store: set-if-absent is a lock, delete with a value releases only its own', async () => {
    const store = memoryStore();
    assert.equal(await store.setIfAbsent('k', 'a', 1_000), true);
    assert.equal(await store.setIfAbsent('k', 'b', 1_000), false);
    await store.delete('k', 'b');
    assert.equal(await store.get('k'), 'a');
    await store.delete('k', 'a');
    assert.equal(await store.get('k'), null);
    await store.set('short', 'v', 20);
    await new Promise((r) => setTimeout(r, 40));
    assert.equal(await store.get('short'), null, 'expired');
    assert.equal(await store.setIfAbsent('short', 'w', 1_000), true, 'an expired lock can be taken');
  });

  test('a hanging shared store: one probe per interval waits, the rest go to memory; a lock taken in memory is freed after recovery', async () => {
    // The real memory store behind a switch: while `down`, every call hangs, as a Redis behind a network split does.
    const real = memoryStore();
    let down = false;
    let calls = 0;
    const hangOr = <T>(work: () => Promise<T>): Promise<T> => {
      calls++;
      return down ? new Promise<T>(() => {}) : work();
    };
    const shared: ProxyStore = {
      limiter: (name, limit) => real.limiter(name, limit),
      get: (key) => hangOr(() => real.get(key)),
      set: (key, value, ttlMs) => hangOr(() => real.set(key, value, ttlMs)),
      setIfAbsent: (key, value, ttlMs) => hangOr(() => real.setIfAbsent(key, value, ttlMs)),
      delete: (key, ifValue) => hangOr(() => real.delete(key, ifValue)),
    };
    const reported: unknown[] = [];
    const store = withFallback(shared, (e) => reported.push(e), 50, 300);

    down = true;
    assert.equal(await store.setIfAbsent('lock', 'a', 10_000), true, 'taken in memory');
    for (let i = 0; i < 10; i++) await store.get('anything');
    assert.equal(calls, 1, 'only the first call went to (and waited for) the store');
    assert.equal(reported.length, 1, 'told once per outage');
    assert.ok(reported[0] instanceof StoreUnavailableError);

    down = false;
    await new Promise((r) => setTimeout(r, 350));
    await store.delete('lock', 'a');
    assert.equal(calls, 2, 'the store is probed again after the interval');
    // Down again: the lock taken in memory during the first outage must not linger there.
    down = true;
    await new Promise((r) => setTimeout(r, 350));
    assert.equal(await store.setIfAbsent('lock', 'b', 10_000), true);
  });

  test('the core bundle carries no Redis code and no Node module; the Redis store is its own entry', async () => {
    const entry = fileURLToPath(new URL('../../src/server/proxy.ts', import.meta.url));
    // platform "neutral" fails on any `node:` import, as a Worker bundler would.
    const out = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'silent', metafile: true });
    const inputs = Object.keys(out.metafile.inputs);
    assert.ok(inputs.some((i) => i.includes('RateLimiterMemory')), 'rate-limiter-flexible memory limiter is in');
    assert.ok(!inputs.some((i) => /RateLimiterRedis|ioredis|store\/redis/.test(i)), inputs.filter((i) => /redis/i.test(i)).join(', '));
  });
});
