/**
 * The proxy core runs on workerd, Deno and Bun: nothing it reaches — its own
 * files or its dependencies — may import a Node built-in. Only `adapters/`
 * (node:http, Express) may. And a host that uses one provider must not ship
 * the others.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Plugin } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const serverDir = join(root, 'src/server');

/** Every module of the core: src/server without adapters/ and the entry that re-exports them. */
function coreFiles(dir = serverDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'adapters' ? [] : coreFiles(path);
    return entry.name.endsWith('.ts') && path !== join(serverDir, 'index.ts') ? [path] : [];
  });
}

/** How a Workers bundler resolves: ESM, the worker/browser export conditions, no Node platform. */
const asWorker = {
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  conditions: ['worker', 'browser', 'import'],
  logLevel: 'silent',
} satisfies BuildOptions;

const NODE_BUILTIN = new RegExp(`^(node:.*|${builtinModules.map((m) => m.replace(/[/.]/g, '\\$&')).join('|')})(/.*)?$`);

/** Records every Node built-in import on the way, with who imports it. */
function nodeImports(found: string[]): Plugin {
  return {
    name: 'node-imports',
    setup(b) {
      b.onResolve({ filter: NODE_BUILTIN }, (args) => {
        found.push(`${relative(root, args.importer)} imports ${args.path}`);
        return { path: args.path, external: true };
      });
    },
  };
}

test('the proxy core and its dependencies import no Node built-in', async () => {
  const entries = coreFiles();
  assert.ok(entries.some((f) => f.endsWith('proxy.ts')), 'the walk found the core');
  const found: string[] = [];
  await build({ ...asWorker, entryPoints: entries, outdir: 'out', plugins: [nodeImports(found)] });
  assert.deepEqual(found, []);
});

test('the walk does see a Node import where there is one (the Node adapter)', async () => {
  const found: string[] = [];
  await build({
    entryPoints: [join(serverDir, 'adapters/node-fetch.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
    plugins: [nodeImports(found)],
  });
  assert.ok(found.some((f) => f.includes('node:http')), found.join('\n'));
});

test('a Worker host using one provider ships neither the others nor any Node module', async () => {
  const found: string[] = [];
  const result = await build({
    stdin: {
      contents: `
        import { createInviteProxy, seedApiProvider } from './src/server/index.ts';
        export default { fetch: createInviteProxy({ provider: seedApiProvider({ baseUrl: 'https://api.example', apiKey: 'k' }), getIdentity: () => null }) };`,
      resolveDir: root,
      loader: 'ts',
    },
    ...asWorker,
    metafile: true,
    plugins: [nodeImports(found)],
  });
  const shipped = Object.entries(Object.values(result.metafile.outputs)[0]!.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
  assert.ok(shipped.some((p) => p.endsWith('providers/seed-api.ts')));
  assert.deepEqual(shipped.filter((p) => /providers\/(census|in-process)\.ts$|adapters\//.test(p)), []);
  // The entry re-exports the Node adapters, so their imports are seen; none may survive tree-shaking.
  assert.doesNotMatch(new TextDecoder().decode(result.outputFiles[0]!.contents), /["']node:/);
});

test('the core carries no autojoin domain data unless the host imports it; the Node entry loads it lazily', async () => {
  const shipped = async (contents: string): Promise<string[]> => {
    const result = await build({
      ...asWorker,
      stdin: { contents, resolveDir: root, loader: 'ts' },
      metafile: true,
      external: ['node:*'],
    });
    const packages = Object.keys(result.metafile.inputs).map((p) => /node_modules\/(email-providers|tldts-icann)\//.exec(p)?.[1]);
    return [...new Set(packages.filter((p) => p !== undefined))].sort();
  };
  const proxy = `createInviteProxy({ provider: seedApiProvider({ baseUrl: 'https://api.example', apiKey: 'k' }), getIdentity: () => null`;
  assert.deepEqual(await shipped(`import { createInviteProxy, seedApiProvider } from './src/server/core.ts'; export default ${proxy} });`), []);
  const withRules = await shipped(`
    import { createInviteProxy, seedApiProvider } from './src/server/core.ts';
    import { domainRules } from './src/server/domain-rules.ts';
    export default ${proxy}, domainRules });`);
  assert.deepEqual(withRules, ['email-providers', 'tldts-icann']);
  // The Node entry reaches them, through the import() its default rules make on first use.
  const node = await shipped(`import { createInviteProxy, seedApiProvider } from './src/server/index.ts'; export default ${proxy} });`);
  assert.deepEqual(node, ['email-providers', 'tldts-icann']);
});
