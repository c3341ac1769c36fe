/**
 * RFC 9457 problem details (`application/problem+json`) with the stable `code` of shared/errors.ts.
 * `type` is a tag URI (RFC 4151; RFC 9457 §3.1.1 allows non-dereferenceable URIs) ending in the code.
 */
import type { Response } from 'express';
import { ErrorCode, type Problem } from '../../../shared/index.js';
import type { FieldError } from '../domain/errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** HTTP status of each error code. */
export const STATUS_OF_CODE: Record<ErrorCode, number> = {
  [ErrorCode.validation]: 400,
  [ErrorCode.malformedJson]: 400,
  [ErrorCode.unauthenticated]: 401,
  [ErrorCode.badCredentials]: 401,
  [ErrorCode.forbidden]: 403,
  [ErrorCode.crossOrigin]: 403,
  [ErrorCode.notFound]: 404,
  [ErrorCode.emailTaken]: 409,
  [ErrorCode.payloadTooLarge]: 413,
  [ErrorCode.unknownParent]: 422,
  [ErrorCode.unknownEvent]: 400,
  [ErrorCode.invalidArea]: 422,
  [ErrorCode.phaseClosed]: 403,
  [ErrorCode.invalidTransition]: 409,
  [ErrorCode.versionConflict]: 409,
  [ErrorCode.modelNotGltf]: 415,
  [ErrorCode.modelInvalid]: 422,
  [ErrorCode.modelResourceMissing]: 422,
  [ErrorCode.badUpload]: 400,
  [ErrorCode.nonexistentLocalTime]: 422,
  [ErrorCode.ambiguousLocalTime]: 422,
  [ErrorCode.pollClosed]: 409,
  [ErrorCode.pollNotOpen]: 409,
  [ErrorCode.resultsHidden]: 403,
  [ErrorCode.threadClosed]: 409,
  [ErrorCode.invalidSketch]: 422,
  [ErrorCode.personalDataDetected]: 422,
  [ErrorCode.contentBlocked]: 422,
  [ErrorCode.accountMuted]: 403,
  [ErrorCode.accountBanned]: 403,
  [ErrorCode.reportOwnContent]: 409,
  [ErrorCode.internal]: 500,
};

const TITLES: Record<ErrorCode, string> = {
  [ErrorCode.validation]: 'The request is not valid',
  [ErrorCode.malformedJson]: 'The request body is not valid JSON',
  [ErrorCode.unauthenticated]: 'Sign in first',
  [ErrorCode.badCredentials]: 'Wrong e-mail address or password',
  [ErrorCode.forbidden]: 'Not allowed',
  [ErrorCode.invalidArea]: 'The area is not a valid polygon',
  [ErrorCode.phaseClosed]: 'Not possible in the current phase of this plan',
  [ErrorCode.invalidTransition]: 'This status change is not possible',
  [ErrorCode.versionConflict]: 'Someone else changed this first',
  [ErrorCode.modelNotGltf]: 'The file is not a glTF model',
  [ErrorCode.modelInvalid]: 'The glTF model is broken',
  [ErrorCode.modelResourceMissing]: 'A file the glTF model refers to is missing',
  [ErrorCode.badUpload]: 'The upload is not valid',
  [ErrorCode.crossOrigin]: 'Cross-origin write refused',
  [ErrorCode.notFound]: 'Not found',
  [ErrorCode.emailTaken]: 'E-mail address already registered',
  [ErrorCode.payloadTooLarge]: 'Request body too large',
  [ErrorCode.unknownParent]: 'Unknown parent comment',
  [ErrorCode.unknownEvent]: 'Unknown event',
  [ErrorCode.nonexistentLocalTime]: 'This local time does not exist in Amsterdam',
  [ErrorCode.ambiguousLocalTime]: 'This local time happens twice in Amsterdam',
  [ErrorCode.pollClosed]: 'The poll is closed',
  [ErrorCode.pollNotOpen]: 'The poll is not open yet',
  [ErrorCode.resultsHidden]: 'The results are not shown yet',
  [ErrorCode.threadClosed]: 'The thread is closed',
  [ErrorCode.invalidSketch]: 'The sketch is not a valid shape',
  [ErrorCode.personalDataDetected]: 'The text seems to contain personal data',
  [ErrorCode.contentBlocked]: 'The text contains a word that is not allowed',
  [ErrorCode.accountMuted]: 'This account may not post for now',
  [ErrorCode.accountBanned]: 'This account is banned',
  [ErrorCode.reportOwnContent]: 'You cannot report your own content',
  [ErrorCode.internal]: 'Internal server error',
};

export function problemType(code: ErrorCode): string {
  return `tag:digitale-stad,2026:problem:${code}`;
}

/** Builds a problem document; `status` overrides the code's usual status (STATUS_OF_CODE). */
export function problem(code: ErrorCode, detail?: string, errors?: FieldError[], status?: number): Problem {
  const p: Problem = { type: problemType(code), title: TITLES[code], status: status ?? STATUS_OF_CODE[code], code };
  if (detail) p.detail = detail;
  if (errors && errors.length > 0) p.errors = errors;
  return p;
}

/** Sends a problem document with its status and content type. */
export function sendProblem(res: Response, code: ErrorCode, detail?: string, errors?: FieldError[], status?: number): void {
  const body = problem(code, detail, errors, status);
  res.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}
