import { fileURLToPath } from 'node:url';
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { defineConfig, type InlineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Generic defaults, shared by the demo's dev server. The library build lives
 * in `libraryBuild()` and is applied programmatically by `scripts/build.ts`,
 * so nothing here changes how the demo is served.
 */
export default defineConfig({});

/**
 * `<invite-inbox>` alone as a host app would ship it: Lit and everything the
 * element needs in one minified module, English built in, each other language
 * a chunk loaded on demand. Used by the benchmark to measure the element's size.
 */
export function elementBuild(outDir: string): InlineConfig {
  const base = libraryBuild('es');
  return {
    ...base,
    build: {
      ...base.build,
      outDir,
      emptyOutDir: true,
      write: false,
      lib: {
        entry: fileURLToPath(new URL('src/elements/invite-inbox.ts', import.meta.url)),
        formats: ['es'],
        fileName: () => 'invite-inbox.js',
      },
      rolldownOptions: {
        // Lets the @lit/localize runtime, which the locale chunks import too, live in the
        // entry instead of a chunk of its own: one request and one gzip stream fewer.
        preserveEntrySignatures: 'allow-extension',
        output: { minify: true, comments: { annotation: false } },
      },
    },
  };
}

/**
 * The script-tag files: every element, Lit and all locales in one file that
 * works with nothing else on the page (dynamic imports are inlined).
 */
export function libraryBuild(format: 'es' | 'iife'): InlineConfig {
  const fileName = format === 'es' ? 'invite-inbox.bundle.js' : 'invite-inbox.iife.js';
  return {
    configFile: false,
    root,
    logLevel: 'warn',
    plugins: [
      // Whitespace inside html`` and css`` templates is most of what a minifier cannot touch.
      minifyHtmlLiterals({
        filter: (id) => id.includes('/src/elements/'),
        failOnError: true,
      }) as unknown as Plugin,
    ],
    // Selects Lit's production build through the package export conditions.
    mode: 'production',
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      copyPublicDir: false,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      reportCompressedSize: false,
      lib: {
        entry: fileURLToPath(new URL('src/elements/index.ts', import.meta.url)),
        formats: [format],
        name: 'InviteInbox',
        fileName: () => fileName,
      },
      rolldownOptions: {
        // Vite leaves whitespace in ES library output for re-bundling; this file goes straight to a <script>.
        output: { codeSplitting: false, minify: true, comments: { annotation: false } },
      },
    },
  };
}
