/** Reads a JSON request body with a hard size bound enforced on the stream itself. */
import { LIMITS } from '../shared/view-model.js';
import { ProxyError, badRequest } from './errors.js';

const tooLarge = (): ProxyError =>
  new ProxyError(413, 'payload_too_large', `The request body exceeds ${LIMITS.maxBodyBytes} bytes.`);

export function isJson(req: Request): boolean {
  const type = req.headers.get('content-type') ?? '';
  return type.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

export async function readJson(req: Request, limit: number = LIMITS.maxBodyBytes): Promise<unknown> {
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!req.body) throw badRequest('A JSON body is required.');
  // Content-Length can lie or be absent (chunked): count what actually arrives.
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
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
