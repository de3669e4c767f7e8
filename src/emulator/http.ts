/** Shared by the emulator's routes: JSON bodies in, JSON errors out. */
import type { Context } from 'hono';
import type { z } from 'zod';
import { UpstreamError } from './store.js';

/** Bodies larger than this are refused, as any real API would. */
const MAX_BODY_BYTES = 256 * 1024;

/** The upstream's error shape: `{ error: "message" }`, plus a stable `code` for clients that want one. */
export function errorResponse(status: number, message: string, code: string): Response {
  return Response.json({ error: message, code }, { status });
}

/** Read and validate a JSON body once, at the edge. */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new UpstreamError(415, 'unsupported_media_type', 'Content-Type must be application/json');
  }
  const text = await c.req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new UpstreamError(413, 'payload_too_large', 'Request body is too large');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new UpstreamError(400, 'invalid_json', 'Request body is not valid JSON');
  }
  return parse(schema, body);
}

export function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  throw new UpstreamError(400, 'invalid_request', `${where}${issue.message}`);
}
