/**
 * What every demo page shares, written once: the icon, stylesheet and session
 * script in the head, and the header, page navigation and session bar put in
 * place of `<!-- demo:chrome -->` when Vite serves a page.
 */
import type { Plugin } from 'vite';

const PAGES = [
  { href: '/', file: '/index.html', label: 'Inbox' },
  { href: '/prompt.html', file: '/prompt.html', label: 'Post-signup prompt' },
  { href: '/events.html', file: '/events.html', label: 'Events' },
  { href: '/themes.html', file: '/themes.html', label: 'Themes' },
  { href: '/admin.html', file: '/admin.html', label: 'Scope admin' },
];

/**
 * The switcher's controls as demo.ts builds them once it knows the session, so the
 * bar has its final height from the first paint: filling it in must not push the
 * page down (layout shift).
 */
const SWITCHER_PLACEHOLDER = `<label>Signed in as</label>
        <select disabled aria-label="Demo user"><option>Loading…</option></select>
        <input disabled aria-label="Sign in with any email" placeholder="or any email…" />
        <button type="button" class="demo-button secondary" disabled>Sign in</button>
        <button type="button" class="demo-button secondary" disabled>Sign out</button>`;

function chrome(path: string): string {
  const links = PAGES.map(({ href, file, label }) => {
    const current = path === file || path === href ? ' aria-current="page"' : '';
    return `<li><a href="${href}"${current}>${label}</a></li>`;
  }).join('\n          ');
  return `<a class="skip-link" href="#main">Skip to content</a>
    <header class="topbar">
      <a class="brand" href="/"><span class="brand-mark" aria-hidden="true">✦</span>Nimbus <span class="muted">· invite-inbox demo</span></a>
      <nav aria-label="Demo pages">
        <ul>
          ${links}
        </ul>
      </nav>
    </header>
    <section class="session-bar" aria-label="Demo session">
      <span class="session-tag">Demo session</span>
      <div id="user-switcher" class="user-switcher" aria-busy="true">${SWITCHER_PLACEHOLDER}</div>
    </section>`;
}

export function demoChrome(): Plugin {
  return {
    name: 'invite-demo-chrome',
    transformIndexHtml: (html, ctx) => ({
      html: html.replace('<!-- demo:chrome -->', chrome(ctx.path)),
      tags: [
        { tag: 'link', attrs: { rel: 'icon', href: '/demo/logos/nimbus.svg', type: 'image/svg+xml' }, injectTo: 'head-prepend' },
        { tag: 'link', attrs: { rel: 'stylesheet', href: '/demo.css' }, injectTo: 'head-prepend' },
        { tag: 'script', attrs: { type: 'module', src: '/demo.ts' }, injectTo: 'head' },
      ],
    }),
  };
}
