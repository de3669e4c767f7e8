/**
 * The demo host app behind `npm start`: one node:http server that mounts the
 * invitation proxy at `/api/invitations`, the demo session at `/demo/*`, and
 * serves the pages through Vite in middleware mode. With no upstream
 * configured it embeds the emulator, so it runs with no account and no network.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { startEmulator } from '../src/emulator/index.js';
import { DEMO_ADDRESSES, DEMO_ADMINS, DEMO_USERS } from '../src/emulator/seed-data.js';
import {
  censusProvider,
  createInviteProxy,
  ProxyError,
  seedApiProvider,
  toNodeListener,
} from '../src/server/index.js';
import { createLimitedServer, type NodeServerLimits } from '../src/server/adapters/node-server.js';
import type { Identity, InvitationProvider } from '../src/server/provider.js';
import type { InvitationView } from '../src/shared/view-model.js';
import { demoChrome } from './chrome.js';
import { createDemoSession } from './session.js';

export interface DemoOptions {
  /** Port of the demo page; 0 picks a free one. Default 5173. */
  port?: number;
  /** Port of the embedded emulator; 0 picks a free one. Default 4010. */
  emulatorPort?: number;
  /** Interface to listen on. Default `localhost`. */
  host?: string;
  /** `x-api-key` the embedded emulator requires. Default `emulator-key`. */
  emulatorApiKey?: string;
  /** A real upstream instead of the embedded emulator. */
  upstream?: { url: string; apiKey: string; kind?: 'seed' | 'census' };
  /** Speak the organisation-list API of the embedded emulator instead of the seed API. */
  kind?: 'seed' | 'census';
  /** Watch files and reload the pages while editing; off for tests. Default true. */
  hmr?: boolean;
  /** Timeouts and connection cap of the demo's and the embedded emulator's servers; defaults as `createNodeServer`'s. */
  limits?: NodeServerLimits;
  /**
   * Behind a TLS-terminating proxy: take the scheme from `X-Forwarded-Proto`, so the
   * session cookie is `Secure` when the page is served over https. Default false.
   */
  trustProxy?: boolean;
}

export interface DemoServer {
  url: string;
  /** Where the embedded emulator listens, when there is one. */
  emulatorUrl?: string;
  close(): Promise<void>;
}

/** A startup failure with a message fit to print as is (no stack trace). */
export class DemoStartError extends Error {
  override readonly name = 'DemoStartError';
}

const demoDir = fileURLToPath(new URL('.', import.meta.url));
const PROXY_BASE = '/api/invitations';

export async function startDemo(opts: DemoOptions = {}): Promise<DemoServer> {
  const port = opts.port ?? 5173;
  const host = opts.host ?? 'localhost';
  const cleanup: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const fn of cleanup.reverse()) await fn().catch(() => {});
  };

  let handleApp: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' }).end('Starting…');
  };
  const server = createLimitedServer((req, res) => {
    setSecurityHeaders(res);
    handleApp(req, res);
  }, opts.limits);
  // Listening first means a taken port fails fast, before anything else starts.
  await listen(server, port, host, 'PORT');
  cleanup.push(() => closeServer(server));

  try {
    let provider: InvitationProvider;
    let emulatorUrl: string | undefined;
    if (opts.upstream) {
      provider =
        opts.upstream.kind === 'census'
          ? censusProvider({ baseUrl: opts.upstream.url, token: opts.upstream.apiKey })
          : seedApiProvider({ baseUrl: opts.upstream.url, apiKey: opts.upstream.apiKey });
    } else {
      const apiKey = opts.emulatorApiKey ?? 'emulator-key';
      const emulator = await startEmulator({
        port: opts.emulatorPort ?? 4010,
        host: '127.0.0.1',
        apiKey,
        ...(opts.limits ? { limits: opts.limits } : {}),
      }).catch(
        (err: unknown) => {
          throw isAddrInUse(err)
            ? new DemoStartError(
                `Port ${opts.emulatorPort ?? 4010} (the embedded emulator) is already in use. ` +
                  'Stop what is using it or set EMULATOR_PORT to another port.',
              )
            : err;
        },
      );
      cleanup.push(() => emulator.close());
      emulatorUrl = emulator.url;
      provider =
        opts.kind === 'census'
          ? censusProvider({
              baseUrl: `${emulator.url}/census`,
              token: 'census-token',
              organization: { id: 'nimbus', name: 'Nimbus' },
              claim: (identity, record) => claimInEmulator(emulator.url, apiKey, identity, record.id),
            })
          : seedApiProvider({ baseUrl: emulator.url, apiKey });
    }

    const session = createDemoSession({ trustProxy: opts.trustProxy ?? false });
    const proxy = toNodeListener(
      createInviteProxy({
        provider,
        basePath: PROXY_BASE,
        getIdentity: (req) => withDemoAddresses(session.getIdentity(req)),
        authorizeScope: (identity, scopeType, scope) => isDemoAdmin(identity, scopeType, scope),
        enrich: (view) => enrich(view),
        // "Not interested" and the prompt's snooze follow the user across browsers (in this process's memory).
        preferences: true,
      }),
    );
    const sessionRoutes = toNodeListener(async (req: Request) => {
      const { pathname } = new URL(req.url);
      if (pathname === '/demo/users') return Response.json({ users: DEMO_USERS });
      const logo = /^\/demo\/logos\/([A-Za-z0-9_-]{1,64})\.svg$/.exec(pathname);
      if (logo) return logoResponse(logo[1]!);
      return (await session.handle(req)) ?? Response.json({ error: { code: 'not_found', message: 'Not found.' } }, { status: 404 });
    });

    const vite: ViteDevServer = await createViteServer({
      configFile: false,
      root: demoDir,
      appType: 'mpa',
      plugins: [demoChrome()],
      logLevel: 'warn',
      clearScreen: false,
      server: {
        middlewareMode: true,
        // Vite's client always opens its socket; sharing the demo's port keeps it within CSP 'self'.
        hmr: { server },
        ...(opts.hmr === false ? { watch: null } : {}),
      },
      // Lit and friends ship ESM; serving them as is avoids a mid-session
      // "dependencies optimized, reloading" that would lose the page's state.
      optimizeDeps: { noDiscovery: true, include: [] },
      build: {
        rolldownOptions: {
          input: ['index', 'prompt', 'events', 'themes', 'admin'].map((p) => `${demoDir}${p}.html`),
        },
      },
    });
    cleanup.push(() => vite.close());

    handleApp = (req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      if (path === PROXY_BASE || path.startsWith(`${PROXY_BASE}/`)) return proxy(req, res);
      if (path.startsWith('/demo/')) return sessionRoutes(req, res);
      vite.middlewares(req, res, () => {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      });
    };

    const { port: actualPort } = server.address() as AddressInfo;
    const urlHost = host.includes(':') ? `[${host}]` : host;
    return {
      url: `http://${urlHost}:${actualPort}`,
      ...(emulatorUrl ? { emulatorUrl } : {}),
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/**
 * The organisation-list API has no accept: in the real product the invitee
 * claims by signing up. The embedded emulator has a control route that does
 * the same, so accepting works in census mode too. A real census upstream
 * gets no hook, and each card then says it cannot be accepted here.
 */
async function claimInEmulator(emulatorUrl: string, apiKey: string, identity: Identity, id: string): Promise<void> {
  const res = await fetch(`${emulatorUrl}/__emulator/census/${encodeURIComponent(id)}/claim`, {
    method: 'POST',
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    // The census API numbers its users; the demo's user IDs are strings.
    body: JSON.stringify({ userId: 1 + (hash(identity.userId) % 1_000_000) }),
  });
  if (res.status === 409) throw new ProxyError(409, 'conflict', 'This invitation was already accepted.');
  if (!res.ok) throw new ProxyError(502, 'upstream_error', 'The invitation could not be claimed.');
}

function isDemoAdmin(identity: Identity, scopeType: string, scope: string): boolean {
  return DEMO_ADMINS.some(
    (a) => a.email.toLowerCase() === identity.email.toLowerCase() && a.scopeType === scopeType && a.scope === scope,
  );
}

/**
 * What a host's `enrich` hook is for: facts only the host knows. Here the
 * logo is a same-origin path (inline SVG data is no URL the proxy passes) and
 * the member count stands in for a lookup in the host's own database.
 */
function enrich(view: InvitationView): InvitationView {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(view.scope.id)) return view;
  const h = hash(view.scope.id);
  return {
    ...view,
    scope: { ...view.scope, logoUrl: `/demo/logos/${view.scope.id}.svg`, memberCount: 3 + (h % 240) },
  };
}

const LOGO_COLOURS = ['#4f46e5', '#0891b2', '#059669', '#d97706', '#dc2626', '#7c3aed', '#db2777', '#2563eb'];

/** A monogram logo per scope, so every demo scope has one without shipping images. */
function logoResponse(id: string): Response {
  const colour = LOGO_COLOURS[hash(id) % LOGO_COLOURS.length]!;
  const letter = (id.replace(/[^A-Za-z0-9]/g, '')[0] ?? '?').toUpperCase();
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img">` +
    `<rect width="64" height="64" rx="14" fill="${colour}"/>` +
    `<text x="32" y="42" font-family="system-ui,sans-serif" font-size="30" font-weight="700" ` +
    `text-anchor="middle" fill="#fff">${letter}</text></svg>`;
  return new Response(svg, {
    headers: { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=3600' },
  });
}

function hash(s: string): number {
  return createHash('sha256').update(s).digest().readUInt32BE(0);
}

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader(
    'content-security-policy',
    [
      "default-src 'self'",
      "script-src 'self'",
      // Stylesheets are linked files; the elements use constructable stylesheets.
      "style-src 'self'",
      "img-src 'self' https: data:",
      // 'self' covers the same-origin WebSocket Vite uses for live reload.
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'self'",
    ].join('; '),
  );
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'same-origin');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=()');
}

function listen(server: Server, port: number, host: string, envName: string) {
  return new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') {
        reject(new DemoStartError(`Port ${port} is already in use. Stop what is using it or set ${envName} to another port.`));
      } else if (err.code === 'EACCES') {
        reject(new DemoStartError(`Not allowed to listen on port ${port}. Set ${envName} to a port above 1024.`));
      } else {
        reject(err);
      }
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // Browsers keep idle connections open; without this, close waits for them.
    server.closeAllConnections();
  });
}

function isAddrInUse(err: unknown): boolean {
  if (err instanceof Error && (err as NodeJS.ErrnoException).code === 'EADDRINUSE') return true;
  return err instanceof Error && /EADDRINUSE|in use/i.test(err.message);
}

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new DemoStartError(`${name} must be a port number (0–65535), got "${raw}".`);
  return n;
}

async function main(): Promise<void> {
  const env = process.env;
  let demo: DemoServer;
  try {
    const kind = env.UPSTREAM_KIND === 'census' ? 'census' : 'seed';
    if (env.UPSTREAM_KIND && env.UPSTREAM_KIND !== 'census' && env.UPSTREAM_KIND !== 'seed') {
      throw new DemoStartError(`UPSTREAM_KIND must be "seed" or "census", got "${env.UPSTREAM_KIND}".`);
    }
    if (env.UPSTREAM_URL && !env.UPSTREAM_API_KEY) {
      throw new DemoStartError('UPSTREAM_URL is set but UPSTREAM_API_KEY is not: set both to use a real upstream.');
    }
    demo = await startDemo({
      port: intFromEnv('PORT', 5173),
      emulatorPort: intFromEnv('EMULATOR_PORT', 4010),
      ...(env.HOST ? { host: env.HOST } : {}),
      ...(env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true' ? { trustProxy: true } : {}),
      ...(env.EMULATOR_API_KEY ? { emulatorApiKey: env.EMULATOR_API_KEY } : {}),
      ...(env.UPSTREAM_URL ? { upstream: { url: env.UPSTREAM_URL, apiKey: env.UPSTREAM_API_KEY!, kind } } : { kind }),
    });
  } catch (err) {
    console.error(err instanceof DemoStartError ? `\n  ${err.message}\n` : err);
    process.exit(1);
  }
  console.log(`\n  invite-inbox demo: ${demo.url}`);
  if (demo.emulatorUrl) console.log(`  embedded emulator: ${demo.emulatorUrl} (x-api-key: ${env.EMULATOR_API_KEY ? '$EMULATOR_API_KEY' : 'emulator-key'})`);
  else console.log(`  upstream: ${env.UPSTREAM_URL} (${env.UPSTREAM_KIND ?? 'seed'} API)`);
  console.log('  Ctrl-C to stop\n');

  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(130);
    stopping = true;
    demo.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}

/** A real host reads the user's further addresses from its user record; the demo has a fixed list. */
function withDemoAddresses(identity: Identity | null): Identity | null {
  const addresses = identity && DEMO_ADDRESSES[identity.email];
  return addresses ? { ...identity, addresses: structuredClone(addresses) } : identity;
}
