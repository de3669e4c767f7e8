/**
 * Errors the proxy answers with. Every error response has the same small shape
 * (`{ error: { code, message } }`) and carries only messages written here, so a
 * stack trace, an upstream URL or the API key can never reach the browser.
 */
import type { ApiErrorBody, ErrorCode } from '../shared/view-model.js';
import { textResponse } from './known-body.js';

export class ProxyError extends Error {
  override readonly name: string = 'ProxyError';

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * A failed upstream call. `upstreamStatus` is kept (never shown) so providers can
 * map an upstream 404/409/410 on one ID to a per-ID result.
 */
export class UpstreamError extends ProxyError {
  override readonly name = 'UpstreamError';

  constructor(
    code: 'upstream_error' | 'upstream_timeout',
    message: string,
    readonly upstreamStatus?: number,
  ) {
    super(code === 'upstream_timeout' ? 504 : 502, code, message);
  }
}

export const badRequest = (message: string): ProxyError => new ProxyError(400, 'bad_request', message);

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return textResponse(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      // Per-user data: never let a shared cache keep it.
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    },
  });
}

export function errorBody(code: ErrorCode, message: string): ApiErrorBody {
  return { error: { code, message } };
}

/**
 * Turns anything thrown into a safe JSON response. Unknown errors come from
 * provider or host code behind the proxy, so they answer an opaque 502.
 */
export function errorResponse(err: unknown): Response {
  if (err instanceof ProxyError) {
    return jsonResponse(errorBody(err.code, err.message), err.status, err.headers);
  }
  if (isTimeout(err)) {
    return jsonResponse(errorBody('upstream_timeout', 'The invitations service did not answer in time.'), 504);
  }
  return jsonResponse(errorBody('upstream_error', 'The invitations service failed.'), 502);
}

export function isTimeout(err: unknown): boolean {
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}
