/**
 * The demo stack (emulator + proxy + pages) and one Chromium for an end-to-end
 * file: started before its tests, stopped after them, with the sign-in and
 * reset every such file needs.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { startDemo, type DemoOptions, type DemoServer } from '../../demo/server.js';
import { launchChromium } from './chromium.js';

export interface DemoStack {
  readonly demo: DemoServer;
  readonly browser: Browser;
  /** A fresh browser profile (its own cookies) signed in as `email` through the demo's login route. */
  signedIn(email: string, contextOptions?: Parameters<Browser['newContext']>[0]): Promise<BrowserContext>;
  /** The emulator back to its demo data. */
  resetUpstream(): Promise<void>;
}

export function demoStack(options: DemoOptions = {}): DemoStack {
  let demo: DemoServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    demo = await startDemo({ port: 0, emulatorPort: 0, host: '127.0.0.1', hmr: false, ...options });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });
  const stack: DemoStack = {
    get demo() {
      return demo!;
    },
    get browser() {
      return browser!;
    },
    async signedIn(email, contextOptions = {}) {
      const ctx = await stack.browser.newContext({ baseURL: stack.demo.url, ...contextOptions });
      const res = await ctx.request.post('/demo/login', { data: { email } });
      assert.equal(res.status(), 200, `login as ${email}`);
      return ctx;
    },
    async resetUpstream() {
      const key = options.emulatorApiKey ?? 'emulator-key';
      const res = await fetch(`${stack.demo.emulatorUrl}/__emulator/reset`, { method: 'POST', headers: { 'x-api-key': key } });
      assert.ok(res.ok, 'emulator reset');
    },
  };
  return stack;
}
