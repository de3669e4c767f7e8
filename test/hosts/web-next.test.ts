/**
 * Next.js (App Router) as a host, installed from the packed tarball: the proxy
 * as a catch-all Route Handler, the element through `invite-inbox/react` in a
 * client component, and a second page with React 19's native custom-element
 * support typed by `invite-inbox/react-jsx`. `next build` type-checks it all
 * with `skipLibCheck: false`; `next start` serves it to Chromium, which must
 * hydrate without a warning and accept an invitation, the host's own handler
 * writing the result into the page.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import {
  acceptDesignGuild,
  bin,
  createApp,
  openSession,
  startChildServer,
  startUpstream,
  strictCompilerOptions,
  versionOf,
} from './support/web-app.js';

/** Everything a Next host writes to mount the proxy and show the element. */
const files = {
  'app/api/invitations/[[...path]]/route.ts': `
import { createInviteProxy, seedApiProvider } from 'invite-inbox/server';
import { cookies } from 'next/headers';

// next build loads this module to read its config, before runtime env exists: hence the fallbacks.
const invitations = createInviteProxy({
  provider: seedApiProvider({
    baseUrl: process.env.UPSTREAM_URL ?? 'http://127.0.0.1:4010',
    apiKey: process.env.UPSTREAM_API_KEY ?? 'emulator-key',
  }),
  getIdentity: async () => {
    const email = (await cookies()).get('user')?.value;
    return email ? { userId: email.split('@')[0]!, email, emailVerified: true } : null;
  },
  basePath: '/api/invitations',
  // next start hands route handlers a localhost URL and the browser's real host in X-Forwarded-*.
  trustProxy: true,
});

export { invitations as GET, invitations as POST, invitations as PUT };
`,
  'app/layout.tsx': `
import type { ReactNode } from 'react';

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
`,
  'app/invitations.tsx': `
'use client';
import { useState } from 'react';
import { InviteInbox } from 'invite-inbox/react';

export function Invitations() {
  const [joined, setJoined] = useState<string[]>([]);
  return (
    <>
      <InviteInbox
        endpoint="/api/invitations"
        onInviteAccepted={(event) => setJoined(event.accepted.map((invitation) => invitation.scope.name))}
      />
      <p id="host-joined">{joined.join(', ')}</p>
    </>
  );
}
`,
  'app/page.tsx': `
import { Invitations } from './invitations';

export const dynamic = 'force-dynamic';

export default function Page() {
  return (
    <main>
      <h1>Your invitations</h1>
      <Invitations />
    </main>
  );
}
`,
  // React 19 without the wrapper: the tag in JSX, typed by the opt-in entry.
  'app/native/native-inbox.tsx': `
'use client';
import 'invite-inbox';
import type {} from 'invite-inbox/react-jsx';
import type { InviteAcceptedEvent } from 'invite-inbox';
import { useState } from 'react';

export function NativeInbox() {
  const [joined, setJoined] = useState<string[]>([]);
  const onAccepted = (event: InviteAcceptedEvent) => setJoined(event.accepted.map((i) => i.scope.name));
  return (
    <>
      <invite-inbox endpoint="/api/invitations" oninvite-accepted={onAccepted}></invite-inbox>
      <p id="host-joined">{joined.join(', ')}</p>
    </>
  );
}
`,
  // React 19 attaches on… listeners of custom elements only on client renders, not while
  // hydrating (react/react#35446): native JSX renders client-only; SSR pages use the wrapper.
  'app/native/client-only.tsx': `
'use client';
import dynamic from 'next/dynamic';

export const ClientOnlyInbox = dynamic(() => import('./native-inbox').then((m) => m.NativeInbox), { ssr: false });
`,
  'app/native/page.tsx': `
import { ClientOnlyInbox } from './client-only';

export default function Page() {
  return <main><ClientOnlyInbox /></main>;
}
`,
  // Misuse the typings must catch: a number for a string property, a handler for another event.
  'wrong/native-wrong.tsx': `
import type {} from 'invite-inbox/react-jsx';
import type { InviteLoadEvent } from 'invite-inbox';

const onLoad = (event: InviteLoadEvent) => event.invitations.length;
export const wrongProperty = <invite-inbox endpoint={42}></invite-inbox>;
export const wrongHandler = <invite-inbox oninvite-accepted={onLoad}></invite-inbox>;
`,
  'app/icon.svg': '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>\n',
  'next.config.mjs': 'export default {};\n',
  'tsconfig.json': JSON.stringify(
    {
      compilerOptions: {
        ...strictCompilerOptions,
        // Next's own declarations use ES2024 and DOM types (URLPattern) of TypeScript 6.
        lib: ['ESNext', 'DOM', 'DOM.Iterable'],
        jsx: 'react-jsx',
        esModuleInterop: true,
        resolveJsonModule: true,
        plugins: [{ name: 'next' }],
      },
      include: ['next-env.d.ts', 'app/**/*.ts', 'app/**/*.tsx', '.next/types/**/*.ts'],
      exclude: ['node_modules'],
    },
    null,
    2,
  ),
  'tsconfig.wrong.json': JSON.stringify({
    compilerOptions: { ...strictCompilerOptions, lib: ['ESNext', 'DOM', 'DOM.Iterable'], jsx: 'react-jsx' },
    files: ['wrong/native-wrong.tsx'],
  }),
};

let app = '';

before(async () => {
  app = await createApp('next-host', files, {
    next: '^16',
    react: '^19',
    'react-dom': '^19',
    '@types/react': '^19',
    '@types/react-dom': '^19',
    '@types/node': versionOf('@types/node'),
    typescript: '^6',
  });
});

test('next build compiles and type-checks the route handler and both client components', { timeout: 10 * 60_000 }, async () => {
  const { stdout } = await bin(app, 'next', 'dist/bin/next', ['build']);
  assert.match(stdout, /Finished TypeScript/, 'next build ran the type check');
  assert.match(stdout, /\/api\/invitations\/\[\[\.\.\.path\]\]/);
});

test('invite-inbox/react-jsx types the tag in JSX: misuse fails to compile', { timeout: 2 * 60_000 }, async () => {
  const { code, stdout } = await bin(app, 'typescript', 'bin/tsc', ['-p', 'tsconfig.wrong.json'], {
    allowFailure: true,
  });
  assert.notEqual(code, 0);
  const errors = stdout.split('\n').filter((line) => /error TS/.test(line));
  assert.equal(errors.length, 2, stdout);
  assert.match(errors[0]!, /native-wrong\.tsx\(6,\d+\).*'number' is not assignable to type 'string'/);
  assert.match(errors[1]!, /native-wrong\.tsx\(7,\d+\).*InviteLoadEvent/);
});

test('next start: SSR page hydrates quietly and accepts through the element in Chromium', { timeout: 5 * 60_000 }, async () => {
  const upstream = await startUpstream(app);
  const server = await startChildServer(
    process.execPath,
    [join(app, 'node_modules/next/dist/bin/next'), 'start', '-p', '0', '-H', '127.0.0.1'],
    app,
    { UPSTREAM_URL: upstream.url },
    /Local:\s+(http:\/\/\S+)/,
  );
  const baseUrl = server.url;
  try {

    for (const path of ['/', '/native']) {
      const session = await openSession(baseUrl);
      try {
        if (path === '/') {
          const html = await (await session.context.request.get(`${baseUrl}${path}`)).text();
          assert.match(html, /<invite-inbox[\s>]/, 'the server-rendered HTML contains the element');
        }

        await session.page.goto(`${baseUrl}${path}`);
        await acceptDesignGuild(session.page);
        await session.page.locator('#host-joined', { hasText: 'Design Guild' }).waitFor({ timeout: 30_000 });
        const problems = session.logs.filter((l) => /^(error|warning|pageerror)|hydrat/i.test(l));
        assert.deepEqual(problems, [], `${path}: no errors or hydration warnings`);
      } finally {
        await session.close();
      }
      // The next page accepts again for a user whose Design Guild is now joined: start over.
      upstream.emulator.reset();
    }
  } finally {
    await server.close();
    await upstream.close();
  }
});
