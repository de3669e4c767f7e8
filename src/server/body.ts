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

/** Why `readBytes` gave up: more than its limit, not in time, or the stream broke (`cause`). */
export class BodyReadError extends Error {
  constructor(
    readonly reason: 'too_large' | 'too_slow' | 'broken',
    options?: { cause: unknown },
  ) {
    super(`request body ${reason.replace('_', ' ')}`, options);
  }
}

/**
 * The body's bytes, counted on the stream: reading stops at `limit`, so a huge body is refused
 * after `limit` bytes instead of being held in memory (Content-Length can lie or be absent). With
 * `timeoutMs`, the whole body must arrive within it. Null when the request has no body.
 */
export async function readBytes(req: Request, limit: number, timeoutMs?: number): Promise<Uint8Array | null> {
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw new BodyReadError('too_large');
  if (!req.body) return null;
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired =
    timeoutMs === undefined
      ? undefined
      : new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new BodyReadError('too_slow')), timeoutMs);
        });
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await (expired ? Promise.race([reader.read(), expired]) : reader.read());
      } catch (err) {
        throw err instanceof BodyReadError ? err : new BodyReadError('broken', { cause: err });
      }
      if (next.done) break;
      size += next.value.byteLength;
      if (size > limit) throw new BodyReadError('too_large');
      chunks.push(next.value);
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
  return bytes;
}

export async function readJson(
  req: Request,
  limit: number = LIMITS.maxBodyBytes,
  timeoutMs: number = DEFAULT_BODY_TIMEOUT_MS,
): Promise<unknown> {
  let bytes: Uint8Array | null;
  try {
    bytes = await readBytes(req, limit, timeoutMs);
  } catch (err) {
    if (!(err instanceof BodyReadError)) throw err;
    if (err.reason === 'too_large') throw tooLarge(limit);
    if (err.reason === 'too_slow') throw tooSlow();
    throw err.cause;
  }
  if (!bytes) throw badRequest('A JSON body is required.');
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
}
