/**
 * What an outside attack run broke, one test (or more) per item of the
 * hardening issue, against the real emulator and proxy over loopback.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { censusProvider, createInviteProxy, inProcessProvider, seedApiProvider, type InviteProxyOptions } from '../../src/server/index.js';
import type { InvitationView } from '../../src/shared/view-model.js';
import { asIdentity, call, emulatorCall, headerIdentity, isDemoAdmin, listen, serve, type Running } from './proxy-harness.js';

const API_KEY = 'sk-test-hardening';
const ALICE = 'alice@acme.com';
const FRANK = 'frank@acme.com';

let emu: RunningEmulator;
let forwarder: Running;
const running: Running[] = [];
const reported: unknown[] = [];

/** What the forwarder between proxy and emulator does with accept calls. */
let acceptMode: 'pass' | 'hold' | 'drop' = 'pass';
/** Accept calls the forwarder has open now, and the most it had at once. */
const accepts = { open: 0, peak: 0 };

const upstream = (method: string, path: string, body?: unknown): Promise<any> => emulatorCall(emu.url, API_KEY, method, path, body);

const fault = (spec: Record<string, unknown>): Promise<unknown> => upstream('POST', '/__emulator/faults', spec);

/** Creates invitations for `email` through the emulator's create endpoint; returns their IDs. */
async function invite(email: string, count: number, extra: Record<string, unknown> = {}): Promise<string[]> {
  const created: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await upstream('POST', '/api/v1/invitations', {
      widgetConfigurationId: 'wc_default',
      target: { type: 'email', value: email },
      inviter: { userId: 'u_inviter', name: 'Ivy Inviter' },
      groups: [{ type: 'workspace', groupId: `ws_${i}`, name: `Workspace ${i}` }],
      ...extra,
    });
    created.push(res.id);
  }
  return created;
}

const as = asIdentity;

async function proxyWith(options: Partial<InviteProxyOptions> & { upstreamUrl?: string; timeoutMs?: number } = {}): Promise<string> {
  const { upstreamUrl, timeoutMs, ...rest } = options;
  const server = await serve(createInviteProxy({
    provider: seedApiProvider({ baseUrl: upstreamUrl ?? emu.url, apiKey: API_KEY, timeoutMs: timeoutMs ?? 2000 }),
    getIdentity: headerIdentity,
    authorizeScope: isDemoAdmin,
    rateLimit: false,
    onError: (err) => reported.push(err),
    ...rest,
  }));
  running.push(server);
  return `${server.url}/api/invitations`;
}

async function isAcceptedUpstream(id: string, email: string): Promise<boolean> {
  const inv = await upstream('GET', `/api/v1/invitations/${id}`);
  return inv.accepts.some((a: { target: { value: string } }) => a.target.value === email);
}

before(async () => {
  emu = await startEmulator({ port: 0, apiKey: API_KEY });
  // A real hop between proxy and emulator that can answer late or cut the
  // connection after the emulator has applied an accept.
  forwarder = await listen(async (req, res) => {
    const isAccept = req.url?.startsWith('/api/v1/invitations/accept') === true;
    if (isAccept) accepts.peak = Math.max(accepts.peak, ++accepts.open);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const name of ['x-api-key', 'content-type', 'accept']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const answer = await fetch(emu.url + req.url, {
      method: req.method,
      headers,
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    const text = await answer.text();
    if (isAccept) accepts.open--;
    if (isAccept && acceptMode !== 'pass') {
      // The accept has landed upstream; the proxy never hears about it.
      if (acceptMode === 'drop') req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(text);
  });
});

beforeEach(async () => {
  acceptMode = 'pass';
  accepts.peak = 0;
  reported.length = 0;
  await upstream('POST', '/__emulator/reset');
});

after(async () => {
  for (const r of running) await r.close();
  await forwarder?.close();
  await emu?.close();
});

const ids = (list: InvitationView[]): string[] => list.map((v) => v.id);

describe('item 1: the identity from getIdentity is validated', () => {
  test('item 1: a string emailVerified is unverified', async () => {
    const base = await proxyWith();
    for (const emailVerified of ['false', 'true', 1]) {
      const identity = { userId: 'u_alice', email: ALICE, emailVerified };
      const list = await call(base, 'GET', '', { headers: as(identity) });
      assert.equal(list.status, 200);
      assert.ok(!ids(list.body.invitations).includes('inv_autojoin_acme'), `no offer for emailVerified: ${JSON.stringify(emailVerified)}`);
      const accept = await call(base, 'POST', '/accept', { headers: as(identity), body: { invitationIds: ['inv_autojoin_acme'] } });
      assert.equal(accept.body.results[0].ok, false);
      assert.equal(accept.body.results[0].error.code, 'not_found');
    }
    assert.equal(await isAcceptedUpstream('inv_autojoin_acme', ALICE), false);
    const verified = await call(base, 'GET', '', { headers: as({ userId: 'u_alice', email: ALICE, emailVerified: true }) });
    assert.ok(ids(verified.body.invitations).includes('inv_autojoin_acme'), 'boolean true still counts');
  });

  test('item 1: the email domain is normalised: case, trailing dot, IDN to punycode', async () => {
    await upstream('POST', '/api/v1/invitations/autojoin', { scope: 'acme', scopeType: 'workspace', domains: ['acme.com', 'xn--bcher-kva.de'] });
    const base = await proxyWith();
    const res = await call(base, 'GET', '', { headers: as({ userId: 'u_ann', email: 'Ann@BÜCHER.de.', emailVerified: true }) });
    assert.equal(res.status, 200);
    const offer = (res.body.invitations as InvitationView[]).find((v) => v.kind === 'autojoin');
    assert.equal(offer?.matchedDomain, 'xn--bcher-kva.de');
    const accept = await call(base, 'POST', '/accept', {
      headers: as({ userId: 'u_ann', email: 'Ann@BÜCHER.de.', emailVerified: true }),
      body: { invitationIds: [offer!.id] },
    });
    assert.equal(accept.body.results[0].ok, true);
    assert.equal(await isAcceptedUpstream(offer!.id, 'ann@xn--bcher-kva.de'), true, 'the upstream saw the normalised address');
  });

  test('item 1: a malformed identity answers 500 with a safe message and reaches onError', async () => {
    const base = await proxyWith();
    const garbage: unknown[] = [
      { userId: 42, email: ALICE, emailVerified: true },
      { userId: '', email: ALICE, emailVerified: true },
      { userId: 'u', email: 'not-an-address', emailVerified: true },
      { userId: 'u', email: 'a b@acme.com', emailVerified: true },
      { userId: 'u', email: 'alice@localhost', emailVerified: true },
      { userId: 'u', email: 'alice@acme.com/evil', emailVerified: true },
      'alice@acme.com',
    ];
    for (const identity of garbage) {
      reported.length = 0;
      const res = await call(base, 'GET', '', { headers: as(identity) });
      assert.equal(res.status, 500, JSON.stringify(identity));
      assert.equal(res.body.error.code, 'internal_error');
      assert.ok(!res.text.includes('acme.com') && !res.text.includes('not-an-address'), 'the message repeats nothing from the session');
      assert.equal(reported.length, 1, 'the host hears about it');
      assert.match(String(reported[0]), /getIdentity returned an invalid identity/);
    }
    const nobody = await call(base, 'GET', '', {});
    assert.equal(nobody.status, 401, 'null is still "not signed in"');
  });
});

describe('item 3: an accept that went through is never reported as gone', () => {
  test('item 3: an accept answered after the proxy timed out answers ok', async () => {
    acceptMode = 'hold';
    const base = await proxyWith({ upstreamUrl: forwarder.url, timeoutMs: 300, deadlineMs: 5000 });
    const res = await call(base, 'POST', '/accept', { user: ALICE, body: { invitationIds: ['inv_alice_design'] } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.results[0].ok, true);
    assert.equal(res.body.results[0].invitation.status, 'accepted');
    assert.equal(res.body.results[0].invitation.id, 'inv_alice_design');
    assert.equal(await isAcceptedUpstream('inv_alice_design', ALICE), true);
  });

  test('item 3: an accept whose connection drops after it landed answers ok', async () => {
    acceptMode = 'drop';
    const base = await proxyWith({ upstreamUrl: forwarder.url, deadlineMs: 5000 });
    const res = await call(base, 'POST', '/accept', { user: ALICE, body: { invitationIds: ['inv_alice_design', 'inv_alice_apollo'] } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.results.map((r: { ok: boolean }) => r.ok), [true, true]);
    assert.deepEqual(res.body.results.map((r: { invitation: InvitationView }) => r.invitation.status), ['accepted', 'accepted']);
  });

  test('item 3: retrying an accept that landed after a timeout answers ok, not "no longer exists"', async () => {
    const base = await proxyWith({ timeoutMs: 300, deadlineMs: 5000 });
    await fault({ latencyMs: 1500, times: 1, pathPrefix: '/api/v1/invitations/accept' });
    const first = await call(base, 'POST', '/accept', { user: ALICE, body: { invitationIds: ['inv_alice_design'] } });
    assert.ok(first.status === 504 || first.body.results[0].ok === true, `first answer: ${first.status} ${first.text}`);
    // Wait for the slow accept to land upstream.
    for (let i = 0; i < 40 && !(await isAcceptedUpstream('inv_alice_design', ALICE)); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(await isAcceptedUpstream('inv_alice_design', ALICE), true);
    const retry = await call(base, 'POST', '/accept', { user: ALICE, body: { invitationIds: ['inv_alice_design'] } });
    assert.equal(retry.status, 200);
    assert.equal(retry.body.results[0].ok, true, retry.text);
    assert.equal(retry.body.results[0].invitation.status, 'accepted');
    assert.ok(retry.body.results[0].invitation.scope.name, 'the invitation is shown, not only an ID');
  });

  test('item 3: an accept that never landed still says so, and someone else\'s accepted ID stays not_found', async () => {
    const base = await proxyWith({ timeoutMs: 300, deadlineMs: 5000 });
    await fault({ hang: true, times: 1, pathPrefix: '/api/v1/invitations/accept' });
    const hung = await call(base, 'POST', '/accept', { user: ALICE, body: { invitationIds: ['inv_alice_design'] } });
    assert.equal(hung.status, 504);
    assert.equal(await isAcceptedUpstream('inv_alice_design', ALICE), false);
    const list = await call(base, 'GET', '', { user: ALICE });
    assert.ok(ids(list.body.invitations).includes('inv_alice_design'), 'still pending');

    const accepted = await call(base, 'POST', '/accept', { user: ALICE, body: { invitationIds: ['inv_alice_apollo'] } });
    assert.equal(accepted.body.results[0].ok, true);
    const bob = await call(base, 'POST', '/accept', { user: 'bob@globex.com', body: { invitationIds: ['inv_alice_apollo'] } });
    assert.deepEqual(bob.body.results[0].error, { code: 'not_found', message: 'No such invitation.' });
  });

  test('item 3: the organisation-list provider answers ok for a record this user already claimed, reading the list once', async () => {
    const pages: string[] = [];
    const base = await proxyWith({
      provider: censusProvider({
        baseUrl: `${emu.url}/census`,
        token: 'census-token',
        claim: () => undefined,
        fetch: (input, init) => {
          pages.push(new URL(String(input)).searchParams.get('page')!);
          return fetch(input, init);
        },
      }),
    });
    // 90001 is Alice's, claimed; 90002 is Carol's, claimed.
    const res = await call(base, 'POST', '/accept', { user: ALICE, body: { invitationIds: ['90001', '90002'] } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.results[0].ok, true);
    assert.equal(res.body.results[0].invitation.status, 'accepted');
    assert.equal(res.body.results[1].error.code, 'not_found');
    assert.deepEqual(pages, ['1', '1'], 'one read for the open set, one for both reconciled IDs');
  });

  test('item 3: the in-process provider answers ok through the host\'s findAccepted', async () => {
    const joined = new Set<string>();
    const view = (id: string): InvitationView => ({
      id, kind: 'invitation', scope: { type: 'team', id, name: `Team ${id}` }, createdAt: new Date().toISOString(), status: 'pending', canDecline: false,
    });
    const base = await proxyWith({
      provider: inProcessProvider({
        list: () => ['a', 'b'].filter((id) => !joined.has(id)).map(view),
        accept: (_identity, id) => {
          joined.add(id);
        },
        findAccepted: (_identity, id) => (joined.has(id) ? view(id) : null),
      }),
    });
    const first = await call(base, 'POST', '/accept', { user: ALICE, body: { invitationIds: ['a'] } });
    assert.equal(first.body.results[0].ok, true);
    const retry = await call(base, 'POST', '/accept', { user: ALICE, body: { invitationIds: ['a', 'c'] } });
    assert.deepEqual(retry.body.results.map((r: { ok: boolean }) => r.ok), [true, false]);
    assert.equal(retry.body.results[0].invitation.scope.name, 'Team a');
  });
});

describe('item 4: one deadline per request', () => {
  test('item 4: twelve IDs against a hanging upstream finish near deadlineMs', async () => {
    const dana = 'dana@umbrella.com';
    const twelve = await invite(dana, 12);
    const deadlineMs = 1000;
    // Per call the provider would wait 5 s: 12 IDs, 4 at a time, used to take 15 s.
    const base = await proxyWith({ timeoutMs: 5000, deadlineMs });
    await fault({ hang: true, pathPrefix: '/api/v1/invitations/accept' });
    const started = performance.now();
    const res = await call(base, 'POST', '/accept', { user: dana, body: { invitationIds: [...twelve, 'inv_alice_design'] } });
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 2 * deadlineMs, `answered after ${Math.round(elapsed)} ms`);
    assert.equal(res.status, 200, res.text);
    const codes = res.body.results.map((r: { error?: { code: string } }) => r.error?.code);
    assert.deepEqual(codes, [...twelve.map(() => 'upstream_timeout'), 'not_found'], 'what is known per ID, a timeout for the rest');
  });

  test('item 4: per-ID upstream calls run a few at a time, never all at once', async () => {
    const erin = 'erin@umbrella.com';
    const twelve = await invite(erin, 12);
    const base = await proxyWith({ upstreamUrl: forwarder.url, deadlineMs: 10_000 });
    // Slow enough that calls overlap whenever the proxy lets them.
    await fault({ latencyMs: 150, pathPrefix: '/api/v1/invitations/accept' });
    const res = await call(base, 'POST', '/accept', { user: erin, body: { invitationIds: twelve } });
    assert.equal(res.status, 200, res.text);
    assert.ok(res.body.results.every((r: { ok: boolean }) => r.ok), res.text);
    assert.ok(accepts.peak >= 2, `calls overlap (peak ${accepts.peak})`);
    assert.ok(accepts.peak <= 4, `at most 4 at once (peak ${accepts.peak})`);
  });

  test('item 4: the list and a provider that ignores the signal are held to the deadline too', async () => {
    const deadlineMs = 800;
    const slowList = await proxyWith({ timeoutMs: 5000, deadlineMs });
    await fault({ hang: true, times: 1 });
    let started = performance.now();
    const list = await call(slowList, 'GET', '', { user: ALICE });
    assert.ok(performance.now() - started < 2 * deadlineMs);
    assert.equal(list.status, 504);
    assert.equal(list.body.error.code, 'upstream_timeout');

    const mine = (id: string): InvitationView => ({
      id, kind: 'invitation', scope: { type: 'team', id: 't', name: 'Team' }, createdAt: new Date().toISOString(), status: 'pending', canDecline: false,
    });
    const stuck = await proxyWith({
      deadlineMs,
      provider: inProcessProvider({ list: () => [mine('a'), mine('b')], accept: () => new Promise<void>(() => undefined) }),
    });
    started = performance.now();
    const accept = await call(stuck, 'POST', '/accept', { user: ALICE, body: { invitationIds: ['a', 'b'] } });
    assert.ok(performance.now() - started < 2 * deadlineMs);
    assert.equal(accept.status, 504);
    assert.equal(accept.body.error.code, 'upstream_timeout');
  });
});

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the deadline lives as long as its request', () => {
  test('a process that has answered can exit: no deadline timer outlives its request', async () => {
    // A timer left running would hold a serverless or CLI process for deadlineMs (here a minute).
    const code = `
      import { createInviteProxy, inProcessProvider } from './src/server/index.ts';
      const handler = createInviteProxy({
        provider: inProcessProvider({ list: () => [], accept: () => undefined }),
        getIdentity: () => ({ userId: 'u', email: 'u@example.com', emailVerified: true }),
        rateLimit: false,
        deadlineMs: 60_000,
      });
      const res = await handler(new Request('http://proxy.test/api/invitations'));
      console.log(res.status);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = await Promise.race([
      new Promise<number | null>((resolve) => child.once('exit', resolve)),
      new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 20_000)),
    ]);
    child.kill();
    assert.equal(exited, 0, 'the process ended by itself');
    assert.equal(out.trim(), '200');
  });

  test('a client that goes away aborts the provider\'s signal', async () => {
    let seen: AbortSignal | undefined;
    const handler = createInviteProxy({
      provider: inProcessProvider({
        list: (_identity, ctx) => {
          seen = ctx.signal;
          return new Promise<InvitationView[]>((resolve) => ctx.signal.addEventListener('abort', () => resolve([])));
        },
        accept: () => undefined,
      }),
      getIdentity: () => ({ userId: 'u', email: 'u@example.com', emailVerified: true }),
      rateLimit: false,
    });
    const client = new AbortController();
    const answer = handler(new Request('http://proxy.test/api/invitations', { signal: client.signal }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(seen?.aborted, false);
    client.abort();
    await answer;
    assert.equal(seen?.aborted, true);
  });
});

describe('item 5: free-mail providers and public suffixes', () => {
  const scope = '/scopes/workspace/acme/autojoin';

  test('item 5: hotmail.it, yahoo.es, outlook.de, t-online.de, mail.gmail.com, co.uk cannot be autojoin domains', async () => {
    const base = await proxyWith();
    for (const domain of ['hotmail.it', 'yahoo.es', 'outlook.de', 't-online.de', 'mail.gmail.com', 'co.uk', 'mailinator.com', 'corp.local']) {
      const res = await call(base, 'PUT', scope, { user: FRANK, body: { domains: ['acme.com', domain] } });
      assert.equal(res.status, 400, domain);
      assert.equal(res.body.error.code, 'bad_request');
      assert.ok(res.body.error.message.includes(domain), res.body.error.message);
    }
    const settings = await upstream('GET', '/api/v1/invitations/by-scope/workspace/acme/autojoin');
    assert.deepEqual(settings.autojoinDomains.map((d: { domain: string }) => d.domain), ['acme.com'], 'nothing was written upstream');
    const ok = await call(base, 'PUT', scope, { user: FRANK, body: { domains: ['acme.com', 'mail.acme.co.uk'] } });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.body.domains, ['acme.com', 'mail.acme.co.uk']);
  });

  test('item 5: an upstream misconfigured with a free-mail or suffix domain is never offered', async () => {
    await upstream('POST', '/api/v1/invitations/autojoin', { scope: 'acme', scopeType: 'workspace', domains: ['acme.com', 'hotmail.it', 'co.uk', 't-online.de'] });
    const base = await proxyWith();
    for (const email of ['eve@hotmail.it', 'mallory@co.uk', 'trent@t-online.de']) {
      const res = await call(base, 'GET', '', { user: email });
      assert.equal(res.status, 200);
      assert.ok(!(res.body.invitations as InvitationView[]).some((v) => v.kind === 'autojoin'), email);
      const accept = await call(base, 'POST', '/accept', { user: email, body: { invitationIds: ['inv_autojoin_acme'] } });
      assert.equal(accept.body.results[0].error.code, 'not_found', email);
    }
    const alice = await call(base, 'GET', '', { user: ALICE });
    assert.ok(ids(alice.body.invitations).includes('inv_autojoin_acme'), 'a real company domain is still offered');
  });
});

describe('item 6: slow bodies', () => {
  test('item 6: a body trickling in past bodyTimeoutMs answers 408', async () => {
    const base = await proxyWith({ bodyTimeoutMs: 500 });
    const { hostname, port, pathname } = new URL(`${base}/accept`);
    const socket = net.connect(Number(port), hostname);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const body = JSON.stringify({ invitationIds: ['inv_alice_design'] });
    socket.write([
      `POST ${pathname} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Content-Type: application/json',
      `Origin: http://${hostname}:${port}`, `x-test-user: ${ALICE}`, `Content-Length: ${body.length}`, '', '',
    ].join('\r\n'));
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const started = performance.now();
    // One byte every 150 ms: the whole body would take ~5 s.
    for (let i = 0; i < body.length && answer === '' && !socket.destroyed; i++) {
      socket.write(body[i]!);
      await new Promise((r) => setTimeout(r, 150));
    }
    const elapsed = performance.now() - started;
    socket.end();
    await closed;
    assert.match(answer, /^HTTP\/1\.1 408 /, `answer: ${answer.slice(0, 80)}`);
    assert.ok(elapsed < 4000, `answered after ${Math.round(elapsed)} ms, before the body was complete`);
    const json = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    assert.equal(json.error.code, 'request_timeout');
    assert.equal(await isAcceptedUpstream('inv_alice_design', ALICE), false);
  });
});

describe('item 8: tracking images', () => {
  test('item 8: upstream image URLs are dropped unless their host is in imageHosts', async () => {
    const erin = 'erin@initech.com';
    const [tracked] = await invite(erin, 1, { inviter: { userId: 'u_mallory', name: 'Mallory', avatarUrl: 'https://tracker.example.net/p.png?to=erin' } });
    const [trusted] = await invite(erin, 1, { inviter: { userId: 'u_ivy', name: 'Ivy', avatarUrl: 'https://avatars.cdn.test/ivy.png' } });
    const avatar = (list: InvitationView[], id: string): string | undefined => list.find((v) => v.id === id)?.inviter?.avatarUrl;

    const strict = await call(await proxyWith(), 'GET', '', { user: erin });
    assert.equal(avatar(strict.body.invitations, tracked!), undefined);
    assert.equal(avatar(strict.body.invitations, trusted!), undefined, 'no imageHosts: monograms only');
    assert.ok(!strict.text.includes('tracker.example.net'));

    const allowing = await call(await proxyWith({ imageHosts: ['Avatars.CDN.test'] }), 'GET', '', { user: erin });
    assert.equal(avatar(allowing.body.invitations, tracked!), undefined);
    assert.equal(avatar(allowing.body.invitations, trusted!), 'https://avatars.cdn.test/ivy.png');
  });

  test('item 8: enrich may still set any https image; upstream logos follow imageHosts', async () => {
    const view = (id: string): InvitationView => ({
      id, kind: 'invitation', createdAt: new Date().toISOString(), status: 'pending', canDecline: false,
      scope: { type: 'team', id, name: `Team ${id}`, logoUrl: 'https://tracker.example.net/logo.png' },
      inviter: { name: 'Ivy', avatarUrl: 'https://tracker.example.net/ivy.png' },
    });
    const base = await proxyWith({
      provider: inProcessProvider({ list: () => [view('a'), view('b')], accept: () => undefined }),
      enrich: (v) => (v.id === 'a' ? { ...v, scope: { ...v.scope, logoUrl: 'https://host.example.com/logos/a.svg' }, inviter: { ...v.inviter, avatarUrl: 'https://host.example.com/u/ivy.png' } } : v),
    });
    const res = await call(base, 'GET', '', { user: ALICE });
    const [a, b] = [...res.body.invitations].sort((x: InvitationView, y: InvitationView) => x.id.localeCompare(y.id));
    assert.equal(a.scope.logoUrl, 'https://host.example.com/logos/a.svg');
    assert.equal(a.inviter.avatarUrl, 'https://host.example.com/u/ivy.png');
    assert.equal(b.scope.logoUrl, undefined);
    assert.equal(b.inviter.avatarUrl, undefined);
    assert.ok(!res.text.includes('tracker.example.net'));
  });
});

describe('item 9: invitation floods', () => {
  test('item 9: the list is capped at maxItems, pending first then newest, with total', async () => {
    const flood = 'flood@umbrella.com';
    const expiredIds = await invite(flood, 5, { expires: new Date(Date.now() - 60_000).toISOString() });
    const olderIds = await invite(flood, 5);
    // Distinct creation times, so "newest first" decides which pending five the cap leaves out.
    await new Promise((r) => setTimeout(r, 20));
    const newerIds = await invite(flood, 100);
    const pendingIds = [...olderIds, ...newerIds];

    const capped = await call(await proxyWith(), 'GET', '', { user: flood });
    assert.equal(capped.status, 200);
    assert.equal(capped.body.invitations.length, 100, 'default maxItems is 100');
    assert.equal(capped.body.total, 110);
    assert.ok(capped.body.invitations.every((v: InvitationView) => v.status === 'pending'), 'pending first');
    assert.ok(!ids(capped.body.invitations).some((id) => expiredIds.includes(id)));
    assert.deepEqual(ids(capped.body.invitations).sort(), [...newerIds].sort(), 'the newest 100 pending');

    const full = await call(await proxyWith({ maxItems: 1000 }), 'GET', '', { user: flood });
    assert.equal(full.body.invitations.length, 110);
    assert.equal(full.body.total, 110);
    const all: InvitationView[] = full.body.invitations;
    assert.deepEqual(ids(all).slice(105).sort(), [...expiredIds].sort(), 'expired last');
    for (let i = 1; i < 105; i++) assert.ok(all[i - 1]!.createdAt >= all[i]!.createdAt, 'newest first');
    assert.deepEqual(ids(capped.body.invitations), ids(all).slice(0, 100), 'the cap keeps the first 100 of that order');
    assert.ok(pendingIds.every((id) => ids(all).includes(id)));

    const small = await call(await proxyWith({ maxItems: 3 }), 'GET', '', { user: flood });
    assert.deepEqual(ids(small.body.invitations), ids(all).slice(0, 3));
    assert.equal(small.body.total, 110);
  });
});
