/**
 * Protocol of co-creation threads, sketches, presence, following and notifications (issue 5): zod schemas for every
 * REST body, response and socket event. Both sides parse with these; the OpenAPI document is generated from them.
 *
 * Words: a thread is a proposal at a point or an area (its anchor), with posts (replies; a planner's post may be
 * marked as the answer), supports (one per account) and sketches (GeoJSON geometry, WGS84 degrees; polygons may be
 * extruded to a height in metres). Every sketch edit is kept as a version with its author.
 *
 * Notification decision: a notification carries ids, kind, actor and the thread's title only. No post text is ever
 * put in a notification. The server checks the thread through the visibility gate (plan gate when attached to a plan)
 * both when creating a notification (nobody who cannot see the thread gets one) and when listing (a receiver who
 * lost access since then does not see it at all; it is not counted as unread either).
 */
import { z } from 'zod';
import { Position } from './geo.js';
import { Author, textOfLength } from './protocol.js';
import { PlanArea } from './plans.js';

export const THREAD_LIMITS = {
  title: { min: 1, max: 120 },
  text: { min: 1, max: 10000 },
  post: { min: 1, max: 4000 },
  statusReason: { min: 1, max: 2000 },
  sketchLabel: { min: 0, max: 80 },
  /** Vertices of one sketch (all rings together; closing vertices included). */
  sketchVertices: { max: 2000 },
  /** Extrusion height of a polygon sketch, metres above the ground. */
  sketchHeight: { min: 0, max: 300 },
  sketchesPerThread: { max: 200 },
  pageSize: { default: 50, max: 200 },
} as const;

export const THREAD_STATUSES = ['open', 'under_consideration', 'adopted', 'not_adopted'] as const;
export const ThreadStatus = z.enum(THREAD_STATUSES);
export type ThreadStatus = z.infer<typeof ThreadStatus>;
/** Statuses in which a thread takes no more replies, supports or sketch edits (`thread_closed`). */
export const CLOSED_THREAD_STATUSES: readonly ThreadStatus[] = ['adopted', 'not_adopted'];

// --- Geometry -----------------------------------------------------------------------------------

/** [lon, lat] or [lon, lat, height] in WGS84 degrees / metres (RFC 7946 §3.1.1); finite, within ±180 / ±90. */
export const SketchCoord = z
  .array(z.number().finite())
  .min(2)
  .max(3)
  .refine((p) => Math.abs(p[0]!) <= 180 && Math.abs(p[1]!) <= 90, {
    message: 'longitude must be within ±180 and latitude within ±90',
  });

/**
 * A sketch geometry: GeoJSON Point, LineString or Polygon (RFC 7946 §3.1.2/4/6) in WGS84. The schema checks the
 * shape, finite numbers and ranges, and at most THREAD_LIMITS.sketchVertices vertices; the server also refuses
 * polygons that cross themselves or have no area and lines of fewer than 2 distinct points (`invalid_sketch`).
 */
export const SketchGeometry = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('Point'), coordinates: SketchCoord }).strip(),
    z.object({ type: z.literal('LineString'), coordinates: z.array(SketchCoord).min(2).max(THREAD_LIMITS.sketchVertices.max) }).strip(),
    z
      .object({
        type: z.literal('Polygon'),
        coordinates: z.array(z.array(SketchCoord).min(3).max(THREAD_LIMITS.sketchVertices.max)).min(1).max(50),
      })
      .strip(),
  ])
  .refine(
    (g) => g.type !== 'Polygon' || g.coordinates.reduce((n, r) => n + r.length, 0) <= THREAD_LIMITS.sketchVertices.max,
    { message: `a sketch has at most ${THREAD_LIMITS.sketchVertices.max} vertices`, path: ['coordinates'] },
  );
export type SketchGeometry = z.infer<typeof SketchGeometry>;

/** Extrusion height, metres (0..300). Only polygons are extruded; for points and lines it must be 0 or left out. */
export const SketchHeight = z.number().finite().min(THREAD_LIMITS.sketchHeight.min).max(THREAD_LIMITS.sketchHeight.max);

/** A sketch label: trimmed, at most THREAD_LIMITS.sketchLabel.max code points, and text by the shared rules (no control
 * characters, bidi overrides or lone surrogates: protocol.ts textOfLength / text.ts textProblem). Empty = no label. */
const SketchLabel = textOfLength(THREAD_LIMITS.sketchLabel.min, THREAD_LIMITS.sketchLabel.max);

/** POST /threads/:id/sketches body. Sketch edits go through REST only; the server broadcasts them as `sketch:changed`. */
export const CreateSketchBody = z
  .object({ geometry: SketchGeometry, height: SketchHeight.default(0), label: SketchLabel.nullish(), confirmPersonalData: z.boolean().optional() })
  .strict()
  .refine((s) => s.geometry.type === 'Polygon' || s.height === 0, { message: 'only polygons can have a height', path: ['height'] });
export type CreateSketchBody = z.input<typeof CreateSketchBody>;

/** PATCH /threads/:id/sketches/:sketchId body: `version` as last seen (optimistic locking, `version_conflict`). */
export const UpdateSketchBody = z
  .object({
    version: z.number().int().positive(),
    geometry: SketchGeometry.optional(),
    height: SketchHeight.optional(),
    label: SketchLabel.nullish(),
    /** Post the label even though personal data was detected: the sketch is then held for review (issue 6). */
    confirmPersonalData: z.boolean().optional(),
  })
  .strict();
export type UpdateSketchBody = z.input<typeof UpdateSketchBody>;

export const Sketch = z.object({
  id: z.string(),
  threadId: z.string(),
  geometry: SketchGeometry,
  /** Extrusion height in metres (polygons only; 0 = flat). */
  height: z.number(),
  label: z.string().nullable(),
  /** 1 on creation, +1 on every edit; send it back in PATCH/DELETE. */
  version: z.number().int(),
  createdBy: Author,
  updatedBy: Author,
  updatedAt: z.string(),
});
export type Sketch = z.infer<typeof Sketch>;
export const SketchResponse = z.object({ sketch: Sketch });
export const SketchesResponse = z.object({ sketches: z.array(Sketch) });

/** One kept version of a sketch: the state after an edit, with its author. `deleted` marks the removal. */
export const SketchVersion = z.object({
  sketchId: z.string(),
  version: z.number().int(),
  geometry: SketchGeometry.nullable(),
  height: z.number(),
  label: z.string().nullable(),
  action: z.enum(['created', 'updated', 'deleted']),
  author: Author,
  at: z.string(),
});
export type SketchVersion = z.infer<typeof SketchVersion>;
export const SketchVersionsResponse = z.object({ versions: z.array(SketchVersion) });

// --- Threads ------------------------------------------------------------------------------------

/** Where a thread is: a point (Position) or an area (GeoJSON Polygon, checked like a plan area). */
export const ThreadAnchor = z.union([Position, PlanArea]);
export type ThreadAnchor = z.infer<typeof ThreadAnchor>;

/** POST /threads body. With planId: the plan must be visible and its phase must allow `cocreate` (`phase_closed`). */
export const CreateThreadBody = z
  .object({
    title: textOfLength(THREAD_LIMITS.title.min, THREAD_LIMITS.title.max),
    text: textOfLength(THREAD_LIMITS.text.min, THREAD_LIMITS.text.max),
    anchor: ThreadAnchor,
    planId: z.string().min(1).max(64).nullish(),
    scenarioId: z.string().min(1).max(64).nullish(),
    /** Sketches to create with the thread (each becomes version 1 by the author). */
    sketches: z.array(CreateSketchBody).max(20).default([]),
    /** Post even though personal data was detected (issue 6): the thread is then held for a moderator's review. */
    confirmPersonalData: z.boolean().optional(),
  })
  .strict()
  .refine((v) => (v.scenarioId ?? null) === null || (v.planId ?? null) !== null, { message: 'scenarioId needs planId', path: ['scenarioId'] });
export type CreateThreadBody = z.input<typeof CreateThreadBody>;

/** PATCH /threads/:id body (planners of the plan, or admins; threads without a plan: planners and admins). */
export const UpdateThreadStatusBody = z
  .object({
    status: ThreadStatus,
    /** Public reason shown with the status. */
    reason: textOfLength(THREAD_LIMITS.statusReason.min, THREAD_LIMITS.statusReason.max),
  })
  .strict();
export type UpdateThreadStatusBody = z.input<typeof UpdateThreadStatusBody>;

export const Thread = z.object({
  id: z.string(),
  title: z.string(),
  text: z.string(),
  anchor: ThreadAnchor,
  /** A point for pins and bbox queries: the anchor itself, or the centre of the area's bbox (height 0). */
  position: Position,
  planId: z.string().nullable(),
  scenarioId: z.string().nullable(),
  author: Author,
  status: ThreadStatus,
  statusReason: z.string().nullable(),
  statusChangedBy: Author.nullable(),
  statusChangedAt: z.string().nullable(),
  supportCount: z.number().int().nonnegative(),
  supportedByMe: z.boolean(),
  followedByMe: z.boolean(),
  postCount: z.number().int().nonnegative(),
  sketches: z.array(Sketch),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** What the viewer may do now (the server checks again). */
  can: z.object({ reply: z.boolean(), support: z.boolean(), sketch: z.boolean(), setStatus: z.boolean(), answer: z.boolean() }),
});
export type Thread = z.infer<typeof Thread>;
export const ThreadResponse = z.object({ thread: Thread });
export const ThreadsResponse = z.object({ threads: z.array(Thread) });

/** GET /threads: by plan (`planId`) or by area (`bbox=west,south,east,north`); newest first. */
export const ThreadsQuery = z.object({
  planId: z.string().min(1).max(64).optional(),
  bbox: z.string().max(200).optional(),
  status: ThreadStatus.optional(),
});

/** POST /threads/:id/posts body. `answer: true` is for planners of the plan (a planner's official answer). */
export const CreatePostBody = z
  .object({ text: textOfLength(THREAD_LIMITS.post.min, THREAD_LIMITS.post.max), answer: z.boolean().default(false), confirmPersonalData: z.boolean().optional() })
  .strict();
export type CreatePostBody = z.input<typeof CreatePostBody>;

export const Post = z.object({
  id: z.string(),
  threadId: z.string(),
  text: z.string(),
  author: Author,
  /** True for a planner's answer. */
  answer: z.boolean(),
  createdAt: z.string(),
});
export type Post = z.infer<typeof Post>;
export const PostResponse = z.object({ post: Post });
/** GET /threads/:id/posts?cursor=: oldest first; `nextCursor` pages on. */
export const PostsResponse = z.object({ posts: z.array(Post), nextCursor: z.string().nullable() });

export const SupportResponse = z.object({ supportCount: z.number().int(), supportedByMe: z.boolean() });

// --- Following and notifications ----------------------------------------------------------------

/** POST/DELETE /follows body: exactly one of planId, threadId. Idempotent. */
export const FollowBody = z
  .object({ planId: z.string().min(1).max(64).optional(), threadId: z.string().min(1).max(64).optional() })
  .strict()
  .refine((v) => (v.planId === undefined) !== (v.threadId === undefined), { message: 'give exactly one of planId and threadId' });
export type FollowBody = z.input<typeof FollowBody>;
export const Follow = z.object({ planId: z.string().nullable(), threadId: z.string().nullable(), createdAt: z.string() });
export const FollowsResponse = z.object({ follows: z.array(Follow) });

export const NOTIFICATION_KINDS = ['reply', 'answer', 'status_changed', 'moderation'] as const;
export const NotificationKind = z.enum(NOTIFICATION_KINDS);

/**
 * An in-app notification. Carries ids, the thread's title (only sent while the receiver may see the thread) and, for
 * `status_changed`, the new status; never post text.
 */
export const Notification = z.object({
  id: z.string(),
  kind: NotificationKind,
  /** null for `moderation` notices about content outside threads. */
  threadId: z.string().nullable(),
  threadTitle: z.string().nullable(),
  planId: z.string().nullable(),
  /** The post that caused it (reply/answer), else null. */
  postId: z.string().nullable(),
  /** For `status_changed`: the new status. */
  status: ThreadStatus.nullable(),
  actor: Author,
  createdAt: z.string(),
  readAt: z.string().nullable(),
  /**
   * `moderation` notices (issue 6): a moderator acted on the receiver's own content (hide, restore, remove, redact,
   * held for review) with the reason; `actor` is then shown as "Moderator". null for the other kinds.
   */
  moderation: z
    .object({ contentKind: z.string(), contentId: z.string(), action: z.string(), reason: z.string().nullable() })
    .nullable()
    .optional(),
});
export type Notification = z.infer<typeof Notification>;
/** GET /notifications?unread=true&cursor=: newest first; `unreadCount` counts visible unread ones. */
export const NotificationsQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(THREAD_LIMITS.pageSize.max).optional(),
});
export const NotificationsResponse = z.object({
  notifications: z.array(Notification),
  unreadCount: z.number().int(),
  nextCursor: z.string().nullable(),
});
export const NotificationResponse = z.object({ notification: Notification });

// --- Socket.IO ----------------------------------------------------------------------------------

/** `thread:join {threadId}` (ack `{ok:true, thread, presence}`); `thread:leave {threadId}` (ack `{ok:true}`). */
export const ThreadJoin = z.object({ threadId: z.string().min(1).max(64) }).strict();
export type ThreadJoin = z.infer<typeof ThreadJoin>;

export const PresenceUser = z.object({ id: z.string(), displayName: z.string() });
/** Who looks at a thread now (each account once, however many sockets it has). */
export const PresenceChangedEvent = z.object({ threadId: z.string(), users: z.array(PresenceUser) });
export type PresenceChangedEvent = z.infer<typeof PresenceChangedEvent>;

export const ThreadSocketEvents = {
  join: 'thread:join',
  leave: 'thread:leave',
  /** `{ thread }` (as the receiving socket may see it) after a reply, support, status change or edit. */
  threadUpdated: 'thread:updated',
  /** `{ threadId, sketch }` after a sketch is created or edited; `{ threadId, sketchId, deleted: true, version }` after removal. */
  sketchChanged: 'sketch:changed',
  /** PresenceChangedEvent, to the thread room on every join, leave and disconnect. */
  presenceChanged: 'presence:changed',
  /** `{ notification }` to room `user:<id>` of the receiver. */
  notificationCreated: 'notification:created',
} as const;

export const ThreadJoinAck = z.object({ thread: Thread, presence: PresenceChangedEvent });
export const ThreadUpdatedEvent = z.object({ thread: Thread });
export const SketchChangedEvent = z.union([
  z.object({ threadId: z.string(), sketch: Sketch }),
  z.object({ threadId: z.string(), sketchId: z.string(), deleted: z.literal(true), version: z.number().int() }),
]);
export type SketchChangedEvent = z.infer<typeof SketchChangedEvent>;
export const NotificationCreatedEvent = z.object({ notification: Notification });
