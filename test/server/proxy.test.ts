/**
 * The proxy against the real emulator over loopback HTTP: identity, ownership,
 * autojoin policy, request hardening, upstream failures and admin routes.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createInviteProxy, seedApiProvider } from '../../src/server/index.js';
import type { InvitationView } from '../../src/shared/view-model.js';
import { call, emulatorCall, isDemoAdmin, serve, testIdentity, type Running } from './proxy-harness.js';

const API_KEY = 'sk-test-7f3a9c1e5b';
const ALICE = 'alice@acme.com';
const FRANK = 'frank@acme.com';
/** Frank's scope in the demo data. */
const ACME_SCOPE = `/scopes/${'workspace'}/acme`;

let emu: RunningEmulator;
let proxy: Running;
let base: string;
const reported: unknown[] = [];

const control = (method: string, path: string, body?: unknown): Promise<void> => emulatorCall(emu.url, API_KEY, method, path, body);

const fault = (spec: Record<string, unknown>): Promise<void> => control('POST', '/__emulator/faults', spec);
const ids = (list: InvitationView[]): string[] => list.map((v) => v.id);

before(async () => {
  emu = await startEmulator({ port: 0, apiKey: API_KEY });
  const handler = createInviteProxy({
    provider: seedApiProvider({ baseUrl: emu.url, apiKey: API_KEY, timeoutMs: 400 }),
    getIdentity: testIdentity,
    authorizeScope: isDemoAdmin,
    rateLimit: false,
    onError: (err) => reported.push(err),
  });
  proxy = await serve(handler);
  base = `${proxy.url}/api/invitations`;
});

beforeEach(() => control('POST', '/__emulator/reset'));

after(async () => {
  await proxy?.close();
  await emu?.close();
});

describe('GET list', () => {
  test('401 without a signed-in user', async () => {
    const res = await call(base, 'GET', '');
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'unauthenticated');
  });

  test("the user's invitations and domain offer, pending first, newest first, nothing secret", async () => {
    const res = await call(base, 'GET', '', { user: ALICE });
    assert.equal(res.status, 200);
    const list: InvitationView[] = res.body.invitations;
    assert.deepEqual(ids(list), ['inv_alice_design', 'inv_alice_apollo', 'inv_autojoin_acme', 'inv_alice_globex_expired']);
    const [design, , offer, expired] = list;
    assert.equal(design!.status, 'pending');
    assert.equal(design!.kind, 'invitation');
    assert.equal(design!.role, 'editor');
    assert.equal(design!.canDecline, true);
    assert.match(design!.message ?? '', /onboarding/);
    assert.ok(design!.inviter?.name, 'inviter name shown');
    assert.ok(design!.expiresAt);
    assert.notEqual(design!.scope.name, design!.scope.id, 'scope name comes from groups');
    assert.equal(offer!.kind, 'autojoin');
    assert.equal(offer!.matchedDomain, 'acme.com');
    assert.equal(offer!.canDecline, false);
    assert.equal(expired!.status, 'expired');
    assert.equal(expired!.canDecline, false);
    assert.match(res.body.viewerKey, /^[0-9a-f]{16}$/);
    for (const secret of ['passThrough', 'metadata', 'foreignCreatorId', 'accountId', 'target', 'accepts', API_KEY, emu.url]) {
      assert.ok(!res.text.includes(secret), `response must not contain ${secret}`);
    }
  });

  test('an email smuggled in the query is ignored', async () => {
    const res = await call(base, 'GET', '?email=bob@globex.com&targetValue=bob@globex.com&targetType=email', { user: ALICE });
    assert.equal(res.status, 200);
    assert.ok(ids(res.body.invitations).includes('inv_alice_design'));
    assert.ok(!ids(res.body.invitations).some((id) => id.startsWith('inv_bob')));
  });

  test('no autojoin offers for an unverified email', async () => {
    const res = await call(base, 'GET', '', { user: ALICE, unverified: true });
    assert.equal(res.status, 200);
    assert.ok(res.body.invitations.length > 0);
    assert.ok(res.body.invitations.every((v: InvitationView) => v.kind === 'invitation'));
  });

  test('no autojoin offers for a free-mail domain, even when upstream has one', async () => {
    const res = await call(base, 'GET', '', { user: 'erin@gmail.com' });
    assert.deepEqual(ids(res.body.invitations), ['inv_erin_design']);
  });

  test('upstream 500, malformed JSON and a hang map to 502, 502 and 504 without leaking', async () => {
    await fault({ status: 500, times: 1 });
    const failed = await call(base, 'GET', '', { user: ALICE });
    assert.equal(failed.status, 502);
    assert.equal(failed.body.error.code, 'upstream_error');

    await fault({ malformed: true, times: 1 });
    const malformed = await call(base, 'GET', '', { user: ALICE });
    assert.equal(malformed.status, 502);
    assert.equal(malformed.body.error.code, 'upstream_error');

    await fault({ hang: true, times: 1 });
    const hung = await call(base, 'GET', '', { user: ALICE });
    assert.equal(hung.status, 504);
    assert.equal(hung.body.error.code, 'upstream_timeout');

    for (const res of [failed, malformed, hung]) {
      assert.deepEqual(Object.keys(res.body), ['error']);
      assert.deepEqual(Object.keys(res.body.error).sort(), ['code', 'message']);
      for (const secret of [API_KEY, emu.url, 'at ', 'Injected']) assert.ok(!res.text.includes(secret), secret);
    }
  });
});

describe('POST accept', () => {
  test('per-ID results in order: own pending accepted, foreign and unknown alike not_found, expired refused', async () => {
    const res = await call(base, 'POST', '/accept', {
      user: ALICE,
      body: {
        invitationIds: ['inv_alice_design', 'inv_bob_apollo_expired', 'inv_nobody_has_this', 'inv_alice_globex_expired'],
        email: 'bob@globex.com',
        user: { email: 'bob@globex.com' },
      },
    });
    assert.equal(res.status, 200);
    const [mine, foreign, unknown, expired] = res.body.results;
    assert.deepEqual(res.body.results.map((r: { id: string }) => r.id), [
      'inv_alice_design', 'inv_bob_apollo_expired', 'inv_nobody_has_this', 'inv_alice_globex_expired',
    ]);
    assert.equal(mine.ok, true);
    assert.equal(mine.invitation.status, 'accepted');
    assert.equal(mine.invitation.id, 'inv_alice_design');
    assert.equal(foreign.ok, false);
    assert.deepEqual(foreign.error, unknown.error, "another user's ID looks exactly like an unknown one");
    assert.equal(foreign.error.code, 'not_found');
    assert.equal(expired.error.code, 'expired');

    // The accept went upstream as Alice, whatever the body said.
    const upstream = await fetch(`${emu.url}/api/v1/invitations/inv_alice_design`, { headers: { 'x-api-key': API_KEY } });
    const inv = await upstream.json();
    assert.deepEqual(inv.accepts.map((a: { target: { value: string } }) => a.target.value), [ALICE]);
    const bob = await fetch(`${emu.url}/api/v1/invitations/inv_bob_apollo_expired`, { headers: { 'x-api-key': API_KEY } });
    assert.equal((await bob.json()).accepts.length, 0);

    const again = await call(base, 'POST', '/accept', { user: ALICE, body: { invitationIds: ['inv_alice_design'] } });
    assert.equal(again.body.results[0].ok, true, 'accepting again is idempotent for the user who accepted');
  });

  test('one upstream failure among several is reported per ID', async () => {
    await fault({ status: 500, times: 1, pathPrefix: '/api/v1/invitations/accept' });
    const res = await call(base, 'POST', '/accept', {
      user: ALICE,
      body: { invitationIds: ['inv_alice_design', 'inv_alice_apollo'] },
    });
    assert.equal(res.status, 200);
    const codes = res.body.results.map((r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code)).sort();
    assert.deepEqual(codes, ['ok', 'upstream_error']);
  });

  test('all upstream accepts failing answers 502, all hanging 504', async () => {
    await fault({ status: 503, pathPrefix: '/api/v1/invitations/accept' });
    const failed = await call(base, 'POST', '/accept', { user: ALICE, body: { invitationIds: ['inv_alice_design', 'inv_alice_apollo'] } });
    assert.equal(failed.status, 502);
    assert.equal(failed.body.error.code, 'upstream_error');

    await fault({ hang: true, pathPrefix: '/api/v1/invitations/accept' });
    const hung = await call(base, 'POST', '/accept', { user: ALICE, body: { invitationIds: ['inv_alice_design'] } });
    assert.equal(hung.status, 504);
    assert.equal(hung.body.error.code, 'upstream_timeout');
    assert.ok(!hung.text.includes(API_KEY));
  });

  test('accepting the domain offer joins by verified domain', async () => {
    const unverified = await call(base, 'POST', '/accept', {
      user: 'carol@initech.com', unverified: true, body: { invitationIds: ['inv_autojoin_initech'] },
    });
    assert.equal(unverified.body.results[0].error.code, 'not_found', 'an offer the policy hides cannot be accepted');
    const res = await call(base, 'POST', '/accept', { user: 'carol@initech.com', body: { invitationIds: ['inv_autojoin_initech'] } });
    assert.equal(res.body.results[0].ok, true);
    assert.equal(res.body.results[0].invitation.kind, 'autojoin');
  });

  test('request hardening: 401, 415, 403, 400, 413', async () => {
    const ok = { invitationIds: ['inv_alice_design'] };
    const expect = async (status: number, code: string, opts: Parameters<typeof call>[3]): Promise<void> => {
      const res = await call(base, 'POST', '/accept', opts);
      assert.equal(res.status, status, JSON.stringify(opts).slice(0, 120));
      assert.equal(res.body.error.code, code);
    };
    await expect(401, 'unauthenticated', { body: ok });
    await expect(415, 'unsupported_media_type', { user: ALICE, rawBody: JSON.stringify(ok), contentType: 'text/plain' });
    await expect(403, 'forbidden', { user: ALICE, body: ok, origin: 'https://evil.example' });
    await expect(403, 'forbidden', { user: ALICE, body: ok, origin: 'null' });
    await expect(403, 'forbidden', { user: ALICE, body: ok, origin: null });
    await expect(400, 'bad_request', { user: ALICE, rawBody: '{"invitationIds": [', contentType: 'application/json' });
    await expect(400, 'bad_request', { user: ALICE, body: { invitationIds: Array.from({ length: 101 }, (_, i) => `inv_${i}`) } });
    await expect(400, 'bad_request', { user: ALICE, body: { invitationIds: [] } });
    await expect(400, 'bad_request', { user: ALICE, body: { invitationIds: ['a', 'a'] } });
    await expect(400, 'bad_request', { user: ALICE, body: { invitationIds: ['../../admin'] } });
    await expect(400, 'bad_request', { user: ALICE, body: { invitationIds: ['x'.repeat(129)] } });
    await expect(413, 'payload_too_large', { user: ALICE, body: { invitationIds: ['a'], pad: 'x'.repeat(17 * 1024) } });

    const sameOrigin = await call(base, 'POST', '/accept', {
      user: ALICE, body: ok, origin: null, headers: { 'sec-fetch-site': 'same-origin' },
    });
    assert.equal(sameOrigin.status, 200, 'no Origin but Sec-Fetch-Site: same-origin is allowed');
  });

  test('413 also when the body streams in without a Content-Length', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(4096));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(`${base}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: proxy.url, 'x-test-user': ALICE },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assert.equal(res.status, 413);
    assert.equal((await res.json()).error.code, 'payload_too_large');
  });
});

describe('POST decline', () => {
  test("declines the user's own pending invitation upstream", async () => {
    const res = await call(base, 'POST', '/inv_alice_apollo/decline', { user: ALICE, body: {} });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { id: 'inv_alice_apollo', ok: true });
    const list = await call(base, 'GET', '', { user: ALICE });
    assert.ok(!ids(list.body.invitations).includes('inv_alice_apollo'));
  });

  test('refuses offers, expired, foreign IDs and non-JSON requests', async () => {
    const offer = await call(base, 'POST', '/inv_autojoin_acme/decline', { user: ALICE, body: {} });
    assert.equal(offer.status, 409);
    assert.match(offer.body.error.message, /dismiss/);
    const expired = await call(base, 'POST', '/inv_alice_globex_expired/decline', { user: ALICE, body: {} });
    assert.equal(expired.status, 409);
    assert.equal(expired.body.error.code, 'expired');
    const foreign = await call(base, 'POST', '/inv_erin_design/decline', { user: ALICE, body: {} });
    assert.equal(foreign.status, 404);
    const plain = await call(base, 'POST', '/inv_alice_apollo/decline', { user: ALICE, rawBody: '{}', contentType: 'text/plain' });
    assert.equal(plain.status, 415);
    const anon = await call(base, 'POST', '/inv_alice_apollo/decline', { body: {} });
    assert.equal(anon.status, 401);
    const cross = await call(base, 'POST', '/inv_alice_apollo/decline', { user: ALICE, body: {}, origin: 'https://evil.example' });
    assert.equal(cross.status, 403);
    const still = await fetch(`${emu.url}/api/v1/invitations/inv_erin_design`, { headers: { 'x-api-key': API_KEY } });
    assert.equal((await still.json()).deactivated, false);
  });
});

describe('admin routes', () => {
  test('403 for a non-admin, 401 without identity', async () => {
    for (const path of [ACME_SCOPE, `${ACME_SCOPE}/autojoin`]) {
      assert.equal((await call(base, 'GET', path)).status, 401);
      const res = await call(base, 'GET', path, { user: ALICE });
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'forbidden');
    }
    const put = await call(base, 'PUT', `${ACME_SCOPE}/autojoin`, { user: ALICE, body: { domains: ['acme.com'] } });
    assert.equal(put.status, 403);
  });

  test('pages through a scope, 20 at a time, with targets for admins', async () => {
    const first = await call(base, 'GET', ACME_SCOPE, { user: FRANK });
    assert.equal(first.status, 200);
    assert.equal(first.body.invitations.length, 20);
    assert.equal(first.body.nextStart, 20);
    assert.ok(first.body.invitations.every((v: { target?: { value: string } }) => v.target?.value));
    assert.ok(!first.text.includes('passThrough'));
    const second = await call(base, 'GET', `${ACME_SCOPE}?start=${first.body.nextStart}`, { user: FRANK });
    assert.equal(second.body.nextStart, null);
    assert.ok(second.body.invitations.length > 0 && second.body.invitations.length < 20);
    const all = [...ids(first.body.invitations), ...ids(second.body.invitations)];
    assert.equal(new Set(all).size, all.length, 'no invitation on two pages');
    assert.equal((await call(base, 'GET', `${ACME_SCOPE}?start=-1`, { user: FRANK })).status, 400);
  });

  test('reads and replaces autojoin domains, refusing free-mail and invalid ones', async () => {
    const path = `${ACME_SCOPE}/autojoin`;
    assert.deepEqual((await call(base, 'GET', path, { user: FRANK })).body, { domains: ['acme.com'] });
    const put = await call(base, 'PUT', path, { user: FRANK, body: { domains: ['acme.com', 'acme.io'] } });
    assert.equal(put.status, 200);
    assert.deepEqual(put.body, { domains: ['acme.com', 'acme.io'] });
    assert.deepEqual((await call(base, 'GET', path, { user: FRANK })).body, { domains: ['acme.com', 'acme.io'] });

    const free = await call(base, 'PUT', path, { user: FRANK, body: { domains: ['acme.com', 'gmail.com'] } });
    assert.equal(free.status, 400);
    assert.match(free.body.error.message, /free-mail/i);
    for (const domains of [['Acme.COM'], ['not a domain'], ['http://acme.com'], Array.from({ length: 51 }, (_, i) => `d${i}.com`)]) {
      const bad = await call(base, 'PUT', path, { user: FRANK, body: { domains } });
      assert.equal(bad.status, 400, String(domains[0]));
    }
    const plain = await call(base, 'PUT', path, { user: FRANK, rawBody: '{"domains":[]}', contentType: 'text/plain' });
    assert.equal(plain.status, 415);
    assert.deepEqual((await call(base, 'GET', path, { user: FRANK })).body, { domains: ['acme.com', 'acme.io'] });
  });
});
