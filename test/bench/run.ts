/**
 * `npm run bench`: sizes of what ships, render time of <invite-inbox> in
 * headless Chromium, and the proxy's list latency against the emulator.
 * Prints figures only; nothing here asserts on time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build as esbuild } from 'esbuild';
import { launchChromium } from '../support/chromium.js';
import { build as vite, type Rolldown } from 'vite';
import { buildLibrary } from '../../scripts/build.js';
import { fileSize, kb, sizeOf, table, type Size } from '../../scripts/sizes.js';
import { elementBuild } from '../../vite.config.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist');
const renderScript = fileURLToPath(new URL('render-once.js', import.meta.url));

const BUNDLE_TARGET_GZIP = 12 * 1024;
const RENDER_TARGET_MS = 20;
const CARD_COUNTS = [10, 100, 1000];
const RENDER_RUNS = 9;
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

interface ElementBundle {
  /** File name → code; the entry first. */
  files: Map<string, string>;
  /** The entry and the chunks it imports statically: what loads before the element works. */
  eager: Set<string>;
}

/** The element's bundle, built in memory. */
async function elementBundle(): Promise<ElementBundle> {
  const result = (await vite(elementBuild(join(root, 'node_modules/.cache/bench-element')))) as
    | Rolldown.RolldownOutput
    | Rolldown.RolldownOutput[];
  const chunks = [result].flat().flatMap((r) => r.output.filter((f) => f.type === 'chunk'));
  const entry = chunks.find((c) => c.isEntry)!;
  const eager = new Set<string>();
  const walk = (name: string) => {
    if (eager.has(name)) return;
    eager.add(name);
    for (const i of chunks.find((c) => c.fileName === name)?.imports ?? []) walk(i);
  };
  walk(entry.fileName);
  const files = new Map([entry, ...chunks.filter((c) => c !== entry)].map((c) => [c.fileName, c.code]));
  return { files, eager };
}

function elementRows({ files, eager }: ElementBundle): string[][] {
  const rows = [...files].map(([name, code]) => {
    const size = sizeOf(code);
    const what = eager.has(name) ? 'loads with the element' : /^(es|de|ja)-/.test(name) ? 'locale, loaded on demand' : 'loaded on demand';
    return [name, what, kb(size.raw), kb(size.gzip), ''];
  });
  const total = sizeOf([...eager].map((n) => files.get(n)!).join('\n'));
  const verdict = total.gzip <= BUNDLE_TARGET_GZIP ? 'ok' : 'OVER';
  rows.push(['= element’s bundle', 'what loads with the element', kb(total.raw), kb(total.gzip), `≤ ${kb(BUNDLE_TARGET_GZIP)} ${verdict}`]);
  return rows;
}

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
    const isBundle = /\.(bundle|iife)\.js$/.test(rel);
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

// ---------------------------------------------------------------- render

interface RenderFigure {
  cards: number;
  median: number;
  min: number;
  max: number;
  /** Median with content-visibility off: every card laid out in full. */
  all: number;
}

async function renderFigures({ files }: ElementBundle): Promise<RenderFigure[]> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    const entry = [...files.keys()][0]!;
    await page.route('http://bench.test/**', (route) => {
      const name = new URL(route.request().url()).pathname.slice(1);
      const code = name === 'render-once.js' ? readFileSync(renderScript, 'utf8') : files.get(name);
      if (code !== undefined) return route.fulfill({ contentType: 'text/javascript', body: code });
      return route.fulfill({
        contentType: 'text/html',
        body: [
          '<!doctype html><html lang="en"><body>',
          `<script type="module" src="/${entry}"></script>`,
          '<script type="module" src="/render-once.js"></script>',
          '</body></html>',
        ].join(''),
      });
    });
    await page.goto('http://bench.test/');
    await page.waitForFunction("customElements.get('invite-inbox') && typeof renderOnce === 'function'");

    const runs = async (cards: number, mode: 'screen' | 'all') => {
      const times: number[] = [];
      // One unmeasured warm-up run, so JIT and style caches are comparable across sizes.
      for (let run = 0; run <= RENDER_RUNS; run++) {
        const t = (await page.evaluate(`renderOnce(${cards}, '${mode}')`)) as number;
        if (run > 0) times.push(t);
      }
      return times;
    };
    const figures: RenderFigure[] = [];
    for (const cards of CARD_COUNTS) {
      const times = await runs(cards, 'screen');
      const all = median(await runs(cards, 'all'));
      figures.push({ cards, median: median(times), min: Math.min(...times), max: Math.max(...times), all });
    }
    return figures;
  } finally {
    await browser.close();
  }
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

// Always from the current sources, so every figure below describes the same code.
await buildLibrary();
const element = await elementBundle();

const sizes = await sizeRows();
const renders = await renderFigures(element);
const latency = await proxyFigures();

console.log('\nThe element’s bundle: <invite-inbox> alone, minified (templates too), gzip -9\n');
console.log(table(['file', 'what', 'raw', 'gzip', 'target'], elementRows(element)));

console.log(
  '\nPackage entries (own = the package’s files an entry reaches; full = esbuild-minified with all dependencies, templates as written;\n' +
    'the bundle rows are the shipped script-tag files: every element, locales inlined, templates minified)\n',
);
console.log(table(['entry', 'own raw', 'own gzip', 'full raw', 'full gzip', 'lit'], sizes));

console.log(
  `\nRender <invite-inbox> in headless Chromium (${RENDER_RUNS} runs each; data handed over → cards in DOM, forced layout,\n` +
    'cards on screen laid out; "all laid out" = content-visibility off, every card laid out in full)\n',
);
console.log(
  table(
    ['cards', 'median', 'min', 'max', 'all laid out', 'target'],
    renders.map((r) => [
      String(r.cards),
      ms(r.median),
      ms(r.min),
      ms(r.max),
      ms(r.all),
      r.cards === 100 ? `≤ ${RENDER_TARGET_MS} ms ${r.median <= RENDER_TARGET_MS ? 'ok' : 'OVER'}` : '',
    ]),
  ),
);

console.log(`\nLatency on loopback (${PROXY_REQUESTS} sequential requests after ${PROXY_WARMUP} warm-up)\n`);
console.log(table(['request', 'median', 'p95'], latency.map((l) => [l.what, ms(l.median), ms(l.p95)])));

console.log(await (await import('./runtimes-bench.js')).runtimesBench(dist));
