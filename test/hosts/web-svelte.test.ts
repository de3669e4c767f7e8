/**
 * Svelte 5 + Vite as a host, installed from the packed tarball: the tags typed
 * by `invite-inbox/svelte` (svelte-check, `skipLibCheck: false`, must accept
 * the app and reject misuse), built with `vite build`, and accepting in
 * Chromium behind the proxy.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { bin, createApp, strictCompilerOptions, versionOf } from './support/web-app.js';
import { acceptInChromium, errorsIn } from './support/web-spa.js';

const files = {
  'index.html': '<!doctype html>\n<html lang="en"><body><div id="app"></div><script type="module" src="/src/main.ts"></script></body></html>\n',
  'vite.config.js': "import { svelte } from '@sveltejs/vite-plugin-svelte';\n\nexport default { plugins: [svelte()] };\n",
  'svelte.config.js': "import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';\n\nexport default { preprocess: vitePreprocess() };\n",
  'src/app.d.ts': "import type {} from 'invite-inbox/svelte';\n",
  'src/main.ts': `
import 'invite-inbox';
import { mount } from 'svelte';
import App from './App.svelte';

mount(App, { target: document.getElementById('app')! });
`,
  'src/App.svelte': `
<script lang="ts">
  import type { InviteAcceptedEvent } from 'invite-inbox';

  let joined: string[] = $state([]);
  const onAccepted = (event: InviteAcceptedEvent) => {
    joined = event.accepted.map((invitation) => invitation.scope.name);
  };
</script>

<invite-inbox endpoint="/api/invitations" oninvite-accepted={onAccepted}></invite-inbox>
<p id="host-joined">{joined.join(', ')}</p>
`,
  // Misuse the typings must catch: a number for a string property, a handler for another event.
  'src/Wrong.svelte': `
<script lang="ts">
  import type { InviteLoadEvent } from 'invite-inbox';

  const onLoad = (event: InviteLoadEvent) => event.invitations.length;
</script>

<invite-inbox endpoint={42} oninvite-accepted={onLoad}></invite-inbox>
`,
  'tsconfig.json': JSON.stringify({
    compilerOptions: { ...strictCompilerOptions, verbatimModuleSyntax: true, types: [] },
    include: ['src/**/*.ts', 'src/**/*.svelte'],
  }),
};

let app = '';

before(async () => {
  app = await createApp('svelte-host', files, {
    svelte: '^5',
    vite: versionOf('vite'),
    '@sveltejs/vite-plugin-svelte': '^7',
    'svelte-check': '^4',
    typescript: versionOf('typescript'),
  });
});

test('svelte-check type-checks the template usage and its typed events', { timeout: 3 * 60_000 }, async () => {
  const { code, stdout, stderr } = await bin(
    app,
    'svelte-check',
    'bin/svelte-check',
    ['--tsconfig', './tsconfig.json', '--output', 'machine', '--fail-on-warnings'],
    { allowFailure: true },
  );
  const output = stdout + stderr;
  assert.notEqual(code, 0, 'Wrong.svelte must not compile');
  const wrong = errorsIn(output, 'Wrong.svelte');
  assert.equal(wrong.length, 2, output);
  assert.match(wrong[0]!, /'number' is not assignable to type 'string'/);
  assert.match(wrong[1]!, /InviteLoadEvent.*InviteAcceptedEvent/);
  assert.match(output, /COMPLETED \d+ FILES 2 ERRORS 0 WARNINGS 1 FILES_WITH_PROBLEMS/, output);
});

test('vite build, then cards and an accept in Chromium', { timeout: 5 * 60_000 }, async () => {
  await bin(app, 'vite', 'bin/vite.js', ['build', '--logLevel', 'error']);
  await acceptInChromium(app, join(app, 'dist'));
});
