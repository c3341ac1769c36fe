/**
 * The REST API of issue 2 (protocol fixed in the issue), as one route table under /api/v1. Handlers are thin:
 * parse (route-table.ts) → call the domain → answer with the shared response shapes.
 */
import { z } from 'zod';
import {
  CommentCollection,
  CommentResponse,
  CommentsQuery,
  CreateCommentBody,
  ErrorCode,
  HealthResponse,
  HeldResponse,
  LIMITS,
  LoginBody,
  RegisterBody,
  TilesetsResponse,
  UserResponse,
  commentToFeature,
  type BBox,
  type TilesetInfo,
} from '../../../shared/index.js';
import { toMe, type AccountService } from '../domain/accounts.js';
import type { CommentService, Page } from '../domain/comments.js';
import { DomainError } from '../domain/errors.js';
import type { PlanService } from '../domain/plans.js';
import type { ScenarioService } from '../domain/scenarios.js';
import type { ModelService } from '../domain/models.js';
import { modelRoutes } from './model-routes.js';
import { planRoutes } from './plan-routes.js';
import { threadRoutes } from './thread-routes.js';
import type { ThreadService } from '../domain/threads.js';
import { pollRoutes } from './poll-routes.js';
import { moderationRoutes } from './moderation-routes.js';
import type { ModerationService } from '../domain/moderation.js';
import { privacyRoutes } from './privacy-routes.js';
import { moderationUserRoutes } from './moderation-user-routes.js';
import type { SanctionService } from '../domain/sanctions.js';
import type { WordFilterService } from '../domain/word-filters.js';
import type { PrivacyService } from '../domain/privacy.js';
import { openDataRoutes } from './open-data-routes.js';
import type { OpenDataService } from '../domain/open-data.js';
import type { PollService } from '../domain/polls.js';
import { defineRoute, type RouteSpec } from './route-table.js';
import { clearSessionCookie, sessionTokenFrom, setSessionCookie } from './session-cookie.js';
import { buildOpenApi } from './openapi.js';

export interface RouteDeps {
  accounts: AccountService;
  comments: CommentService;
  plans: PlanService;
  scenarios: ScenarioService;
  models: ModelService;
  polls: PollService;
  threads: ThreadService;
  moderation: ModerationService;
  /** Own data export and account deletion (issue 6). */
  privacy: PrivacyService;
  /** Open data per plan and the removed-ids feed (issue 6). */
  openData: OpenDataService;
  sanctions: SanctionService;
  wordFilters: WordFilterService;
  /** Largest model upload, bytes (config MODEL_MAX_BYTES). */
  modelMaxBytes: number;
  /** Reads tilesets/manifest.json afresh (tiler/manifest.ts `readManifest`). */
  listTilesets: () => Promise<TilesetInfo[]>;
  publicOrigin?: string;
}

const IdParams = z.object({ id: z.string().min(1).max(64) });
/** GET /comments/:id/replies query (keyset pagination). */
const RepliesQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize.max).default(LIMITS.pageSize.default),
});
const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('Client-generated id of this write; the same key twice by the same account makes one comment.'),
});

/** A page of comments as GeoJSON, serialized by the service (rounded positions, placeholders; issue 6). */
function collection(comments: CommentService, page: Page) {
  return {
    type: 'FeatureCollection' as const,
    features: page.items.map((c) => commentToFeature(comments.toWire(c))),
    nextCursor: page.nextCursor,
  };
}

/** All routes, in the order they are mounted. */
export function apiRoutes(deps: RouteDeps): RouteSpec[] {
  const { accounts, comments } = deps;
  const routes: RouteSpec[] = [
    defineRoute({
      method: 'get', path: '/health', operationId: 'getHealth', tags: ['meta'], auth: 'none',
      summary: 'Liveness check',
      responses: { 200: { description: 'The server is serving', schema: HealthResponse } },
      problems: [],
      handle: async () => ({ status: 200, body: { status: 'ok' } }),
    }),
    defineRoute({
      method: 'post', path: '/auth/register', operationId: 'register', tags: ['accounts'], auth: 'public',
      summary: 'Create a resident account and sign in (sets the session cookie)',
      body: RegisterBody,
      responses: { 201: { description: 'Account created; `Set-Cookie: ds_session=…`', schema: UserResponse } },
      problems: [ErrorCode.validation, ErrorCode.emailTaken, ErrorCode.contentBlocked, ErrorCode.personalDataDetected],
      handle: async ({ req, res, body }) => {
        const s = await accounts.register(body);
        await accounts.logout(sessionTokenFrom(req.headers)); // the new session replaces any old one
        setSessionCookie(req, res, s.token, s.expiresAt, deps.publicOrigin);
        return { status: 201, body: { user: toMe(s.user) } };
      },
    }),
    defineRoute({
      method: 'post', path: '/auth/login', operationId: 'login', tags: ['accounts'], auth: 'public',
      summary: 'Sign in with e-mail and password (sets the session cookie)',
      body: LoginBody,
      responses: { 200: { description: 'Signed in; `Set-Cookie: ds_session=…`', schema: UserResponse } },
      problems: [ErrorCode.validation, ErrorCode.badCredentials, ErrorCode.accountBanned],
      handle: async ({ req, res, body }) => {
        const s = await accounts.login(body);
        await accounts.logout(sessionTokenFrom(req.headers)); // the new session replaces any old one
        setSessionCookie(req, res, s.token, s.expiresAt, deps.publicOrigin);
        return { status: 200, body: { user: toMe(s.user) } };
      },
    }),
    defineRoute({
      method: 'post', path: '/auth/logout', operationId: 'logout', tags: ['accounts'], auth: 'public',
      summary: 'End the session (clears the cookie); also fine without one',
      responses: { 204: { description: 'Signed out' } },
      problems: [],
      handle: async ({ req, res }) => {
        await accounts.logout(sessionTokenFrom(req.headers));
        clearSessionCookie(req, res, deps.publicOrigin);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get', path: '/me', operationId: 'getMe', tags: ['accounts'], auth: 'user',
      summary: 'The signed-in account',
      responses: { 200: { description: 'The signed-in user', schema: UserResponse } },
      problems: [ErrorCode.unauthenticated],
      handle: async ({ user }) => ({ status: 200, body: { user: toMe(user!) } }),
    }),
    defineRoute({
      method: 'get', path: '/tilesets', operationId: 'listTilesets', tags: ['tilesets'], auth: 'none',
      summary: 'The 3D Tiles layers registered in tilesets/manifest.json',
      responses: { 200: { description: 'Layers; `url` points at a tileset.json', schema: TilesetsResponse } },
      problems: [],
      handle: async () => ({ status: 200, body: { tilesets: await deps.listTilesets() } }),
    }),
    defineRoute({
      method: 'get', path: '/comments', operationId: 'listComments', tags: ['comments'], auth: 'public',
      summary: 'Comments in a bbox (newest first) or the replies to one comment (oldest first)',
      description:
        'Give exactly one of `bbox=west,south,east,north` (degrees, WGS84; top-level comments pinned inside) or ' +
        '`parentId`. `planId` (and `scenarioId`) keep only the comments of that plan (and scenario); `planId` alone ' +
        'lists the plan\'s top-level comments anywhere. Pages are keyset-paginated: pass `nextCursor` back as `cursor` until it is null.',
      query: CommentsQuery,
      paramDocs: {
        bbox: '`west,south,east,north` in degrees (WGS84, RFC 7946 §5); west > east crosses the antimeridian; decided on the public (rounded) position',
        parentId: 'list the replies to this comment instead',
        planId: 'only the comments of this plan (alone: all its top-level comments); 404 for a plan the viewer cannot see',
        scenarioId: 'only the comments of this scenario of the plan (needs planId)',
        cursor: '`nextCursor` of the previous page',
        limit: 'page size',
      },
      responses: { 200: { description: 'A GeoJSON FeatureCollection (RFC 7946) of Point features', schema: CommentCollection } },
      problems: [ErrorCode.validation, ErrorCode.notFound],
      handle: async ({ query, viewer }) => {
        const opts = { cursor: query.cursor, limit: query.limit };
        const filter = { planId: query.planId, scenarioId: query.scenarioId };
        const page = query.parentId
          ? await comments.listReplies(viewer, query.parentId, opts)
          : await comments.listInBBox(viewer, (query.bbox as BBox | undefined) ?? null, opts, filter);
        return { status: 200, body: collection(comments, page) };
      },
    }),
    defineRoute({
      method: 'post', path: '/comments', operationId: 'createComment', tags: ['comments'], auth: 'user',
      summary: 'Pin a comment at a position, or reply to one (`parentId`; stored at the parent\'s position)',
      body: CreateCommentBody,
      headers: IdempotencyHeaders,
      responses: {
        201: { description: 'Stored; also broadcast as `comment:created` to the sockets viewing the spot', schema: CommentResponse },
        200: { description: 'The Idempotency-Key was used before by this account: the stored comment', schema: CommentResponse },
        202: { description: 'Stored but held for a moderator\'s review (personal data posted with `confirmPersonalData`, or a word filter); not published', schema: HeldResponse },
      },
      problems: [
        ErrorCode.validation, ErrorCode.unauthenticated, ErrorCode.unknownParent, ErrorCode.notFound, ErrorCode.phaseClosed,
        ErrorCode.accountMuted, ErrorCode.contentBlocked, ErrorCode.personalDataDetected,
      ],
      handle: async ({ req, body, user }) => {
        const key = IdempotencyHeaders.safeParse({ 'idempotency-key': req.get('idempotency-key') });
        if (!key.success) {
          throw new DomainError(ErrorCode.validation, 'The Idempotency-Key header is not valid.', [
            { path: 'Idempotency-Key', message: 'must be 1 to 100 characters' },
          ]);
        }
        const r = await comments.create(user!, { ...body, clientId: key.data['idempotency-key'] ?? null });
        if (r.held) return { status: 202, body: r.held };
        return { status: r.created ? 201 : 200, body: { comment: comments.toWire(r.comment) } };
      },
    }),
    defineRoute({
      method: 'get', path: '/comments/:id', operationId: 'getComment', tags: ['comments'], auth: 'public',
      summary: 'One comment',
      params: IdParams,
      paramDocs: { id: 'comment id' },
      responses: { 200: { description: 'The comment', schema: CommentResponse } },
      problems: [ErrorCode.validation, ErrorCode.notFound],
      handle: async ({ params, viewer }) => ({ status: 200, body: { comment: comments.toWire(await comments.get(viewer, params.id)) } }),
    }),
    defineRoute({
      method: 'get', path: '/comments/:id/replies', operationId: 'listCommentReplies', tags: ['comments'], auth: 'public',
      summary: 'The replies to one comment, oldest first (the same as `GET /comments?parentId=`)',
      description:
        'Also for a placeholder (a top-level comment hidden or removed by a moderator that still has visible replies): ' +
        'its replies stay reachable. Pages are keyset-paginated: pass `nextCursor` back as `cursor` until it is null.',
      params: IdParams,
      query: RepliesQuery,
      paramDocs: { id: 'comment id', cursor: '`nextCursor` of the previous page', limit: 'page size' },
      responses: { 200: { description: 'A GeoJSON FeatureCollection (RFC 7946) of the replies', schema: CommentCollection } },
      problems: [ErrorCode.validation, ErrorCode.notFound],
      handle: async ({ params, query, viewer }) => ({
        status: 200,
        body: collection(comments, await comments.listReplies(viewer, params.id, { cursor: query.cursor, limit: query.limit })),
      }),
    }),
    ...planRoutes(deps),
    ...modelRoutes(deps),
    ...threadRoutes(deps),
    ...pollRoutes(deps),
    ...moderationRoutes(deps),
    ...privacyRoutes(deps),
    ...moderationUserRoutes(deps),
    ...openDataRoutes(deps),
  ];
  let doc: unknown;
  routes.push(
    defineRoute({
      method: 'get', path: '/openapi.json', operationId: 'getOpenApi', tags: ['meta'], auth: 'none',
      summary: 'This API described as OpenAPI 3.1',
      responses: { 200: { description: 'The OpenAPI document' } },
      problems: [],
      handle: async () => ({ status: 200, body: (doc ??= buildOpenApi(routes)) }),
    }),
  );
  return routes;
}
