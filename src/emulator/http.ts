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
  const text = await readLimited(c.req.raw, MAX_BODY_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new UpstreamError(400, 'invalid_json', 'Request body is not valid JSON');
  }
  return parse(schema, body);
}

const tooLarge = () => new UpstreamError(413, 'payload_too_large', 'Request body is too large');

/**
 * The body as text, counted on the stream: reading stops at the limit, so a
 * huge body is refused after `limit` bytes instead of being held in memory.
 */
async function readLimited(req: Request, limit: number): Promise<string> {
  if (Number(req.headers.get('content-length') ?? 0) > limit) throw tooLarge();
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      // The client went away mid-body, or the server's request timeout cut it off.
      throw new UpstreamError(400, 'incomplete_body', 'Request body ended early');
    }
    const { done, value } = next;
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  throw new UpstreamError(400, 'invalid_request', `${where}${issue.message}`);
}
