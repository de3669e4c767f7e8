/** The Express adapter, mounted under /api/invitations, with and without express.json() before it. */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import express from 'express';
import { createInviteProxy, inProcessProvider, inviteProxyMiddleware } from '../../src/server/index.js';
import type { InvitationView } from '../../src/shared/view-model.js';
import { call, listen, testIdentity, type Running } from './proxy-harness.js';

const running: Running[] = [];
after(async () => {
  for (const r of running) await r.close();
});

const view = (id: string): InvitationView => ({
  id,
  kind: 'invitation',
  scope: { type: 'team', id: 'blue', name: 'Blue' },
  createdAt: '2024-05-01T00:00:00.000Z',
  status: 'pending',
  canDecline: true,
});

async function app(withJsonParser: boolean): Promise<{ base: string; accepted: string[] }> {
  const accepted: string[] = [];
  const handler = createInviteProxy({
    provider: inProcessProvider({
      list: (identity) => (identity.email === 'kim@blue.team' ? [view('one'), view('two')] : []),
      accept: (_identity, id) => {
        accepted.push(id);
        return view(id);
      },
      decline: () => undefined,
    }),
    getIdentity: testIdentity,
  });
  const server = express();
  if (withJsonParser) server.use(express.json({ limit: '1mb' }));
  server.use('/api/invitations', inviteProxyMiddleware(handler));
  const srv = await listen(server);
  running.push(srv);
  return { base: `${srv.url}/api/invitations`, accepted };
}

for (const withJsonParser of [false, true]) {
  describe(`Express adapter ${withJsonParser ? 'after' : 'without'} express.json()`, () => {
    test('list, accept, decline and the hardening checks work through the mount', async () => {
      const { base, accepted } = await app(withJsonParser);
      const list = await call(base, 'GET', '', { user: 'kim@blue.team' });
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.invitations.map((v: InvitationView) => v.id), ['one', 'two']);
      assert.equal((await call(base, 'GET', '')).status, 401);

      const ok = await call(base, 'POST', '/accept', { user: 'kim@blue.team', body: { invitationIds: ['two', 'nope'] } });
      assert.equal(ok.status, 200);
      assert.deepEqual(ok.body.results.map((r: { ok: boolean }) => r.ok), [true, false]);
      assert.deepEqual(accepted, ['two']);

      const decline = await call(base, 'POST', '/one/decline', { user: 'kim@blue.team', body: {} });
      assert.deepEqual(decline.body, { id: 'one', ok: true });

      const plain = await call(base, 'POST', '/accept', { user: 'kim@blue.team', rawBody: '{"invitationIds":["one"]}', contentType: 'text/plain' });
      assert.equal(plain.status, 415);
      const big = await call(base, 'POST', '/accept', { user: 'kim@blue.team', body: { invitationIds: ['one'], pad: 'x'.repeat(20_000) } });
      assert.equal(big.status, 413);
      const cross = await call(base, 'POST', '/accept', { user: 'kim@blue.team', body: { invitationIds: ['one'] }, origin: 'https://evil.example' });
      assert.equal(cross.status, 403);
      assert.equal((await call(base, 'GET', '/no/such/route', { user: 'kim@blue.team' })).status, 404);
    });
  });
}
