/** Shared by the emulator's routes: JSON bodies in, JSON errors out. */
import type { Context } from 'hono';
import * as v from 'valibot';
import { BodyReadError, readBytes } from '../server/body.js';
import { PARSE_CONFIG } from '../server/validation.js';
import { UpstreamError } from './store.js';

/** Bodies larger than this are refused, as any real API would. */
const MAX_BODY_BYTES = 256 * 1024;

/** The upstream's error shape: `{ error: "message" }`, plus a stable `code` for clients that want one. */
export function errorResponse(status: number, message: string, code: string): Response {
  return Response.json({ error: message, code }, { status });
}

/**
 * valibot's object and record schemas also take an array (as an object keyed
 * "0", "1", …); every body and map the service takes is a JSON object.
 */
export const jsonObject = v.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'Invalid input: expected a JSON object',
);

/** Read and validate a JSON body (an object) once, at the edge. */
export async function readJson<T>(c: Context, schema: v.GenericSchema<unknown, T>): Promise<T> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new UpstreamError(415, 'unsupported_media_type', 'Content-Type must be application/json');
  }
  const text = await readLimited(c.req.raw, MAX_BODY_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new UpstreamError(400, 'invalid_json', 'Request body is not valid JSON');
  }
  return parse(schema, parse(jsonObject, body));
}

/** The body as text, counted on the stream by the proxy's reader: a huge body is refused after the limit. */
async function readLimited(req: Request, limit: number): Promise<string> {
  try {
    const bytes = await readBytes(req, limit);
    return bytes ? new TextDecoder().decode(bytes) : '';
  } catch (err) {
    if (!(err instanceof BodyReadError)) throw err;
    if (err.reason === 'too_large') throw new UpstreamError(413, 'payload_too_large', 'Request body is too large');
    // The client went away mid-body, or the server's request timeout cut it off.
    throw new UpstreamError(400, 'incomplete_body', 'Request body ended early');
  }
}

/** Parses or throws a 400 naming the first problem and where it is (as the proxy words it). */
export function parse<T>(schema: v.GenericSchema<unknown, T>, value: unknown): T {
  const result = v.safeParse(schema, value, PARSE_CONFIG);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = v.getDotPath(issue);
  throw new UpstreamError(400, 'invalid_request', `${path ? `${path}: ` : ''}${issue.message}`);
}
