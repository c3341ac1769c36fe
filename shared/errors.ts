/**
 * Stable error codes shared by REST (problem+json `code`, RFC 9457) and socket acks
 * (`{ ok: false, error: { code, message } }`). Clients switch on `code`, never on `message`.
 */
export const ErrorCode = {
  /** Body, query or payload did not match its schema (see `errors` for the paths). */
  validation: 'validation_failed',
  /** The request body was not parseable JSON. */
  malformedJson: 'malformed_json',
  /** No session, or the session expired. */
  unauthenticated: 'unauthenticated',
  /** Signed in, but the role or phase does not allow this. */
  forbidden: 'forbidden',
  /** A write from a browser origin other than the app's own. */
  crossOrigin: 'cross_origin_refused',
  /** E-mail or password wrong (deliberately not saying which). */
  badCredentials: 'bad_credentials',
  /** Registration with an e-mail address that already has an account. */
  emailTaken: 'email_taken',
  /** The addressed resource does not exist (or the viewer may not see it). */
  notFound: 'not_found',
  /** `parentId` names no comment the viewer can see. */
  unknownParent: 'unknown_parent',
  /** A socket event name the server does not know. */
  unknownEvent: 'unknown_event',
  /** Request body larger than the server accepts. */
  payloadTooLarge: 'payload_too_large',
  /** Anything unexpected; the server logged it and goes on serving. */
  internal: 'internal_error',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The `error` member of a failed socket ack. */
export interface AckError {
  code: ErrorCode;
  message: string;
  /** For `validation_failed`: which fields, e.g. `[{ path: 'body', message: '...' }]`. */
  errors?: { path: string; message: string }[];
}

/** Ack shape of every mutating socket command: the stored object on success. */
export type Ack<T> = ({ ok: true } & T) | { ok: false; error: AckError };

/** RFC 9457 problem details as sent by the REST API (`application/problem+json`). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  errors?: { path: string; message: string }[];
}
