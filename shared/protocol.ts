/**
 * The Digitale Stad protocol: zod schemas and types for every REST body and socket event.
 * Both sides parse with these; the OpenAPI document (GET /api/v1/openapi.json) is generated from them.
 */
import { z } from 'zod';
import { Position, BBoxSchema } from './geo.js';
import { codePointLength, nameProblem, textProblem } from './text.js';

export const ROLES = ['resident', 'planner', 'partner', 'moderator', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Limits, counted in Unicode code points (DESIGN.md: Words). */
export const LIMITS = {
  commentBody: { min: 1, max: 2000 },
  displayName: { min: 1, max: 80 },
  password: { min: 8, max: 200 },
  email: { max: 254 },
  pageSize: { default: 50, max: 200 },
} as const;

/**
 * A string whose length in code points lies in [min, max], after trimming surrounding white space, and
 * that is acceptable text (`check`: textProblem for bodies, nameProblem for names shown to others).
 */
export function textOfLength(min: number, max: number, check: (s: string) => string | null = textProblem) {
  return z
    .string()
    .transform((s) => s.trim())
    .refine((s) => codePointLength(s) >= min, { message: min === 1 ? 'must not be empty' : `must be at least ${min} characters` })
    .refine((s) => codePointLength(s) <= max, { message: `must be at most ${max} characters` })
    .superRefine((s, ctx) => {
      if (codePointLength(s) < min) return; // already said: too short
      const problem = check(s);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

// --- Accounts ---------------------------------------------------------------------------------

export const User = z.object({
  id: z.string(),
  displayName: z.string(),
  role: Role,
});
export type User = z.infer<typeof User>;

/** The signed-in user's own view: adds the e-mail address. */
export const Me = User.extend({ email: z.string() });
export type Me = z.infer<typeof Me>;

export const RegisterBody = z.object({
  email: z.string().trim().toLowerCase().max(LIMITS.email.max).email(),
  password: z.string().min(LIMITS.password.min).max(LIMITS.password.max),
  displayName: textOfLength(LIMITS.displayName.min, LIMITS.displayName.max, nameProblem),
});
export type RegisterBody = z.input<typeof RegisterBody>;

export const LoginBody = z.object({
  email: z.string().trim().toLowerCase().max(LIMITS.email.max),
  password: z.string().max(LIMITS.password.max),
});
export type LoginBody = z.input<typeof LoginBody>;

export const UserResponse = z.object({ user: Me });

// --- Tilesets -----------------------------------------------------------------------------------

/** A 3D Tiles layer as listed in tilesets/manifest.json and by GET /tilesets. */
export const TilesetInfo = z.object({
  id: z.string(),
  name: z.string(),
  /** URL of tileset.json, relative to the app origin (e.g. `/tilesets/demo/tileset.json`) or absolute. */
  url: z.string(),
  /** True for the generated demo district: the UI labels it as generated demo data. */
  demo: z.boolean().optional(),
  /** Attribution / source line shown with the layer. */
  attribution: z.string().optional(),
});
export type TilesetInfo = z.infer<typeof TilesetInfo>;
export const TilesetsResponse = z.object({ tilesets: z.array(TilesetInfo) });

// --- Comments -----------------------------------------------------------------------------------

/** The author of content; `id` is null for a removed participant (a deleted account: the author link is gone). */
export const Author = z.object({ id: z.string().nullable(), displayName: z.string() });

/** The display name on the wire of an author whose account was deleted (`Author.id` null; the client shows its own i18n text). */
export const REMOVED_PARTICIPANT_NAME = 'Verwijderde deelnemer';

/** Why a placeholder comment shows no text: hidden (held or hidden by a moderator) or removed, and since when. */
export const CommentModerated = z.object({ state: z.enum(['hidden', 'removed']), at: z.string() });
export type CommentModerated = z.infer<typeof CommentModerated>;

/** A stored comment as it leaves the server (after the visibility gate). */
export const Comment = z.object({
  id: z.string(),
  body: z.string(),
  position: Position,
  author: Author,
  /** UTC ISO-8601 with milliseconds, e.g. `2026-11-29T20:11:55.123Z`. */
  createdAt: z.string(),
  parentId: z.string().nullable(),
  replyCount: z.number().int().nonnegative(),
  /** The plan (and scenario) the comment belongs to (issue 4), or null for a comment on the city. */
  planId: z.string().nullable(),
  scenarioId: z.string().nullable(),
  /**
   * Set only on a PLACEHOLDER (issue 6): a top-level comment hidden or removed by moderation that still has visible
   * replies. Its body is '' and its author `{id: null, displayName: ''}`; `at` is when it was hidden/removed (UTC ISO-8601).
   * Absent (or null) on every ordinary comment.
   */
  moderated: CommentModerated.nullable().optional(),
});
export type Comment = z.infer<typeof Comment>;

const CommentBody = textOfLength(LIMITS.commentBody.min, LIMITS.commentBody.max);

const PlanRef = {
  /** The plan the comment belongs to; refused (`phase_closed`) unless the plan is published and its phase allows comments. */
  planId: z.string().min(1).max(64).nullish(),
  /** A scenario of that plan (needs planId). */
  scenarioId: z.string().min(1).max(64).nullish(),
};
const scenarioNeedsPlan = {
  check: (v: { planId?: string | null; scenarioId?: string | null }) => (v.scenarioId ?? null) === null || (v.planId ?? null) !== null,
  message: 'scenarioId needs planId',
};

/**
 * POST /comments body. `position` is required for a new comment; for a reply (`parentId` set) it may be
 * left out and the reply is stored at its parent's position. A reply belongs to its parent's plan and scenario.
 */
export const CreateCommentBody = z
  .object({
    position: Position.optional(),
    body: CommentBody,
    parentId: z.string().min(1).max(64).nullish(),
    ...PlanRef,
    /** Post even though personal data was detected (issue 6): the comment is then held for a moderator's review. */
    confirmPersonalData: z.boolean().optional(),
  })
  .refine((v) => v.position !== undefined || (v.parentId ?? null) !== null, {
    message: 'position is required unless parentId is given',
    path: ['position'],
  })
  .refine(scenarioNeedsPlan.check, { message: scenarioNeedsPlan.message, path: ['scenarioId'] });
export type CreateCommentBody = z.input<typeof CreateCommentBody>;

/** socket `comment:create`: the REST body plus a client-generated id that makes retries idempotent. */
export const CommentCreateCommand = z
  .object({
    position: Position.optional(),
    body: CommentBody,
    parentId: z.string().min(1).max(64).nullish(),
    ...PlanRef,
    clientId: z.string().min(1).max(100),
    /** Post even though personal data was detected (issue 6): the comment is then held for a moderator's review. */
    confirmPersonalData: z.boolean().optional(),
  })
  .refine((v) => v.position !== undefined || (v.parentId ?? null) !== null, {
    message: 'position is required unless parentId is given',
    path: ['position'],
  })
  .refine(scenarioNeedsPlan.check, { message: scenarioNeedsPlan.message, path: ['scenarioId'] });
export type CommentCreateCommand = z.input<typeof CommentCreateCommand>;

/**
 * GET /comments query. Either `bbox` (top-level comments whose pin lies in the box, newest first) or
 * `parentId` (the replies to one comment, oldest first). `planId` (and `scenarioId`) filter top-level
 * comments to one plan (and scenario); `planId` alone lists the plan's comments anywhere. `cursor` is the opaque
 * `nextCursor` of the previous page (keyset pagination).
 */
export const CommentsQuery = z
  .object({
    bbox: z
      .string()
      .transform((s) => s.split(',').map((p) => (p.trim() === '' ? NaN : Number(p))))
      .pipe(BBoxSchema)
      .optional(),
    parentId: z.string().min(1).max(64).optional(),
    planId: z.string().min(1).max(64).optional(),
    scenarioId: z.string().min(1).max(64).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(LIMITS.pageSize.max).default(LIMITS.pageSize.default),
  })
  .refine((q) => (q.parentId === undefined ? q.bbox !== undefined || q.planId !== undefined : q.bbox === undefined && q.planId === undefined), {
    message: 'give exactly one of bbox or parentId (planId filters bbox, or lists a plan\'s comments alone)',
    path: ['bbox'],
  })
  .refine((q) => q.scenarioId === undefined || q.planId !== undefined, { message: 'scenarioId needs planId', path: ['scenarioId'] });
export type CommentsQuery = z.output<typeof CommentsQuery>;

/** A comment as a GeoJSON Feature (RFC 7946): Point `[lon, lat, height]`. */
export const CommentFeature = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number(), z.number()]) }),
  properties: z.object({
    id: z.string(),
    body: z.string(),
    author: Author,
    createdAt: z.string(),
    parentId: z.string().nullable(),
    replyCount: z.number().int(),
    planId: z.string().nullable(),
    scenarioId: z.string().nullable(),
    /** See Comment.moderated: set only on a placeholder. */
    moderated: CommentModerated.nullable().optional(),
  }),
});
export type CommentFeature = z.infer<typeof CommentFeature>;

/** GET /comments response: a FeatureCollection plus `nextCursor` (null on the last page). */
export const CommentCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(CommentFeature),
  nextCursor: z.string().nullable(),
});
export type CommentCollection = z.infer<typeof CommentCollection>;

export const CommentResponse = z.object({ comment: Comment });

/** Comment → GeoJSON Feature. */
export function commentToFeature(c: Comment): CommentFeature {
  return {
    type: 'Feature',
    id: c.id,
    geometry: { type: 'Point', coordinates: [c.position.lon, c.position.lat, c.position.height] },
    properties: {
      id: c.id,
      body: c.body,
      author: c.author,
      createdAt: c.createdAt,
      parentId: c.parentId,
      replyCount: c.replyCount,
      planId: c.planId,
      scenarioId: c.scenarioId,
      ...(c.moderated ? { moderated: c.moderated } : {}),
    },
  };
}

/** GeoJSON Feature → Comment. */
export function featureToComment(f: CommentFeature): Comment {
  const [lon, lat, height] = f.geometry.coordinates;
  return { ...f.properties, position: { lon, lat, height } };
}

// --- Socket.IO events -------------------------------------------------------------------------

/** `viewport:subscribe {bbox}`: join the rooms of the map tiles covering bbox (replaces earlier ones). */
export const ViewportSubscribe = z.object({ bbox: BBoxSchema }).strict();
export type ViewportSubscribe = z.infer<typeof ViewportSubscribe>;

/** Names of socket events, `noun:verb` (commands present tense, events past tense). */
export const SocketEvents = {
  viewportSubscribe: 'viewport:subscribe',
  commentCreate: 'comment:create',
  commentCreated: 'comment:created',
  /** Sent by the server when a client emits an event it does not know. */
  error: 'error:event',
} as const;

/** Payload of server → client `comment:created`. */
export const CommentCreatedEvent = z.object({ comment: Comment });
export type CommentCreatedEvent = z.infer<typeof CommentCreatedEvent>;

export const HealthResponse = z.object({ status: z.literal('ok') });
