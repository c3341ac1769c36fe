/**
 * Socket command plumbing: parse the payload with a shared zod schema, run the handler, and answer through
 * the ack callback with `{ ok: true, … }` or `{ ok: false, error: { code, message, errors? } }`
 * (shared/errors.ts `Ack`). A missing or non-function ack is fine; a throwing handler is answered
 * `internal_error`, logged, and the socket and process go on.
 */
import type { Socket } from 'socket.io';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { ErrorCode, type AckError } from '../../../shared/index.js';
import { DomainError, fieldErrorsFromIssues } from '../domain/errors.js';

export type AckReply = ({ ok: true } & Record<string, unknown>) | { ok: false; error: AckError };

export function ackFail(code: ErrorCode, message: string, errors?: AckError['errors']): AckReply {
  return { ok: false, error: errors && errors.length ? { code, message, errors } : { code, message } };
}

/** Maps any thrown value to a failed ack; unexpected ones are logged. */
export function ackFromError(err: unknown, logger: Logger, event: string): AckReply {
  if (err instanceof DomainError) return ackFail(err.code, err.message, err.errors);
  logger.error({ err, event }, 'socket handler failed');
  return ackFail(ErrorCode.internal, 'Something went wrong on the server; it has been logged.');
}

/**
 * Registers `event` on the socket: the first argument is parsed with `schema` (objects only), the handler
 * gets the parsed value, and its reply is sent through the ack if the client gave one.
 */
export function onCommand<S extends z.ZodType>(
  socket: Socket,
  event: string,
  schema: S,
  logger: Logger,
  handler: (payload: z.output<S>) => Promise<AckReply>,
): void {
  socket.on(event, async (...args: unknown[]) => {
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (r: AckReply) => void) : undefined;
    const payload = args[0];
    let reply: AckReply;
    try {
      if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
        reply = ackFail(ErrorCode.validation, `The payload of ${event} must be an object.`, [{ path: '', message: 'expected an object' }]);
      } else {
        const parsed = schema.safeParse(payload);
        reply = parsed.success
          ? await handler(parsed.data)
          : ackFail(ErrorCode.validation, `The payload of ${event} is not valid.`, fieldErrorsFromIssues(parsed.error.issues));
      }
    } catch (err) {
      reply = ackFromError(err, logger, event);
    }
    if (!ack) return;
    try {
      ack(reply);
    } catch (err) {
      logger.warn({ err, event }, 'ack callback failed');
    }
  });
}
