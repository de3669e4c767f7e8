/**
 * The files of a Hono backend that runs the proxy unchanged on Bun, Deno and
 * Cloudflare's workerd: one shared `app.ts` (type-checked with no Node or
 * Express types installed) and one small entry per runtime. The entries are
 * what README shows as each runtime's snippet.
 */
export const edgeAppFiles: Record<string, string> = {
  'app.ts': `import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createInviteProxy, seedApiProvider, type Identity, type InviteProxyOptions } from 'invite-inbox/server';

type HostEnv = { Variables: { user: Identity | null } };
type Extra = Pick<InviteProxyOptions<Context<HostEnv>>, 'domainRules' | 'onError'>;

export function createApp(upstreamUrl: string, apiKey: string, extra: Extra = {}): Hono<HostEnv> {
  // Hono's own context reaches getIdentity: the session middleware below put the user there.
  const invitations = createInviteProxy<Context<HostEnv>>({
    provider: seedApiProvider({ baseUrl: upstreamUrl, apiKey }),
    getIdentity: (_request, c) => c.get('user'),
    ...extra,
  });

  const app = new Hono<HostEnv>();
  // The host's session; a real app would look the cookie up in its session store.
  app.use('*', async (c, next) => {
    const email = getCookie(c, 'host_user');
    c.set('user', email ? { userId: 'user:' + email, email, emailVerified: true } : null);
    await next();
  });
  app.all('/api/invitations/*', (c) => invitations(c.req.raw, c));
  app.all('/api/invitations', (c) => invitations(c.req.raw, c));
  return app;
}
`,

  'bun.ts': `import { createApp } from './app.js';

const app = createApp(Bun.env.UPSTREAM_URL!, Bun.env.UPSTREAM_API_KEY!);
const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: app.fetch });
console.log('listening on ' + server.url.origin);
`,

  'deno.ts': `import { createApp } from './app.ts';

const app = createApp(Deno.env.get('UPSTREAM_URL')!, Deno.env.get('UPSTREAM_API_KEY')!);
Deno.serve(
  { hostname: '127.0.0.1', port: 0, onListen: ({ hostname, port }) => console.log('listening on http://' + hostname + ':' + port) },
  app.fetch,
);
`,

  'worker.ts': `import { domainRules } from 'invite-inbox/server/domain-rules';
import { createApp } from './app.js';

interface Env {
  UPSTREAM_URL: string;
  UPSTREAM_API_KEY: string;
}

let app: ReturnType<typeof createApp> | undefined;

export default {
  fetch(request: Request, env: Env): Response | Promise<Response> {
    // Workers get the runtime-neutral core: autojoin needs its domain rules passed in.
    app ??= createApp(env.UPSTREAM_URL, env.UPSTREAM_API_KEY, { domainRules });
    return app.fetch(request, env);
  },
};
`,

  // The same Worker without the rules: autojoin stays off, and the test reads what onError was told at /reports.
  'worker-without-rules.ts': `import { createApp } from './app.js';

interface Env {
  UPSTREAM_URL: string;
  UPSTREAM_API_KEY: string;
}

const reports: { code?: string; message: string }[] = [];
let app: ReturnType<typeof createApp> | undefined;

export default {
  fetch(request: Request, env: Env): Response | Promise<Response> {
    if (new URL(request.url).pathname === '/reports') return Response.json(reports);
    app ??= createApp(env.UPSTREAM_URL, env.UPSTREAM_API_KEY, {
      onError: (err) => reports.push({ code: (err as { code?: string }).code, message: String((err as Error).message) }),
    });
    return app.fetch(request, env);
  },
};
`,
};
