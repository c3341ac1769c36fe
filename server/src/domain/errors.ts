/**
 * Errors the domain raises on purpose. Each carries a stable code from shared/errors.ts; the adapters turn it
 * into problem+json (http/problem.ts) or a socket ack error (realtime/ack.ts). Anything that is not a
 * DomainError is unexpected: logged and answered `internal_error`.
 */
import type { ErrorCode } from '../../../shared/index.js';

export interface FieldError {
  /** Dotted path of the offending field, e.g. `position.lon`; '' for the whole payload. */
  path: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly errors?: FieldError[];
  /** HTTP status when it differs from the code's usual one (e.g. 422 `validation_failed` for a well-formed but unacceptable request). */
  readonly status?: number;
  constructor(code: ErrorCode, message: string, errors?: FieldError[], status?: number) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.errors = errors;
    if (status !== undefined) this.status = status;
  }
}

/** Turns zod issues into FieldErrors (path joined with dots; array indices as numbers). */
export function fieldErrorsFromIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  prefix = '',
): FieldError[] {
  return issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter((p) => p !== '').join('.'),
    message: i.message,
  }));
}
