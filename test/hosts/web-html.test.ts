/**
 * A plain HTML host: no build step, the classic-script file loaded straight
 * from `node_modules` and from a CDN-style path (`/npm/invite-inbox@VERSION/dist/…`,
 * as unpkg and jsDelivr lay packages out), the listener written in an inline
 * script. Also the typings of `invite-inbox/bundle.iife` for a TypeScript page
 * script, checked with `skipLibCheck: false`.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import {
  acceptDesignGuild,
  bin,
  createApp,
  openSession,
  startHostServer,
  strictCompilerOptions,
  versionOf,
  writeFiles,
} from './support/web-app.js';

const page = (src: string) => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Plain HTML host</title><link rel="icon" href="data:,"></head>
  <body>
    <invite-inbox endpoint="/api/invitations"></invite-inbox>
    <p id="host-joined"></p>
    <script src="${src}"></script>
    <script>
      document.querySelector('invite-inbox').addEventListener('invite-accepted', (event) => {
        document.getElementById('host-joined').textContent = event.accepted.map((i) => i.scope.name).join(', ');
      });
    </script>
  </body>
</html>
`;

const files = {
  'site/index.html': page('/node_modules/invite-inbox/dist/invite-inbox.iife.js'),
  // A TypeScript page script for the same file: the tags, their events and the global are typed.
  'page.ts': `
import type {} from 'invite-inbox/bundle.iife';

const inbox = document.querySelector('invite-inbox')!;
inbox.endpoint = '/api/invitations';
inbox.addEventListener('invite-accepted', (event) => {
  const names: string[] = event.accepted.map((invitation) => invitation.scope.name);
  console.log(names, event instanceof window.InviteInbox.InviteAcceptedEvent);
});
const prompt: InstanceType<typeof InviteInbox.InvitePrompt> = document.createElement('invite-prompt');
prompt.snoozeHours = 48;
`,
  'tsconfig.json': JSON.stringify({ compilerOptions: { ...strictCompilerOptions, types: [] }, files: ['page.ts'] }),
};

let app = '';
let version = '';

before(async () => {
  app = await createApp('html-host', files, { typescript: versionOf('typescript') });
  version = (JSON.parse(readFileSync(join(app, 'node_modules/invite-inbox/package.json'), 'utf8')) as { version: string })
    .version;
  writeFiles(app, { 'site/cdn.html': page(`/npm/invite-inbox@${version}/dist/invite-inbox.iife.js`) });
});

test('the tarball ships LICENSE and repository links; README links resolve on the npm page', () => {
  const pkg = join(app, 'node_modules', 'invite-inbox');
  assert.match(readFileSync(join(pkg, 'LICENSE'), 'utf8'), /^MIT License/);
  const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as Record<string, unknown>;
  for (const field of ['repository', 'homepage', 'bugs']) assert.ok(manifest[field], `package.json has ${field}`);
  const readme = readFileSync(join(pkg, 'README.md'), 'utf8');
  const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
  assert.ok(targets.length > 0);
  // npm renders README without the repository: a relative link must name a file in the tarball.
  const broken = targets.filter((t) => !/^(https?:|mailto:|#)/.test(t) && !existsSync(join(pkg, t)));
  assert.deepEqual(broken, []);
});

test('invite-inbox/bundle.iife has types: the tags, their events and the InviteInbox global', { timeout: 2 * 60_000 }, async () => {
  await bin(app, 'typescript', 'bin/tsc', ['-p', 'tsconfig.json']);
});

for (const [name, path] of [
  ['from node_modules', '/'],
  ['from a CDN-style path', '/cdn.html'],
] as const) {
  test(`the IIFE file ${name}: cards, accept, and the page's own listener`, { timeout: 3 * 60_000 }, async () => {
    const server = await startHostServer(app, {
      '/node_modules/': join(app, 'node_modules'),
      [`/npm/invite-inbox@${version}/`]: join(app, 'node_modules', 'invite-inbox'),
      '/': join(app, 'site'),
    });
    try {
      const session = await openSession(server.url);
      try {
        const requested: string[] = [];
        session.page.on('request', (r) => requested.push(new URL(r.url()).pathname));
        await session.page.goto(`${server.url}${path}`);
        await acceptDesignGuild(session.page);
        await session.page.locator('#host-joined', { hasText: 'Design Guild' }).waitFor({ timeout: 30_000 });
        assert.ok(
          requested.some((p) => p.endsWith('/dist/invite-inbox.iife.js') && p.startsWith(path === '/' ? '/node_modules/' : '/npm/')),
          requested.join('\n'),
        );
        assert.equal(await session.page.evaluate(() => typeof window.InviteInbox?.InviteInbox), 'function');
        assert.deepEqual(session.logs.filter((l) => /^(error|warning|pageerror)/.test(l)), []);
      } finally {
        await session.close();
      }
    } finally {
      await server.close();
    }
  });
}
