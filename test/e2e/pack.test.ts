/**
 * The published package, for real: build, `npm pack`, install the tarball into
 * an empty Vite app and an empty React app, type-check and build both, run the
 * server entry in plain Node (no tsx) and load the script-tag bundle twice in
 * Chromium. Slow by nature, so it is one file with one install per app.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { launchChromium } from '../support/chromium.js';
import { createApp, exec, versionOf, writeFiles } from '../hosts/support/web-app.js';
import { packedTarball, root } from '../hosts/support/web-pack.js';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');

/** Minifiers quote strings with any of ' " ` — look for the literal, not a quoting style. */
function hasStringLiteral(js: string, value: string): boolean {
  return ['"', "'", '`'].some((q) => js.includes(`${q}${value}${q}`));
}

function builtScripts(appDir: string): string {
  const assets = join(appDir, 'dist', 'assets');
  return readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(assets, f), 'utf8'))
    .join('\n');
}

let packError: string | undefined;
/** The Vite app the first test installs; the later tests run the package installed there. */
let viteApp = '';

before(async () => {
  let tarball: string;
  try {
    tarball = packedTarball();
  } catch (err) {
    // The only reason to skip: this machine cannot run npm at all.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    packError = (err as Error).message;
    return;
  }
  const paths = (await exec('tar', ['-tzf', tarball], root)).stdout
    .split('\n')
    .filter(Boolean)
    .map((p) => p.replace(/^package\//, ''));
  for (const expected of [
    'dist/invite-inbox.bundle.js',
    'dist/elements/index.js',
    'dist/elements/index.d.ts',
    'dist/server/index.js',
    'dist/emulator/index.js',
    'dist/react/index.js',
    'dist/custom-elements.json',
  ]) {
    assert.ok(paths.includes(expected), `tarball lacks ${expected}`);
  }
  assert.deepEqual(
    paths.filter((p) => /^(src|test|demo|scripts)\//.test(p)),
    [],
    'sources and tests stay out of the tarball',
  );
});

const consumerTsconfig = (include: string[]) =>
  JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2023', 'DOM', 'DOM.Iterable'],
      jsx: 'react-jsx',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    },
    include,
  });

test('a vanilla Vite app installs, type-checks and bundles the elements', { timeout: 5 * 60_000 }, async (t) => {
  if (packError) return t.skip(`npm pack impossible here: ${packError}`);
  const app = (viteApp = await createApp('vite-app', {
    'index.html': '<!doctype html>\n<invite-inbox></invite-inbox>\n<script type="module" src="/main.ts"></script>\n',
    // Typed through HTMLElementTagNameMap and HTMLElementEventMap: without them `event.accepted` does not compile.
    'main.ts': [
      "import 'invite-inbox';",
      "import type { InvitationView } from 'invite-inbox/shared';",
      "const inbox = document.querySelector('invite-inbox')!;",
      "inbox.addEventListener('invite-accepted', (event) => {",
      '  const accepted: InvitationView[] = event.accepted;',
      '  const open: number = inbox.openCount;',
      '  console.log(accepted.length, open);',
      '});',
      "document.createElement('invite-inbox').endpoint = '/api/invitations';",
      '',
    ].join('\n'),
    'tsconfig.json': consumerTsconfig(['main.ts']),
  }, { vite: versionOf('vite') }));

  await exec(process.execPath, [tsc, '-p', app], app);
  await exec(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], app);
  assert.ok(existsSync(join(app, 'dist', 'index.html')));
  const js = builtScripts(app);
  assert.ok(hasStringLiteral(js, 'invite-inbox'), 'the bundle defines <invite-inbox>');
});

test('the server and emulator entries run in plain Node without loading Lit', { timeout: 2 * 60_000 }, async (t) => {
  if (packError) return t.skip(`npm pack impossible here: ${packError}`);
  const app = viteApp;
  writeFiles(app, {
    // Any module Lit ships with is refused at resolution time, so a stray import fails loudly.
    'no-lit.mjs': [
      'export async function resolve(specifier, context, next) {',
      '  const result = await next(specifier, context);',
      "  if (/\\/node_modules\\/(lit|lit-html|lit-element|@lit\\/[^/]+)\\//.test(result.url)) {",
      '    throw new Error(`server code loaded Lit: ${result.url}`);',
      '  }',
      '  return result;',
      '}',
      '',
    ].join('\n'),
    'with-no-lit.mjs': "import { register } from 'node:module';\nregister('./no-lit.mjs', import.meta.url);\n",
    'server-check.mjs': [
      "const { createInviteProxy, seedApiProvider } = await import('invite-inbox/server');",
      "const { startEmulator } = await import('invite-inbox/emulator');",
      'const upstream = await startEmulator({ port: 0 });',
      'try {',
      '  const handler = createInviteProxy({',
      "    provider: seedApiProvider({ baseUrl: upstream.url, apiKey: 'emulator-key' }),",
      "    getIdentity: () => ({ userId: 'alice', email: 'alice@acme.com', emailVerified: true }),",
      '  });',
      "  const res = await handler(new Request('http://app.test/api/invitations'));",
      '  const body = await res.json();',
      '  console.log(JSON.stringify({ status: res.status, count: body.invitations.length }));',
      '} finally {',
      '  await upstream.close();',
      '}',
      '',
    ].join('\n'),
  });

  const guard = ['--import', './with-no-lit.mjs'];
  const { stdout: out } = await exec(process.execPath, [...guard, 'server-check.mjs'], app);
  const result = JSON.parse(out.trim().split('\n').at(-1)!) as { status: number; count: number };
  assert.equal(result.status, 200);
  assert.ok(result.count > 0, 'alice sees her invitations through the installed proxy');

  // The guard itself works: the same hook refuses the element entry, which does import Lit.
  const control = await exec(process.execPath, [...guard, '--input-type=module', '-e', "await import('invite-inbox')"], app, {
    allowFailure: true,
  });
  assert.notEqual(control.code, 0);
  assert.match(control.stderr, /server code loaded Lit/);
});

test('importing invite-inbox/server reads a few bundled files and no dependency; the autojoin lists load on first use', { timeout: 2 * 60_000 }, async (t) => {
  if (packError) return t.skip(`npm pack impossible here: ${packError}`);
  const app = viteApp;
  writeFiles(app, {
    // Every module Node resolves goes to the log; the script marks where each phase starts.
    'record.mjs': [
      "import { appendFileSync } from 'node:fs';",
      'export async function resolve(specifier, context, next) {',
      '  const result = await next(specifier, context);',
      '  appendFileSync(process.env.LOADED_LOG, result.url + "\\n");',
      '  return result;',
      '}',
      '',
    ].join('\n'),
    'with-record.mjs': "import { register } from 'node:module';\nregister('./record.mjs', import.meta.url);\n",
    'cold-start.mjs': [
      "import { appendFileSync } from 'node:fs';",
      "appendFileSync(process.env.LOADED_LOG, 'phase: import\\n');",
      "const { createInviteProxy, inProcessProvider } = await import('invite-inbox/server');",
      "appendFileSync(process.env.LOADED_LOG, 'phase: first autojoin list\\n');",
      'const offer = {',
      "  id: 'aj', kind: 'autojoin', scope: { type: 'workspace', id: 'acme', name: 'Acme' },",
      "  createdAt: new Date().toISOString(), status: 'pending', canDecline: false, matchedDomain: 'acme.com',",
      '};',
      'const handler = createInviteProxy({',
      '  provider: inProcessProvider({ list: () => [offer], accept: () => undefined }),',
      "  getIdentity: () => ({ userId: 'alice', email: 'alice@acme.com', emailVerified: true }),",
      '});',
      "const res = await handler(new Request('http://app.test/api/invitations'));",
      'console.log(JSON.stringify((await res.json()).invitations.map((v) => v.id)));',
      '',
    ].join('\n'),
  });
  const log = join(app, 'loaded.log');
  rmSync(log, { force: true });
  const { stdout: out } = await exec(process.execPath, ['--import', './with-record.mjs', 'cold-start.mjs'], app, { env: { LOADED_LOG: log } });
  assert.deepEqual(JSON.parse(out.trim()), ['aj'], 'the offer is shown: the rules loaded and judged acme.com');

  const [, atImport = '', onFirstUse = ''] = readFileSync(log, 'utf8').split(/^phase: .*$/m);
  // Resolved once per importing module: the same file can appear more than once.
  const files = (text: string, pattern: RegExp) => [...new Set(text.split('\n').filter((url) => pattern.test(url)))];
  const own = files(atImport, /node_modules\/invite-inbox\/dist\/server\//);
  assert.ok(own.length > 0 && own.length <= 6, `the entry and its shared chunks, not one file per module:\n${own.join('\n')}`);
  assert.deepEqual(files(atImport, /node_modules\/(?!invite-inbox\/)/), [], 'hono and valibot are compiled in; nothing else loads yet');
  const lists = files(onFirstUse, /node_modules\/(email-providers|tldts-icann)\//);
  assert.ok(lists.some((u) => u.includes('email-providers')) && lists.some((u) => u.includes('tldts-icann')), 'the lists load on first use');
  assert.deepEqual(files(onFirstUse, /node_modules\/(hono|valibot)\//), []);
});

test('npx invite-inbox-emulator runs the installed emulator from dist, with its flags and env', { timeout: 2 * 60_000 }, async (t) => {
  if (packError) return t.skip(`npm pack impossible here: ${packError}`);
  const app = viteApp;
  const bin = JSON.parse(readFileSync(join(app, 'node_modules', 'invite-inbox', 'package.json'), 'utf8')).bin;
  assert.equal(bin['invite-inbox-emulator'], './dist/emulator/cli.js');

  const { stdout: help } = await exec('npx', ['--no-install', 'invite-inbox-emulator', '--help'], app);
  assert.match(help, /--port N/);
  assert.match(help, /--data FILE/);

  const dataFile = join(app, 'emulator-state.json');
  const child = spawn('npx', ['--no-install', 'invite-inbox-emulator', '--port', '0', '--data', dataFile], {
    cwd: app,
    env: { ...process.env, npm_config_update_notifier: 'false', EMULATOR_API_KEY: 'packed-key' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: npx runs the bin as a child, and a signal must reach both.
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  let url = '';
  try {
    url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`emulator exited (${code}):\n${output}`)));
    });
    const list = `${url}/api/v1/invitations?targetType=email&targetValue=${encodeURIComponent('alice@acme.com')}`;
    const res = await fetch(list, { headers: { 'x-api-key': 'packed-key' } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { invitations: unknown[] };
    assert.ok(body.invitations.length > 0, 'the demo data is there');
    assert.equal((await fetch(list, { headers: { 'x-api-key': 'emulator-key' } })).status, 401, 'EMULATOR_API_KEY applies');
    assert.ok(existsSync(dataFile), '--data names the state file');
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
  assert.match(output, /SIGTERM: shutting down/);
  // npx may exit a moment before the emulator it started.
  let stillUp = true;
  for (let i = 0; i < 100 && stillUp; i++) {
    stillUp = await fetch(url).then(
      () => true,
      () => false,
    );
    if (stillUp) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(stillUp, false, 'the emulator is gone once stopped');
});

test('a React 19 app builds with the invite-inbox/react wrapper', { timeout: 5 * 60_000 }, async (t) => {
  if (packError) return t.skip(`npm pack impossible here: ${packError}`);
  const app = await createApp('react-app', {
    'index.html': '<!doctype html>\n<div id="root"></div>\n<script type="module" src="/main.tsx"></script>\n',
    'main.tsx': [
      "import { createRoot } from 'react-dom/client';",
      "import { InviteInbox } from 'invite-inbox/react';",
      '',
      'function App() {',
      '  return (',
      '    <InviteInbox',
      '      endpoint="/api/invitations"',
      '      onInviteAccepted={(event) => console.log(event.accepted.length, event.failed.length)}',
      '    />',
      '  );',
      '}',
      '',
      "createRoot(document.getElementById('root')!).render(<App />);",
      '',
    ].join('\n'),
    'vite.config.js': "export default { oxc: { jsx: { runtime: 'automatic' } } };\n",
    'tsconfig.json': consumerTsconfig(['main.tsx']),
  }, {
    vite: versionOf('vite'),
    react: versionOf('react'),
    'react-dom': versionOf('react-dom'),
    '@types/react': versionOf('@types/react'),
    '@types/react-dom': versionOf('@types/react-dom'),
  });

  await exec(process.execPath, [tsc, '-p', app], app);
  await exec(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], app);
  const js = builtScripts(app);
  assert.ok(hasStringLiteral(js, 'invite-inbox'), 'the React bundle defines <invite-inbox>');
  assert.ok(hasStringLiteral(js, 'invite-accepted'), 'onInviteAccepted is wired to the DOM event');
});

test('the script-tag bundles load twice on one page without throwing', { timeout: 2 * 60_000 }, async (t) => {
  if (packError) return t.skip(`npm pack impossible here: ${packError}`);
  const pkgDist = join(viteApp, 'node_modules', 'invite-inbox', 'dist');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.route('http://pack.test/**', async (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/') {
        // Distinct query strings make two module instances: a real second copy, not a cache hit.
        return route.fulfill({
          contentType: 'text/html',
          body: [
            '<!doctype html>',
            '<script src="/invite-inbox.iife.js"></script>',
            '<script src="/invite-inbox.iife.js?copy=2"></script>',
            '<script type="module" src="/invite-inbox.bundle.js?copy=1"></script>',
            '<script type="module" src="/invite-inbox.bundle.js?copy=2"></script>',
            '<invite-inbox></invite-inbox>',
          ].join('\n'),
        });
      }
      if (url.pathname.startsWith('/api/invitations')) {
        return route.fulfill({ contentType: 'application/json', body: '{"invitations":[]}' });
      }
      const file = join(pkgDist, url.pathname.slice(1));
      if (!existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
      return route.fulfill({ contentType: 'text/javascript', body: readFileSync(file, 'utf8') });
    });
    await page.goto('http://pack.test/');
    const state = await page.evaluate(async () => {
      await customElements.whenDefined('invite-inbox');
      const el = document.querySelector('invite-inbox')!;
      return {
        upgraded: el.shadowRoot !== null,
        copies: performance.getEntriesByType('resource').filter((e) => /invite-inbox\.(bundle|iife)\.js/.test(e.name))
          .length,
      };
    });
    assert.equal(state.copies, 4, 'all four copies were fetched and run');
    assert.ok(state.upgraded, '<invite-inbox> is defined and upgraded');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('a per-element script-tag file renders cards and fetches German from beside itself', { timeout: 2 * 60_000 }, async (t) => {
  if (packError) return t.skip(`npm pack impossible here: ${packError}`);
  const pkgDist = join(viteApp, 'node_modules', 'invite-inbox', 'dist');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const invitation = {
      id: 'inv-1',
      kind: 'invitation',
      scope: { type: 'workspace', id: 'acme', name: 'Acme' },
      createdAt: new Date().toISOString(),
      status: 'pending',
      canDecline: false,
    };
    await page.route('http://pack.test/**', async (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/') {
        return route.fulfill({
          contentType: 'text/html',
          body: '<!doctype html><html lang="de"><script type="module" src="/static/cdn/invite-inbox.js"></script><invite-inbox></invite-inbox>',
        });
      }
      if (url.pathname === '/api/invitations') {
        return route.fulfill({ contentType: 'application/json', body: JSON.stringify({ invitations: [invitation] }) });
      }
      // The package's dist/ served under a path of the host's choosing: nothing in it may assume where.
      const file = join(pkgDist, url.pathname.replace(/^\/static\//, ''));
      if (!url.pathname.startsWith('/static/') || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
      return route.fulfill({ contentType: 'text/javascript', body: readFileSync(file, 'utf8') });
    });
    await page.goto('http://pack.test/');
    const join_ = page.locator('invite-inbox [part~="card"] [part~="accept-button"]');
    await join_.waitFor();
    await page.waitForFunction(() =>
      document.querySelector('invite-inbox')?.shadowRoot?.querySelector('[part~="card"] [part~="accept-button"]')?.textContent?.includes('Beitreten'),
    );
    const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    assert.ok(fetched.includes('/static/cdn/locales/de.js'), `the German locale came from beside the script: ${fetched.join(', ')}`);
    assert.equal(fetched.filter((p) => p.startsWith('/static/') && p !== '/static/cdn/locales/de.js' && p !== '/static/cdn/invite-inbox.js').length, 0, 'one file for the element, no other imports');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
