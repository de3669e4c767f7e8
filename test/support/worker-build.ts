/** How Wrangler bundles a Worker, for the tests and benches that build one with esbuild. */
import type { BuildOptions } from 'esbuild';

/** ESM, minified, the `workerd`/`worker`/`browser` export conditions (so `invite-inbox/server` is the core), no Node. */
export const workerBuild = {
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  conditions: ['workerd', 'worker', 'browser'],
  mainFields: ['module', 'main'],
  minify: true,
  logLevel: 'silent',
} satisfies BuildOptions;
