/** The list-and-accept round every server host must pass, over real HTTP against the real emulator. */
import assert from 'node:assert/strict';

interface ListBody {
  invitations: { id: string; status: string; kind: string }[];
}

/**
 * Signed in (the host's session cookie), the user sees their list, accepts one
 * invitation and sees it accepted; signed out is 401, a foreign origin 403.
 */
export async function listAndAccept(
  base: string,
  cookie: string,
  upstream: { url: string; apiKey: string },
  id = 'inv_alice_design',
): Promise<void> {
  const endpoint = `${base}/api/invitations`;
  const list = await fetch(endpoint, { headers: { cookie } });
  const listed = (await list.json()) as ListBody;
  assert.equal(list.status, 200, JSON.stringify(listed));
  assert.equal(listed.invitations.find((v) => v.id === id)?.status, 'pending', `${id} is listed as pending`);

  const post = (origin: string) =>
    fetch(`${endpoint}/accept`, {
      method: 'POST',
      headers: { cookie, origin, 'content-type': 'application/json' },
      body: JSON.stringify({ invitationIds: [id] }),
    });
  const foreign = await post('https://evil.example');
  assert.equal(foreign.status, 403, await foreign.text());

  const accepted = await post(new URL(base).origin);
  const body = (await accepted.json()) as { results: { id: string; ok: boolean }[] };
  assert.equal(accepted.status, 200, JSON.stringify(body));
  assert.deepEqual(body.results.map((r) => [r.id, r.ok]), [[id, true]]);

  const recorded = await fetch(`${upstream.url}/api/v1/invitations/${id}`, { headers: { 'x-api-key': upstream.apiKey } });
  assert.equal(((await recorded.json()) as { status?: string }).status, 'accepted', 'the upstream recorded the accept');

  const anonymous = await fetch(endpoint);
  assert.equal(anonymous.status, 401);
  await anonymous.body?.cancel();
}
