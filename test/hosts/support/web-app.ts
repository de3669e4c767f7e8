/**
 * What the web-framework host tests share: a temp app installed from the
 * packed tarball, child processes that never block the event loop (so servers
 * in the same process keep answering), a small Node server that serves a
 * built app beside the installed package's proxy and emulator, and Chromium
 * with the page's console captured.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../support/chromium.js';
import { npm, packedTarball } from './web-pack.js';

type ServerModule = typeof import('../../../src/server/index.js');
type EmulatorModule = typeof import('../../../src/emulator/index.js');
type RunningEmulator = Awaited<ReturnType<EmulatorModule['startEmulator']>>;

export interface Output {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; rejects with its output when it fails (unless `allowFailure`). */
export function exec(
  cmd: string,
  args: string[],
  cwd: string,
  opts: { env?: NodeJS.ProcessEnv; allowFailure?: boolean } = {},
): Promise<Output> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...quietEnv, ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0 && !opts.allowFailure) {
        reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code}):\n${stdout}\n${stderr}`));
      } else {
        resolve({ code, stdout, stderr });
      }
    });
  });
}

/** No update checks, telemetry or analytics prompts from any tool in the matrix. */
const quietEnv: NodeJS.ProcessEnv = {
  npm_config_update_notifier: 'false',
  NEXT_TELEMETRY_DISABLED: '1',
  NG_CLI_ANALYTICS: 'false',
  CI: '1',
};

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

/** Strict consumer settings every host's own tsconfig starts from. */
export const strictCompilerOptions = {
  target: 'ES2022',
  module: 'ESNext',
  moduleResolution: 'Bundler',
  lib: ['ES2023', 'DOM', 'DOM.Iterable'],
  strict: true,
  noEmit: true,
  skipLibCheck: false,
  isolatedModules: true,
};

/**
 * A fresh app in a temp dir with `invite-inbox` from the packed tarball plus
 * `deps`, installed the way a user would. Removed when the process exits.
 */
export async function createApp(
  name: string,
  files: Record<string, string>,
  deps: Record<string, string>,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `invite-inbox-${name}-`));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  writeFiles(dir, {
    ...files,
    'package.json': JSON.stringify(
      {
        name,
        private: true,
        type: 'module',
        ...extra,
        dependencies: { 'invite-inbox': `file:${packedTarball()}`, ...deps },
      },
      null,
      2,
    ),
  });
  await exec(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  return dir;
}

/** Runs a package's bin from the app's own `node_modules`. */
export function bin(
  app: string,
  pkg: string,
  file: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; allowFailure?: boolean } = {},
): Promise<Output> {
  return exec(process.execPath, [join(app, 'node_modules', pkg, file), ...args], app, opts);
}

/** The emulator, loaded from the app's installed copy of the package, on a free port. */
export async function startUpstream(app: string): Promise<RunningEmulator> {
  const pkg = join(app, 'node_modules', 'invite-inbox', 'dist');
  const { startEmulator } = (await import(pathToFileURL(join(pkg, 'emulator', 'index.js')).href)) as EmulatorModule;
  return startEmulator({ port: 0 });
}

/** The user is whoever the `user` cookie names; no cookie, no identity (401). */
export const cookieIdentity = (req: Request) => {
  const email = /(?:^|;\s*)user=([^;]+)/.exec(req.headers.get('cookie') ?? '')?.[1];
  return email ? { userId: email.split('@')[0]!, email: decodeURIComponent(email), emailVerified: true } : null;
};

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

export interface HostServer {
  url: string;
  close(): Promise<void>;
}

/**
 * A host backend as small as they come: the installed proxy at
 * `/api/invitations`, the app's built files from `routes` (URL prefix → folder),
 * `index.html` of the first folder for any other page.
 */
export async function startHostServer(app: string, routes: Record<string, string>): Promise<HostServer> {
  const pkg = join(app, 'node_modules', 'invite-inbox', 'dist');
  const upstream = await startUpstream(app);
  const server = (await import(pathToFileURL(join(pkg, 'server', 'index.js')).href)) as ServerModule;
  const proxy = server.toNodeListener(
    server.createInviteProxy({
      provider: server.seedApiProvider({ baseUrl: upstream.url, apiKey: 'emulator-key' }),
      getIdentity: cookieIdentity,
      basePath: '/api/invitations',
    }),
  );
  const prefixes = Object.entries(routes).sort(([a], [b]) => b.length - a.length);
  const serveFile = (req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
    const [prefix, folder] = prefixes.find(([p]) => path.startsWith(p)) ?? prefixes.at(-1)!;
    let file = normalize(join(folder, path.slice(prefix.length)));
    if (!file.startsWith(normalize(folder) + sep) && file !== normalize(folder)) {
      res.writeHead(403).end();
      return;
    }
    if (!isFile(file)) file = join(prefixes.at(-1)![1], 'index.html');
    if (!isFile(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  };
  const http = createServer((req, res) => {
    if (req.url?.startsWith('/api/invitations')) proxy(req, res);
    else serveFile(req, res);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    async close() {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
      await upstream.close();
    },
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export interface Session {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Every console message and uncaught error of the page, as `type: text`. */
  logs: string[];
  close(): Promise<void>;
}

/** Chromium signed in as `email` (the `user` cookie), the page's console recorded. */
export async function openSession(baseUrl: string, email = 'alice@acme.com'): Promise<Session> {
  const browser = await launchChromium();
  const context = await browser.newContext();
  await context.addCookies([{ name: 'user', value: encodeURIComponent(email), url: baseUrl }]);
  const page = await context.newPage();
  const logs: string[] = [];
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  return { browser, context, page, logs, close: () => browser.close() };
}

/** Alice's cards arrived: her Design Guild invitation is on screen. */
export async function waitForCards(page: Page): Promise<void> {
  await page.getByRole('checkbox', { name: 'Select Design Guild' }).waitFor({ timeout: 30_000 });
}

/** Selects Design Guild and accepts it through the element's own buttons. */
export async function acceptDesignGuild(page: Page): Promise<void> {
  await waitForCards(page);
  await page.getByRole('checkbox', { name: 'Select Design Guild' }).check();
  await page.getByRole('button', { name: /Accept \(1\)/ }).click();
}

/** Versions this repo itself uses, so shared tools come from the npm cache. */
export function versionOf(name: string): string {
  const root = new URL('../../../', import.meta.url);
  return (JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, root), 'utf8')) as { version: string })
    .version;
}

export interface ChildServer {
  url: string;
  close(): Promise<void>;
}

/**
 * A server as a child process (a framework's own, or a host app's); resolves
 * with the URL it prints once it listens, by default `listening on <url>`.
 */
export async function startChildServer(
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  urlPattern = /listening on (http:\/\/\S+)/,
  timeoutMs = 60_000,
): Promise<ChildServer> {
  const child: ChildProcess = spawn(cmd, args, {
    cwd,
    env: { ...process.env, ...quietEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    // A command that never started has nothing to stop, and may never emit 'exit'.
    if (child.pid === undefined) return;
    if (child.exitCode === null && child.signalCode === null) child.kill();
    await exited;
  };
  let out = '';
  let timer: NodeJS.Timeout | undefined;
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const read = (d: string) => {
        out += d;
        const found = urlPattern.exec(out)?.[1];
        if (found) resolve(found);
      };
      child.stdout!.setEncoding('utf8').on('data', read);
      child.stderr!.setEncoding('utf8').on('data', read);
      child.once('error', reject);
      timer = setTimeout(() => reject(new Error(`${cmd} did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
      void exited.then(() => reject(new Error(`${cmd} ${args.join(' ')} exited before listening:\n${out}`)));
    });
    return { url, close };
  } catch (err) {
    await close();
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
