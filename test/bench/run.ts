/**
 * `npm run bench`: sizes of what ships, the <invite-inbox> figures of
 * element-bench.ts, the emulator's writes, the proxy in workerd (runtimes-bench.ts)
 * and at scale (proxy-bench.ts, which also times its list latency against the emulator).
 * Prints figures only; nothing here asserts on time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { buildLibrary } from '../../scripts/build.js';
import { fileSize, kb, sizeOf, table, type Size } from '../../scripts/sizes.js';
import { elementBench, type ElementSection } from './element-bench.js';
import { emulatorWriteFigures, STATE_INVITATIONS } from './emulator-writes.js';
import { printColdStart, printProxyBench } from './proxy-bench.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist');

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
const writes = await emulatorWriteFigures(dist);

console.log(
  '\nPackage entries (own = the package’s files an entry reaches; full = esbuild-minified with all dependencies, templates as written;\n' +
    'the bundle rows are the shipped script-tag files: every element, locales inlined, templates minified)\n',
);
console.log(table(['entry', 'own raw', 'own gzip', 'full raw', 'full gzip', 'lit'], sizes));

console.log(`\nEmulator writes per second with ${STATE_INVITATIONS} invitations (each answered once durable)\n`);
console.log(
  table(
    ['writes', 'per second', 'whole-state rewrite per change'],
    writes.map((w) => [w.what, w.writesPerSecond.toFixed(0), w.reference ? `~${w.reference}` : '']),
  ),
);

console.log(await (await import('./runtimes-bench.js')).runtimesBench(dist));

if (only === undefined) await printProxyBench({ profile: process.argv.includes('--profile') });
