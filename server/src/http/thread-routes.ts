/**
 * REST routes of co-creation threads, posts, supports, sketches, follows and notifications (issue 5) under
 * /api/v1. Thin: parse with the shared/threads.ts schemas (route-table.ts) → call ThreadService → answer. Every
 * permission lives in domain/thread-record.ts (the thread gate, on top of the plan gate); a thread the viewer may
 * not see is answered 404 `not_found`, never 403.
 */
import { z } from 'zod';
import {
  CreatePostBody,
  CreateSketchBody,
  CreateThreadBody,
  ErrorCode,
  FollowBody,
  FollowsResponse,
  HeldResponse,
  NotificationResponse,
  NotificationsQuery,
  NotificationsResponse,
  PostResponse,
  PostsResponse,
  SketchesResponse,
  SketchResponse,
  SketchVersionsResponse,
  SupportResponse,
  THREAD_LIMITS,
  ThreadResponse,
  ThreadsQuery,
  ThreadsResponse,
  UpdateSketchBody,
  UpdateThreadStatusBody,
} from '../../../shared/index.js';
import type { ThreadService } from '../domain/threads.js';
import { defineRoute, type RouteSpec } from './route-table.js';

export interface ThreadRouteDeps {
  threads: ThreadService;
}

const Id = z.string().min(1).max(64);
const ThreadParams = z.object({ id: Id });
const SketchParams = z.object({ id: Id, sketchId: Id });
const PostsQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(THREAD_LIMITS.pageSize.max).default(THREAD_LIMITS.pageSize.default),
});
const DeleteSketchQuery = z.object({ version: z.coerce.number().int().positive().optional() });

const docs = { id: 'thread id', sketchId: 'sketch id' };
/** Codes of writes that take part in a thread. */
const TAKE_PART = [ErrorCode.validation, ErrorCode.notFound, ErrorCode.threadClosed, ErrorCode.phaseClosed];
/** Codes of creates of resident text: sanctions and screening (issue 6). */
const SCREENED = [ErrorCode.accountMuted, ErrorCode.contentBlocked, ErrorCode.personalDataDetected];
const HELD = {
  description: 'Stored but held for a moderator\'s review (personal data posted with `confirmPersonalData`, or a word filter); not published',
  schema: HeldResponse,
};
/** 202 for held content, else `status` with the object under `key`. */
function createdOrHeld<T extends object>(status: number, key: string, r: T | HeldResponse) {
  return 'held' in r && r.held === true ? { status: 202, body: r } : { status, body: { [key]: r } };
}

export function threadRoutes(deps: ThreadRouteDeps): RouteSpec[] {
  const { threads } = deps;
  const { sketches, notifications } = threads;
  return [
    defineRoute({
      method: 'get', path: '/threads', operationId: 'listThreads', tags: ['threads'], auth: 'public',
      summary: 'Co-creation threads the viewer may see, by plan and/or bbox, newest first',
      query: ThreadsQuery,
      paramDocs: {
        planId: 'only the threads of this plan (404 for a plan the viewer cannot see)',
        bbox: '`west,south,east,north` in degrees (WGS84): threads whose public (rounded) pin lies inside',
        status: 'only threads with this status',
      },
      responses: { 200: { description: 'Threads', schema: ThreadsResponse } },
      problems: [ErrorCode.validation, ErrorCode.notFound],
      handle: async ({ viewer, query }) => ({ status: 200, body: { threads: await threads.list(viewer, query) } }),
    }),
    defineRoute({
      method: 'post', path: '/threads', operationId: 'createThread', tags: ['threads'], auth: 'user',
      summary: 'Open a thread at a point or an area (anyone signed in); the author follows it',
      description:
        'With `planId` the plan must be published in a phase that allows `cocreate` (`phase_closed`). An area anchor ' +
        'must be a simple polygon (`invalid_area`); sketches as for POST /threads/:id/sketches.',
      body: CreateThreadBody,
      responses: { 201: { description: 'The new thread', schema: ThreadResponse }, 202: HELD },
      problems: [ErrorCode.notFound, ErrorCode.phaseClosed, ErrorCode.invalidArea, ErrorCode.invalidSketch, ...SCREENED],
      handle: async ({ user, body }) => createdOrHeld(201, 'thread', await threads.create(user!, body)),
    }),
    defineRoute({
      method: 'get', path: '/threads/:id', operationId: 'getThread', tags: ['threads'], auth: 'public',
      summary: 'One thread with its sketches, support count and what the viewer may do (`can`)',
      params: ThreadParams, paramDocs: docs,
      responses: { 200: { description: 'The thread', schema: ThreadResponse } },
      problems: [ErrorCode.validation, ErrorCode.notFound],
      handle: async ({ viewer, params }) => ({ status: 200, body: { thread: await threads.get(viewer, params.id) } }),
    }),
    defineRoute({
      method: 'patch', path: '/threads/:id', operationId: 'setThreadStatus', tags: ['threads'], auth: 'user',
      summary: 'Set the status with a public reason (planners of the plan and admins; threads without a plan: planners)',
      params: ThreadParams, paramDocs: docs,
      body: UpdateThreadStatusBody,
      responses: { 200: { description: 'The thread; followers are notified (`status_changed`)', schema: ThreadResponse } },
      problems: [ErrorCode.notFound, ErrorCode.forbidden, ErrorCode.accountMuted],
      handle: async ({ user, params, body }) => ({ status: 200, body: { thread: await threads.setStatus(user!, params.id, body) } }),
    }),
    defineRoute({
      method: 'get', path: '/threads/:id/posts', operationId: 'listThreadPosts', tags: ['threads'], auth: 'public',
      summary: 'Replies and answers of a thread, oldest first',
      params: ThreadParams, paramDocs: { ...docs, cursor: '`nextCursor` of the previous page', limit: 'page size' },
      query: PostsQuery,
      responses: { 200: { description: 'Posts', schema: PostsResponse } },
      problems: [ErrorCode.validation, ErrorCode.notFound],
      handle: async ({ viewer, params, query }) => ({ status: 200, body: await threads.posts(viewer, params.id, query) }),
    }),
    defineRoute({
      method: 'post', path: '/threads/:id/posts', operationId: 'createThreadPost', tags: ['threads'], auth: 'user',
      summary: 'Reply to a thread; `answer: true` for a planner\'s answer',
      description: 'Refused on closed threads (adopted, not adopted, or the plan closed: `thread_closed`) except planners\' answers.',
      params: ThreadParams, paramDocs: docs,
      body: CreatePostBody,
      responses: { 201: { description: 'The post; followers are notified (`reply` / `answer`)', schema: PostResponse }, 202: HELD },
      problems: [...TAKE_PART, ErrorCode.forbidden, ...SCREENED],
      handle: async ({ user, params, body }) => createdOrHeld(201, 'post', await threads.reply(user!, params.id, body)),
    }),
    defineRoute({
      method: 'put', path: '/threads/:id/support', operationId: 'supportThread', tags: ['threads'], auth: 'user',
      summary: 'Support a thread (idempotent: one support per account)',
      params: ThreadParams, paramDocs: docs,
      responses: { 200: { description: 'The count after the change', schema: SupportResponse } },
      problems: TAKE_PART,
      handle: async ({ user, params }) => ({ status: 200, body: await threads.setSupport(user!, params.id, true) }),
    }),
    defineRoute({
      method: 'delete', path: '/threads/:id/support', operationId: 'withdrawThreadSupport', tags: ['threads'], auth: 'user',
      summary: 'Withdraw the support (idempotent)',
      params: ThreadParams, paramDocs: docs,
      responses: { 200: { description: 'The count after the change', schema: SupportResponse } },
      problems: TAKE_PART,
      handle: async ({ user, params }) => ({ status: 200, body: await threads.setSupport(user!, params.id, false) }),
    }),
    defineRoute({
      method: 'get', path: '/threads/:id/sketches', operationId: 'listSketches', tags: ['threads'], auth: 'public',
      summary: 'The sketches of a thread',
      params: ThreadParams, paramDocs: docs,
      responses: { 200: { description: 'Sketches', schema: SketchesResponse } },
      problems: [ErrorCode.validation, ErrorCode.notFound],
      handle: async ({ viewer, params }) => ({ status: 200, body: { sketches: await sketches.list(viewer, params.id) } }),
    }),
    defineRoute({
      method: 'post', path: '/threads/:id/sketches', operationId: 'createSketch', tags: ['threads'], auth: 'user',
      summary: 'Add a sketch: a point, line or polygon (polygons extruded by `height`, 0..300 m)',
      description:
        'Non-finite numbers, lon/lat out of range, more than 2,000 vertices or heights outside 0..300 m: ' +
        '`validation_failed` with the field path. Polygons that cross themselves or have no surface: `invalid_sketch`.',
      params: ThreadParams, paramDocs: docs,
      body: CreateSketchBody,
      responses: { 201: { description: 'The sketch (version 1); broadcast as `sketch:changed`', schema: SketchResponse }, 202: HELD },
      problems: [...TAKE_PART, ErrorCode.invalidSketch, ...SCREENED],
      handle: async ({ user, params, body }) => createdOrHeld(201, 'sketch', await sketches.create(user!, params.id, body)),
    }),
    defineRoute({
      method: 'patch', path: '/threads/:id/sketches/:sketchId', operationId: 'updateSketch', tags: ['threads'], auth: 'user',
      summary: 'Edit a sketch; `version` as last seen (`version_conflict` otherwise). Each edit is kept with its author',
      params: SketchParams, paramDocs: docs,
      body: UpdateSketchBody,
      description:
        'A new label is screened without the hold option: a word held for review → `content_blocked`, personal data ' +
        '(even with `confirmPersonalData`) → `personal_data_detected`; an edit is never held (issue 6).',
      responses: { 200: { description: 'The sketch; broadcast as `sketch:changed`', schema: SketchResponse } },
      problems: [...TAKE_PART, ErrorCode.invalidSketch, ErrorCode.versionConflict, ...SCREENED],
      handle: async ({ user, params, body }) => ({ status: 200, body: { sketch: await sketches.update(user!, params.id, params.sketchId, body) } }),
    }),
    defineRoute({
      method: 'delete', path: '/threads/:id/sketches/:sketchId', operationId: 'deleteSketch', tags: ['threads'], auth: 'user',
      summary: 'Delete a sketch (kept as a `deleted` version); `?version=` as last seen, optional',
      params: SketchParams, paramDocs: { ...docs, version: 'the version last seen (optimistic locking)' },
      query: DeleteSketchQuery,
      responses: { 204: { description: 'Deleted; broadcast as `sketch:changed` with `deleted: true`' } },
      problems: [...TAKE_PART, ErrorCode.versionConflict],
      handle: async ({ user, params, query }) => {
        await sketches.remove(user!, params.id, params.sketchId, query.version);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get', path: '/threads/:id/sketches/:sketchId/versions', operationId: 'listSketchVersions', tags: ['threads'], auth: 'public',
      summary: 'Every version of a sketch with its author, oldest first',
      params: SketchParams, paramDocs: docs,
      responses: { 200: { description: 'Versions', schema: SketchVersionsResponse } },
      problems: [ErrorCode.validation, ErrorCode.notFound],
      handle: async ({ viewer, params }) => ({ status: 200, body: { versions: await sketches.versions(viewer, params.id, params.sketchId) } }),
    }),
    defineRoute({
      method: 'get', path: '/follows', operationId: 'listFollows', tags: ['notifications'], auth: 'user',
      summary: 'The plans and threads the account follows',
      responses: { 200: { description: 'Follows', schema: FollowsResponse } },
      problems: [],
      handle: async ({ user }) => ({ status: 200, body: { follows: await notifications.follows(user!) } }),
    }),
    defineRoute({
      method: 'post', path: '/follows', operationId: 'follow', tags: ['notifications'], auth: 'user',
      summary: 'Follow a plan or a thread (exactly one of `planId`, `threadId`; idempotent)',
      body: FollowBody,
      responses: { 204: { description: 'Following' } },
      problems: [ErrorCode.notFound],
      handle: async ({ user, body }) => {
        await notifications.follow(user!, body);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'delete', path: '/follows', operationId: 'unfollow', tags: ['notifications'], auth: 'user',
      summary: 'Stop following a plan or a thread (idempotent)',
      body: FollowBody,
      responses: { 204: { description: 'Not following' } },
      problems: [],
      handle: async ({ user, body }) => {
        await notifications.unfollow(user!, body);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get', path: '/notifications', operationId: 'listNotifications', tags: ['notifications'], auth: 'user',
      summary: 'The account\'s notifications on threads it may still see, newest first',
      description: 'A notification carries ids, the thread title, the new status and the actor, never post text.',
      query: NotificationsQuery,
      paramDocs: { unread: '`true`: only unread ones', cursor: '`nextCursor` of the previous page', limit: 'page size' },
      responses: { 200: { description: 'Notifications and the unread count', schema: NotificationsResponse } },
      problems: [ErrorCode.validation],
      handle: async ({ user, query }) => ({ status: 200, body: await notifications.list(user!, query) }),
    }),
    defineRoute({
      method: 'post', path: '/notifications/:id/read', operationId: 'markNotificationRead', tags: ['notifications'], auth: 'user',
      summary: 'Mark a notification read (idempotent)',
      params: z.object({ id: Id }), paramDocs: { id: 'notification id' },
      responses: { 200: { description: 'The notification', schema: NotificationResponse } },
      problems: [ErrorCode.validation, ErrorCode.notFound],
      handle: async ({ user, params }) => ({ status: 200, body: { notification: await notifications.markRead(user!, params.id) } }),
    }),
  ];
}
