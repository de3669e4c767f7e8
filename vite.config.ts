import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { minify } from 'terser';
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

/**
 * `@lit/localize`'s entry also brings `configureLocalization`, whose module state is built at
 * import time (so no bundler drops it). The elements use only these, and switch locales
 * through `shared/i18n/localization.ts`.
 */
function localizeWithoutItsSwitcher(): Plugin {
  const id = '\0invite-localize';
  return {
    name: 'invite-localize-without-its-switcher',
    enforce: 'pre',
    resolveId: (source, importer) => (source === '@lit/localize' && importer?.includes('/src/elements/') ? id : null),
    load: (loaded) =>
      loaded === id
        ? [
            "export { msg } from '@lit/localize/init/install.js';",
            "export { str } from '@lit/localize/internal/str-tag.js';",
            "export { updateWhenLocaleChanges } from '@lit/localize/internal/localized-controller.js';",
          ].join('\n')
        : null,
  };
}

const filesUnder = (dir: string): string[] =>
  !existsSync(dir) ? [] : readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );

/**
 * Names of the elements' `private` members that are safe to shorten in a script-tag file: a
 * minifier keeps every `this.someLongName`, since any property may be read from outside.
 * A name is left alone when anything else could mean it: a DOM or JS built-in, a field of the
 * proxy's JSON (`src/shared/`), a name Lit uses, a member some element declares without
 * `private`, or a name a test or the demo reads.
 */
function privateMemberNames(): string[] {
  const elements = filesUnder(src('elements')).filter((f) => f.endsWith('.ts') && !f.includes('/locales/'));
  // Class and interface members, at the first indent (entries of `static properties` are deeper).
  const declared = /^ {2}((?:(?:private|protected|public|static|readonly|declare|async|get|set|override)\s+)*)([A-Za-z_]\w*)[?!]?\s*[(:=;<]/gm;
  const privates = new Set<string>();
  const taken = new Set<string>();
  for (const file of elements) {
    for (const [, modifiers, name] of readFileSync(file, 'utf8').matchAll(declared)) {
      (/\bprivate\b/.test(modifiers!) ? privates : taken).add(name!);
    }
  }
  const words = (file: string) => readFileSync(file, 'utf8').match(/[A-Za-z_$][\w$]*/g) ?? [];
  const elsewhere = [
    ...filesUnder(join(root, 'node_modules/typescript/lib')).filter((f) => /[\\/]lib\.(dom|es|webworker)[\w.]*\.d\.ts$/.test(f)),
    ...filesUnder(src('shared')),
    ...['lit', 'lit-html', 'lit-element', '@lit/reactive-element', '@lit/localize'].flatMap((p) =>
      filesUnder(join(root, 'node_modules', p)).filter((f) => f.endsWith('.js') && !f.includes('/development/')),
    ),
  ];
  for (const file of elsewhere) for (const w of words(file)) taken.add(w);
  const readOutside = [...filesUnder(join(root, 'test')), ...filesUnder(join(root, 'demo'))]
    .filter((f) => /\.(ts|js|html)$/.test(f))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  return [...privates].filter(
    (n) => !taken.has(n) && !new RegExp(`\\.${n}\\b|\\[['"\`]${n}['"\`]\\]`).test(readOutside),
  );
}

let privateNames: RegExp | undefined;

/**
 * Terser after the bundler's own minifier: a second compress pass, getters treated as pure
 * (nothing here reads a getter for its side effect) and the private names above shortened.
 */
function squeeze(): Plugin {
  return {
    name: 'invite-squeeze',
    async renderChunk(code, _chunk, { format, sourcemap }) {
      // Once per process: the scan reads TypeScript's DOM typings, Lit, test/ and demo/, and every
      // build of `npm run build` would repeat it over the same files.
      privateNames ??= new RegExp(`^(?:${privateMemberNames().join('|')})$`);
      const out = await minify(code, {
        // An IIFE's top-level `var` is its global: only a module's top level is private.
        module: format === 'es',
        ecma: 2020,
        compress: { passes: 2, pure_getters: true },
        // A name written quoted anywhere (a message ID in a locale's table) is never shortened.
        mangle: { properties: { regex: privateNames, keep_quoted: true } },
        format: { comments: false },
        sourceMap: !!sourcemap,
      });
      return { code: out.code!, map: (out.map as string | undefined) ?? null };
    },
  };
}

/**
 * What every browser build shares: production Lit, minified templates, one minified file.
 * (The bench builds its size reference through it too, so both rows are made alike.)
 */
export function browserBuild(entry: string, outDir: string, fileName: string, format: 'es' | 'iife', plugins: Plugin[] = []): InlineConfig {
  return {
    configFile: false,
    root,
    logLevel: 'warn',
    plugins: [
      // Whitespace inside html`` and css`` templates is most of what a minifier cannot touch.
      minifyHtmlLiterals({
        filter: (id) => id.includes('/src/elements/'),
        failOnError: true,
        options: { minifyOptions: { removeAttributeQuotes: true } },
      }) as unknown as Plugin,
      explicitMessageIds(),
      localizeWithoutItsSwitcher(),
      ...plugins,
      squeeze(),
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
export function cdnLocaleBuild(locale: (typeof CDN_LOCALES)[number]): InlineConfig {
  const config = browserBuild(src(`elements/shared/i18n/locales/${locale}.ts`), 'dist/cdn/locales', `${locale}.js`, 'es');
  // The package entry would bring the whole runtime along (its hash table is built at import time).
  return { ...config, resolve: { alias: [{ find: /^@lit\/localize$/, replacement: '@lit/localize/internal/str-tag.js' }] } };
}
