/**
 * The one error type the client's API layer throws. `code` is a shared ErrorCode from the server
 * (problem+json `code`, RFC 9457, or a socket ack's `error.code`) or one of the client-side codes
 * below; the UI picks its message by `code` through i18n (`errors.<code>`), never by `message`.
 */
import { ErrorCode } from '../../../shared/index.js';

export const ClientErrorCode = {
  /** fetch() or the socket could not reach the server. */
  network: 'network_error',
  /** The server answered with something that did not match the shared schema. */
  invalidResponse: 'invalid_response',
  /** A socket command got no ack in time (after its retries). */
  timeout: 'timeout',
} as const;
export type ClientErrorCode = (typeof ClientErrorCode)[keyof typeof ClientErrorCode];

export type AnyErrorCode = ErrorCode | ClientErrorCode;

export interface FieldError {
  path: string;
  message: string;
}

const KNOWN = new Set<string>([...Object.values(ErrorCode), ...Object.values(ClientErrorCode)]);

export class ApiError extends Error {
  /** HTTP status (0 for socket and network errors). */
  readonly status: number;
  readonly code: AnyErrorCode;
  /** For `validation_failed`: which fields were wrong. */
  readonly errors: FieldError[];

  constructor(code: string, message: string, status = 0, errors: FieldError[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = (KNOWN.has(code) ? code : ErrorCode.internal) as AnyErrorCode;
    this.status = status;
    this.errors = errors;
  }
}

/** Any thrown value → ApiError (unknown errors become `internal_error`). */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof TypeError) return new ApiError(ClientErrorCode.network, e.message);
  return new ApiError(ErrorCode.internal, e instanceof Error ? e.message : String(e));
}

/** Reads `errors` from a problem or ack body, tolerating absence or a wrong shape. */
export function fieldErrorsOf(x: unknown): FieldError[] {
  if (!x || typeof x !== 'object' || !Array.isArray((x as { errors?: unknown }).errors)) return [];
  return ((x as { errors: unknown[] }).errors)
    .filter((e): e is { path: unknown; message: unknown } => !!e && typeof e === 'object')
    .map((e) => ({ path: String(e.path ?? ''), message: String(e.message ?? '') }));
}

/**
 * Fired (event `expired`) when the server answers `unauthenticated` to any request or command: the
 * session ended elsewhere (logout in another tab, expiry), so the UI drops its signed-in state.
 */
export const sessionSignals = new EventTarget();

/** Tells sessionSignals listeners when `error` says the session is gone; returns the error for throwing. */
export function noticeSessionEnd(error: ApiError): ApiError {
  if (error.code === ErrorCode.unauthenticated) sessionSignals.dispatchEvent(new Event('expired'));
  return error;
}
