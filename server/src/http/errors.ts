/**
 * Express error handling: every error becomes a problem+json answer, and the process keeps serving.
 * DomainErrors keep their code; body-parser errors map to malformed_json / payload_too_large; anything
 * else is logged with its stack and answered 500 internal_error without details.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ErrorCode } from '../../../shared/index.js';
import { DomainError } from '../domain/errors.js';
import { sendProblem } from './problem.js';

interface HttpishError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
}

/** Answers 404 `not_found` for any request that reached it. */
export function notFoundHandler(): RequestHandler {
  return (req, res) => sendProblem(res, ErrorCode.notFound, `No route for ${req.method} ${req.originalUrl.split('?')[0]}.`);
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      logger.error({ err, url: req.originalUrl }, 'error after the response started');
      return next(err);
    }
    if (err instanceof DomainError) return sendProblem(res, err.code, err.message, err.errors, err.status);
    const e = (err ?? {}) as HttpishError;
    switch (e.type) {
      case 'entity.parse.failed':
        return sendProblem(res, ErrorCode.malformedJson, 'The body is not valid JSON (RFC 8259).');
      case 'entity.too.large':
        return sendProblem(res, ErrorCode.payloadTooLarge, 'The body is larger than this endpoint accepts.');
      case 'request.aborted':
        return; // the client went away; nobody to answer
      case 'encoding.unsupported':
      case 'charset.unsupported':
      case 'request.size.invalid':
        return sendProblem(res, ErrorCode.validation, e.message);
    }
    const status = e.status ?? e.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // e.g. express.static's 400, or the router's URIError for a malformed percent-encoding in a path parameter
      const detail = e.expose || err instanceof URIError ? e.message : 'The request is not valid.';
      return sendProblem(res, status === 404 ? ErrorCode.notFound : ErrorCode.validation, detail);
    }
    logger.error({ err, method: req.method, url: req.originalUrl }, 'unexpected error while handling a request');
    sendProblem(res, ErrorCode.internal, 'Something went wrong on the server; it has been logged.');
  };
}
