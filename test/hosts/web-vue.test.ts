/**
 * Vue 3 + Vite as a host, installed from the packed tarball: the tags declared
 * as custom elements to the template compiler, typed by `invite-inbox/vue`
 * (vue-tsc, `skipLibCheck: false`, must accept the app and reject misuse),
 * built with `vite build`, and accepting in Chromium behind the proxy.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { bin, createApp, strictCompilerOptions, versionOf } from './support/web-app.js';
import { acceptInChromium, errorsIn } from './support/web-spa.js';

const files = {
  'index.html': '<!doctype html>\n<html lang="en"><body><div id="app"></div><script type="module" src="/src/main.ts"></script></body></html>\n',
  'vite.config.ts': `
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('invite-') } } })],
});
`,
  'src/main.ts': `
import 'invite-inbox';
import type {} from 'invite-inbox/vue';
import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#app');
`,
  'src/App.vue': `
<script setup lang="ts">
import { ref } from 'vue';
import type { InviteAcceptedEvent } from 'invite-inbox';

const joined = ref<string[]>([]);
const onAccepted = (event: InviteAcceptedEvent) => {
  joined.value = event.accepted.map((invitation) => invitation.scope.name);
};
</script>

<template>
  <invite-inbox endpoint="/api/invitations" @invite-accepted="onAccepted" />
  <p id="host-joined">{{ joined.join(', ') }}</p>
</template>
`,
  // Misuse the typings must catch: a number for a string property, a handler for another event.
  'src/Wrong.vue': `
<script setup lang="ts">
import type { InviteLoadEvent } from 'invite-inbox';

const onLoad = (event: InviteLoadEvent) => event.invitations.length;
</script>

<template>
  <invite-inbox :endpoint="42" @invite-accepted="onLoad" />
</template>
`,
  'tsconfig.json': JSON.stringify({
    compilerOptions: { ...strictCompilerOptions, types: [] },
    include: ['src/**/*.ts', 'src/**/*.vue'],
  }),
};

let app = '';

before(async () => {
  app = await createApp('vue-host', files, {
    vue: '^3',
    vite: versionOf('vite'),
    '@vitejs/plugin-vue': '^6',
    'vue-tsc': '^3',
    typescript: versionOf('typescript'),
  });
});

test('vue-tsc type-checks the template usage and its typed events', { timeout: 3 * 60_000 }, async () => {
  const { code, stdout, stderr } = await bin(app, 'vue-tsc', 'bin/vue-tsc.js', ['-p', 'tsconfig.json'], {
    allowFailure: true,
  });
  const output = stdout + stderr;
  assert.notEqual(code, 0, 'Wrong.vue must not compile');
  const wrong = errorsIn(output, 'Wrong.vue');
  assert.equal(wrong.length, 2, output);
  assert.match(wrong[0]!, /'number' is not assignable to type 'string'/);
  assert.match(wrong[1]!, /InviteLoadEvent.*InviteAcceptedEvent/);
  assert.deepEqual(output.split('\n').filter((l) => /error TS/.test(l) && !l.includes('Wrong.vue')), [], output);
});

test('vite build, then cards and an accept in Chromium', { timeout: 5 * 60_000 }, async () => {
  await bin(app, 'vite', 'bin/vite.js', ['build', '--logLevel', 'error']);
  await acceptInChromium(app, join(app, 'dist'));
});
