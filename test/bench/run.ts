/**
 * `npm run bench`: sizes of what ships, the <invite-inbox> figures of
 * element-bench.ts, and the proxy's list latency against the emulator.
 * Prints figures only; nothing here asserts on time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build as esbuild } from 'esbuild';
import { buildLibrary } from '../../scripts/build.js';
import { fileSize, kb, sizeOf, table, type Size } from '../../scripts/sizes.js';
import { elementBench, type ElementSection } from './element-bench.js';
import { emulatorWriteFigures, STATE_INVITATIONS } from './emulator-writes.js';
import { printColdStart, printProxyBench } from './proxy-bench.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist');

const PROXY_WARMUP = 30;
const PROXY_REQUESTS = 300;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

const ms = (n: number) => `${n.toFixed(2)} ms`;

// ---------------------------------------------------------------- sizes

type ExportTarget = string | { default?: string };

/** Every JS file an entry reaches through relative imports: what the package itself adds. */
function ownGraph(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(entry, 'utf8');
  for (const m of code.matchAll(/(?:from\s*|import\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
    ownGraph(resolve(dirname(entry), m[1]!), seen);
  }
  return seen;
}

/** Minified, with every dependency the entry pulls in (Node built-ins and React excluded). */
async function bundled(entry: string, platform: 'browser' | 'node'): Promise<{ size: Size; lit: boolean }> {
  const result = await esbuild({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform,
    target: 'es2022',
    conditions: ['production'],
    logLevel: 'silent',
    external: [...builtinModules, 'node:*', 'react', 'react-dom'],
  });
  const lit = Object.keys(result.metafile.inputs).some((p) => /node_modules\/(lit|lit-html|lit-element)\//.test(p));
  return { size: sizeOf(result.outputFiles[0]!.contents), lit };
}

async function sizeRows(): Promise<string[][]> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    exports: Record<string, ExportTarget>;
  };
  const rows: string[][] = [];
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    const rel = typeof target === 'string' ? target : target.default;
    if (!rel?.endsWith('.js')) continue;
    const file = join(root, rel);
    if (!existsSync(file)) {
      rows.push([subpath, 'missing', '', '', '', '']);
      continue;
    }
    const isBundle = /\.(bundle|iife)\.js$|\/cdn\//.test(rel);
    const own = [...ownGraph(file)].map(fileSize).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }));
    const platform = /^\.\/(server|emulator)$/.test(subpath) ? 'node' : 'browser';
    const full = isBundle ? { size: fileSize(file), lit: true } : await bundled(file, platform);
    rows.push([
      `invite-inbox${subpath.slice(1)}`,
      kb(own.raw),
      kb(own.gzip),
      kb(full.size.raw),
      kb(full.size.gzip),
      full.lit ? 'yes' : 'no',
    ]);
  }
  return rows;
}

// ---------------------------------------------------------------- proxy

interface LatencyFigure {
  what: string;
  median: number;
  p95: number;
}

async function timeRequests(url: string, headers: Record<string, string>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < PROXY_WARMUP + PROXY_REQUESTS; i++) {
    const start = performance.now();
    const res = await fetch(url, { headers });
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    await res.arrayBuffer();
    if (i >= PROXY_WARMUP) times.push(performance.now() - start);
  }
  return times;
}

async function proxyFigures(): Promise<LatencyFigure[]> {
  // The built files, as an installed package would run them.
  const server = (await import(pathToFileURL(join(dist, 'server/index.js')).href)) as typeof import('../../src/server/index.js');
  const { startEmulator } = (await import(
    pathToFileURL(join(dist, 'emulator/index.js')).href
  )) as typeof import('../../src/emulator/index.js');
  const upstream = await startEmulator({ port: 0 });
  const handler = server.createInviteProxy({
    provider: server.seedApiProvider({ baseUrl: upstream.url, apiKey: 'emulator-key' }),
    getIdentity: () => ({ userId: 'alice', email: 'alice@acme.com', emailVerified: true }),
    // One user hammering the list would be rate-limited; the bench measures the proxy itself.
    rateLimit: false,
  });
  const http = createServer(server.toNodeListener(handler));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  try {
    const proxyUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}/api/invitations`;
    const direct = await timeRequests(
      `${upstream.url}/api/v1/invitations?targetType=email&targetValue=${encodeURIComponent('alice@acme.com')}`,
      { 'x-api-key': 'emulator-key' },
    );
    const proxied = await timeRequests(proxyUrl, {});
    return [
      { what: 'emulator direct (upstream lookup)', median: median(direct), p95: percentile(direct, 95) },
      { what: 'proxy GET /api/invitations', median: median(proxied), p95: percentile(proxied, 95) },
    ];
  } finally {
    await new Promise<void>((r) => http.close(() => r()));
    http.closeAllConnections();
    await upstream.close();
  }
}

// ---------------------------------------------------------------- main

// `npm run bench -- sizes speed` runs only those element sections, `-- --only element` both of them;
// `-- --only proxy` only the proxy's (`--profile` adds its CPU profile); `-- --only coldstart` only its
// import time and Worker sizes.
const asked = process.argv.slice(2).filter((a): a is ElementSection => a === 'sizes' || a === 'speed');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

// Always from the current sources, so every figure below describes the same code.
await buildLibrary();
if (only === 'coldstart') {
  await printColdStart();
  process.exit(0);
}
if (only === 'proxy') {
  await printProxyBench({ profile: process.argv.includes('--profile') });
  process.exit(0);
}

await elementBench(asked.length ? asked : undefined);
if (asked.length || only === 'element') process.exit(0);

const sizes = await sizeRows();
const latency = await proxyFigures();
const writes = await emulatorWriteFigures(dist);

console.log(
  '\nPackage entries (own = the package’s files an entry reaches; full = esbuild-minified with all dependencies, templates as written;\n' +
    'the bundle rows are the shipped script-tag files: every element, locales inlined, templates minified)\n',
);
console.log(table(['entry', 'own raw', 'own gzip', 'full raw', 'full gzip', 'lit'], sizes));

console.log(`\nLatency on loopback (${PROXY_REQUESTS} sequential requests after ${PROXY_WARMUP} warm-up)\n`);
console.log(table(['request', 'median', 'p95'], latency.map((l) => [l.what, ms(l.median), ms(l.p95)])));

console.log(`\nEmulator writes per second with ${STATE_INVITATIONS} invitations (each answered once durable)\n`);
console.log(
  table(
    ['writes', 'per second', 'whole-state rewrite per change'],
    writes.map((w) => [w.what, w.writesPerSecond.toFixed(0), w.reference ? `~${w.reference}` : '']),
  ),
);

console.log(await (await import('./runtimes-bench.js')).runtimesBench(dist));

if (only === undefined) await printProxyBench({ profile: process.argv.includes('--profile') });
