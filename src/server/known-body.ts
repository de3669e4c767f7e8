/**
 * A `Response` made from a string keeps that string beside its body stream, so
 * a Node mount can write it out directly instead of reading it back through
 * the stream (at one connection, the stream reads cost more than building the
 * JSON). Runtime-neutral: anything else reads the body as usual.
 *
 * A global symbol rather than a module-level map, so two copies of this module
 * (a bundled core beside the package's own adapters) still understand each other.
 */
import { forwardingPrototype } from './lazy-web-object.js';

const BODY = Symbol.for('invite-inbox.known-body');

/**
 * Set on a request by a mount that writes known bodies itself (the Node
 * adapter): the proxy may answer it with a lazy response (below).
 */
export const WRITES_KNOWN_BODIES = Symbol.for('invite-inbox.writes-known-bodies');

interface WithKnownBody {
  [BODY]?: string;
}

/*
 * In Node 20 and 22 a `Response` made from a string costs ~10 µs, nine of them
 * for a body stream the Node adapter never reads. So where the runtime allows a
 * faithful stand-in, `textResponse` makes a lazy one: an object whose prototype
 * chain holds `Response.prototype`, that keeps the text and init, and makes the
 * real `Response` only when anything is asked of it. The proxy hands such a
 * response only to a mount that asked for it (`WRITES_KNOWN_BODIES`), and a
 * real one to everybody else (`realResponse`).
 */
const INIT = Symbol('init');
const FULL = Symbol('full');

/** Headers as a plain record: the Node adapter can write them as they are. */
type TextInit = ResponseInit & { headers?: Record<string, string> };

interface LazyResponse extends WithKnownBody {
  [INIT]: TextInit;
  [FULL]?: Response;
}

const fullOf = (lazy: LazyResponse): Response => {
  if (!lazy[FULL]) {
    const full = new Response(lazy[BODY]!, lazy[INIT]);
    Object.defineProperty(full, BODY, { value: lazy[BODY] });
    lazy[FULL] = full;
  }
  return lazy[FULL];
};

/**
 * The lazy response's prototype, made on first use, or null where a stand-in
 * cannot pass for a real `Response`: a runtime whose `Response` keeps its
 * state where a stand-in cannot reach it (private fields in undici 7, native
 * objects in workerd, Deno and Bun) gets real responses only.
 */
let lazyPrototype: object | null | undefined;

function lazyResponsePrototype(): object | null {
  if (lazyPrototype !== undefined) return lazyPrototype;
  lazyPrototype = null;
  try {
    if (Object.getOwnPropertySymbols(new Response('')).length > 0) {
      const proto = forwardingPrototype<LazyResponse>(Response.prototype, new Response(''), fullOf);
      const probe = Object.assign(Object.create(proto) as LazyResponse, { [BODY]: 'probe', [INIT]: { status: 201, headers: { 'x-probe': 'yes' } } });
      const copy = new Response('', probe as unknown as Response);
      if (copy.status === 201 && copy.headers.get('x-probe') === 'yes' && probe instanceof Response) lazyPrototype = proto;
    }
  } catch {
    lazyPrototype = null;
  }
  return lazyPrototype;
}

/** `new Response(text, init)` (or its lazy stand-in), with `text` kept for `knownBody`. */
export function textResponse(text: string, init: TextInit): Response {
  const proto = lazyResponsePrototype();
  if (proto) {
    const lazy = Object.create(proto) as LazyResponse;
    lazy[BODY] = text;
    lazy[INIT] = init;
    return lazy as unknown as Response;
  }
  const response = new Response(text, init);
  Object.defineProperty(response, BODY, { value: text });
  return response;
}

const isLazy = (response: Response): response is Response & LazyResponse => INIT in response;

/** A real `Response` for `response`: the lazy stand-in's, made now; any other as it is. */
export const realResponse = (response: Response): Response => (isLazy(response) ? fullOf(response) : response);

/**
 * The status and headers of a lazy response nobody has touched, for a mount
 * to write out without making its `Headers`; undefined for any other.
 */
export function knownInit(response: Response): { status: number; headers: Record<string, string> } | undefined {
  if (!isLazy(response) || response[FULL]) return undefined;
  const init = response[INIT];
  return { status: init.status ?? 200, headers: init.headers ?? {} };
}

/**
 * The string a response was made from, while its body stream is untouched;
 * undefined when it was made otherwise or someone has started reading it.
 */
export function knownBody(response: Response): string | undefined {
  if (isLazy(response)) {
    const full = response[FULL];
    if (!full) return response[BODY];
    return knownBody(full);
  }
  const text = (response as WithKnownBody)[BODY];
  return text === undefined || response.bodyUsed || response.body?.locked ? undefined : text;
}
