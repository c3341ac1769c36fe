/**
 * The REST route table: one list of route specs both registers the express routes (mountRoutes) and produces
 * the OpenAPI 3.1 document (openapi.ts), so the two cannot drift apart. A spec names its zod schemas (from
 * shared/protocol.ts) for path parameters, query, body and responses; mountRoutes parses with them and turns
 * failures into `validation_failed` problems.
 */
import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import { ErrorCode } from '../../../shared/index.js';
import type { AccountService, AccountUser } from '../domain/accounts.js';
import { DomainError, fieldErrorsFromIssues } from '../domain/errors.js';
import { viewerOf, type Viewer } from '../domain/viewer.js';
import { sessionTokenFrom } from './session-cookie.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteContext<P, Q, B> {
  req: Request;
  res: Response;
  params: P;
  query: Q;
  body: B;
  viewer: Viewer;
  /** The signed-in user; never null in routes with `auth: 'user'`. */
  user: AccountUser | null;
  /** Files of a `multipart` route, on disk until the handler returns (then deleted); [] otherwise. */
  files: UploadedFile[];
}

/** One file of a multipart/form-data request, written to a temp file. */
export interface UploadedFile {
  /** The client's file name. */
  name: string;
  /** Absolute path of the temp file. */
  path: string;
  bytes: number;
}

/**
 * A multipart/form-data request body (RFC 7578): `parse` reads it (files to temp files, text fields into an
 * object that `body` then validates) and rejects with a DomainError (bad_upload, payload_too_large).
 * `cleanup` deletes the temp files; mountRoutes calls it after the handler, whatever happened.
 */
export interface MultipartSpec {
  /** The form field that carries the files (one or more). */
  fileField: string;
  /** OpenAPI description of the files field. */
  fileDescription: string;
  /** `pre`: the parsed path parameters and the viewer, so the route can refuse before reading any file. */
  parse(
    req: Request,
    res: Response,
    pre: { params: any; viewer: Viewer },
  ): Promise<{ files: UploadedFile[]; fields: Record<string, unknown>; cleanup(): Promise<void> }>;
}

export interface RouteResult {
  status: number;
  /** Sent as JSON; omitted for 204. */
  body?: unknown;
}

export interface ResponseDoc {
  description: string;
  schema?: z.ZodType;
}

export interface RouteSpec<P = any, Q = any, B = any> {
  method: Method;
  /** Express path under /api/v1, e.g. `/comments/:id`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /**
   * `none`: the session is not looked up (liveness, documents); `public`: anyone, the viewer is known when
   * signed in; `user`: answered 401 `unauthenticated` without a valid session.
   */
  auth: 'none' | 'public' | 'user';
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  /** JSON body schema; with `multipart`, the schema of the form's text fields. */
  body?: z.ZodType<B>;
  /** The body is multipart/form-data with files (see MultipartSpec); the files reach the handler as `ctx.files`. */
  multipart?: MultipartSpec;
  /** Extra descriptions of path/query parameters for the OpenAPI document, by name. */
  paramDocs?: Record<string, string>;
  /** Request headers the route reads (documentation only; the handler parses them). */
  headers?: z.ZodObject;
  /** Success responses by status. */
  responses: Record<number, ResponseDoc>;
  /** Error codes this route may answer besides the ones every route shares. */
  problems: ErrorCode[];
  handle(ctx: RouteContext<P, Q, B>): Promise<RouteResult>;
}

/** Typed constructor: infers P, Q, B from the schemas. */
export function defineRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  spec: RouteSpec<P, Q, B>,
): RouteSpec {
  return spec as RouteSpec;
}

function parseOrThrow<T>(schema: z.ZodType<T> | undefined, value: unknown, what: string): T {
  if (!schema) return undefined as T;
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new DomainError(ErrorCode.validation, `The ${what} is not valid.`, fieldErrorsFromIssues(r.error.issues));
}

/** Registers every spec on the router. Handlers' errors go to the router's error handler. */
export function mountRoutes(router: Router, routes: RouteSpec[], accounts: AccountService): void {
  for (const spec of routes) {
    router[spec.method](spec.path, async (req: Request, res: Response) => {
      const user = spec.auth === 'none' ? null : await accounts.userForToken(sessionTokenFrom(req.headers));
      if (spec.auth === 'user' && !user) {
        throw new DomainError(ErrorCode.unauthenticated, 'This needs a signed-in account.');
      }
      if (spec.body && !spec.multipart && req.body === undefined) {
        throw new DomainError(ErrorCode.validation, 'Send a JSON body with Content-Type: application/json.', [
          { path: '', message: 'expected a JSON object' },
        ]);
      }
      const params = parseOrThrow(spec.params, req.params, 'path');
      const upload = spec.multipart ? await spec.multipart.parse(req, res, { params, viewer: viewerOf(user) }) : undefined;
      try {
        const ctx: RouteContext<unknown, unknown, unknown> = {
          req,
          res,
          params,
          query: parseOrThrow(spec.query, { ...req.query }, 'query'),
          body: parseOrThrow(spec.body, upload ? upload.fields : req.body, upload ? 'form' : 'request body'),
          viewer: viewerOf(user),
          user,
          files: upload?.files ?? [],
        };
        const result = await spec.handle(ctx);
        if (res.headersSent) return; // the handler streamed the answer itself (files)
        if (result.body === undefined) res.status(result.status).end();
        else res.status(result.status).json(result.body);
      } finally {
        await upload?.cleanup();
      }
    });
  }
}
