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
  /** A plan area that is not a simple polygon with an area (crosses itself, too few distinct points). */
  invalidArea: 'invalid_area',
  /** The plan's current phase does not allow this action (e.g. comments), or the plan is not open. */
  phaseClosed: 'phase_closed',
  /** A status change the plan lifecycle does not allow (draft → published → closed → archived). */
  invalidTransition: 'invalid_transition',
  /** The `version` sent is not the stored one: someone else changed it first; reload and try again. */
  versionConflict: 'version_conflict',
  /** An uploaded file is not glTF 2.0 (GLB or .gltf JSON); the message says what it looks like instead. */
  modelNotGltf: 'model_not_gltf',
  /** The glTF is broken (truncated, or gltf-validator reports errors); the message lists the first ones. */
  modelInvalid: 'model_invalid',
  /** A .gltf refers to a buffer or image that was not uploaded with it; the message names the URI. */
  modelResourceMissing: 'model_resource_missing',
  /** A multipart upload that is not what the endpoint expects (no file, wrong field). */
  badUpload: 'bad_upload',
  /** A local Amsterdam time in the spring-forward gap (e.g. 2027-03-28T02:30): it never happens. 422. */
  nonexistentLocalTime: 'nonexistent_local_time',
  /** A local Amsterdam time in the autumn overlap (e.g. 2027-10-31T02:30): add +02:00 or +01:00. 422. */
  ambiguousLocalTime: 'ambiguous_local_time',
  /** A vote or withdrawal at or after the poll's closing time (server clock). 409. */
  pollClosed: 'poll_closed',
  /** The poll's results are not visible to this viewer yet (after voting / after closing). 403. */
  resultsHidden: 'results_hidden',
  /** A vote before the poll's opening time (server clock). 409. */
  pollNotOpen: 'poll_not_open',
  /** A reply, support or sketch edit on a thread that is adopted / not adopted, or whose plan is closed. 409. */
  threadClosed: 'thread_closed',
  /** A sketch geometry that crosses itself, has no area or too few distinct points; the message says where. 422. */
  invalidSketch: 'invalid_sketch',
  /** Personal data (e-mail, phone, BSN, IBAN, postcode + number) in a text; `errors` name field and kind. Send again with `confirmPersonalData: true` to post it for review. 422. */
  personalDataDetected: 'personal_data_detected',
  /** A word filter with action `block` matched; the message names the word. 422. */
  contentBlocked: 'content_blocked',
  /** The account is muted: it may read but not post (the message says until when). 403. */
  accountMuted: 'account_muted',
  /** The account is banned: it cannot sign in (the message says until when). 403. */
  accountBanned: 'account_banned',
  /** A report of one's own content. 409. */
  reportOwnContent: 'report_own_content',
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
