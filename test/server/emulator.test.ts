import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { scopeOffset } from '../../src/emulator/routes-seed-api.js';

const KEY = 'test-key';
const TOKEN = 'test-census-token';
const json = { 'x-api-key': KEY, 'content-type': 'application/json' };

let emu: RunningEmulator;

const api = (path: string, init: RequestInit = {}): Promise<Response> =>
  fetch(`${emu.url}${path}`, { ...init, headers: { ...json, ...(init.headers as Record<string, string>) } });
const post = (path: string, body: unknown): Promise<Response> =>
  api(path, { method: 'POST', body: JSON.stringify(body) });
const lookup = async (email: string): Promise<any[]> => {
  const res = await api(`/api/v1/invitations?targetType=email&targetValue=${encodeURIComponent(email)}`);
  assert.equal(res.status, 200);
  return (await res.json()).invitations;
};
const accept = (ids: string[], email: string): Promise<Response> =>
  post('/api/v1/invitations/accept', { invitationIds: ids, user: { email } });
const census = (query: string, auth = `Bearer ${TOKEN}`): Promise<Response> =>
  fetch(`${emu.url}/census/api/v1/invitations${query}`, { headers: { authorization: auth } });
const expectError = async (res: Response, status: number): Promise<any> => {
  assert.equal(res.status, status);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  const body = await res.json();
  assert.equal(typeof body.error, 'string');
  assert.ok(body.error.length > 0);
  return body;
};

/** Every field of the seed documents' invitation object, with its JSON type. */
function assertInvitationShape(inv: any): void {
  const fields: Record<string, string> = {
    id: 'string',
    accountId: 'string',
    attributes: 'object',
    clickThroughs: 'number',
    configurationAttributes: 'object',
    formSubmissionData: 'object',
    createdAt: 'string',
    deactivated: 'boolean',
    deliveryCount: 'number',
    deliveryTypes: 'array',
    foreignCreatorId: 'string',
    invitationType: 'string',
    modifiedAt: 'string',
    status: 'string',
    target: 'array',
    views: 'number',
    widgetConfigurationId: 'string',
    deploymentId: 'string',
    projectId: 'string',
    groups: 'array',
    accepts: 'array',
    scope: 'string',
    scopeType: 'string',
    expired: 'boolean',
    source: 'string',
    metadata: 'object',
  };
  for (const [name, type] of Object.entries(fields)) {
    const value = inv[name];
    assert.equal(Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value, type, `field ${name}`);
  }
  for (const name of ['subtype', 'passThrough']) assert.ok(name in inv, `field ${name}`);
  assert.ok(['single_use', 'multi_use', 'autojoin'].includes(inv.invitationType));
  assert.ok(
    ['queued', 'sending', 'sent', 'delivered', 'accepted', 'shared', 'unfurled', 'accepted_elsewhere'].includes(inv.status),
  );
  assert.ok(!Number.isNaN(Date.parse(inv.createdAt)) && !Number.isNaN(Date.parse(inv.modifiedAt)));
  // `expires` only exists with an expiry; `expired` follows it.
  if ('expires' in inv) assert.equal(inv.expired, Date.parse(inv.expires) <= Date.now());
  else assert.equal(inv.expired, false);
  for (const t of inv.target) assert.deepEqual(Object.keys(t).sort(), ['type', 'value']);
  for (const g of inv.groups) assert.deepEqual(Object.keys(g).sort(), ['id', 'name', 'type']);
  assert.equal(inv.groups[0]?.id, inv.scope);
  for (const a of inv.accepts) {
    assert.equal(a.status, 'accepted');
    assert.equal(typeof a.id, 'string');
    assert.ok(!Number.isNaN(Date.parse(a.acceptedAt)));
  }
}

before(async () => {
  emu = await startEmulator({ apiKey: KEY, censusToken: TOKEN });
});
after(() => emu.close());
beforeEach(() => emu.emulator.reset());

describe('auth and edges', () => {
  test('seed API, controls and census refuse missing or wrong credentials', async () => {
    const path = '/api/v1/invitations?targetType=email&targetValue=alice@acme.com';
    await expectError(await fetch(`${emu.url}${path}`), 401);
    await expectError(await fetch(`${emu.url}${path}`, { headers: { 'x-api-key': 'nope' } }), 401);
    await expectError(await fetch(`${emu.url}/__emulator/reset`, { method: 'POST' }), 401);
    await expectError(await census('', ''), 401);
    await expectError(await census('', 'Bearer wrong'), 401);
    // The seed API key is not a census credential, nor the reverse.
    await expectError(await fetch(`${emu.url}/census/api/v1/invitations`, { headers: { 'x-api-key': KEY } }), 401);
    await expectError(await fetch(`${emu.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } }), 401);
  });

  test('unknown routes 404, broken JSON 400, wrong content type 415, all as JSON', async () => {
    await expectError(await api('/api/v1/nothing-here'), 404);
    await expectError(await fetch(`${emu.url}/elsewhere`), 404);
    await expectError(await api('/api/v1/invitations/accept', { method: 'POST', body: '{"invitationIds": [' }), 400);
    await expectError(
      await api('/api/v1/invitations/accept', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ invitationIds: ['inv_alice_design'], user: { email: 'alice@acme.com' } }),
      }),
      415,
    );
  });
});

describe('GET /api/v1/invitations (invitee lookup)', () => {
  test('alice gets her open, expired and acme.com autojoin invitations, all seed-shaped', async () => {
    const list = await lookup('alice@acme.com');
    list.forEach(assertInvitationShape);
    const ids = list.map((i) => i.id).sort();
    assert.deepEqual(ids, ['inv_alice_apollo', 'inv_alice_design', 'inv_alice_globex_expired', 'inv_autojoin_acme']);
    const design = list.find((i) => i.id === 'inv_alice_design');
    assert.equal(design.expired, false);
    assert.ok(Date.parse(design.expires) > Date.now());
    assert.deepEqual(design.target, [{ type: 'email', value: 'alice@acme.com' }]);
    assert.equal(design.formSubmissionData.role.value, 'editor');
    assert.equal(typeof design.formSubmissionData.personalMessage.value, 'string');
    assert.equal(design.creatorName, 'Grace Hopper');
    assert.deepEqual(design.groups, [{ type: 'team', id: 'design', name: 'Design Guild' }]);
    assert.equal(list.find((i) => i.id === 'inv_alice_globex_expired').expired, true);
    const autojoin = list.find((i) => i.id === 'inv_autojoin_acme');
    assert.equal(autojoin.invitationType, 'autojoin');
    assert.equal(autojoin.scope, 'acme');
  });

  test('email match is case-insensitive, for direct and domain invitations', async () => {
    const ids = (await lookup('ALICE@Acme.COM')).map((i) => i.id).sort();
    assert.deepEqual(ids, ['inv_alice_apollo', 'inv_alice_design', 'inv_alice_globex_expired', 'inv_autojoin_acme']);
  });

  test('the other demo users see what their stories promise', async () => {
    const bob = await lookup('bob@globex.com');
    assert.deepEqual(bob.map((i) => [i.id, i.expired]), [['inv_bob_apollo_expired', true]]);
    const carol = await lookup('carol@initech.com');
    assert.deepEqual(carol.map((i) => [i.id, i.invitationType]), [['inv_autojoin_initech', 'autojoin']]);
    assert.deepEqual(await lookup('dave@example.org'), []);
    const erin = (await lookup('erin@gmail.com')).map((i) => i.id).sort();
    assert.deepEqual(erin, ['inv_autojoin_hobby-club', 'inv_erin_design']);
  });

  test('missing or invalid parameters are 400', async () => {
    await expectError(await api('/api/v1/invitations'), 400);
    await expectError(await api('/api/v1/invitations?targetType=email'), 400);
    await expectError(await api('/api/v1/invitations?targetType=fax&targetValue=1'), 400);
    await expectError(await api('/api/v1/invitations?targetType=email&targetValue=not-an-email'), 400);
  });
});

describe('POST /api/v1/invitations/accept', () => {
  test('user format: answers the accepted invitation and records the accept', async () => {
    const res = await accept(['inv_alice_design'], 'alice@acme.com');
    assert.equal(res.status, 200);
    const body = await res.json();
    assertInvitationShape(body);
    assert.equal(body.id, 'inv_alice_design');
    assert.equal(body.status, 'accepted');
    assert.equal(body.accepts.length, 1);
    assert.equal(body.accepts[0].target.value, 'alice@acme.com');
    assert.ok(Date.parse(body.modifiedAt) > Date.now() - 60_000);
    assert.deepEqual(body.invitations.map((i: any) => i.id), ['inv_alice_design']);
    // No longer open for her, still readable by ID.
    assert.ok(!(await lookup('alice@acme.com')).some((i) => i.id === 'inv_alice_design'));
    const one = await (await api('/api/v1/invitations/inv_alice_design')).json();
    assert.equal(one.status, 'accepted');
    // Single use: nobody can take it again.
    await expectError(await accept(['inv_alice_design'], 'alice@acme.com'), 409);
  });

  test('older target format works the same', async () => {
    const res = await post('/api/v1/invitations/accept', {
      invitationIds: ['inv_alice_apollo'],
      target: { type: 'email', value: 'Alice@acme.com' },
    });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).status, 'accepted');
  });

  test('several IDs: first one is the body, all in `invitations`; a refused ID accepts none', async () => {
    const refused = await accept(['inv_alice_apollo', 'inv_alice_globex_expired'], 'alice@acme.com');
    const err = await expectError(refused, 410);
    assert.match(err.error, /inv_alice_globex_expired/);
    assert.equal((await (await api('/api/v1/invitations/inv_alice_apollo')).json()).accepts.length, 0);

    const res = await accept(['inv_alice_apollo', 'inv_alice_design', 'inv_autojoin_acme'], 'alice@acme.com');
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.id, 'inv_alice_apollo');
    assert.deepEqual(body.invitations.map((i: any) => [i.id, i.status]), [
      ['inv_alice_apollo', 'accepted'],
      ['inv_alice_design', 'accepted'],
      ['inv_autojoin_acme', 'accepted'],
    ]);
  });

  test('refusals: unknown 404, not theirs 403, expired 410, revoked 404', async () => {
    await expectError(await accept(['inv_missing'], 'alice@acme.com'), 404);
    await expectError(await accept(['inv_alice_design'], 'mallory@acme.com'), 403);
    await expectError(await accept(['inv_alice_globex_expired'], 'alice@acme.com'), 410);
    assert.equal((await api('/api/v1/invitations/inv_alice_apollo', { method: 'DELETE' })).status, 200);
    await expectError(await accept(['inv_alice_apollo'], 'alice@acme.com'), 404);
  });

  test('bad bodies are 400', async () => {
    await expectError(await post('/api/v1/invitations/accept', { invitationIds: ['inv_alice_design'] }), 400);
    await expectError(await post('/api/v1/invitations/accept', { invitationIds: [], user: { email: 'a@b.c' } }), 400);
    await expectError(await post('/api/v1/invitations/accept', { invitationIds: ['x'], user: {} }), 400);
  });

  test('autojoin by email domain: many users, each once; other domains refused', async () => {
    const first = await accept(['inv_autojoin_initech'], 'carol@initech.com');
    assert.equal(first.status, 200);
    const second = await accept(['inv_autojoin_initech'], 'Dan@INITECH.com');
    assert.equal(second.status, 200);
    const body = await second.json();
    assert.equal(body.invitationType, 'autojoin');
    assert.deepEqual(body.accepts.map((a: any) => a.target.value), ['carol@initech.com', 'dan@initech.com']);
    await expectError(await accept(['inv_autojoin_initech'], 'carol@initech.com'), 409);
    await expectError(await accept(['inv_autojoin_initech'], 'carol@initech.com.evil.io'), 403);
    // Once she has joined, the offer is gone from her list but not from a colleague's.
    assert.deepEqual(await lookup('carol@initech.com'), []);
    assert.equal((await lookup('eve@initech.com')).length, 1);
  });

  test('two overlapping accepts of one single-use invitation by different users: exactly one wins', async () => {
    // A single-use share link can be taken by anyone, but only once.
    const created = await post('/api/v1/invitations', {
      widgetConfigurationId: 'wc_default',
      target: { type: 'share', value: 'link' },
      inviter: { userId: 'user_frank' },
      groups: [{ type: 'workspace', groupId: 'acme', name: 'Acme Corp' }],
      invitationType: 'single_use',
    });
    const { id } = await created.json();
    const fault = await post('/__emulator/faults', { latencyMs: 150, times: 2, pathPrefix: '/api/v1/invitations/accept' });
    assert.equal(fault.status, 200);
    const [a, b] = await Promise.all([accept([id], 'bob@globex.com'), accept([id], 'carol@initech.com')]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409]);
    const loser = a.status === 409 ? a : b;
    assert.match((await loser.json()).error, /already been accepted/);
    const one = await (await api(`/api/v1/invitations/${id}`)).json();
    assert.equal(one.accepts.length, 1);
  });
});

describe('single invitation routes and create', () => {
  test('GET one, DELETE revokes ({}), reinvite bumps deliveryCount; unknown IDs 404', async () => {
    const before = await (await api('/api/v1/invitations/inv_globex_1')).json();
    assertInvitationShape(before);
    const re = await api('/api/v1/invitations/inv_globex_1/reinvite', { method: 'POST' });
    assert.equal(re.status, 200);
    const after = await re.json();
    assert.equal(after.deliveryCount, before.deliveryCount + 1);
    assert.ok(Date.parse(after.modifiedAt) > Date.parse(before.modifiedAt));
    const del = await api('/api/v1/invitations/inv_globex_1', { method: 'DELETE' });
    assert.deepEqual(await del.json(), {});
    assert.equal((await (await api('/api/v1/invitations/inv_globex_1')).json()).deactivated, true);
    assert.ok(!(await lookup('pat@globex.com')).length);
    await expectError(await api('/api/v1/invitations/inv_missing'), 404);
    await expectError(await api('/api/v1/invitations/inv_missing', { method: 'DELETE' }), 404);
    await expectError(await api('/api/v1/invitations/inv_missing/reinvite', { method: 'POST' }), 404);
  });

  test('create → lookup → accept round trip keeps scope, inviter, role and message', async () => {
    const res = await post('/api/v1/invitations', {
      widgetConfigurationId: 'wc_default',
      target: { type: 'email', value: 'zoe@newco.io' },
      inviter: { userId: 'user_42', userEmail: 'kim@acme.com', name: 'Kim Lee', avatarUrl: 'https://example.com/k.png' },
      groups: [{ type: 'workspace', groupId: 'acme', name: 'Acme Corp' }],
      subtype: 'pymk',
      metadata: { role: 'admin', personalMessage: 'Welcome!' },
    });
    assert.equal(res.status, 200);
    const created = await res.json();
    assert.deepEqual(Object.keys(created).sort(), ['createdAt', 'id', 'shortLink', 'status']);
    assert.equal(created.status, 'queued');
    assert.match(created.shortLink, /^http:\/\//);

    const [found] = await lookup('zoe@newco.io');
    assertInvitationShape(found);
    assert.equal(found.id, created.id);
    assert.equal(found.scope, 'acme');
    assert.equal(found.scopeType, 'workspace');
    assert.deepEqual(found.groups, [{ type: 'workspace', id: 'acme', name: 'Acme Corp' }]);
    assert.equal(found.foreignCreatorId, 'user_42');
    assert.equal(found.creatorName, 'Kim Lee');
    assert.equal(found.creatorAvatarUrl, 'https://example.com/k.png');
    assert.equal(found.formSubmissionData.role.value, 'admin');
    assert.equal(found.formSubmissionData.personalMessage.value, 'Welcome!');
    assert.equal(found.subtype, 'pymk');
    assert.equal(found.expired, false);
    assert.ok(!('expires' in found));

    assert.equal((await accept([created.id], 'zoe@newco.io')).status, 200);
    assert.deepEqual(await lookup('zoe@newco.io'), []);
  });

  test('create refuses incomplete bodies', async () => {
    const missing = await expectError(await post('/api/v1/invitations', { target: { type: 'email', value: 'x@y.z' } }), 400);
    assert.equal(missing.error, 'widgetConfigurationId: required');
    const valid = {
      widgetConfigurationId: 'wc',
      target: { type: 'email', value: 'x@y.z' },
      inviter: { userId: 'u' },
      groups: [{ type: 'team', groupId: 'g', name: 'G' }],
    };
    // A list is no map, though a schema library may read one as an object keyed "0", "1", …
    await expectError(await post('/api/v1/invitations', { ...valid, metadata: ['x'] }), 400);
    await expectError(await post('/api/v1/invitations', { ...valid, formSubmissionData: [{ type: 'text', value: 'hi' }] }), 400);
    await expectError(
      await post('/api/v1/invitations', {
        widgetConfigurationId: 'wc',
        target: { type: 'email', value: 'x@y.z' },
        inviter: { userId: 'u' },
        groups: [],
      }),
      400,
    );
  });
});

describe('by scope', () => {
  test('20 a page; start 19 (as documented) and 20 both give the next page', async () => {
    const page = async (start: string): Promise<any[]> => {
      const res = await api(`/api/v1/invitations/by-scope/workspace/acme?start=${start}`);
      assert.equal(res.status, 200);
      return (await res.json()).invitations;
    };
    const first = await page('0');
    const second = await page('19');
    assert.equal(first.length, 20);
    assert.equal(second.length, 6);
    first.forEach(assertInvitationShape);
    assert.deepEqual((await page('20')).map((i) => i.id), second.map((i) => i.id));
    const all = new Set([...first, ...second].map((i) => i.id));
    assert.equal(all.size, 26);
    assert.ok([...first, ...second].every((i) => i.scope === 'acme' && i.invitationType !== 'autojoin'));
    assert.deepEqual(await page('39'), []);
    const defaulted = await (await api('/api/v1/invitations/by-scope/workspace/acme')).json();
    assert.deepEqual(defaulted.invitations.map((i: any) => i.id), first.map((i) => i.id));
    assert.deepEqual([0, 19, 20, 39, 40, 5].map(scopeOffset), [0, 20, 20, 40, 40, 5]);
  });

  test('invalid start is 400; an unknown scope is empty', async () => {
    await expectError(await api('/api/v1/invitations/by-scope/workspace/acme?start=-1'), 400);
    await expectError(await api('/api/v1/invitations/by-scope/workspace/acme?start=abc'), 400);
    const res = await api('/api/v1/invitations/by-scope/team/nobody');
    assert.deepEqual(await res.json(), { invitations: [] });
  });

  test('autojoin: read, replace (kept domains keep IDs), switch off and on', async () => {
    const read = async (): Promise<any> =>
      (await api('/api/v1/invitations/by-scope/workspace/acme/autojoin')).json();
    const initial = await read();
    assert.deepEqual(initial.autojoinDomains.map((d: any) => d.domain), ['acme.com']);
    assertInvitationShape(initial.invitation);
    assert.equal(initial.invitation.invitationType, 'autojoin');

    const set = (domains: string[]): Promise<Response> =>
      post('/api/v1/invitations/autojoin', { scope: 'acme', scopeType: 'workspace', domains, scopeName: 'Acme Corp' });
    const res = await set(['acme.com', 'acme.io']);
    assert.equal(res.status, 200);
    const updated = await res.json();
    assert.deepEqual(updated.autojoinDomains.map((d: any) => d.domain), ['acme.com', 'acme.io']);
    assert.equal(updated.autojoinDomains[0].id, initial.autojoinDomains[0].id);
    assert.deepEqual(await read(), updated);
    assert.equal((await lookup('new@acme.io')).length, 1);

    const off = await (await set([])).json();
    assert.deepEqual(off, { autojoinDomains: [], invitation: null });
    assert.deepEqual(await lookup('new@acme.io'), []);
    await expectError(await accept(['inv_autojoin_acme'], 'new@acme.com'), 404);

    const on = await (await set(['acme.com'])).json();
    assert.equal(on.invitation.id, initial.invitation.id);

    const fresh = await post('/api/v1/invitations/autojoin', { scope: 'zeta', scopeType: 'team', domains: ['zeta.dev'] });
    assert.equal((await fresh.json()).invitation.scope, 'zeta');
    assert.equal((await lookup('x@zeta.dev'))[0].scopeType, 'team');
  });

  test('autojoin refuses malformed domains', async () => {
    for (const bad of ['Acme.com', 'https://acme.com', '@acme.com', 'acme com', 'acme', 'a@acme.com']) {
      const res = await post('/api/v1/invitations/autojoin', { scope: 'acme', scopeType: 'workspace', domains: [bad] });
      await expectError(res, 400);
    }
    await expectError(await post('/api/v1/invitations/autojoin', { scope: 'acme', domains: [] }), 400);
  });
});

describe('census (organisation list)', () => {
  test('pages with a full pagination block and documented record fields', async () => {
    const res = await census('?page=2&per_page=10');
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.status, 'success');
    assert.deepEqual(body.pagination, {
      total_records: 30,
      per_page: 10,
      prev_page: 1,
      page: 2,
      next_page: 3,
      last_page: 3,
    });
    assert.equal(body.data.length, 10);
    for (const r of body.data) {
      assert.equal(typeof r.id, 'number');
      assert.match(r.email, /@/);
      assert.ok(!Number.isNaN(Date.parse(r.created_at)));
      assert.equal(typeof r.created_by_id, 'number');
      assert.equal(r.claimed_at === null, r.claimed_by_id === null);
      assert.equal(typeof r.role, 'string');
      assert.ok(Array.isArray(r.associated_workspace_invitations));
    }
    const last = await (await census('?page=3&per_page=10')).json();
    assert.equal(last.pagination.next_page, null);
    const first = await (await census('?page=0&per_page=10')).json();
    assert.equal(first.pagination.page, 1);
    assert.equal(first.pagination.prev_page, null);
    const all = await (await census('?per_page=100')).json();
    assert.equal(all.data.length, 30);
    const alice = all.data.filter((r: any) => r.email === 'alice@acme.com');
    assert.ok(alice.some((r: any) => r.claimed_at) && alice.some((r: any) => !r.claimed_at));
    assert.ok(all.data.some((r: any) => r.email === 'carol@initech.com' && !r.claimed_at));
  });

  test('order by created_at, ascending or descending', async () => {
    const asc = (await (await census('?per_page=100&order=asc')).json()).data.map((r: any) => Date.parse(r.created_at));
    const desc = (await (await census('?per_page=100&order=desc')).json()).data.map((r: any) => Date.parse(r.created_at));
    assert.deepEqual(asc, [...asc].sort((a, b) => a - b));
    assert.deepEqual(desc, [...asc].reverse());
  });

  test('per_page over 100, bad numbers and bad order are 400', async () => {
    await expectError(await census('?per_page=101'), 400);
    await expectError(await census('?per_page=0'), 400);
    await expectError(await census('?page=-2'), 400);
    await expectError(await census('?order=sideways'), 400);
  });

  test('claim control marks a record claimed', async () => {
    const res = await post('/__emulator/census/90003/claim', { userId: 77 });
    assert.equal(res.status, 200);
    const all = await (await census('?per_page=100')).json();
    const record = all.data.find((r: any) => r.id === 90003);
    assert.equal(record.claimed_by_id, 77);
    await expectError(await post('/__emulator/census/90003/claim', { userId: 77 }), 409);
  });
});

describe('faults', () => {
  test('status fault answers that status as JSON, `times` times, then stops', async () => {
    await post('/__emulator/faults', { status: 503, times: 1 });
    await expectError(await api('/api/v1/invitations/inv_alice_design'), 503);
    assert.equal((await api('/api/v1/invitations/inv_alice_design')).status, 200);
  });

  test('pathPrefix limits the fault; DELETE switches it off', async () => {
    await post('/__emulator/faults', { status: 500, pathPrefix: '/census' });
    assert.equal((await api('/api/v1/invitations/inv_alice_design')).status, 200);
    await expectError(await census(''), 500);
    await expectError(await census(''), 500);
    assert.equal((await api('/__emulator/faults', { method: 'DELETE' })).status, 200);
    assert.equal((await census('')).status, 200);
  });

  test('malformed answers 200 with broken JSON', async () => {
    await post('/__emulator/faults', { malformed: true, times: 1 });
    const res = await api('/api/v1/invitations/inv_alice_design');
    assert.equal(res.status, 200);
    await assert.rejects(res.json(), SyntaxError);
  });

  test('hang never answers until the client aborts', async () => {
    await post('/__emulator/faults', { hang: true, times: 1 });
    const controller = new AbortController();
    const pending = api('/api/v1/invitations/inv_alice_design', { signal: controller.signal });
    // The server is still serving others while one request hangs.
    assert.equal((await api('/api/v1/invitations/inv_alice_apollo')).status, 200);
    controller.abort();
    await assert.rejects(pending, { name: 'AbortError' });
  });

  test('bad fault specs are refused', async () => {
    await expectError(await post('/__emulator/faults', { status: 200 }), 400);
    const unknown = await expectError(await post('/__emulator/faults', { explode: true }), 400);
    assert.equal(unknown.error, 'explode: unknown key');
    await expectError(await post('/__emulator/faults', []), 400);
  });

  // The timeout only guards against a close() that never returns.
  test('closing a server with a hanging request still completes', { timeout: 20_000 }, async () => {
    const own = await startEmulator({ apiKey: KEY });
    const control = `${own.url}/__emulator/faults`;
    const fault = await fetch(control, { method: 'POST', headers: json, body: JSON.stringify({ hang: true, times: 1 }) });
    assert.equal(fault.status, 200);
    assert.deepEqual(await (await fetch(control, { headers: json })).json(), { fault: { hang: true, times: 1 }, remaining: 1 });
    const pending = fetch(`${own.url}/api/v1/invitations/inv_alice_design`, { headers: json });
    // The fault disarms once the request has reached the server and is hanging.
    while ((await (await fetch(control, { headers: json })).json()).fault !== null) await setImmediate();
    await own.close();
    await assert.rejects(pending);
  });

  test('reset control brings the demo data back', async () => {
    await accept(['inv_alice_design'], 'alice@acme.com');
    assert.equal((await post('/__emulator/reset', {})).status, 200);
    assert.ok((await lookup('alice@acme.com')).some((i) => i.id === 'inv_alice_design'));
  });
});

describe('persistence', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'invite-emulator-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('state survives a restart on the same file; leftover temp files are harmless', async () => {
    const dataFile = join(dir, 'state.json');
    const first = await startEmulator({ apiKey: KEY, dataFile });
    const res = await fetch(`${first.url}/api/v1/invitations/accept`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ invitationIds: ['inv_alice_design'], user: { email: 'alice@acme.com' } }),
    });
    assert.equal(res.status, 200);
    await first.close();
    JSON.parse(await readFile(dataFile, 'utf8'));

    // What a process killed mid-write leaves behind (its pid is long gone).
    await writeFile(join(dir, '.state.json.999999999.dead.tmp'), '{"version": 1, "invita');
    const second = await startEmulator({ apiKey: KEY, dataFile });
    after(() => second.close());
    const one = await (
      await fetch(`${second.url}/api/v1/invitations/inv_alice_design`, { headers: json })
    ).json();
    assert.equal(one.status, 'accepted');
    assert.equal(one.accepts[0].target.value, 'alice@acme.com');
    assert.deepEqual(
      (await readdir(dir)).filter((n) => n.endsWith('.tmp')),
      [],
    );
  });

  test('a file that is not emulator state stops start-up with a clear message', async () => {
    const dataFile = join(dir, 'broken.json');
    await writeFile(dataFile, 'not json');
    await assert.rejects(startEmulator({ dataFile }), /not valid JSON/);
  });
});
