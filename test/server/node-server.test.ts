/**
 * Server limits against slow clients: connections that trickle their headers
 * or body are closed by the server within its timeouts, for the library's
 * `createNodeServer`, the emulator and the demo host. Small limits keep it quick.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http, { type Server } from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { startDemo } from '../../demo/server.js';
import { startEmulator } from '../../src/emulator/index.js';
import { createNodeServer, DEFAULT_SERVER_LIMITS, type NodeServerLimits } from '../../src/server/adapters/node-server.js';

const SMALL: NodeServerLimits = {
  headersTimeout: 400,
  requestTimeout: 800,
  keepAliveTimeout: 400,
  connectionsCheckingInterval: 100,
};
/** Far beyond the small limits, far below Node's defaults (60 s headers, 300 s request). */
const GIVE_UP_MS = 8_000;
const STEP_MS = 200;

interface Trickled {
  /** Connections the server closed before we gave up. */
  closed: number;
  /** How many of those were answered 408 first. */
  timedOut: number;
}

/**
 * Opens `count` connections that send a request one byte every STEP_MS:
 * the headers slowly ('headers') or a long body slowly ('body', to `path`).
 */
async function trickle(url: string, count: number, what: 'headers' | 'body', path = '/', extra = ''): Promise<Trickled> {
  const { hostname, port } = new URL(url);
  const head =
    what === 'body'
      ? `POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\n${extra}Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n`
      : `GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nX-Slow: `;
  const one = () =>
    new Promise<{ closed: boolean; status: string }>((resolve) => {
      const socket = net.connect(Number(port), hostname);
      let received = '';
      let timer: NodeJS.Timeout | undefined;
      const giveUp = setTimeout(() => {
        clearInterval(timer);
        socket.destroy();
        resolve({ closed: false, status: received.slice(9, 12) });
      }, GIVE_UP_MS);
      socket.on('data', (d) => (received += d.toString()));
      socket.on('error', () => {});
      socket.on('close', () => {
        clearTimeout(giveUp);
        clearInterval(timer);
        resolve({ closed: true, status: received.slice(9, 12) });
      });
      socket.on('connect', () => {
        if (what === 'body') socket.write(head);
        else socket.write(head.slice(0, 10));
        timer = setInterval(() => {
          if (!socket.writable) return;
          socket.write(what === 'body' ? '{' : 'a');
        }, STEP_MS);
      });
    });
  const results = await Promise.all(Array.from({ length: count }, one));
  return {
    closed: results.filter((r) => r.closed).length,
    timedOut: results.filter((r) => r.status === '408').length,
  };
}

async function listen(server: Server): Promise<{ url: string; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Reads the whole body before answering, as a JSON route does. */
const readsBody = async (req: Request) => Response.json({ length: (await req.text()).length });
const EMULATOR_ACCEPT = ['/api/v1/invitations/accept', 'x-api-key: emulator-key\r\n'] as const;

describe('createNodeServer', () => {
  test('50 connections trickling a body are closed with 408 within the request timeout', { timeout: 30_000 }, async () => {
    const running = await listen(createNodeServer(readsBody, SMALL));
    try {
      assert.deepEqual(await trickle(running.url, 50, 'body'), { closed: 50, timedOut: 50 });
    } finally {
      await running.close();
    }
  });

  test('50 connections trickling their headers are closed within the headers timeout', { timeout: 30_000 }, async () => {
    const running = await listen(createNodeServer(readsBody, SMALL));
    try {
      assert.equal((await trickle(running.url, 50, 'headers')).closed, 50);
    } finally {
      await running.close();
    }
  });

  test('a plain node:http server keeps them open (what the limits change)', { timeout: 30_000 }, async () => {
    const running = await listen(http.createServer((_req, res) => res.end()));
    try {
      assert.equal((await trickle(running.url, 5, 'body')).closed, 0);
    } finally {
      await running.close();
    }
  });

  test('connections past maxConnections are refused; sane defaults without options', async () => {
    const server = createNodeServer(readsBody);
    assert.equal(server.headersTimeout, DEFAULT_SERVER_LIMITS.headersTimeout);
    assert.equal(server.requestTimeout, DEFAULT_SERVER_LIMITS.requestTimeout);
    assert.equal(server.keepAliveTimeout, DEFAULT_SERVER_LIMITS.keepAliveTimeout);
    assert.equal(server.maxConnections, DEFAULT_SERVER_LIMITS.maxConnections);

    const running = await listen(createNodeServer(readsBody, { ...SMALL, maxConnections: 5 }));
    const sockets: net.Socket[] = [];
    try {
      const states = await Promise.all(
        Array.from(
          { length: 8 },
          () =>
            new Promise<'open' | 'refused'>((resolve) => {
              const { port } = new URL(running.url);
              const socket = net.connect(Number(port), '127.0.0.1');
              sockets.push(socket);
              socket.on('error', () => resolve('refused'));
              socket.on('close', () => resolve('refused'));
              setTimeout(() => resolve('open'), 300);
            }),
        ),
      );
      assert.equal(states.filter((s) => s === 'refused').length, 3);
    } finally {
      for (const s of sockets) s.destroy();
      await running.close();
    }
  });
});

describe('the emulator and the demo host use the limits', () => {
  test('the emulator closes 50 body tricklers', { timeout: 30_000 }, async () => {
    const emulator = await startEmulator({ limits: SMALL });
    try {
      assert.deepEqual(await trickle(emulator.url, 50, 'body', ...EMULATOR_ACCEPT), { closed: 50, timedOut: 50 });
      assert.equal((await trickle(emulator.url, 10, 'headers')).closed, 10);
    } finally {
      await emulator.close();
    }
  });

  test('the demo host closes 50 tricklers, and so does its embedded emulator', { timeout: 60_000 }, async () => {
    const demo = await startDemo({ port: 0, emulatorPort: 0, host: '127.0.0.1', hmr: false, limits: SMALL });
    try {
      const [body, headers, upstream] = await Promise.all([
        // A page route: answered 404 at once, then Node reads the rest of the body until the request timeout.
        trickle(demo.url, 50, 'body', '/nowhere'),
        trickle(demo.url, 50, 'headers'),
        trickle(demo.emulatorUrl!, 10, 'body', ...EMULATOR_ACCEPT),
      ]);
      assert.equal(body.closed, 50);
      assert.equal(headers.closed, 50);
      assert.deepEqual(upstream, { closed: 10, timedOut: 10 });
    } finally {
      await demo.close();
    }
  });
});
