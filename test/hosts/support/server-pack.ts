/**
 * What the server-host tests add to `web-app.ts`: the repo's own runtime
 * binaries and a strict tsc run over the installed app.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { exec, writeFiles, type Output } from './web-app.js';
import { root } from './web-pack.js';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');

export const binOf = (name: string): string => join(root, 'node_modules', '.bin', name);

/**
 * tsc over the app with the given compiler options on top of a strict base; never skipLibCheck.
 * `config` names the tsconfig written (tests running at once in one app each need their own);
 * with `allowFailure` the compiler's output comes back instead of a rejection.
 */
export async function typecheck(
  dir: string,
  include: string[],
  options: Record<string, unknown> = {},
  { config = 'tsconfig.json', allowFailure = false }: { config?: string; allowFailure?: boolean } = {},
): Promise<Output> {
  writeFiles(dir, {
    [config]: JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: [],
        ...options,
      },
      include,
    }),
  });
  return exec(process.execPath, [tsc, '-p', join(dir, config)], dir, { allowFailure });
}
