/**
 * The proxy on server runtimes other than Node, each installed from the packed
 * tarball into a fresh Hono app: Bun (`Bun.serve`), Deno (`Deno.serve`) and
 * Cloudflare's workerd (through Miniflare, the proxy bundled into a Worker
 * script with esbuild the way Wrangler does). Each answers a real list and
 * accept against the real emulator over loopback. The shared app type-checks
 * with `skipLibCheck: false` and neither `express` nor `@types/node` installed.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { startEmulator } from '../../src/emulator/index.js';
import { workerBuild } from '../support/worker-build.js';
import { listAndAccept } from './support/server-checks.js';
import { edgeAppFiles } from './support/server-edge-app.js';
import { binOf, typecheck } from './support/server-pack.js';
import { createApp, exec, startChildServer, versionOf, writeFiles } from './support/web-app.js';

const API_KEY = 'sk-edge-hosts';
const COOKIE = 'host_user=alice@acme.com';
let app: string;

before(async () => {
  app = await createApp('edge-host', edgeAppFiles, { hono: versionOf('hono') });
}, { timeout: 8 * 60_000 });

/** A runtime that cannot start here fails the test with the reason, never skips it. */
async function runtimeVersion(name: string): Promise<string> {
  try {
    return (await exec(binOf(name), ['--version'], app)).stdout.trim();
  } catch (err) {
    throw new Error(`RUNTIME UNAVAILABLE: ${name} (from the npm package "${name}") cannot run on this machine: ${String(err)}`);
  }
}

describe('server runtimes from the packed tarball', { concurrency: true }, () => {
  test('the Hono app type-checks strictly without express or Node types installed', async () => {
    for (const absent of ['express', '@types/express', '@types/node']) {
      assert.ok(!existsSync(join(app, 'node_modules', absent)), `${absent} must not be installed for this check to mean anything`);
    }
    await typecheck(app, ['app.ts', 'worker.ts', 'worker-without-rules.ts']);
  });

  test('with the workerd condition, invite-inbox/server is typed as the core: a Node-only export fails to type-check', async () => {
    // Wrangler-style resolution: Bundler, and the condition the Worker's bundle is resolved with.
    const workerd = { module: 'ESNext', moduleResolution: 'Bundler', customConditions: ['workerd'] };
    writeFiles(app, {
      'worker-node-only.ts': "import { toNodeListener } from 'invite-inbox/server';\nexport const listener = toNodeListener;\n",
    });
    await typecheck(app, ['worker.ts', 'worker-without-rules.ts'], workerd, { config: 'tsconfig.workerd.json' });
    const nodeOnly = await typecheck(app, ['worker-node-only.ts'], workerd, { config: 'tsconfig.node-only.json', allowFailure: true });
    assert.notEqual(nodeOnly.code, 0, 'toNodeListener is not in the core, so a Worker importing it must not type-check');
    assert.match(nodeOnly.stdout, /has no exported member 'toNodeListener'/);
  });

  test('Hono on Bun answers list and accept', { timeout: 3 * 60_000 }, async (t) => {
    t.diagnostic(await runtimeVersion('bun'));
    const emulator = await startEmulator({ port: 0, apiKey: API_KEY });
    const server = await startChildServer(binOf('bun'), ['run', 'bun.ts'], app, { UPSTREAM_URL: emulator.url, UPSTREAM_API_KEY: API_KEY });
    try {
      await listAndAccept(server.url, COOKIE, { url: emulator.url, apiKey: API_KEY });
    } finally {
      await server.close();
      await emulator.close();
    }
  });

  test('Deno.serve answers list and accept, and deno check passes', { timeout: 3 * 60_000 }, async (t) => {
    t.diagnostic(await runtimeVersion('deno'));
    // Deno's cache stays inside the temp app; node_modules is used as installed.
    const env = { DENO_DIR: join(app, 'deno-dir'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
    await exec(binOf('deno'), ['check', 'deno.ts'], app, { env });
    const emulator = await startEmulator({ port: 0, apiKey: API_KEY });
    const server = await startChildServer(
      binOf('deno'),
      ['run', '--allow-net=127.0.0.1', '--allow-env', '--allow-read', 'deno.ts'],
      app,
      { ...env, UPSTREAM_URL: emulator.url, UPSTREAM_API_KEY: API_KEY },
    );
    try {
      await listAndAccept(server.url, COOKIE, { url: emulator.url, apiKey: API_KEY });
    } finally {
      await server.close();
      await emulator.close();
    }
  });

  test('workerd (Miniflare) runs the bundled Worker: list and accept, autojoin offered with the domain rules passed', { timeout: 3 * 60_000 }, async (t) => {
    t.diagnostic(await runtimeVersion('workerd'));
    const script = await bundleWorker('worker.ts');
    assert.ok(script.includes('mailinator.com'), 'the rules the Worker imports are in its bundle');
    await inWorkerd(script, async (base, upstream) => {
      assert.deepEqual(await autojoinOffers(base), ['inv_autojoin_acme']);
      await listAndAccept(base, COOKIE, upstream);
    });
  });

  test('workerd without the domain rules: no autojoin offers, onError told once why, the rest works', { timeout: 3 * 60_000 }, async (t) => {
    t.diagnostic(await runtimeVersion('workerd'));
    const script = await bundleWorker('worker-without-rules.ts');
    assert.ok(!script.includes('mailinator.com'), 'the core bundles no free-mail list of its own');
    await inWorkerd(script, async (base, upstream) => {
      assert.deepEqual(await autojoinOffers(base), []);
      assert.deepEqual(await autojoinOffers(base), []);
      const reports = (await (await fetch(`${base}/reports`)).json()) as { code?: string; message: string }[];
      assert.deepEqual(reports.map((r) => r.code), ['domain_rules_missing'], JSON.stringify(reports));
      assert.match(reports[0]!.message, /invite-inbox\/server\/domain-rules/);
      await listAndAccept(base, COOKIE, upstream);
    });
  });
});

/** The Worker as Wrangler bundles it; it must import no Node built-in. */
async function bundleWorker(entry: string): Promise<string> {
  const outfile = join(app, 'dist', entry.replace(/\.ts$/, '.js'));
  await build({ ...workerBuild, absWorkingDir: app, entryPoints: [entry], outfile });
  const script = readFileSync(outfile, 'utf8');
  assert.doesNotMatch(script, /["']node:/, 'the Worker bundle imports no Node built-in');
  return script;
}

/** Serves `script` in workerd against a fresh emulator for the length of `use`. */
async function inWorkerd(script: string, use: (base: string, upstream: { url: string; apiKey: string }) => Promise<void>): Promise<void> {
  const emulator = await startEmulator({ port: 0, apiKey: API_KEY });
  const mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: '2025-01-01',
    bindings: { UPSTREAM_URL: emulator.url, UPSTREAM_API_KEY: API_KEY },
    host: '127.0.0.1',
    port: 0,
  });
  try {
    await use((await mf.ready).origin, { url: emulator.url, apiKey: API_KEY });
  } finally {
    await mf.dispose();
    await emulator.close();
  }
}

/** The IDs of the autojoin offers the signed-in user's list shows. */
async function autojoinOffers(base: string): Promise<string[]> {
  const res = await fetch(`${base}/api/invitations`, { headers: { cookie: COOKIE } });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { invitations: { id: string; kind: string }[] };
  return body.invitations.filter((v) => v.kind === 'autojoin').map((v) => v.id);
}
