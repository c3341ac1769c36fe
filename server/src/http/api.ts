/**
 * The /api/v1 router: cross-origin write guard → JSON body parser (64 KiB) → route table → 404 → errors.
 */
import express, { type RequestHandler, type Router } from 'express';
import type { Logger } from 'pino';
import { ErrorCode } from '../../../shared/index.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { crossOriginReason, type OriginPolicy } from './origin.js';
import { sendProblem } from './problem.js';
import { mountRoutes, type RouteSpec } from './route-table.js';
import { apiRoutes, type RouteDeps } from './routes.js';

/** Largest JSON body accepted (a 2000-code-point comment is at most 8 KB of UTF-8 plus JSON escapes). */
export const JSON_LIMIT = '64kb';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses writes a browser sends from another origin (403 cross_origin_refused). */
export function crossOriginGuard(policy: OriginPolicy): RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const reason = crossOriginReason(req.headers, req.socket && 'encrypted' in req.socket && Boolean(req.socket.encrypted), policy);
    if (reason) return sendProblem(res, ErrorCode.crossOrigin, `Writes are accepted only from this app's own pages (${reason}).`);
    next();
  };
}

function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const entry = { method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms * 10) / 10 };
      if (res.statusCode >= 500) logger.error(entry, 'request failed');
      else logger.info(entry, 'request');
    });
    next();
  };
}

export interface ApiRouter {
  router: Router;
  /** The route table mounted on the router (also the source of the OpenAPI document). */
  routes: RouteSpec[];
}

export function createApiRouter(deps: RouteDeps & { logger: Logger; origin: OriginPolicy }): ApiRouter {
  const router = express.Router();
  router.use(requestLog(deps.logger));
  router.use(crossOriginGuard(deps.origin));
  router.use(express.json({ limit: JSON_LIMIT, type: ['application/json', 'application/*+json'] }));
  const routes = apiRoutes(deps);
  mountRoutes(router, routes, deps.accounts);
  router.use(notFoundHandler());
  router.use(errorHandler(deps.logger));
  return { router, routes };
}
