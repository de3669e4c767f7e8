/**
 * Providers behind the proxy: the organisation-list API (paging, claim hook,
 * no decline), the seed API's two accept answer shapes from a tiny loopback
 * upstream, and the in-process provider with the host's enrich hook.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import {
  ProxyError,
  censusProvider,
  createInviteProxy,
  inProcessProvider,
  seedApiProvider,
  type CensusRecord,
  type Identity,
} from '../../src/server/index.js';
import type { InvitationView } from '../../src/shared/view-model.js';
import { call, listen, serve, testIdentity, type Running } from './proxy-harness.js';

const running: Running[] = [];
let emu: RunningEmulator;

before(async () => {
  emu = await startEmulator({ port: 0, censusToken: 'census-secret-token' });
});

after(async () => {
  for (const r of running) await r.close();
  await emu?.close();
});

async function proxyFor(options: Omit<Parameters<typeof createInviteProxy>[0], 'getIdentity'>): Promise<string> {
  const server = await serve(createInviteProxy({ getIdentity: testIdentity, ...options }));
  running.push(server);
  return `${server.url}/api/invitations`;
}

describe('census provider', () => {
  test('pages through every page and keeps only the unclaimed records of this user', async () => {
    const pages: string[] = [];
    const counting: typeof fetch = (input, init) => {
      pages.push(new URL(String(input)).searchParams.get('page')!);
      return fetch(input, init);
    };
    const base = await proxyFor({
      provider: censusProvider({
        baseUrl: `${emu.url}/census`,
        token: 'census-secret-token',
        perPage: 7,
        organization: { id: 'acme-org', name: 'Acme Org' },
        fetch: counting,
      }),
    });
    const res = await call(base, 'GET', '', { user: 'Alice@Acme.com' });
    assert.equal(res.status, 200);
    assert.deepEqual(pages, ['1', '2', '3', '4', '5'], '30 records at 7 a page');
    const list: InvitationView[] = res.body.invitations;
    assert.deepEqual(list.map((v) => v.id), ['90003'], 'the claimed record is not offered again');
    assert.deepEqual(list[0]!.scope, { type: 'organization', id: 'acme-org', name: 'Acme Org' });
    assert.equal(list[0]!.canDecline, false);
    assert.equal(list[0]!.message, undefined, 'no made-up message: this API has no personal message');
    assert.equal(list[0]!.role, 'member', 'the role of the record comes through');
    assert.ok(!res.text.includes('census-secret-token'));
  });

  test('accept goes through the claim hook; without one it is not_supported; decline is 501', async () => {
    const claimed: Array<{ identity: Identity; record: CensusRecord }> = [];
    const withClaim = await proxyFor({
      provider: censusProvider({
        baseUrl: `${emu.url}/census`,
        token: 'census-secret-token',
        claim: (identity, record) => {
          claimed.push({ identity, record });
        },
      }),
    });
    const res = await call(withClaim, 'POST', '/accept', { user: 'carol@initech.com', body: { invitationIds: ['90005', '90003'] } });
    assert.equal(res.status, 200);
    assert.equal(res.body.results[0].ok, true);
    assert.equal(res.body.results[0].invitation.status, 'accepted');
    assert.equal(res.body.results[1].error.code, 'not_found', "Alice's record is not Carol's");
    assert.deepEqual(claimed.map((c) => [c.identity.email, c.record.id]), [['carol@initech.com', '90005']]);

    const without = await proxyFor({ provider: censusProvider({ baseUrl: `${emu.url}/census`, token: 'census-secret-token' }) });
    const refused = await call(without, 'POST', '/accept', { user: 'carol@initech.com', body: { invitationIds: ['90005'] } });
    assert.equal(refused.body.results[0].error.code, 'not_supported');

    const decline = await call(without, 'POST', '/90005/decline', { user: 'carol@initech.com', body: {} });
    assert.equal(decline.status, 501);
    assert.equal(decline.body.error.code, 'not_supported');
  });

  test('a wrong token is an upstream error that does not echo the token', async () => {
    const base = await proxyFor({ provider: censusProvider({ baseUrl: `${emu.url}/census`, token: 'wrong-token-value' }) });
    const res = await call(base, 'GET', '', { user: 'carol@initech.com' });
    assert.equal(res.status, 502);
    assert.ok(!res.text.includes('wrong-token-value'));
  });
});

describe('seed API accept answer shapes', () => {
  test('reads both a bare invitation and { invitations: [...] }', async () => {
    const invitation = (id: string, status = 'delivered') => ({
      id,
      invitationType: 'single_use',
      status,
      scope: 'moon',
      scopeType: 'project',
      groups: [{ type: 'project', id: 'moon', name: 'Moonshot' }],
      createdAt: '2024-01-01T00:00:00Z',
      expired: false,
      passThrough: 'secret-pass-through',
    });
    const seen: unknown[] = [];
    const upstream = await listen((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        if (req.method === 'GET') return res.end(JSON.stringify({ invitations: [invitation('bare'), invitation('wrapped')] }));
        const body = JSON.parse(raw);
        seen.push(body);
        const [id] = body.invitationIds;
        const accepted = invitation(id, 'accepted');
        res.end(JSON.stringify(id === 'bare' ? accepted : { invitations: [accepted] }));
      });
    });
    running.push(upstream);
    const base = await proxyFor({ provider: seedApiProvider({ baseUrl: upstream.url, apiKey: 'k' }) });
    const res = await call(base, 'POST', '/accept', { user: 'zoe@moon.dev', body: { invitationIds: ['bare', 'wrapped'] } });
    assert.equal(res.status, 200);
    for (const [i, id] of ['bare', 'wrapped'].entries()) {
      const r = res.body.results[i];
      assert.equal(r.ok, true);
      assert.equal(r.invitation.id, id);
      assert.equal(r.invitation.scope.name, 'Moonshot');
      assert.equal(r.invitation.status, 'accepted');
    }
    assert.ok(!res.text.includes('secret-pass-through'));
    assert.deepEqual(seen, [
      { invitationIds: ['bare'], user: { email: 'zoe@moon.dev' } },
      { invitationIds: ['wrapped'], user: { email: 'zoe@moon.dev' } },
    ]);
  });
});

describe('in-process provider and enrich', () => {
  const mine = (id: string, over: Partial<InvitationView> = {}): InvitationView => ({
    id,
    kind: 'invitation',
    scope: { type: 'team', id: 'red', name: 'red' },
    createdAt: '2024-05-01T00:00:00.000Z',
    status: 'pending',
    canDecline: true,
    ...over,
  });

  test('host views and enrich output are re-sanitised; enrich cannot change status or ID', async () => {
    const base = await proxyFor({
      provider: inProcessProvider({
        list: () => [
          { ...mine('a'), passThrough: 'leak', inviter: { name: 'Ann', avatarUrl: 'http://insecure.example/a.png' } } as InvitationView,
          mine('b', { createdAt: '2024-06-01T00:00:00.000Z', status: 'expired' }),
        ],
        accept: () => undefined,
      }),
      enrich: (view) => ({
        ...view,
        id: 'hijacked',
        status: 'accepted',
        scope: { ...view.scope, name: `Team ${view.scope.id}`.padEnd(500, '!'), logoUrl: 'javascript:alert(1)', memberCount: 12 },
        inviter: { ...view.inviter, avatarUrl: 'https://cdn.example/ann.png' },
        secret: 'nope',
      }) as InvitationView,
    });
    const res = await call(base, 'GET', '', { user: 'ann@red.team' });
    const [a, b] = res.body.invitations;
    assert.deepEqual([a.id, a.status, b.id, b.status], ['a', 'pending', 'b', 'expired'], 'pending first, owner fields kept');
    assert.ok(a.scope.name.startsWith('Team red'));
    assert.ok(a.scope.name.length <= 200);
    assert.equal(a.scope.logoUrl, undefined);
    assert.equal(a.scope.memberCount, 12);
    assert.equal(a.inviter.avatarUrl, 'https://cdn.example/ann.png');
    assert.ok(!res.text.includes('leak') && !res.text.includes('nope') && !res.text.includes('javascript:'));
  });

  test('decline missing → 501; host per-ID errors pass through; rate limit → 429 with Retry-After', async () => {
    const base = await proxyFor({
      provider: inProcessProvider({
        list: () => [mine('a'), mine('b')],
        accept: (_identity, id) => {
          if (id === 'b') throw new ProxyError(409, 'conflict', 'Seat limit reached.');
          return mine(id);
        },
      }),
      rateLimit: { max: 2, windowMs: 60_000 },
    });
    const first = await call(base, 'POST', '/accept', { user: 'ann@red.team', body: { invitationIds: ['a', 'b'] } });
    assert.deepEqual(first.body.results.map((r: { ok: boolean }) => r.ok), [true, false]);
    assert.deepEqual(first.body.results[1].error, { code: 'conflict', message: 'Seat limit reached.' });
    const decline = await call(base, 'POST', '/a/decline', { user: 'ann@red.team', body: {} });
    assert.equal(decline.status, 501);
    const limited = await call(base, 'POST', '/accept', { user: 'ann@red.team', body: { invitationIds: ['a'] } });
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, 'rate_limited');
    assert.match(limited.headers.get('retry-after') ?? '', /^\d+$/);
    const other = await call(base, 'POST', '/accept', { user: 'bo@red.team', body: { invitationIds: ['a'] } });
    assert.equal(other.status, 200, 'the limit is per user');
    const admin = await call(base, 'GET', '/scopes/team/red', { user: 'ann@red.team' });
    assert.equal(admin.status, 403, 'no authorizeScope: admin routes are denied');
  });

  test('allowedOrigins: listed origins get CORS with credentials and may post beside the own origin; others are refused', async () => {
    const app = 'https://app.red.team';
    const base = await proxyFor({
      provider: inProcessProvider({ list: () => [mine('a')], accept: () => undefined }),
      allowedOrigins: [app],
    });
    const preflight = await fetch(`${base}/accept`, {
      method: 'OPTIONS',
      headers: { origin: app, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), app);
    assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
    const foreign = await fetch(`${base}/accept`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    const ok = await call(base, 'POST', '/accept', { user: 'ann@red.team', origin: app, body: { invitationIds: ['a'] } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('access-control-allow-origin'), app);
    const own = await call(base, 'POST', '/accept', { user: 'ann@red.team', body: { invitationIds: ['a'] } });
    assert.equal(own.status, 200, 'the list adds to the request\'s own origin, it does not replace it');
    const evil = await call(base, 'POST', '/accept', { user: 'ann@red.team', origin: 'https://evil.example', body: { invitationIds: ['a'] } });
    assert.equal(evil.status, 403);
  });
});
