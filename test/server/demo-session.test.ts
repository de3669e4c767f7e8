/**
 * The demo host's session cookie over real HTTP: signed expiry and nonce,
 * revoked on logout (a replayed copy stops working), `Secure` over https.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDemoSession, SESSION_COOKIE, type DemoSessionOptions } from '../../demo/session.js';
import { checkIdentity } from '../../src/server/identity.js';
import { serve, type Running } from './proxy-harness.js';

async function demoSession(opts: DemoSessionOptions = {}): Promise<Running> {
  const session = createDemoSession(opts);
  // Beside the session's own routes, one that shows the identity the proxy would get.
  return serve(async (req) => (await session.handle(req)) ?? Response.json({ identity: session.getIdentity(req) }));
}

const post = (url: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** The `name=value` of the session cookie a response sets. */
function sessionCookie(res: Response): string {
  const set = res.headers.get('set-cookie') ?? '';
  assert.match(set, new RegExp(`^${SESSION_COOKIE}=`));
  return set.split(';')[0]!;
}

async function whoAmI(url: string, cookie: string): Promise<{ me: string | null; identity: string | null }> {
  const me = (await (await fetch(`${url}/demo/me`, { headers: { cookie } })).json()) as { email: string | null };
  const id = (await (await fetch(`${url}/anything`, { headers: { cookie } })).json()) as {
    identity: { email: string } | null;
  };
  return { me: me.email, identity: id.identity?.email ?? null };
}

describe('demo session', () => {
  let demo: Running;
  before(async () => {
    demo = await demoSession();
  });
  after(() => demo.close());

  test('a cookie replayed after logout is refused', async () => {
    const cookie = sessionCookie(await post(demo.url, '/demo/login', { email: 'alice@acme.com' }));
    assert.deepEqual(await whoAmI(demo.url, cookie), { me: 'alice@acme.com', identity: 'alice@acme.com' });

    const out = await post(demo.url, '/demo/logout', {}, { cookie });
    assert.equal(out.status, 200);
    assert.match(out.headers.get('set-cookie') ?? '', /Max-Age=0/);
    // The browser dropped it; an attacker who copied it replays it.
    assert.deepEqual(await whoAmI(demo.url, cookie), { me: null, identity: null });
  });

  test('logging out one session leaves the same user’s other sessions signed in', async () => {
    const laptop = sessionCookie(await post(demo.url, '/demo/login', { email: 'bob@acme.com' }));
    const phone = sessionCookie(await post(demo.url, '/demo/login', { email: 'bob@acme.com' }));
    assert.notEqual(laptop, phone, 'each sign-in has its own nonce');
    await post(demo.url, '/demo/logout', {}, { cookie: laptop });
    assert.equal((await whoAmI(demo.url, phone)).identity, 'bob@acme.com');
  });

  test('it signs in exactly the addresses the proxy reads as an identity', async () => {
    // A sign-in the proxy then refused as an invalid identity answered every request with 500.
    for (const email of ['kim@acme-.com', `${'k'.repeat(65)}@acme.com`, 'not-an-email']) {
      assert.equal((await post(demo.url, '/demo/login', { email })).status, 400, email);
    }
    const signedIn = [
      ["O'Brien@Acme.COM", "o'brien@acme.com"],
      ['kai@Bücher.example', 'kai@xn--bcher-kva.example'],
    ];
    for (const [email, expected] of signedIn) {
      const cookie = sessionCookie(await post(demo.url, '/demo/login', { email }));
      const { identity } = (await (await fetch(`${demo.url}/anything`, { headers: { cookie } })).json()) as { identity: unknown };
      assert.equal(checkIdentity(identity)?.email, expected);
    }
  });

  test('a cookie whose signed expiry has passed is refused, whatever the browser kept', async () => {
    const short = await demoSession({ ttlMs: 1500 });
    try {
      const cookie = sessionCookie(await post(short.url, '/demo/login', { email: 'carol@acme.com' }));
      assert.equal((await whoAmI(short.url, cookie)).identity, 'carol@acme.com');
      await sleep(1700);
      assert.deepEqual(await whoAmI(short.url, cookie), { me: null, identity: null });
    } finally {
      await short.close();
    }
  });

  test('an edited expiry breaks the signature', async () => {
    const cookie = sessionCookie(await post(demo.url, '/demo/login', { email: 'dave@acme.com' }));
    const [name, value] = cookie.split('=') as [string, string];
    const [payload, mac] = value.split('.') as [string, string];
    const token = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp: number };
    assert.equal(typeof token.exp, 'number');
    const forged = Buffer.from(JSON.stringify({ ...token, exp: token.exp + 365 * 86_400_000 })).toString('base64url');
    assert.deepEqual(await whoAmI(demo.url, `${name}=${forged}.${mac}`), { me: null, identity: null });
  });

  test('the cookie is Secure over https, and behind a proxy only when told to trust it', async () => {
    const plain = await post(demo.url, '/demo/login', { email: 'erin@acme.com' });
    assert.doesNotMatch(plain.headers.get('set-cookie')!, /;\s*Secure/i);
    // A proxy's header is not believed by default: anyone can send it.
    const spoofed = await post(demo.url, '/demo/login', { email: 'erin@acme.com' }, { 'x-forwarded-proto': 'https' });
    assert.doesNotMatch(spoofed.headers.get('set-cookie')!, /;\s*Secure/i);

    const session = createDemoSession();
    const direct = await session.handle(
      new Request('https://demo.test/demo/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://demo.test' },
        body: JSON.stringify({ email: 'erin@acme.com' }),
      }),
    );
    assert.match(direct!.headers.get('set-cookie')!, /;\s*Secure/i);

    const behind = await demoSession({ trustProxy: true });
    try {
      const res = await post(behind.url, '/demo/login', { email: 'erin@acme.com' }, {
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'demo.example',
        origin: 'https://demo.example',
      });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('set-cookie')!, /;\s*Secure/i);
      const out = await post(behind.url, '/demo/logout', {}, { 'x-forwarded-proto': 'https', cookie: sessionCookie(res) });
      assert.match(out.headers.get('set-cookie')!, /;\s*Secure/i);
    } finally {
      await behind.close();
    }
  });
});
