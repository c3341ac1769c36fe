/**
 * Typed fetch against the REST API under `/api/v1` (same origin, session cookie sent with
 * `credentials: 'same-origin'`). Responses are parsed with the shared zod schemas; errors are
 * `application/problem+json` (RFC 9457) and become an ApiError with the problem's `code` and `errors`.
 */
import type { z } from 'zod';
import { ApiError, ClientErrorCode, fieldErrorsOf, noticeSessionEnd } from './errors.js';

export const API_BASE = '/api/v1';

/**
 * `method path` with an optional JSON body → the response parsed by `schema`.
 * Throws ApiError: the problem's code for 4xx/5xx, `network_error` when the server is unreachable,
 * `invalid_response` when a 2xx body does not match the schema.
 */
export async function request<S extends z.ZodType>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  schema: S | null,
  body?: unknown,
): Promise<z.output<S>> {
  let res: Response;
  try {
    res = await fetch(API_BASE + path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(ClientErrorCode.network, e instanceof Error ? e.message : 'fetch failed');
  }
  const text = await res.text().catch(() => '');
  let json: unknown = undefined;
  if (text !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!res.ok) {
    const p = (json ?? {}) as { code?: unknown; detail?: unknown; title?: unknown };
    const code = typeof p.code === 'string' ? p.code : res.status >= 500 ? 'internal_error' : 'invalid_response';
    const message = typeof p.detail === 'string' ? p.detail : typeof p.title === 'string' ? p.title : res.statusText;
    throw noticeSessionEnd(new ApiError(code, message, res.status, fieldErrorsOf(json)));
  }
  if (schema === null) return undefined as z.output<S>;
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(ClientErrorCode.invalidResponse, `${method} ${path}: ${parsed.error.message}`, res.status);
  }
  return parsed.data;
}
