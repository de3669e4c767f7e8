/**
 * A `Response` made from a string keeps that string beside its body stream, so
 * a Node mount can write it out directly instead of reading it back through
 * the stream (at one connection, the stream reads cost more than building the
 * JSON). Runtime-neutral: anything else reads the body as usual.
 *
 * A global symbol rather than a module-level map, so two copies of this module
 * (a bundled core beside the package's own adapters) still understand each other.
 */
const BODY = Symbol.for('invite-inbox.known-body');

interface WithKnownBody {
  [BODY]?: string;
}

/** `new Response(text, init)`, with `text` kept for `knownBody`. */
export function textResponse(text: string, init: ResponseInit): Response {
  const response = new Response(text, init);
  Object.defineProperty(response, BODY, { value: text });
  return response;
}

/**
 * The string a response was made from, while its body stream is untouched;
 * undefined when it was made otherwise or someone has started reading it.
 */
export function knownBody(response: Response): string | undefined {
  const text = (response as WithKnownBody)[BODY];
  return text === undefined || response.bodyUsed || response.body?.locked ? undefined : text;
}
