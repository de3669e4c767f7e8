/**
 * Autojoin's domain rules are an option of the runtime-neutral core: without
 * them autojoin fails closed (offers withheld, admin PUT 501, one onError
 * report); with them — the value or a loader — it works as the Node entry does
 * by default. Real emulator and proxy on loopback.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createInviteProxy as createCoreProxy, ProxyError, seedApiProvider, type InviteProxyOptions } from '../../src/server/core.js';
import { domainRules } from '../../src/server/domain-rules.js';
import { createInviteProxy } from '../../src/server/index.js';
import type { InvitationView } from '../../src/shared/view-model.js';
import { call, emulatorCall, isDemoAdmin, serve, testIdentity, type Running } from './proxy-harness.js';

const API_KEY = 'sk-test-domain-rules';
const ALICE = 'alice@acme.com';
const ERIN = 'erin@gmail.com';
const FRANK = 'frank@acme.com';
const ACME_AUTOJOIN = '/scopes/workspace/acme/autojoin';

let emu: RunningEmulator;
const running: Running[] = [];
let reported: unknown[] = [];

before(async () => {
  emu = await startEmulator({ port: 0, apiKey: API_KEY });
});
beforeEach(async () => {
  reported = [];
  await emulatorCall(emu.url, API_KEY, 'POST', '/__emulator/reset');
});
after(async () => {
  await Promise.all(running.map((r) => r.close()));
  await emu.close();
});

type Create = (options: InviteProxyOptions) => (request: Request) => Promise<Response>;

async function proxyWith(create: Create, options: Partial<InviteProxyOptions> = {}): Promise<string> {
  const server = await serve(create({
    provider: seedApiProvider({ baseUrl: emu.url, apiKey: API_KEY }),
    getIdentity: testIdentity,
    authorizeScope: isDemoAdmin,
    rateLimit: false,
    onError: (err) => reported.push(err),
    ...options,
  }));
  running.push(server);
  return `${server.url}/api/invitations`;
}

const listed = async (base: string, user: string): Promise<InvitationView[]> => {
  const res = await call(base, 'GET', '', { user });
  assert.equal(res.status, 200, res.text);
  return res.body.invitations as InvitationView[];
};
const autojoinIds = (views: InvitationView[]): string[] => views.filter((v) => v.kind === 'autojoin').map((v) => v.id);
const missingReports = (): unknown[] =>
  reported.filter((err) => err instanceof ProxyError && err.code === 'domain_rules_missing');
const upstreamDomains = async (): Promise<string[]> =>
  ((await emulatorCall(emu.url, API_KEY, 'GET', '/api/v1/invitations/by-scope/workspace/acme/autojoin')) as {
    autojoinDomains: { domain: string }[];
  }).autojoinDomains.map((d) => d.domain);

describe('the core without domainRules: autojoin fails closed', () => {
  test('offers are withheld, everything else is listed, and onError is told once why', async () => {
    const base = await proxyWith(createCoreProxy);
    for (const user of [ALICE, ALICE, 'carol@initech.com']) {
      const views = await listed(base, user);
      assert.deepEqual(autojoinIds(views), [], user);
      if (user === ALICE) assert.ok(views.some((v) => v.id === 'inv_alice_design'), 'the ordinary invitations are still there');
    }
    const [report, ...more] = missingReports();
    assert.equal(more.length, 0, 'told once, not per request');
    assert.match(String((report as Error).message), /import \{ domainRules \} from 'invite-inbox\/server\/domain-rules'/);
    // An offer the list withheld cannot be accepted by its ID either.
    const accept = await call(base, 'POST', '/accept', { user: ALICE, body: { invitationIds: ['inv_autojoin_acme'] } });
    assert.equal(accept.body.results[0].error.code, 'not_found');
  });

  test('setting autojoin domains answers 501 domain_rules_missing and writes nothing; reading them still works', async () => {
    const base = await proxyWith(createCoreProxy);
    const put = await call(base, 'PUT', ACME_AUTOJOIN, { user: FRANK, body: { domains: ['acme.com', 'gmail.com'] } });
    assert.equal(put.status, 501, put.text);
    assert.equal(put.body.error.code, 'domain_rules_missing');
    assert.match(put.body.error.message, /invite-inbox\/server\/domain-rules/);
    assert.deepEqual(await upstreamDomains(), ['acme.com']);
    const get = await call(base, 'GET', ACME_AUTOJOIN, { user: FRANK });
    assert.deepEqual(get.body, { domains: ['acme.com'] });
    // Not an admin: still 403 first, the rules are nobody else's business.
    assert.equal((await call(base, 'PUT', ACME_AUTOJOIN, { user: ALICE, body: { domains: ['acme.com'] } })).status, 403);
    await listed(base, ALICE);
    assert.equal(missingReports().length, 1, 'the PUT and the list share the one report');
  });
});

describe('the core with domainRules', () => {
  test('the rules as a value: company offers shown, free-mail ones not, free-mail domains refused', async () => {
    const base = await proxyWith(createCoreProxy, { domainRules });
    assert.deepEqual(autojoinIds(await listed(base, ALICE)), ['inv_autojoin_acme']);
    assert.deepEqual(autojoinIds(await listed(base, ERIN)), [], 'gmail.com is free-mail');
    const free = await call(base, 'PUT', ACME_AUTOJOIN, { user: FRANK, body: { domains: ['acme.com', 'gmail.com'] } });
    assert.equal(free.status, 400);
    const ok = await call(base, 'PUT', ACME_AUTOJOIN, { user: FRANK, body: { domains: ['acme.com', 'acme.co.uk'] } });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(missingReports(), []);
  });

  test('the rules as a loader: imported on first autojoin use, once, and again after a failure', async () => {
    let calls = 0;
    const base = await proxyWith(createCoreProxy, {
      domainRules: async () => {
        calls++;
        if (calls === 1) throw new Error('chunk failed to load');
        return (await import('../../src/server/domain-rules.js')).domainRules;
      },
    });
    await listed(base, 'bob@globex.com');
    assert.equal(calls, 0, 'a list without an autojoin offer loads nothing');
    const failed = await call(base, 'GET', '', { user: ALICE });
    assert.equal(failed.status, 502, 'an opaque failure, as for any error behind the proxy');
    assert.ok(reported.some((err) => err instanceof Error && err.message === 'chunk failed to load'), 'and onError hears it');
    assert.deepEqual(autojoinIds(await listed(base, ALICE)), ['inv_autojoin_acme']);
    assert.deepEqual(autojoinIds(await listed(base, ALICE)), ['inv_autojoin_acme']);
    assert.equal(calls, 2, 'retried once after the failure, then kept');
  });

  test('freeMailDomains adds to the given rules, subdomains included', async () => {
    const base = await proxyWith(createCoreProxy, { domainRules, freeMailDomains: [' ACME.com. '] });
    assert.deepEqual(autojoinIds(await listed(base, ALICE)), []);
    const put = await call(base, 'PUT', ACME_AUTOJOIN, { user: FRANK, body: { domains: ['mail.acme.com'] } });
    assert.equal(put.status, 400);
    assert.match(put.body.error.message, /free-mail/i);
  });

  test('something that is neither the rules nor a loader is refused when the proxy is created', () => {
    for (const wrong of [null, {}, { isFreeMail: () => false }, 'domain-rules']) {
      assert.throws(
        () => createCoreProxy({ provider: seedApiProvider({ baseUrl: emu.url, apiKey: API_KEY }), getIdentity: testIdentity, domainRules: wrong as never }),
        /domainRules must be/,
      );
    }
  });
});

test('invite-inbox/server keeps the full rules by default, loaded on first use', async () => {
  const base = await proxyWith(createInviteProxy);
  assert.deepEqual(autojoinIds(await listed(base, ALICE)), ['inv_autojoin_acme']);
  assert.deepEqual(autojoinIds(await listed(base, ERIN)), []);
  assert.deepEqual(missingReports(), []);
});
