// The browser tests again, against the built script-tag files in `dist/cdn/` (`npm run build`
// first): whatever the size work does to them (terser, shortened private names, minified
// templates, the slimmer locale switcher) must keep every tested behaviour.
// Each element entry the tests import is redirected to its file, so `import.meta.url` is the
// built file's own and its locales load from `dist/cdn/locales/` beside it.
import { existsSync } from 'node:fs';
import base from './web-test-runner.config.js';

const built = /^\/src\/elements\/(invite-inbox|invite-prompt|invite-scope-admin)\.(js|ts)$/;

if (!existsSync('dist/cdn/invite-inbox.js')) throw new Error('run `npm run build` first: dist/cdn/ is missing');

export default {
  ...base,
  middleware: [
    async function scriptTagFiles(ctx, next) {
      const m = built.exec(ctx.path);
      if (!m) return next();
      ctx.redirect(`/dist/cdn/${m[1]}.js`);
    },
    ...base.middleware,
  ],
};
