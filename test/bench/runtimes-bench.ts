/**
 * The proxy in Cloudflare's workerd (through Miniflare): cold start (Miniflare
 * created → first list response) and list latency over loopback, beside the
 * emulator answered directly in the same run. The Worker is bundled from the
 * built `dist/server/core.js`, the file Workers bundlers resolve
 * `invite-inbox/server` to. Prints figures only.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { kb, sizeOf, table } from '../../scripts/sizes.js';
import { workerBuild } from '../support/worker-build.js';
import { median, p95 } from './stats.js';

const COLD_STARTS = 5;
const WARMUP = 20;
const REQUESTS = 200;

const WORKER = `
import { createInviteProxy, seedApiProvider } from './core.js';
let proxy;
export default {
  fetch(request, env) {
    proxy ??= createInviteProxy({
      provider: seedApiProvider({ baseUrl: env.UPSTREAM_URL, apiKey: env.UPSTREAM_API_KEY }),
      getIdentity: () => ({ userId: 'alice', email: 'alice@acme.com', emailVerified: true }),
      // One user timing many requests: the per-user list budget would answer 429.
      rateLimit: false,
    });
    return proxy(request);
  },
};
`;

const ms = (n: number) => `${n.toFixed(2)} ms`;

async function timeRequests(url: string, headers: Record<string, string>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + REQUESTS; i++) {
    const start = performance.now();
    const res = await fetch(url, { headers });
    if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
    if (i >= WARMUP) times.push(performance.now() - start);
  }
  return times;
}

/** Runs after `buildLibrary()`: `dist` holds the built package. */
export async function runtimesBench(dist: string): Promise<string> {
  const bundled = await build({
    ...workerBuild,
    stdin: { contents: WORKER, resolveDir: join(dist, 'server'), loader: 'js' },
    write: false,
  });
  const script = bundled.outputFiles[0]!.text;
  const size = sizeOf(script);

  const { startEmulator } = (await import(pathToFileURL(join(dist, 'emulator/index.js')).href)) as typeof import('../../src/emulator/index.js');
  const upstream = await startEmulator({ port: 0 });
  const options = {
    modules: true,
    script,
    compatibilityDate: '2025-01-01',
    bindings: { UPSTREAM_URL: upstream.url, UPSTREAM_API_KEY: 'emulator-key' },
    host: '127.0.0.1',
    port: 0,
  };
  try {
    const colds: number[] = [];
    for (let i = 0; i < COLD_STARTS; i++) {
      const start = performance.now();
      const mf = new Miniflare(options);
      const url = await mf.ready;
      const res = await fetch(new URL('/api/invitations', url));
      if (!res.ok) throw new Error(`workerd answered ${res.status}`);
      await res.arrayBuffer();
      colds.push(performance.now() - start);
      await mf.dispose();
    }

    const mf = new Miniflare(options);
    let warm: number[];
    try {
      warm = await timeRequests(new URL('/api/invitations', await mf.ready).href, {});
    } finally {
      await mf.dispose();
    }
    const direct = await timeRequests(
      `${upstream.url}/api/v1/invitations?targetType=email&targetValue=${encodeURIComponent('alice@acme.com')}`,
      { 'x-api-key': 'emulator-key' },
    );

    return [
      `\nThe proxy in workerd via Miniflare (Worker bundled from dist/server/core.js: ${kb(size.raw)} raw, ${kb(size.gzip)} gzip;`,
      `cold start = new Miniflare → first list response, ${COLD_STARTS} runs; latency = ${REQUESTS} sequential list requests after ${WARMUP} warm-up)\n`,
      table(
        ['figure', 'median', 'p95 / runs', 'reference'],
        [
          ['workerd cold start', ms(median(colds)), colds.map((c) => c.toFixed(0)).join(' / '), 'no goal set; includes starting the workerd process'],
          ['workerd proxy GET /api/invitations', ms(median(warm)), ms(p95(warm)), `emulator direct ${ms(median(direct))} (p95 ${ms(p95(direct))})`],
        ],
      ),
    ].join('\n');
  } finally {
    await upstream.close();
  }
}
