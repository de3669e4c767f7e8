/**
 * The files of a Hono backend that runs the proxy unchanged on Bun, Deno and
 * Cloudflare's workerd: one shared `app.ts` (type-checked with no Node or
 * Express types installed) and one small entry per runtime. The entries are
 * what README shows as each runtime's snippet.
 */
export const edgeAppFiles: Record<string, string> = {
  'app.ts': `import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createInviteProxy, seedApiProvider, type Identity } from 'invite-inbox/server';

type HostEnv = { Variables: { user: Identity | null } };

export function createApp(upstreamUrl: string, apiKey: string): Hono<HostEnv> {
  // Hono's own context reaches getIdentity: the session middleware below put the user there.
  const invitations = createInviteProxy<Context<HostEnv>>({
    provider: seedApiProvider({ baseUrl: upstreamUrl, apiKey }),
    getIdentity: (_request, c) => c.get('user'),
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

  'worker.ts': `import { createApp } from './app.js';

interface Env {
  UPSTREAM_URL: string;
  UPSTREAM_API_KEY: string;
}

let app: ReturnType<typeof createApp> | undefined;

export default {
  fetch(request: Request, env: Env): Response | Promise<Response> {
    app ??= createApp(env.UPSTREAM_URL, env.UPSTREAM_API_KEY);
    return app.fetch(request, env);
  },
};
`,
};
