/**
 * The Node pieces: `toNodeListener` (streams both ways, aborts when the
 * client leaves, sends a complete body with its headers) and `nodeFetch`
 * (keep-alive reuse, fetch's semantics for what the providers use).
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { createInviteProxy, inProcessProvider, nodeFetch, seedApiProvider, toNodeListener } from '../../src/server/index.js';
import { knownBody, textResponse } from '../../src/server/known-body.js';
import { TEXT_FETCH, type TextFetch } from '../../src/server/providers/http.js';
import { startEmulator } from '../../src/emulator/index.js';
import { listen, serve, type Running } from './proxy-harness.js';

const running: Running[] = [];
after(async () => {
  await Promise.all(running.map((r) => r.close()));
});

async function started(r: Promise<Running>): Promise<Running> {
  const server = await r;
  running.push(server);
  return server;
}

/** A raw request whose body the test writes piece by piece. */
function rawRequest(url: string, method: string, headers: Record<string, string> = {}): http.ClientRequest {
  return http.request(url, { method, headers, agent: false });
}

describe('toNodeListener', () => {
  test('hands the request body over while it is still arriving', async () => {
    let firstChunk!: (text: string) => void;
    const gotFirst = new Promise<string>((resolve) => (firstChunk = resolve));
    const server = await started(serve(async (req) => {
      const reader = req.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        if (text === '') firstChunk(decoder.decode(r.value, { stream: true }));
        text += decoder.decode(r.value, { stream: true });
      }
      return Response.json({ text });
    }));
    const req = rawRequest(server.url, 'POST', { 'content-type': 'text/plain' });
    const answer = new Promise<string>((resolve) => req.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(body));
    }));
    req.write('first ');
    // The handler sees the first piece before the client has sent the rest.
    assert.equal(await gotFirst, 'first ');
    req.end('second');
    assert.deepEqual(JSON.parse(await answer), { text: 'first second' });
  });

  test("aborts the handler's signal when the client goes away", async () => {
    let aborted!: () => void;
    const sawAbort = new Promise<void>((resolve) => (aborted = resolve));
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const server = await started(serve((req) => new Promise<Response>((resolve) => {
      req.signal.addEventListener('abort', () => {
        aborted();
        resolve(new Response('too late'));
      });
      entered();
    })));
    const req = rawRequest(server.url, 'GET');
    req.on('error', () => undefined);
    req.end();
    await inHandler;
    req.destroy();
    await sawAbort;
  });

  test('streams a response body chunk by chunk', async () => {
    let release!: () => void;
    const later = new Promise<void>((resolve) => (release = resolve));
    const server = await started(serve(() => new Response(new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new TextEncoder().encode('early '));
        await later;
        controller.enqueue(new TextEncoder().encode('late'));
        controller.close();
      },
    }))));
    const res = await fetch(server.url);
    const reader = res.body!.getReader();
    // The first chunk arrives while the handler's stream is still open.
    assert.equal(new TextDecoder().decode((await reader.read()).value), 'early ');
    release();
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
    assert.equal(rest, 'late');
  });

  test('a complete body goes out with Content-Length; status, headers and every cookie kept', async () => {
    const server = await started(serve(() => {
      const headers = new Headers({ 'content-type': 'application/json', 'x-kept': 'yes' });
      headers.append('set-cookie', 'a=1; Path=/');
      headers.append('set-cookie', 'b=2; Path=/');
      return new Response(JSON.stringify({ ok: true }), { status: 201, headers });
    }));
    const res = await fetch(server.url);
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('content-length'), String(JSON.stringify({ ok: true }).length));
    assert.equal(res.headers.get('x-kept'), 'yes');
    assert.deepEqual(res.headers.getSetCookie(), ['a=1; Path=/', 'b=2; Path=/']);
    assert.deepEqual(await res.json(), { ok: true });
  });

  test('a body made from a string is written as that string: its length in bytes, nothing for HEAD', async () => {
    const json = JSON.stringify({ name: 'Zoë 日本', emoji: '🎉' });
    const server = await started(serve(() => textResponse(json, { status: 200, headers: { 'content-type': 'application/json' } })));
    const res = await fetch(server.url);
    assert.equal(res.headers.get('content-length'), String(Buffer.byteLength(json)));
    assert.equal(await res.text(), json);
    const head = await fetch(server.url, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });

  test('the string of a body is known only while nobody has read its stream', async () => {
    const fresh = textResponse('{"a":1}', {});
    assert.equal(knownBody(fresh), '{"a":1}');
    assert.equal(await fresh.text(), '{"a":1}', 'the stream carries the same body');
    assert.equal(knownBody(fresh), undefined, 'read: the adapter must not send it again');
    const locked = textResponse('{"a":1}', {});
    locked.body!.getReader();
    assert.equal(knownBody(locked), undefined);
    assert.equal(knownBody(new Response('{"a":1}')), undefined, 'made elsewhere: read through its stream');
  });

  test('a request body the handler never reads does not stall the kept-alive connection', async () => {
    const server = await started(serve((req) => new Response(req.method)));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, body?: string): Promise<string> => new Promise((resolve, reject) => {
      const req = http.request(server.url, { method, agent, headers: { 'content-type': 'text/plain' } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end(body);
    });
    try {
      assert.equal(await send('POST', 'x'.repeat(200_000)), 'POST');
      assert.equal(await send('GET'), 'GET');
    } finally {
      agent.destroy();
    }
  });

  test('host code gets a faithful Request: instanceof, headers, clone, fetch of it with its body', async () => {
    // The upstream echoes what reached it; the client names it in Host, so the request's URL points there.
    const upstream = await started(listen((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => res.setHeader('content-type', 'application/json').end(JSON.stringify({ method: req.method, url: req.url, probe: req.headers['x-probe'], body })));
    }));
    const server = await started(serve(async (request) => {
      const clone = request.clone();
      const seen = {
        isRequest: request instanceof Request,
        probe: request.headers.get('x-probe'),
        url: request.url,
        cloneText: await clone.text(),
        relayed: await (await fetch(request)).json(),
        // As with any Request: its body went with the fetch.
        copyAfterwards: (() => {
          try {
            return new Request(request).method;
          } catch (err) {
            return (err as Error).name;
          }
        })(),
      };
      return Response.json(seen);
    }));
    const host = new URL(upstream.url).host;
    const answer = await new Promise<string>((resolve, reject) => {
      const req = http.request(`${server.url}/some/path?q=1`, { method: 'POST', agent: false, headers: { host, 'x-probe': 'here', 'content-type': 'text/plain' } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end('the body');
    });
    assert.deepEqual(JSON.parse(answer), {
      isRequest: true,
      probe: 'here',
      url: `http://${host}/some/path?q=1`,
      cloneText: 'the body',
      relayed: { method: 'POST', url: '/some/path?q=1', probe: 'here', body: 'the body' },
      copyAfterwards: 'TypeError',
    });
  });

  test('a GET request: no body, its headers, a copy of it and a clone carry the same', async () => {
    const server = await started(serve((request) => {
      const own = (r: Request): Record<string, string> => Object.fromEntries([...r.headers].filter(([name]) => name.startsWith('x-')));
      const copy = new Request(request);
      const clone = request.clone();
      return Response.json({
        body: request.body,
        bodyUsed: request.bodyUsed,
        method: request.method,
        headers: own(request),
        copy: { method: copy.method, url: copy.url, headers: own(copy) },
        clone: { method: clone.method, url: clone.url, headers: own(clone) },
      });
    }));
    const url = `${server.url}/x?y=1`;
    const res = await fetch(url, { headers: { 'x-one': '1', 'x-two': '2' } });
    const headers = { 'x-one': '1', 'x-two': '2' };
    assert.deepEqual(await res.json(), {
      body: null,
      bodyUsed: false,
      method: 'GET',
      headers,
      copy: { method: 'GET', url, headers },
      clone: { method: 'GET', url, headers },
    });
  });

  test('a copy of the request and its clone are aborted too when the client goes away', async () => {
    let copies!: (signals: AbortSignal[]) => void;
    const made = new Promise<AbortSignal[]>((resolve) => (copies = resolve));
    const server = await started(serve((request) => new Promise<Response>((resolve) => {
      const signals = [request.signal, new Request(request).signal, request.clone().signal];
      request.signal.addEventListener('abort', () => resolve(new Response('too late')));
      copies(signals);
    })));
    const req = rawRequest(server.url, 'GET');
    req.on('error', () => undefined);
    req.end();
    const signals = await made;
    assert.deepEqual(signals.map((s) => s.aborted), [false, false, false]);
    req.destroy();
    await Promise.all(signals.map((s) => s.aborted || new Promise((resolve) => s.addEventListener('abort', resolve))));
  });

  test('a method or Host no Request can carry answers 400', async () => {
    const server = await started(serve(() => new Response('should not be reached')));
    const status = (method: string, host?: string): Promise<number> => new Promise((resolve, reject) => {
      const req = http.request(server.url, { method, agent: false, headers: host ? { host } : {} }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(await status('TRACE'), 400);
    assert.equal(await status('GET', 'exa mple:80'), 400);
    assert.equal(await status('GET'), 200);
  });

  test("the proxy's answer is a faithful Response to a host handler between it and the adapter", async () => {
    const proxy = createInviteProxy({
      provider: inProcessProvider({ list: () => [], accept: () => undefined }),
      getIdentity: () => ({ userId: 'u', email: 'u@example.com', emailVerified: true }),
      rateLimit: false,
    });
    const server = await started(serve(async (request) => {
      const mode = new URL(request.url).searchParams.get('mode');
      const answer = await proxy(request);
      if (mode === 'read') {
        // Read, then answered anew from what was read.
        const body = await answer.json();
        return Response.json({ isResponse: answer instanceof Response, status: answer.status, type: answer.headers.get('content-type'), total: body.total });
      }
      if (mode === 'header') answer.headers.set('x-host', 'added');
      if (mode === 'copy') return new Response(answer.body, answer);
      return answer;
    }));
    const read = await fetch(`${server.url}/api/invitations?mode=read`);
    assert.deepEqual(await read.json(), { isResponse: true, status: 200, type: 'application/json; charset=utf-8', total: 0 });
    for (const mode of ['as-is', 'header', 'copy']) {
      const res = await fetch(`${server.url}/api/invitations?mode=${mode}`);
      assert.equal(res.status, 200, mode);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.equal(res.headers.get('x-host'), mode === 'header' ? 'added' : null);
      assert.deepEqual(await res.json(), { invitations: [], total: 0, viewerKey: (await (await fetch(`${server.url}/api/invitations?mode=as-is`)).json()).viewerKey });
    }
    const missing = await fetch(`${server.url}/api/invitations/nowhere`);
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).error.code, 'not_found');
  });

  test('called without the Node adapter, the proxy answers a real Response', async () => {
    const proxy = createInviteProxy({
      provider: inProcessProvider({ list: () => [], accept: () => undefined }),
      getIdentity: () => ({ userId: 'u', email: 'u@example.com', emailVerified: true }),
      rateLimit: false,
    });
    for (const path of ['/api/invitations', '/api/invitations/nowhere']) {
      const res = await proxy(new Request(`http://proxy.test${path}`));
      assert.equal(Object.getPrototypeOf(res), Response.prototype, path);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.ok(typeof (await res.json()) === 'object');
    }
  });

  test('a host handler that throws answers a JSON 500, not a hung socket', async () => {
    const server = await started(listen(toNodeListener(() => {
      throw new Error('host bug');
    })));
    const res = await fetch(server.url);
    assert.equal(res.status, 500);
    assert.deepEqual(Object.keys((await res.json()).error).sort(), ['code', 'message']);
  });
});

describe('nodeFetch', () => {
  test('reuses one kept-alive connection for sequential requests', async () => {
    let connections = 0;
    const server = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ method: req.method, key: req.headers['x-api-key'] }));
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    running.push({ url: '', close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
    for (let i = 0; i < 20; i++) {
      const res = await nodeFetch(url, { headers: { 'x-api-key': 'k' }, redirect: 'error' });
      assert.deepEqual(await res.json(), { method: 'GET', key: 'k' });
    }
    assert.equal(connections, 1);
  });

  test('sends the body, keeps status and headers, refuses redirects, honours abort', async () => {
    const server = await started(listen((req, res) => {
      if (req.url === '/moved') {
        res.writeHead(302, { location: '/elsewhere' }).end();
        return;
      }
      if (req.url === '/never') return; // no answer: only the signal ends it
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => res.writeHead(418, { 'x-echo': req.headers['content-type'] ?? '' }).end(body.toUpperCase()));
    }));
    const res = await nodeFetch(`${server.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
      redirect: 'error',
    });
    assert.equal(res.status, 418);
    assert.equal(res.headers.get('x-echo'), 'application/json');
    assert.equal(await res.text(), '{"A":1}');

    await assert.rejects(nodeFetch(`${server.url}/moved`, { redirect: 'error' }), TypeError);
    await assert.rejects(
      nodeFetch(`${server.url}/never`, { redirect: 'error', signal: AbortSignal.timeout(50) }),
      (err: Error) => err.name === 'TimeoutError',
    );
  });

  test('its text path answers what fetch then res.text() would, without building a Response', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const server = await started(listen((req, res) => {
      if (req.url === '/moved') {
        res.writeHead(302, { location: '/elsewhere' }).end();
        return;
      }
      // A byte-order mark to drop and a byte that is no UTF-8 to replace.
      res.writeHead(req.url === '/gone' ? 404 : 200).end(Buffer.concat([bom, Buffer.from('{"name":"Zoë"}'), Buffer.from([0xff])]));
    }));
    const textFetch = (nodeFetch as unknown as { [TEXT_FETCH]: TextFetch })[TEXT_FETCH];
    const init = { redirect: 'error' as const, signal: new AbortController().signal };
    for (const path of ['/ok', '/gone']) {
      const viaResponse = await nodeFetch(server.url + path, init);
      const direct = await textFetch(server.url + path, init, 5_000);
      assert.deepEqual(direct, { status: viaResponse.status, text: await viaResponse.text() });
    }
    assert.equal((await textFetch(server.url + '/ok', init, 5_000)).text, '{"name":"Zoë"}\ufffd');
    await assert.rejects(textFetch(`${server.url}/moved`, init, 5_000), TypeError);
  });

  test('its text path ends a call that outlives its timeout, once, and leaves no timer behind', async () => {
    let asked = 0;
    const server = await started(listen((req, res) => {
      asked++;
      if (req.url === '/ok') res.end('{}'); // '/never' gets no answer: only the timeout ends it
    }));
    const textFetch = (nodeFetch as unknown as { [TEXT_FETCH]: TextFetch })[TEXT_FETCH];
    const init = { redirect: 'error' as const, signal: new AbortController().signal };
    await textFetch(`${server.url}/ok`, init, 5_000); // a kept-alive socket for the next call to reuse
    const timers = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    await assert.rejects(textFetch(`${server.url}/never`, init, 100), (err: Error) => err.name === 'TimeoutError');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(asked, 2, 'a timed-out call on a reused socket is not sent again');
    assert.equal(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length, timers);
  });

  test('the providers ask a fetch that carries a text path through it', async () => {
    const emulator = await startEmulator({ port: 0 });
    running.push({ url: emulator.url, close: () => emulator.close() });
    const textFetch = (nodeFetch as unknown as { [TEXT_FETCH]: TextFetch })[TEXT_FETCH];
    const asked: string[] = [];
    const fetchWithTextPath = Object.assign(
      (): Promise<Response> => Promise.reject(new Error('the text path should have been used')),
      { [TEXT_FETCH]: ((url, init, ms) => (asked.push(url), textFetch(url, init, ms))) satisfies TextFetch },
    );
    const provider = seedApiProvider({ baseUrl: emulator.url, apiKey: 'emulator-key', fetch: fetchWithTextPath });
    const views = await provider.listForUser(
      { userId: 'alice', email: 'alice@acme.com', emailVerified: true },
      { signal: new AbortController().signal },
    );
    assert.ok(views.some((v) => v.id === 'inv_alice_design'));
    assert.equal(asked.length, 1);
  });

  test('drives the seed API provider against the emulator', async () => {
    const emulator = await startEmulator({ port: 0 });
    running.push({ url: emulator.url, close: () => emulator.close() });
    const provider = seedApiProvider({ baseUrl: emulator.url, apiKey: 'emulator-key', fetch: nodeFetch });
    const identity = { userId: 'alice', email: 'alice@acme.com', emailVerified: true };
    const views = await provider.listForUser(identity, { signal: new AbortController().signal });
    assert.ok(views.some((v) => v.id === 'inv_alice_design'));
    const [result] = await provider.accept(identity, ['inv_alice_design'], { signal: new AbortController().signal });
    assert.equal(result?.ok, true);
  });
});
