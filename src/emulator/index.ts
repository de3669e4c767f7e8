/**
 * A local, stateful stand-in of both upstream services: the seed invitations
 * API under `/api/v1` (x-api-key) and the organisation-list API under
 * `/census/api/v1` (bearer token), plus `/__emulator/*` test controls.
 * `createEmulator` is a Web-standard fetch handler; `startEmulator` listens.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import { applyServerLimits, serverOptions, type NodeServerLimits } from '../server/adapters/node-server.js';
import { FaultInjector, faultSchema } from './faults.js';
import { errorResponse, parse, readJson } from './http.js';
import { StateFile } from './persistence.js';
import { censusRoutes } from './routes-census.js';
import { seedApiRoutes } from './routes-seed-api.js';
import { seedState } from './seed-data.js';
import { InvitationStore, UpstreamError } from './store.js';
import type { EmulatorState } from './types.js';

export { DEMO_ADDRESSES, DEMO_ADMINS, DEMO_SCOPES, DEMO_USERS } from './seed-data.js';
export type * from './types.js';

export interface EmulatorOptions {
  /** Required `x-api-key` of the seed API and the controls. Default `emulator-key`. */
  apiKey?: string;
  /** Required bearer token of the organisation-list API. Default `census-token`. */
  censusToken?: string;
  /**
   * JSON file to load state from and save every change to; changes go to an
   * append-only log beside it (`<file>.log`) that is folded into the file now and then.
   */
  dataFile?: string;
  /** Start from the demo data (default) or empty. */
  seed?: boolean;
}

export interface Emulator {
  fetch(req: Request): Promise<Response>;
  /** Back to the demo data (or empty, with `seed: false`). */
  reset(): void;
  /** Release requests held by a `hang` fault, so a server can close. */
  dispose(): void;
}

export interface StartEmulatorOptions extends EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Timeouts and connection cap of the HTTP server; defaults as `createNodeServer`'s. */
  limits?: NodeServerLimits;
}

export interface RunningEmulator {
  url: string;
  port: number;
  emulator: Emulator;
  close(): Promise<void>;
}

const positiveInt = v.pipe(v.number(), v.safeInteger(), v.minValue(1));

const emptyState = (): EmulatorState => ({ version: 1, seq: 0, invitations: [], autojoin: [], census: [] });

const sameSecret = (given: string | undefined, expected: string): boolean => {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

export function createEmulator(opts: EmulatorOptions = {}): Emulator {
  const apiKey = opts.apiKey ?? 'emulator-key';
  const censusToken = opts.censusToken ?? 'census-token';
  const fresh = (): EmulatorState => (opts.seed === false ? emptyState() : seedState());
  const file = opts.dataFile ? new StateFile(opts.dataFile, (): EmulatorState => store.snapshot()) : undefined;
  const initial = file?.load() ?? null;
  const store = new InvitationStore(initial ?? fresh(), file ? (change) => file.commit(change) : undefined);
  // Starts a clean log: a torn last line, or no file at all, is dealt with before the first request.
  file?.compact();

  const faults = new FaultInjector();
  const app = new Hono();
  // Upstream calls by `METHOD /path`, so tests can count what a proxy costs the upstream.
  let requests = new Map<string, number>();

  app.use('*', async (c, next) => {
    const path = c.req.path;
    if (path.startsWith('/__emulator/')) return next();
    const route = `${c.req.method} ${path}`;
    requests.set(route, (requests.get(route) ?? 0) + 1);
    const fault = faults.take(path);
    const injected = fault ? await faults.apply(fault, c.req.raw.signal) : null;
    if (injected) return injected;
    return next();
  });

  const requireApiKey: MiddlewareHandler = async (c, next) => {
    if (!sameSecret(c.req.header('x-api-key'), apiKey)) {
      return errorResponse(401, 'Missing or invalid x-api-key header', 'unauthorized');
    }
    return next();
  };
  const requireBearer: MiddlewareHandler = async (c, next) => {
    const match = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
    if (!sameSecret(match?.[1]?.trim(), censusToken)) {
      return errorResponse(401, 'Missing or invalid bearer token', 'unauthorized');
    }
    return next();
  };

  app.use('/api/*', requireApiKey);
  app.use('/__emulator/*', requireApiKey);
  app.use('/census/*', requireBearer);

  app.route('/api/v1/invitations', seedApiRoutes(store));
  app.route('/census/api/v1/invitations', censusRoutes(store));

  app.post('/__emulator/faults', async (c) => {
    const spec = await readJson(c, faultSchema);
    faults.set(spec);
    return c.json({ fault: spec });
  });
  app.get('/__emulator/faults', (c) => c.json(faults.status()));
  app.delete('/__emulator/faults', (c) => {
    faults.clear();
    return c.json({});
  });
  app.get('/__emulator/requests', (c) => {
    const byRoute = Object.fromEntries(requests);
    return c.json({ total: [...requests.values()].reduce((a, b) => a + b, 0), byRoute });
  });
  app.delete('/__emulator/requests', (c) => {
    requests = new Map();
    return c.json({});
  });
  app.post('/__emulator/reset', (c) => {
    reset();
    return c.json({});
  });
  // The census API has no claim call (claiming happens when the invitee signs
  // up in the real product); hosts and tests simulate that here.
  app.post('/__emulator/census/:id/claim', async (c) => {
    const id = parse(v.pipe(v.string(), v.transform(Number), positiveInt), c.req.param('id'));
    const body = await readJson(c, v.object({ userId: positiveInt }));
    return c.json(await store.claimCensus(id, body.userId));
  });

  app.notFound((c) => errorResponse(404, `No route for ${c.req.method} ${c.req.path}`, 'not_found'));
  app.onError((err) => {
    if (err instanceof UpstreamError) {
      const res = errorResponse(err.status, err.message, err.code);
      // The rest of a refused body is not worth reading: close the connection instead.
      if (err.status === 413) res.headers.set('connection', 'close');
      return res;
    }
    console.error('emulator: unexpected error', err);
    return errorResponse(500, 'Internal emulator error', 'internal');
  });

  function reset(): void {
    faults.clear();
    // Pending changes land (or are refused) before the state they apply to is swapped out.
    file?.flush();
    const previous = store.snapshot();
    store.replace(fresh());
    try {
      file?.compact();
    } catch (err) {
      store.replace(previous);
      const reason = (err as NodeJS.ErrnoException).code ?? 'write failed';
      throw new UpstreamError(500, 'persist_failed', `The emulator could not save the reset (${reason}); nothing was changed`);
    }
  }

  return {
    fetch: async (req) => app.fetch(req),
    reset,
    dispose: () => {
      faults.releaseAll();
      file?.close();
    },
  };
}

export async function startEmulator(opts: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = createEmulator(opts);
  const host = opts.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({
      fetch: emulator.fetch,
      port: opts.port ?? 0,
      hostname: host,
      serverOptions: serverOptions(opts.limits),
    }) as Server;
    applyServerLimits(s, opts.limits);
    s.once('listening', () => resolve(s));
    s.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`Port ${opts.port} on ${host} is already in use; set EMULATOR_PORT to a free port (or 0 for any)`)
          : err,
      );
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    emulator,
    close: () =>
      new Promise<void>((resolve, reject) => {
        emulator.dispose();
        server.close((err) => (err ? reject(err) : resolve()));
        // A hung or keep-alive connection would otherwise hold close() open forever.
        server.closeAllConnections();
      }),
  };
}
