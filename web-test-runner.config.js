// Browser tests run in the system Chromium against the real proxy and the
// real emulator, mounted in the dev server, so the element is exercised over
// real HTTP exactly as a host page would use it.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { Readable } from 'node:stream';
import { tsImport } from 'tsx/esm/api';

const API_KEY = 'wtr-key';
const { startEmulator } = await tsImport('./src/emulator/index.ts', import.meta.url);
const { createInviteProxy, seedApiProvider, inProcessProvider } = await tsImport('./src/server/index.ts', import.meta.url);
const { DEMO_ADMINS, DEMO_ADDRESSES } = await tsImport('./src/emulator/seed-data.ts', import.meta.url);
const { CHROME_ARGS, CHROME_PATH } = await tsImport('./test/support/chromium.ts', import.meta.url);

let emulator;
let proxy;
let manyProxy;
let syncedProxy;
let batchProxy;

/**
 * A proxy over a fixed list from the in-process provider, signed in as `user` whatever the
 * request. With `remember`, an accept marks the item accepted; otherwise accepting changes nothing.
 */
function fixedListProxy({ basePath, user, items, maxItems, remember = false }) {
  return createInviteProxy({
    basePath,
    maxItems,
    provider: inProcessProvider({
      list: () => items,
      accept(_identity, id) {
        if (!remember) return;
        const at = items.findIndex((i) => i.id === id);
        items[at] = { ...items[at], status: 'accepted' };
      },
    }),
    getIdentity: () => ({ userId: user, email: `${user}@example.com`, emailVerified: true }),
  });
}

/** 10,000 open invitations (no list cap), for the large-list tests. */
function createManyProxy() {
  const day = 86_400_000;
  const items = Array.from({ length: 10_000 }, (_, i) => ({
    id: `many-${i}`,
    kind: 'invitation',
    scope: { type: 'workspace', id: `ws-${i}`, name: `Workspace ${i}`, memberCount: 3 + (i % 40) },
    role: i % 3 === 0 ? 'admin' : 'member',
    inviter: { name: `Person ${i}` },
    ...(i % 2 === 0 && { message: `Come and join workspace ${i}.` }),
    createdAt: new Date(Date.now() - (i % 30) * day).toISOString(),
    expiresAt: new Date(Date.now() + (1 + (i % 20)) * day).toISOString(),
    status: 'pending',
    canDecline: false,
  }));
  return fixedListProxy({ basePath: '/api/many', user: 'many', items, maxItems: items.length });
}

/**
 * 250 open invitations, accepts remembered, over the default 100-item cap: the batched-accept
 * tests. Fresh on every reset (items and rate-limit budgets).
 */
function createBatchProxy() {
  const items = Array.from({ length: 250 }, (_, i) => ({
    id: `batch-${i}`,
    kind: 'invitation',
    scope: { type: 'workspace', id: `bw-${i}`, name: `Batch ${i}` },
    createdAt: new Date(Date.now() - i * 60_000).toISOString(),
    status: 'pending',
    canDecline: false,
  }));
  return fixedListProxy({ basePath: '/api/batch', user: 'batch', items, maxItems: 1000, remember: true });
}

const cookie = (req, name) =>
  (req.headers.get('cookie') ?? '')
    .split(/;\s*/)
    .map((c) => c.split('='))
    .find(([k]) => k === name)?.[1];

/** `extra`: further proxy options, e.g. a second mount that keeps preferences server-side. */
function createProxy(url, extra = {}) {
  return createInviteProxy({
    ...extra,
    provider: seedApiProvider({ baseUrl: url, apiKey: API_KEY }),
    getIdentity(req) {
      const email = decodeURIComponent(cookie(req, 'test-user') ?? '');
      // The demo's further addresses (dana@globex.com: a personal email and a phone), as the demo host sends them.
      const addresses = DEMO_ADDRESSES[email];
      return email ? { userId: 'user:' + email, email, emailVerified: true, ...(addresses && { addresses }) } : null;
    },
    // The demo's admins (frank@acme.com runs workspace/acme), so the scope admin's happy path is testable.
    authorizeScope: (identity, scopeType, scope) =>
      DEMO_ADMINS.some((a) => a.email === identity.email && a.scopeType === scopeType && a.scope === scope),
  });
}

/**
 * The proxies a test may spend rate-limit budgets or state on, made afresh at start and on every
 * reset. `/api/synced` is the same backend with `preferences` enabled (the default mount answers 501).
 */
function freshProxies(url) {
  proxy = createProxy(url);
  syncedProxy = createProxy(url, { basePath: '/api/synced', preferences: true });
  batchProxy = createBatchProxy();
}

/** Koa → fetch handler, keeping status and body visible to the dev server's logging. */
async function serveProxy(ctx, handler = proxy) {
  const headers = new Headers();
  for (const [k, v] of Object.entries(ctx.req.headers)) if (v !== undefined) headers.set(k, [v].flat().join(', '));
  const hasBody = ctx.method !== 'GET' && ctx.method !== 'HEAD';
  const res = await handler(
    new Request(new URL(ctx.originalUrl, `http://${ctx.host}`), {
      method: ctx.method,
      headers,
      ...(hasBody && { body: Readable.toWeb(ctx.req), duplex: 'half' }),
    }),
  );
  ctx.status = res.status;
  res.headers.forEach((v, k) => ctx.set(k, v));
  ctx.body = Buffer.from(await res.arrayBuffer());
}

/** Test-only routes: reset the emulator, inject faults, create and revoke invitations, drop a connection. */
async function testControl(ctx, url) {
  const body = await new Promise((resolve) => {
    let s = '';
    ctx.req.on('data', (c) => (s += c)).on('end', () => resolve(s));
  });
  const revoke = /^\/__test\/revoke\/([\w.:-]+)$/.exec(ctx.path);
  const upstream = revoke ? ['DELETE', `/api/v1/invitations/${revoke[1]}`] : {
    '/__test/reset': ['POST', '/__emulator/reset'],
    '/__test/faults': ['POST', '/__emulator/faults'],
    '/__test/clear-faults': ['DELETE', '/__emulator/faults'],
    '/__test/invitations': ['POST', '/api/v1/invitations'],
  }[ctx.path];
  if (!upstream) return void (ctx.status = 404);
  if (ctx.path === '/__test/reset') {
    await fetch(url + '/__emulator/faults', { method: 'DELETE', headers: { 'x-api-key': API_KEY } });
    // Each test starts with full per-user rate-limit budgets.
    freshProxies(url);
  }
  const res = await fetch(url + upstream[1], {
    method: upstream[0],
    headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
    body: upstream[0] === 'POST' ? body || '{}' : undefined,
  });
  ctx.status = res.status;
  ctx.type = 'application/json';
  ctx.body = await res.text();
}

export default {
  files: ['test/browser/**/*.test.ts', '!test/browser/csp*.test.ts'],
  groups: [
    {
      name: 'csp',
      files: 'test/browser/csp.test.ts',
      // Enforced Trusted Types: any string-to-HTML sink in the element (or Lit) would throw.
      testRunnerHtml: (testFramework) => `<!doctype html>
        <html><head>
          <meta http-equiv="Content-Security-Policy" content="require-trusted-types-for 'script'; trusted-types lit-html wtr-html 'allow-duplicates'; object-src 'none'; base-uri 'none'">
        </head><body><script type="module" src="${testFramework}"></script></body></html>`,
    },
  ],
  nodeResolve: { exportConditions: ['production'] },
  concurrency: 1,
  concurrentBrowsers: 1,
  testFramework: { config: { timeout: 5000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROME_PATH,
        args: CHROME_ARGS,
      },
    }),
  ],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'auto' }),
    {
      name: 'invite-backend',
      async serverStart() {
        emulator = await startEmulator({ port: 0, apiKey: API_KEY });
        freshProxies(emulator.url);
        manyProxy = createManyProxy();
      },
      async serverStop() {
        await emulator?.close();
      },
    },
  ],
  middleware: [
    async function backend(ctx, next) {
      if (ctx.path.startsWith('/__test/')) return testControl(ctx, emulator.url);
      if (ctx.path.startsWith('/api/many')) return serveProxy(ctx, manyProxy);
      if (ctx.path.startsWith('/api/synced')) return serveProxy(ctx, syncedProxy);
      const batch = ctx.path.startsWith('/api/batch');
      if (!batch && !ctx.path.startsWith('/api/invitations')) return next();
      if (ctx.method === 'POST' && ctx.path.endsWith('/accept') && /(^|;\s*)test-drop=1/.test(ctx.get('cookie'))) {
        // A real connection drop, not a mocked fetch: the browser sees a network error.
        ctx.status = 204;
        ctx.req.socket.destroy();
        ctx.respond = false;
        return;
      }
      await serveProxy(ctx, batch ? batchProxy : proxy);
    },
  ],
};
