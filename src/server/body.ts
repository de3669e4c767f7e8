/**
 * Reads a JSON request body with a hard size bound enforced on the stream
 * itself, and a deadline: a client trickling one byte every few seconds would
 * otherwise hold a request (and its memory) open for as long as it likes.
 */
import { LIMITS } from '../shared/view-model.js';
import { ProxyError, badRequest } from './errors.js';

const tooLarge = (limit: number): ProxyError =>
  new ProxyError(413, 'payload_too_large', `The request body exceeds ${limit} bytes.`);

export function isJson(req: Request): boolean {
  const type = req.headers.get('content-type') ?? '';
  return type.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/** Default time allowed to receive a whole request body. */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

const tooSlow = (): ProxyError =>
  new ProxyError(408, 'request_timeout', 'The request body did not arrive in time.', { connection: 'close' });

export async function readJson(
  req: Request,
  limit: number = LIMITS.maxBodyBytes,
  timeoutMs: number = DEFAULT_BODY_TIMEOUT_MS,
): Promise<unknown> {
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!req.body) throw badRequest('A JSON body is required.');
  // Content-Length can lie or be absent (chunked): count what actually arrives.
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(tooSlow()), timeoutMs);
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), expired]);
      if (done) break;
      size += value.byteLength;
      if (size > limit) throw tooLarge(limit);
      chunks.push(value);
    }
  } catch (err) {
    // Stop reading: the rest of the body is not wanted, whatever went wrong.
    reader.cancel().catch(() => undefined);
    throw err;
  } finally {
    clearTimeout(timer);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
}
