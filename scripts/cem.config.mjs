/** Custom elements manifest settings, used by scripts/build.ts. */
export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/elements/**/locales/**'],
  outdir: 'dist',
  litelement: true,
  // The build runs while dependencies may be installing: never let the analyzer rewrite package.json.
  packagejson: false,
};
