import { fileURLToPath } from 'node:url';
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { defineConfig, type InlineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const src = (path: string) => fileURLToPath(new URL(`src/${path}`, import.meta.url));

/**
 * Generic defaults, shared by the demo's dev server. The library builds live
 * in the functions below and are applied programmatically by `scripts/build.ts`,
 * so nothing here changes how the demo is served.
 */
export default defineConfig({});

/** The elements that get a script-tag file of their own in `dist/cdn/`. */
export const CDN_ELEMENTS = ['invite-inbox', 'invite-prompt', 'invite-scope-admin'] as const;

/** The locale files in `dist/cdn/locales/`, fetched only when that language is asked for. */
export const CDN_LOCALES = ['de', 'es', 'ja'] as const;

/**
 * In a script-tag file the locale modules are not chunks of a bundle but files beside
 * the script: `import()` of a URL made from `import.meta.url` finds them wherever the
 * host serves the folder, and no bundler rewrites it.
 */
function localesBesideTheScript(): Plugin {
  return {
    name: 'invite-locales-beside-the-script',
    transform(code, id) {
      if (!id.endsWith('/i18n/localization.ts')) return null;
      // Through a variable: Vite would inline `new URL('…', import.meta.url)` as an asset.
      const out = code.replace(/import\((['"])(\.\/locales\/\w+\.js)\1\)/g, "import(new URL('$2', scriptUrl).href)");
      if (out === code) throw new Error('localization.ts no longer imports ./locales/<code>.js');
      return { code: `const scriptUrl = import.meta.url;\n${out}`, map: null };
    },
  };
}

/**
 * Every `msg()` here passes an `id`, so @lit/localize never hashes a template into one; its
 * hashing code (and the table it builds at load) is left out. A `msg()` without an id throws.
 */
function explicitMessageIds(): Plugin {
  const id = '\0invite-msg-ids';
  return {
    name: 'invite-explicit-message-ids',
    enforce: 'pre',
    resolveId: (source, importer) =>
      source === './id-generation.js' && importer?.includes('/@lit/localize/') ? id : null,
    load: (loaded) =>
      loaded === id ? "export const generateMsgId = () => { throw new Error('msg() needs an id'); };" : null,
  };
}

/** What every browser build shares: production Lit, minified templates, one minified file. */
function browserBuild(entry: string, outDir: string, fileName: string, format: 'es' | 'iife', plugins: Plugin[] = []): InlineConfig {
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
      explicitMessageIds(),
      ...plugins,
    ],
    // Selects Lit's production build through the package export conditions.
    mode: 'production',
    build: {
      outDir,
      emptyOutDir: false,
      copyPublicDir: false,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      reportCompressedSize: false,
      lib: { entry, formats: [format], name: 'InviteInbox', fileName: () => fileName },
      rolldownOptions: {
        // Vite leaves whitespace in ES library output for re-bundling; these files go straight to a <script>.
        // One file each: a dynamic import left in the code is inlined, not split off.
        output: { codeSplitting: false, minify: true, comments: { annotation: false } },
      },
    },
  };
}

/**
 * The all-in-one script-tag files: every element, Lit and all locales in one
 * file that works with nothing else on the page.
 */
export function libraryBuild(format: 'es' | 'iife'): InlineConfig {
  const fileName = format === 'es' ? 'invite-inbox.bundle.js' : 'invite-inbox.iife.js';
  return browserBuild(src('elements/index.ts'), 'dist', fileName, format);
}

/**
 * One element's script-tag file (`dist/cdn/<tag>.js`): the element, Lit and English
 * in one module with no imports; other languages come from `./locales/` beside it.
 */
export function cdnBuild(element: (typeof CDN_ELEMENTS)[number], outDir = 'dist/cdn'): InlineConfig {
  return browserBuild(src(`elements/${element}.ts`), outDir, `${element}.js`, 'es', [localesBesideTheScript()]);
}

/** One locale as a module of its own (it needs only `str` from @lit/localize, bundled in). */
export function cdnLocaleBuild(locale: (typeof CDN_LOCALES)[number], outDir = 'dist/cdn/locales'): InlineConfig {
  const config = browserBuild(src(`elements/shared/i18n/locales/${locale}.ts`), outDir, `${locale}.js`, 'es');
  // The package entry would bring the whole runtime along (its hash table is built at import time).
  return { ...config, resolve: { alias: [{ find: /^@lit\/localize$/, replacement: '@lit/localize/internal/str-tag.js' }] } };
}
