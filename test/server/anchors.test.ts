/**
 * Issue 11, server side, against the real emulator and proxy over loopback:
 * every verified address a user has (lookup, offers per email, accept as the
 * address an invitation was sent to), `GET {base}/{id}` for deep links, and
 * preferences kept server-side.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { DEMO_ADDRESSES, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { censusProvider, createInviteProxy, inProcessProvider, seedApiProvider, type InviteProxyOptions } from '../../src/server/index.js';
import type { Identity } from '../../src/server/provider.js';
import { memoryStore } from '../../src/server/store/index.js';
import { redisStore } from '../../src/server/store/redis.js';
import { LIMITS, type InvitationView } from '../../src/shared/view-model.js';
import { startRedis } from '../support/redis.js';
import { asIdentity, call, emulatorCall, headerIdentity, serve, upstreamLookups, type Running } from './proxy-harness.js';

const API_KEY = 'sk-test-anchors';
const DANA_PHONE = '+15555550142';
const DANA: Identity = {
  userId: 'u_dana',
  email: 'dana@globex.com',
  emailVerified: true,
  addresses: DEMO_ADDRESSES['dana@globex.com']!,
};

let emu: RunningEmulator;
const running: Running[] = [];

const upstream = (method: string, path: string, body?: unknown): Promise<any> => emulatorCall(emu.url, API_KEY, method, path, body);

/** Upstream invitee lookups since the last reset, as the emulator counted them. */
const lookups = (): Promise<number> => upstreamLookups(emu.url, API_KEY);

const as = asIdentity;

async function proxyWith(options: Partial<InviteProxyOptions> = {}): Promise<string> {
  const server = await serve(createInviteProxy({
    provider: seedApiProvider({ baseUrl: emu.url, apiKey: API_KEY, timeoutMs: 5_000 }),
    getIdentity: headerIdentity,
    rateLimit: false,
    ...options,
  }));
  running.push(server);
  return `${server.url}/api/invitations`;
}

const ids = (list: InvitationView[]): string[] => list.map((v) => v.id).sort();
const byId = (list: InvitationView[], id: string): InvitationView | undefined => list.find((v) => v.id === id);

before(async () => {
  emu = await startEmulator({ port: 0, apiKey: API_KEY });
});

beforeEach(async () => {
  await upstream('POST', '/__emulator/reset');
  await upstream('DELETE', '/__emulator/requests');
});

after(async () => {
  for (const r of running) await r.close();
  await emu?.close();
});

describe('item 1: every verified address of the user', () => {
  test('looks up the sign-in email and each verified address, never an unverified one', async () => {
    const base = await proxyWith();
    const list = await call(base, 'GET', '', { headers: as(DANA) });
    assert.equal(list.status, 200);
    assert.deepEqual(ids(list.body.invitations), ['inv_dana_apollo', 'inv_dana_design_sms', 'inv_dana_hobby']);
    assert.equal(list.body.total, 3);
    // Work email, personal email, phone: three lookups; the unverified old address none.
    assert.equal(await lookups(), 3);
    const requests = await upstream('GET', '/__emulator/requests');
    assert.equal(requests.total, 3, 'no other upstream call either');
  });

  test('an unverified or string-"true" address costs no lookup at all', async () => {
    const base = await proxyWith();
    const identity = {
      userId: 'u_dana',
      email: 'dana@globex.com',
      emailVerified: true,
      addresses: [
        { type: 'email', value: 'dana.rivera@gmail.com', verified: 'true' },
        { type: 'phone', value: DANA_PHONE, verified: false },
        { type: 'email', value: 'dana@old-startup.example' },
      ],
    };
    const list = await call(base, 'GET', '', { headers: as(identity) });
    assert.equal(list.status, 200);
    assert.deepEqual(ids(list.body.invitations), ['inv_dana_apollo']);
    assert.equal(await lookups(), 1);
    assert.equal(list.body.invitations[0].sentTo, undefined, 'one address looked up: no "sent to" needed');
  });

  test('each item says which address it was sent to when the user has several', async () => {
    const base = await proxyWith();
    const { body } = await call(base, 'GET', '', { headers: as(DANA) });
    assert.deepEqual(byId(body.invitations, 'inv_dana_apollo')?.sentTo, { type: 'email', value: 'dana@globex.com' });
    assert.deepEqual(byId(body.invitations, 'inv_dana_hobby')?.sentTo, { type: 'email', value: 'dana.rivera@gmail.com' });
    assert.deepEqual(byId(body.invitations, 'inv_dana_design_sms')?.sentTo, { type: 'phone', value: DANA_PHONE });
  });

  test('a single-address user gets no sentTo', async () => {
    const base = await proxyWith();
    const { body } = await call(base, 'GET', '', { user: 'alice@acme.com' });
    assert.ok(body.invitations.length > 0);
    assert.ok(body.invitations.every((v: InvitationView) => !('sentTo' in v)));
  });

  test('phone numbers are normalised before the lookup; malformed addresses are a host fault', async () => {
    const base = await proxyWith();
    const written = { ...DANA, addresses: [{ type: 'phone', value: '+1 (555) 555-0142', verified: true }] };
    const list = await call(base, 'GET', '', { headers: as(written) });
    assert.equal(list.status, 200);
    assert.deepEqual(byId(list.body.invitations, 'inv_dana_design_sms')?.sentTo, { type: 'phone', value: DANA_PHONE });
    for (const addresses of [
      [{ type: 'phone', value: '555-0142', verified: true }],
      [{ type: 'fax', value: '+15555550142', verified: true }],
      [{ type: 'email', value: 'not an address', verified: true }],
      'dana@globex.com',
    ]) {
      const res = await call(base, 'GET', '', { headers: as({ ...DANA, addresses }) });
      assert.equal(res.status, 500, JSON.stringify(addresses));
      assert.equal(res.body.error.code, 'internal_error');
    }
  });

  test('autojoin is judged per verified email: offered for a work address, never for free-mail or an unverified one', async () => {
    const base = await proxyWith();
    const identity = {
      userId: 'u_dana2',
      email: 'dana.rivera@gmail.com',
      emailVerified: true,
      addresses: [
        { type: 'email', value: 'dana@initech.com', verified: true },
        { type: 'email', value: 'dana@acme.com', verified: false },
      ],
    };
    const { body } = await call(base, 'GET', '', { headers: as(identity) });
    assert.deepEqual(ids(body.invitations), ['inv_autojoin_initech', 'inv_dana_hobby']);
    const offer = byId(body.invitations, 'inv_autojoin_initech')!;
    assert.equal(offer.matchedDomain, 'initech.com');
    assert.deepEqual(offer.sentTo, { type: 'email', value: 'dana@initech.com' });
    // The sign-in email unverified: no offer for it, the verified work address still counts.
    const unverifiedMain = await call(base, 'GET', '', {
      headers: as({ userId: 'u_carol', email: 'carol@initech.com', emailVerified: false, addresses: [{ type: 'email', value: 'carol@acme.com', verified: true }] }),
    });
    assert.deepEqual(ids(unverifiedMain.body.invitations), ['inv_autojoin_acme']);
    const sameDomain = await call(base, 'GET', '', {
      headers: as({ userId: 'u_carol', email: 'carol@initech.com', emailVerified: false, addresses: [{ type: 'email', value: 'c.b@initech.com', verified: true }] }),
    });
    assert.deepEqual(ids(sameDomain.body.invitations), ['inv_autojoin_initech'], 'the offer counts for the verified address at that domain');
    assert.deepEqual(sameDomain.body.invitations[0].sentTo, { type: 'email', value: 'c.b@initech.com' });
  });

  test('an offer found for two addresses at one domain is listed once', async () => {
    const base = await proxyWith();
    const identity = {
      userId: 'u_alice',
      email: 'alice@acme.com',
      emailVerified: true,
      addresses: [{ type: 'email', value: 'a.smith@acme.com', verified: true }],
    };
    const { body } = await call(base, 'GET', '', { headers: as(identity) });
    assert.equal(body.invitations.filter((v: InvitationView) => v.id === 'inv_autojoin_acme').length, 1);
    assert.equal(await lookups(), 2);
  });

  test('accepts each invitation as the address it was sent to', async () => {
    const base = await proxyWith();
    const res = await call(base, 'POST', '/accept', {
      headers: as(DANA),
      body: { invitationIds: ['inv_dana_design_sms', 'inv_dana_hobby', 'inv_dana_apollo'] },
    });
    assert.equal(res.status, 200);
    assert.ok(res.body.results.every((r: { ok: boolean }) => r.ok), JSON.stringify(res.body.results));
    assert.deepEqual(res.body.results[0].invitation.sentTo, { type: 'phone', value: DANA_PHONE });
    const accepter = async (id: string) => (await upstream('GET', `/api/v1/invitations/${id}`)).accepts.map((a: { target: unknown }) => a.target);
    assert.deepEqual(await accepter('inv_dana_design_sms'), [{ type: 'phone', value: DANA_PHONE }]);
    assert.deepEqual(await accepter('inv_dana_hobby'), [{ type: 'email', value: 'dana.rivera@gmail.com' }]);
    assert.deepEqual(await accepter('inv_dana_apollo'), [{ type: 'email', value: 'dana@globex.com' }]);
    // A retry finds the accept by the phone and still answers ok.
    const again = await call(base, 'POST', '/accept', { headers: as(DANA), body: { invitationIds: ['inv_dana_design_sms'] } });
    assert.equal(again.body.results[0].ok, true);
  });

  test("an unverified address's invitation cannot be accepted", async () => {
    const base = await proxyWith();
    const res = await call(base, 'POST', '/accept', { headers: as(DANA), body: { invitationIds: ['inv_dana_initech_old'] } });
    assert.equal(res.body.results[0].ok, false);
    assert.equal(res.body.results[0].error.code, 'not_found');
    assert.deepEqual((await upstream('GET', '/api/v1/invitations/inv_dana_initech_old')).accepts, []);
  });
});

describe('item 1: the emulator speaks phone targets', () => {
  test('a phone lookup and a phone accept match the number whatever its separators', async () => {
    const found = await upstream('GET', `/api/v1/invitations?targetType=phone&targetValue=${encodeURIComponent('+1 (555) 555-0142')}`);
    assert.deepEqual(found.invitations.map((i: { id: string }) => i.id), ['inv_dana_design_sms']);
    const wrong = await fetch(`${emu.url}/api/v1/invitations/accept`, {
      method: 'POST',
      headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ invitationIds: ['inv_dana_design_sms'], user: { phone: '+15555550199' } }),
    });
    assert.equal(wrong.status, 403);
    await upstream('POST', '/api/v1/invitations/accept', { invitationIds: ['inv_dana_design_sms'], user: { phone: '001-555-555-0142' } });
    const after = await upstream('GET', '/api/v1/invitations/inv_dana_design_sms');
    assert.deepEqual(after.accepts.map((a: { target: unknown }) => a.target), [{ type: 'phone', value: DANA_PHONE }]);
  });
});

describe('item 2: GET {base}/{id} for a deep link', () => {
  test("the user's own pending, expired and accepted invitations, with their state", async () => {
    const base = await proxyWith();
    const open = await call(base, 'GET', '/inv_alice_design', { user: 'alice@acme.com' });
    assert.equal(open.status, 200);
    assert.equal(open.body.state, 'open');
    assert.equal(open.body.invitation.id, 'inv_alice_design');
    assert.equal(open.body.invitation.scope.name, 'Design Guild');

    const expired = await call(base, 'GET', '/inv_alice_globex_expired', { user: 'alice@acme.com' });
    assert.equal(expired.status, 200);
    assert.equal(expired.body.state, 'expired');

    const seeded = await call(base, 'GET', '/inv_bob_design_accepted', { user: 'bob@globex.com' });
    assert.equal(seeded.status, 200);
    assert.equal(seeded.body.state, 'accepted');

    await call(base, 'POST', '/accept', { user: 'alice@acme.com', body: { invitationIds: ['inv_alice_apollo'] } });
    const accepted = await call(base, 'GET', '/inv_alice_apollo', { user: 'alice@acme.com' });
    assert.equal(accepted.status, 200);
    assert.equal(accepted.body.state, 'accepted');
    assert.equal(accepted.body.invitation.status, 'accepted');
  });

  test('an invitation to another of the user’s verified addresses is theirs, and says where it went', async () => {
    const base = await proxyWith();
    const res = await call(base, 'GET', '/inv_dana_design_sms', { headers: as(DANA) });
    assert.equal(res.status, 200);
    assert.equal(res.body.state, 'open');
    assert.deepEqual(res.body.invitation.sentTo, { type: 'phone', value: DANA_PHONE });
  });

  test("someone else's invitation reveals only a masked address, never its scope", async () => {
    const base = await proxyWith();
    await upstream('DELETE', '/__emulator/requests');
    const email = await call(base, 'GET', '/inv_erin_design', { user: 'alice@acme.com' });
    assert.equal(email.status, 403);
    // "Accepted by this user?" and "sent to whom?" share one upstream read.
    assert.equal((await upstream('GET', '/__emulator/requests')).byRoute['GET /api/v1/invitations/inv_erin_design'], 1);
    assert.equal(email.body.error.code, 'forbidden');
    assert.deepEqual(email.body.error.sentTo, { type: 'email', masked: 'e…@gmail.com' });
    for (const secret of ['design', 'Design Guild', 'erin', 'Mia', 'viewer', 'hang out']) {
      assert.ok(!email.text.toLowerCase().includes(secret.toLowerCase()), `no "${secret}" in ${email.text}`);
    }

    const phone = await call(base, 'GET', '/inv_dana_design_sms', { user: 'alice@acme.com' });
    assert.equal(phone.status, 403);
    assert.deepEqual(phone.body.error.sentTo, { type: 'phone', masked: '+1 ••• •• 42' });
    assert.ok(!phone.text.includes('555'), phone.text);

    // Dana's own, but at the address she has not verified: not hers to open here.
    const unverified = await call(base, 'GET', '/inv_dana_initech_old', { headers: as(DANA) });
    assert.equal(unverified.status, 403);
    assert.deepEqual(unverified.body.error.sentTo, { type: 'email', masked: 'd…@old-startup.example' });
    assert.ok(!unverified.text.includes('Initech'));

    // Accepted by its invitee: someone else's still.
    const taken = await call(base, 'GET', '/inv_bob_design_accepted', { user: 'alice@acme.com' });
    assert.equal(taken.status, 403);
    assert.equal(taken.body.error.sentTo.masked, 'b…@globex.com');
  });

  test('unknown, revoked and hidden-offer IDs answer 404 alike; a malformed ID 400', async () => {
    const base = await proxyWith();
    for (const [id, user] of [['inv_nope', 'alice@acme.com'], ['inv_globex_revoked', 'alice@acme.com'], ['inv_autojoin_hobby-club', 'erin@gmail.com']] as const) {
      const res = await call(base, 'GET', `/${id}`, { user });
      assert.equal(res.status, 404, id);
      assert.deepEqual(res.body, { error: { code: 'not_found', message: 'No such invitation.' } });
    }
    const bad = await call(base, 'GET', '/inv%20x', { user: 'alice@acme.com' });
    assert.equal(bad.status, 400);
    const anonymous = await call(base, 'GET', '/inv_alice_design');
    assert.equal(anonymous.status, 401);
  });

  test('counts against the list rate limit', async () => {
    const base = await proxyWith({ rateLimit: { list: { points: 2, durationSec: 60 } } });
    assert.equal((await call(base, 'GET', '', { user: 'alice@acme.com' })).status, 200);
    assert.equal((await call(base, 'GET', '/inv_alice_design', { user: 'alice@acme.com' })).status, 200);
    const limited = await call(base, 'GET', '/inv_alice_design', { user: 'alice@acme.com' });
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, 'rate_limited');
  });

  test('the fixed routes keep their meaning next to /{id}', async () => {
    const base = await proxyWith();
    assert.equal((await call(base, 'GET', '/preferences', { user: 'alice@acme.com' })).body.error.code, 'not_supported');
    const admin = await call(base, 'GET', '/scopes/workspace/acme', { user: 'alice@acme.com' });
    assert.equal(admin.status, 403);
    const decline = await call(base, 'POST', '/inv_alice_design/decline', { user: 'alice@acme.com', body: {} });
    assert.equal(decline.status, 200);
  });
});

describe('item 3: preferences kept server-side', () => {
  const prefs = { dismissed: ['inv_autojoin_acme', 'inv_autojoin_acme', 'inv_x'], snoozedUntil: '2030-01-02T03:04:05+01:00' };

  test('off by default: both routes answer 501 not_supported', async () => {
    const base = await proxyWith();
    const get = await call(base, 'GET', '/preferences', { user: 'alice@acme.com' });
    assert.equal(get.status, 501);
    assert.equal(get.body.error.code, 'not_supported');
    const put = await call(base, 'PUT', '/preferences', { user: 'alice@acme.com', body: prefs });
    assert.equal(put.status, 501);
    assert.equal('preferences' in (await call(base, 'GET', '', { user: 'alice@acme.com' })).body, false);
  });

  test('round-trip per user, normalised', async () => {
    const base = await proxyWith({ preferences: true });
    const empty = await call(base, 'GET', '/preferences', { user: 'alice@acme.com' });
    assert.deepEqual(empty.body, { dismissed: [], snoozedUntil: null });
    const put = await call(base, 'PUT', '/preferences', { user: 'alice@acme.com', body: prefs });
    assert.equal(put.status, 200);
    const stored = { dismissed: ['inv_autojoin_acme', 'inv_x'], snoozedUntil: '2030-01-02T02:04:05.000Z' };
    assert.deepEqual(put.body, stored);
    assert.deepEqual((await call(base, 'GET', '/preferences', { user: 'alice@acme.com' })).body, stored);
    // The list carries them too, so the element needs no second request.
    assert.deepEqual((await call(base, 'GET', '', { user: 'alice@acme.com' })).body.preferences, stored);
    assert.deepEqual((await call(base, 'GET', '/preferences', { user: 'bob@globex.com' })).body, { dismissed: [], snoozedUntil: null });
    const cleared = await call(base, 'PUT', '/preferences', { user: 'alice@acme.com', body: { dismissed: [], snoozedUntil: null } });
    assert.deepEqual(cleared.body, { dismissed: [], snoozedUntil: null });
    assert.equal((await call(base, 'GET', '/preferences')).status, 401);
  });

  test('two proxy instances sharing one store see the same preferences', async () => {
    for (const options of [(shared: ReturnType<typeof memoryStore>) => ({ store: shared, preferences: true }), (shared: ReturnType<typeof memoryStore>) => ({ preferences: shared })]) {
      const shared = memoryStore();
      const laptop = await proxyWith(options(shared));
      const phone = await proxyWith(options(shared));
      await call(laptop, 'PUT', '/preferences', { user: 'alice@acme.com', body: { dismissed: ['inv_autojoin_acme'], snoozedUntil: null } });
      assert.deepEqual((await call(phone, 'GET', '/preferences', { user: 'alice@acme.com' })).body.dismissed, ['inv_autojoin_acme']);
    }
  });

  test('the store never holds the user ID or email in the clear', async () => {
    const shared = memoryStore();
    const keys: string[] = [];
    const spy = { ...shared, set: (key: string, value: string, ttlMs?: number) => (keys.push(key), shared.set(key, value, ttlMs)) };
    const base = await proxyWith({ preferences: spy });
    await call(base, 'PUT', '/preferences', { user: 'alice@acme.com', body: prefs });
    assert.equal(keys.length, 1);
    assert.match(keys[0]!, /^prefs:[0-9a-f]{32}$/);
  });

  test('bad input is refused with a clear error and loses nothing', async () => {
    const base = await proxyWith({ preferences: true });
    const good = { dismissed: ['inv_keep'], snoozedUntil: null };
    await call(base, 'PUT', '/preferences', { user: 'alice@acme.com', body: good });
    const cases: [unknown, number, RegExp][] = [
      [{ dismissed: ['../etc'], snoozedUntil: null }, 400, /dismissed\.0/],
      [{ dismissed: Array.from({ length: 201 }, (_, i) => `inv_${i}`), snoozedUntil: null }, 400, /dismissed/],
      [{ dismissed: [], snoozedUntil: 'tomorrow' }, 400, /snoozedUntil/],
      [{ dismissed: [], snoozedUntil: '2030-02-31T00:00:00Z' }, 400, /snoozedUntil/],
      [{ dismissed: [] }, 400, /snoozedUntil/],
      [{ dismissed: [], snoozedUntil: null, extra: 1 }, 400, /extra/],
      [[], 400, /request body/],
    ];
    for (const [body, status, message] of cases) {
      const res = await call(base, 'PUT', '/preferences', { user: 'alice@acme.com', body });
      assert.equal(res.status, status, JSON.stringify(body).slice(0, 80));
      assert.equal(res.body.error.code, 'bad_request');
      assert.match(res.body.error.message, message);
    }
    const huge = await call(base, 'PUT', '/preferences', { user: 'alice@acme.com', rawBody: `{"dismissed":["${'a'.repeat(40_000)}"],"snoozedUntil":null}` });
    assert.equal(huge.status, 413);
    // The message names this route's own limit, not the accept route's.
    assert.equal(huge.body.error.message, `The request body exceeds ${LIMITS.maxPreferencesBytes} bytes.`);
    const form = await call(base, 'PUT', '/preferences', { user: 'alice@acme.com', body: good, contentType: 'text/plain' });
    assert.equal(form.status, 415);
    const crossSite = await call(base, 'PUT', '/preferences', { user: 'alice@acme.com', body: good, origin: 'https://evil.example' });
    assert.equal(crossSite.status, 403);
    assert.deepEqual((await call(base, 'GET', '/preferences', { user: 'alice@acme.com' })).body, good);
  });

  test('the largest allowed document fits: 200 IDs of the longest length', async () => {
    const base = await proxyWith({ preferences: true });
    const dismissed = Array.from({ length: 200 }, (_, i) => `${String(i).padStart(3, '0')}${'x'.repeat(125)}`);
    const res = await call(base, 'PUT', '/preferences', { user: 'alice@acme.com', body: { dismissed, snoozedUntil: null } });
    assert.equal(res.status, 200);
    assert.equal(res.body.dismissed.length, 200);
  });

  test('stored without expiry', async () => {
    const shared = memoryStore();
    const ttls: (number | undefined)[] = [];
    const spy = { ...shared, set: (key: string, value: string, ttlMs?: number) => (ttls.push(ttlMs), shared.set(key, value, ttlMs)) };
    const base = await proxyWith({ preferences: spy });
    await call(base, 'PUT', '/preferences', { user: 'alice@acme.com', body: prefs });
    assert.deepEqual(ttls, [undefined]);
  });
});

describe('item 3: preferences in Redis', () => {
  test('two instances on one Redis share them; the key has no expiry', async (t) => {
    const redis = await startRedis();
    if (typeof redis === 'string') {
      t.skip(redis);
      return;
    }
    const client = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    try {
      await new Promise<void>((resolve) => client.once('ready', resolve));
      const prefix = `anchors-test:${Date.now()}:`;
      const laptop = await proxyWith({ preferences: redisStore({ client, prefix }) });
      const phone = await proxyWith({ store: redisStore({ client, prefix }), preferences: true });
      const put = await call(laptop, 'PUT', '/preferences', { user: 'alice@acme.com', body: { dismissed: ['inv_autojoin_acme'], snoozedUntil: null } });
      assert.equal(put.status, 200);
      assert.deepEqual((await call(phone, 'GET', '/preferences', { user: 'alice@acme.com' })).body, { dismissed: ['inv_autojoin_acme'], snoozedUntil: null });
      const keys = await client.keys(`${prefix}prefs:*`);
      assert.equal(keys.length, 1);
      assert.equal(await client.pttl(keys[0]!), -1, 'stored without a TTL');
    } finally {
      client.disconnect();
      redis.child.kill('SIGKILL');
    }
  });
});

describe('item 1 and 2: the other providers', () => {
  test('census: every looked-up email is matched; a deep link to another\'s record is masked', async () => {
    const base = await proxyWith({
      provider: censusProvider({ baseUrl: `${emu.url}/census`, token: 'census-token', organization: { id: 'nimbus', name: 'Nimbus' } }),
    });
    const identity = { userId: 'u_a', email: 'a.smith@personal.example', emailVerified: true, addresses: [{ type: 'email', value: 'alice@acme.com', verified: true }] };
    const list = await call(base, 'GET', '', { headers: as(identity) });
    assert.equal(list.status, 200);
    assert.ok(list.body.invitations.length > 0);
    assert.ok(list.body.invitations.every((v: InvitationView) => v.sentTo?.value === 'alice@acme.com'));
    const unverified = await call(base, 'GET', '', { headers: as({ ...identity, addresses: [{ type: 'email', value: 'alice@acme.com', verified: false }] }) });
    assert.equal(unverified.body.invitations.length, 0);
    const own = list.body.invitations[0].id;
    assert.equal((await call(base, 'GET', `/${own}`, { headers: as(identity) })).body.state, 'open');
    const foreign = await call(base, 'GET', `/${own}`, { user: 'carol@initech.com' });
    assert.equal(foreign.status, 403);
    assert.deepEqual(foreign.body.error.sentTo, { type: 'email', masked: 'a…@acme.com' });
  });

  test('in-process: the host gets the address to accept as', async () => {
    const accepted: unknown[] = [];
    const view = (id: string, sentTo: { type: 'email' | 'phone'; value: string }): InvitationView => ({
      id, kind: 'invitation', scope: { type: 'team', id: 't', name: 'Team' }, createdAt: new Date().toISOString(), status: 'pending', canDecline: false, sentTo,
    });
    const base = await proxyWith({
      provider: inProcessProvider({
        list: () => [view('sms_1', { type: 'phone', value: DANA_PHONE }), view('other_1', { type: 'email', value: 'mallory@evil.example' })],
        accept: (_identity, id, _ctx, sentTo) => {
          accepted.push([id, sentTo]);
        },
      }),
    });
    const list = await call(base, 'GET', '', { headers: as(DANA) });
    assert.deepEqual(byId(list.body.invitations, 'sms_1')?.sentTo, { type: 'phone', value: DANA_PHONE });
    assert.equal(byId(list.body.invitations, 'other_1')?.sentTo, undefined, 'an address that is not the user\'s is dropped');
    await call(base, 'POST', '/accept', { headers: as(DANA), body: { invitationIds: ['sms_1', 'other_1'] } });
    assert.deepEqual(accepted, [['sms_1', { type: 'phone', value: DANA_PHONE }], ['other_1', undefined]]);
  });
});
