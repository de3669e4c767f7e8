/**
 * `npm run build`: the library in `dist/`.
 *   1. tsc: ESM modules with bare imports + .d.ts for every folder of `src/`
 *      (the server and emulator run from there in plain Node, no tsx). The
 *      server's JS is then bundled per entry (`bundleServer`): a cold start
 *      reads a handful of files instead of ~50.
 *   2. vite: the self-contained script-tag files: the all-in-one bundle (ES module +
 *      classic IIFE) and, in `dist/cdn/`, one file per element with the locales beside it.
 *   3. cem: `dist/custom-elements.json`, pointing at the built JS.
 * `npm run build -- --analyze` then shows what `cdn/invite-inbox.js` is made of, per module.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TraceMap, decodedMappings } from '@jridgewell/trace-mapping';
import { build as esbuild, type Plugin } from 'esbuild';
import { build } from 'vite';
import { CDN_ELEMENTS, CDN_LOCALES, cdnBuild, cdnLocaleBuild, libraryBuild } from '../vite.config.js';
import { SCRIPT_TAG_FILES, fileSize, kb, scriptTagSizeRows, sizeOf, sizeRow, table } from './sizes.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);

function run(label: string, bin: string, args: string[]): void {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`${label} failed (exit ${result.status ?? result.signal})`);
  }
}

interface Declaration {
  kind: string;
  name: string;
  tagName?: string;
  customElement?: boolean;
  events?: { name?: string }[];
}
interface Export {
  kind: string;
  declaration?: { name: string };
}
interface Manifest {
  modules: { path: string; declarations?: Declaration[]; exports?: unknown[] }[];
}

/**
 * cem only spots `customElements.define`, so tags registered through our
 * define helper get their `tagName` from the registration files here; the
 * helper's own `customElements.define(tag, ctor)` is no element, so
 * definitions that name no declared class go. cem also reads
 * `dispatchEvent(new SomeEvent(x))` as an event named after `x`; real event
 * names all carry a dash. Paths move from the sources to the JS consumers of
 * the package have.
 */
function finishManifest(file: string): void {
  const toDist = (p: string) => p.replace(/^(\.\/)?src\//, 'dist/').replace(/\.ts$/, '.js');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  const declarations = manifest.modules.flatMap((m) => (m.declarations ?? []).map((d) => ({ module: m, d })));
  const classes = new Set(declarations.filter(({ d }) => d.kind === 'class').map(({ d }) => d.name));
  for (const mod of manifest.modules) {
    mod.exports = mod.exports?.filter(
      (e) => (e as Export).kind !== 'custom-element-definition' || classes.has((e as Export).declaration?.name ?? ''),
    );
    const source = readFileSync(join(root, mod.path), 'utf8');
    for (const [, tag, className] of source.matchAll(/defineElement\(\s*['"]([^'"]+)['"]\s*,\s*(\w+)\s*\)/g)) {
      const found = declarations.find(({ d }) => d.kind === 'class' && d.name === className);
      if (!found) continue;
      found.d.tagName = tag;
      found.d.customElement = true;
      (mod.exports ??= []).push({
        kind: 'custom-element-definition',
        name: tag,
        declaration: { name: className, module: toDist(found.module.path) },
      });
    }
  }
  for (const { d } of declarations) {
    if (d.events) d.events = d.events.filter((e) => e.name?.includes('-'));
  }
  const json = JSON.stringify(manifest, (key, value: unknown) =>
    (key === 'path' || key === 'module') && typeof value === 'string' ? toDist(value) : value,
  2);
  writeFileSync(file, `${json}\n`);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

export async function buildLibrary(): Promise<void> {
  rmSync(dist, { recursive: true, force: true });

  run('tsc', require.resolve('typescript/bin/tsc'), ['-p', 'tsconfig.build.json']);
  await bundleServer();

  await build(libraryBuild('es'));
  await build(libraryBuild('iife'));
  for (const element of CDN_ELEMENTS) await build(cdnBuild(element));
  for (const locale of CDN_LOCALES) await build(cdnLocaleBuild(locale));

  writeManifest(dist);
}

/**
 * Packages compiled into the server files. They are the proxy's hot path, and
 * in Node every one of their ~20 module files costs a resolve and a read at
 * import time. Every other package stays a bare import: `ioredis` (optional
 * peer), `rate-limiter-flexible` (loaded on first use), and the two autojoin
 * data sets `email-providers` and `tldts-icann`, which only the lazily
 * imported `domain-rules.js` reads, so they cost a cold start nothing, and
 * hosts get their list updates through npm without a release of ours. Both
 * stay in `dependencies` all the same: the emulator imports both at run time,
 * and the published types of `censusProvider` name valibot's.
 */
const BUNDLED_PACKAGES = new Set(['hono', 'valibot']);

/** Bare imports stay imports, except packages in `bundled`. */
function externalExcept(bundled: ReadonlySet<string>): Plugin {
  return {
    name: 'external-except',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        const name = args.path.split('/').slice(0, args.path.startsWith('@') ? 2 : 1).join('/');
        return bundled.has(name) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

/** The server files `package.json` "exports" names, relative to `dist/server`. */
function serverEntries(): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  // A target is a path or conditions mapping to targets (`workerd` nests its own `types`).
  const paths = (target: unknown): string[] =>
    typeof target === 'string' ? [target] : Object.values(target as Record<string, unknown>).flatMap(paths);
  const targets = Object.entries(pkg.exports)
    .filter(([subpath]) => subpath === './server' || subpath.startsWith('./server/'))
    .flatMap(([, target]) => paths(target));
  return [...new Set(targets.filter((t) => t.endsWith('.js')).map((t) => relative('dist/server', t)))];
}

/**
 * Replaces tsc's server modules with one file per public entry plus shared
 * chunks (code shared by entries exists once; dynamic imports stay lazy, so
 * the autojoin data still loads on first use). The emulator, which reaches
 * into the server's files, is bundled the same way with every package left
 * bare, so it keeps working once those files are gone. The `.d.ts` files stay
 * as tsc wrote them.
 */
async function bundleServer(): Promise<void> {
  const parts = [
    { dir: join(dist, 'server'), entries: serverEntries(), bundled: BUNDLED_PACKAGES },
    { dir: join(dist, 'emulator'), entries: ['index.js', 'cli.js'], bundled: new Set<string>() },
  ];
  // Both read the tsc output, so both are built before either is replaced.
  const outputs = await Promise.all(
    parts.map(async ({ dir, entries, bundled }) => {
      const result = await esbuild({
        entryPoints: entries.map((e) => join(dir, e)),
        outdir: dir,
        outbase: dir,
        chunkNames: 'chunks/[name]-[hash]',
        bundle: true,
        splitting: true,
        write: false,
        format: 'esm',
        platform: 'neutral',
        mainFields: ['module', 'main'],
        target: 'es2022',
        // Kept on the JSON import (`with { type: 'json' }`), which Node requires and es2022 predates.
        supported: { 'import-attributes': true },
        logLevel: 'warning',
        plugins: [externalExcept(bundled)],
      });
      return { dir, files: result.outputFiles };
    }),
  );
  for (const { dir, files } of outputs) {
    for (const file of listFiles(dir)) if (file.endsWith('.js')) rmSync(file);
    for (const file of files) {
      mkdirSync(dirname(file.path), { recursive: true });
      writeFileSync(file.path, file.contents);
    }
  }
}

/** `custom-elements.json` from the elements' JSDoc into `outdir`; returns its path. */
export function writeManifest(outdir: string): string {
  run('cem', require.resolve('@custom-elements-manifest/analyzer/cem.js'), [
    'analyze',
    '--quiet',
    '--config',
    'scripts/cem.config.mjs',
    // cem joins this to the working directory, so it is given relative to the root.
    '--outdir',
    relative(root, outdir),
  ]);
  const file = join(outdir, 'custom-elements.json');
  finishManifest(file);
  return file;
}

function report(): void {
  const manifest = 'custom-elements.json';
  const rows = scriptTagSizeRows(dist);
  if (existsSync(join(dist, manifest))) rows.push(sizeRow(manifest, readFileSync(join(dist, manifest))));
  const modules = listFiles(dist).filter((f) => f.endsWith('.js') && !SCRIPT_TAG_FILES.includes(relative(dist, f)));
  const total = modules.map(fileSize).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), {
    raw: 0,
    gzip: 0,
  });
  rows.push([`ESM modules (${modules.length} files)`, kb(total.raw), kb(total.gzip)]);
  console.log(`\n${table(['dist output', 'raw', 'gzip', 'brotli', 'goal'], rows)}`);
}

/**
 * What one script-tag file is made of: it is built again with a source map, and each byte of
 * the minified output is counted to the module it came from. A module's gzip figure is its
 * bytes compressed on their own (more than its share of the whole file, which compresses
 * across modules); "share" splits the file's real gzip size in that proportion. Runs after
 * `buildLibrary()`: the last row is the shipped file in `dist/`, which the analysed build
 * must match once its source-map comment is gone.
 */
async function analyze(element: (typeof CDN_ELEMENTS)[number] = 'invite-inbox'): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'invite-size-'));
  try {
    const config = cdnBuild(element, out);
    await build({ ...config, build: { ...config.build, sourcemap: true } });
    const shipped = readFileSync(join(dist, 'cdn', `${element}.js`), 'utf8');
    const code = readFileSync(join(out, `${element}.js`), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '');
    if (code !== shipped) throw new Error(`cdn/${element}.js built with a source map differs from the shipped file`);
    const map = new TraceMap(readFileSync(join(out, `${element}.js.map`), 'utf8'));
    const parts = new Map<string, string[]>();
    const add = (source: string, text: string) => (parts.get(source) ?? parts.set(source, []).get(source)!).push(text);
    const lines = code.split('\n');
    decodedMappings(map).forEach((segments, l) => {
      const line = lines[l] ?? '';
      let at = 0;
      let source = '(bundler glue)';
      for (const seg of segments) {
        add(source, line.slice(at, seg[0]));
        at = seg[0];
        if (seg.length > 1) source = map.sources[seg[1]!] ?? source;
      }
      add(source, line.slice(at));
    });
    const name = (s: string) => s.replace(/^.*node_modules\//, '').replace(/^.*?\/src\//, 'src/');
    const whole = sizeOf(shipped);
    const rows = [...parts]
      .map(([source, texts]) => ({ source: name(source), ...sizeOf(texts.join('')) }))
      .sort((a, b) => b.gzip - a.gzip);
    const alone = rows.reduce((sum, r) => sum + r.gzip, 0);
    const body = rows.map((r) => [r.source, `${r.raw} B`, `${r.gzip} B`, `${Math.round((r.gzip / alone) * whole.gzip)} B`]);
    body.push([`cdn/${element}.js (shipped)`, `${whole.raw} B`, `${whole.gzip} B`, `${whole.gzip} B`]);
    return table(['module', 'raw', 'gzip alone', 'share of gzip'], body);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildLibrary();
  report();
  if (process.argv.includes('--analyze')) console.log(`\n${await analyze()}`);
}
