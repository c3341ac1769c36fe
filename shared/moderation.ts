/**
 * Moderation, privacy and open data (issue 6): the protocol both sides share.
 *
 * Words (DESIGN.md): a *report* is a user's flag on content; a *moderation action* is a moderator's recorded
 * decision (the audit log). Content kinds that can be reported, hidden, removed and redacted:
 * - `comment`: a top-level comment pinned in the city; `reply`: a reply to a comment (both in `comments`);
 * - `thread`: a co-creation thread (title and text); `post`: a reply in a thread;
 * - `sketch`: a sketch in a thread (its label); `model`: a partner's uploaded model (its name).
 *
 * States: `visible`; `held` (waiting for review before publication: reports reached the threshold, personal data
 * posted anyway, or a word filter with action `hold`); `hidden` (by a moderator); `removed` (for good). Held, hidden
 * and removed content never leaves the server through a public read path (one visibility gate per kind).
 */
import { z } from 'zod';
import { textOfLength } from './protocol.js';

export const CONTENT_KINDS = ['comment', 'reply', 'thread', 'post', 'sketch', 'model'] as const;
export const ContentKind = z.enum(CONTENT_KINDS);
export type ContentKind = z.infer<typeof ContentKind>;

export const REPORT_REASONS = ['spam', 'offensive', 'personal_data', 'off_topic', 'other'] as const;
export const ReportReason = z.enum(REPORT_REASONS);
export type ReportReason = z.infer<typeof ReportReason>;

export const MODERATION_STATES = ['visible', 'held', 'hidden', 'removed'] as const;
export const ModerationState = z.enum(MODERATION_STATES);
export type ModerationState = z.infer<typeof ModerationState>;

/** Why an item waits for a moderator. */
export const PENDING_REASONS = ['reports', 'personal_data', 'word_filter'] as const;
export const PendingReason = z.enum(PENDING_REASONS);
export type PendingReason = z.infer<typeof PendingReason>;

export const MODERATION_LIMITS = {
  reason: { min: 1, max: 1000 },
  reportNote: { min: 0, max: 1000 },
  filterPattern: { min: 1, max: 200 },
  testText: { min: 0, max: 20000 },
} as const;

/** POST /api/v1/reports. */
export const ReportBody = z.object({
  kind: ContentKind,
  id: z.string().min(1).max(100),
  reason: ReportReason,
  note: textOfLength(MODERATION_LIMITS.reportNote.min, MODERATION_LIMITS.reportNote.max).optional(),
});
export type ReportBody = z.infer<typeof ReportBody>;

/** 201 (a new report) or 200 (this account had reported it before: counted once). */
export const ReportResponse = z.object({
  report: z.object({ id: z.string(), kind: ContentKind, contentId: z.string(), reason: ReportReason, createdAt: z.string() }),
  /** false when the same account had already reported this content. */
  counted: z.boolean(),
});
export type ReportResponse = z.infer<typeof ReportResponse>;

/** A moderator's decision on one piece of content: POST /api/v1/moderation/content/{kind}/{id}/{action}. */
export const CONTENT_ACTIONS = ['hide', 'restore', 'remove', 'redact', 'dismiss'] as const;
export const ContentAction = z.enum(CONTENT_ACTIONS);
export type ContentAction = z.infer<typeof ContentAction>;

export const ModerationReason = textOfLength(MODERATION_LIMITS.reason.min, MODERATION_LIMITS.reason.max);

export const ContentActionBody = z.object({ reason: ModerationReason });
export type ContentActionBody = z.infer<typeof ContentActionBody>;

/**
 * Redaction: the parts of one text field to cut out, as [start, end) UTF-16 indexes of the field's current text.
 * The parts are replaced by `[verwijderd]` in storage and in every earlier version (sketch versions, plan history).
 * The server widens a part that splits a surrogate pair to whole code points, merges overlapping or adjacent parts,
 * and refuses (422 `validation_failed`) when the result would exceed the field's maximum length.
 */
export const Redaction = z
  .object({
    start: z.number().int().min(0),
    end: z.number().int().min(1),
    /**
     * The text the moderator saw in [start, end) (optional for API users; the client always sends it). When the
     * current text differs there, the redaction is refused with 409 `version_conflict` and nothing changes.
     */
    expected: z.string().max(20000).optional(),
  })
  .refine((r) => r.end > r.start, { message: 'end must be after start' });
export const RedactBody = z.object({
  reason: ModerationReason,
  /** The text field: body (comment, reply), title or text (thread), text (post), label (sketch), name (model). */
  field: z.enum(['body', 'title', 'text', 'label', 'name']),
  parts: z.array(Redaction).min(1).max(50),
});
export type RedactBody = z.infer<typeof RedactBody>;
export const REDACTED_MARK = '[verwijderd]';
/** The actor of every `moderation` notification on the wire: authors never learn which moderator acted. */
export const MODERATION_ACTOR: { id: null; displayName: string } = { id: null, displayName: 'Moderator' };

/** A report as moderators see it. */
export const ModerationReport = z.object({
  id: z.string(),
  reason: ReportReason,
  note: z.string().nullable(),
  reporter: z.object({ id: z.string().nullable(), displayName: z.string() }),
  createdAt: z.string(),
});
export type ModerationReport = z.infer<typeof ModerationReport>;

/** One item of the moderation queue: the content (text as stored), its context and its reports. */
export const QueueItem = z.object({
  kind: ContentKind,
  id: z.string(),
  state: ModerationState,
  pending: PendingReason.nullable(),
  /** Text fields of the content as stored, e.g. { body } or { title, text } or { name }. */
  fields: z.record(z.string(), z.string()),
  author: z.object({ id: z.string().nullable(), displayName: z.string() }),
  planId: z.string().nullable(),
  /** For posts and sketches: their thread; for replies: their parent comment. */
  parentId: z.string().nullable(),
  position: z.object({ lon: z.number(), lat: z.number(), height: z.number() }).nullable(),
  openReports: z.number().int(),
  reports: z.array(ModerationReport),
  /** Word-filter matches and personal-data kinds that put it here. */
  detail: z.object({
    matches: z.array(z.object({ pattern: z.string(), action: z.enum(['hold', 'block', 'flag']), match: z.string() })).optional(),
    personalData: z.array(z.string()).optional(),
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type QueueItem = z.infer<typeof QueueItem>;

export const QueueQuery = z.object({
  /** pending (default): waiting for a decision; hidden / removed / all: for looking back. */
  status: z.enum(['pending', 'held', 'hidden', 'removed', 'all']).default('pending'),
  kind: ContentKind.optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number<string>().int().min(1).max(100).optional(),
});
export const QueueResponse = z.object({ items: z.array(QueueItem), nextCursor: z.string().nullable() });

/** Mute: can read, cannot post. Ban: cannot sign in (sessions end at once). `until` null: for good. */
export const SanctionKind = z.enum(['mute', 'ban']);
export type SanctionKind = z.infer<typeof SanctionKind>;
export const SanctionBody = z.object({
  kind: SanctionKind,
  reason: ModerationReason,
  /** UTC ISO-8601 instant in the future, or null for good. */
  until: z.string().datetime({ offset: true }).nullable(),
});
export type SanctionBody = z.infer<typeof SanctionBody>;
export const Sanction = z.object({
  id: z.string(),
  userId: z.string(),
  kind: SanctionKind,
  reason: z.string(),
  until: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.object({ id: z.string().nullable(), displayName: z.string() }),
  liftedAt: z.string().nullable(),
});
export type Sanction = z.infer<typeof Sanction>;

/** A user as moderators see them (GET /moderation/users?q=). */
export const ModeratedUser = z.object({
  id: z.string(),
  displayName: z.string(),
  email: z.string(),
  role: z.string(),
  createdAt: z.string(),
  deleted: z.boolean(),
  active: z.array(Sanction),
});
export type ModeratedUser = z.infer<typeof ModeratedUser>;

export const WordFilterAction = z.enum(['hold', 'block', 'flag']);
export type WordFilterActionName = z.infer<typeof WordFilterAction>;
export const WordFilterBody = z.object({
  pattern: textOfLength(MODERATION_LIMITS.filterPattern.min, MODERATION_LIMITS.filterPattern.max),
  isRegex: z.boolean().default(false),
  action: WordFilterAction,
});
export type WordFilterBody = z.infer<typeof WordFilterBody>;
export const WordFilter = z.object({
  id: z.string(),
  pattern: z.string(),
  isRegex: z.boolean(),
  action: WordFilterAction,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WordFilter = z.infer<typeof WordFilter>;

/** POST /moderation/word-filters/test: what a text would trigger (filters and personal data), and the outcome. */
export const FilterTestBody = z.object({ text: z.string().max(MODERATION_LIMITS.testText.max) });
export const FilterTestResult = z.object({
  matches: z.array(z.object({ filterId: z.string(), pattern: z.string(), action: WordFilterAction, start: z.number(), end: z.number(), match: z.string() })),
  personalData: z.array(z.object({ kind: z.string(), start: z.number(), end: z.number(), match: z.string() })),
  /** publish, flag (published, queued for a look), hold (not published until reviewed), block (refused). */
  outcome: z.enum(['publish', 'flag', 'hold', 'block']),
});
export type FilterTestResult = z.infer<typeof FilterTestResult>;

/** One entry of THE audit log (GET /moderation/audit, admins only). */
export const AuditEntry = z.object({
  id: z.string(),
  actor: z.object({ id: z.string().nullable(), displayName: z.string() }).nullable(),
  action: z.string(),
  targetKind: z.string(),
  targetId: z.string(),
  reason: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  at: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** GET /moderation/settings. */
export const ModerationSettings = z.object({
  reportThreshold: z.number().int().min(1),
  accountDeletion: z.enum(['anonymise', 'remove']),
  publicPositionPrecisionM: z.number().positive(),
});
export type ModerationSettings = z.infer<typeof ModerationSettings>;

/**
 * Personal data found in a text before publication. Creates answer 422 `personal_data_detected` with these
 * findings unless the body says `confirmPersonalData: true`; then the content is held for review.
 */
export const PersonalDataFinding = z.object({ field: z.string(), kind: z.string(), start: z.number(), end: z.number() });
export type PersonalDataFinding = z.infer<typeof PersonalDataFinding>;

/** GET /api/v1/open-data/removed?since=: ids of content that became invisible (or was redacted) since a time. */
export const RemovedQuery = z.object({
  since: z.string().datetime({ offset: true }),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number<string>().int().min(1).max(1000).optional(),
});
export const RemovedItem = z.object({
  kind: ContentKind,
  id: z.string(),
  planId: z.string().nullable(),
  action: z.enum(['hidden', 'removed', 'redacted']),
  at: z.string(),
});
export const RemovedResponse = z.object({ items: z.array(RemovedItem), nextCursor: z.string().nullable() });

/** Socket events of the moderation room (moderators and admins only). */
export const ModerationSocketEvents = {
  join: 'moderation:join',
  leave: 'moderation:leave',
  /** A new report, held content or a flag: the queue item as it is now. */
  queued: 'moderation:queued',
  /** A decision was taken: the item left the pending queue. */
  resolved: 'moderation:resolved',
  /** Public: content became invisible (hidden, held, removed) or was redacted; clients drop or refetch it. */
  contentChanged: 'content:moderated',
} as const;

/** Public event when content changed by moderation; carries no text. */
export const ContentModerated = z.object({
  kind: ContentKind,
  id: z.string(),
  /** visible again (restored), gone (held, hidden, removed) or redacted (changed text: refetch). */
  change: z.enum(['restored', 'gone', 'redacted']),
  planId: z.string().nullable(),
  threadId: z.string().nullable(),
  parentId: z.string().nullable(),
});
export type ContentModerated = z.infer<typeof ContentModerated>;

/** GET /moderation/content/{kind}/{id} and the answer of a moderator's action: the item as it is now. */
export const QueueItemResponse = z.object({ item: QueueItem });

/** GET /moderation/audit?cursor=&limit= (admins only), newest first. */
export const AuditQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number<string>().int().min(1).max(100).optional(),
});
export const AuditResponse = z.object({ entries: z.array(AuditEntry), nextCursor: z.string().nullable() });

/**
 * 202 answer of a create whose content was stored but HELD for a moderator's review (personal data posted with
 * `confirmPersonalData: true`, or a word filter with action `hold`). Socket acks: `{ok: true, held: true, kind, id}`.
 */
export const HeldResponse = z.object({ held: z.literal(true), kind: ContentKind, id: z.string() });
export type HeldResponse = z.infer<typeof HeldResponse>;

/** GET /moderation/users?q= */
export const ModeratedUsersQuery = z.object({ q: z.string().max(200).default('') });
export const ModeratedUsersResponse = z.object({ users: z.array(ModeratedUser) });
export const SanctionResponse = z.object({ sanction: Sanction });
/** DELETE /moderation/users/{id}/sanctions/{sanctionId} body. */
export const LiftSanctionBody = z.object({ reason: ModerationReason });
export const WordFiltersResponse = z.object({ filters: z.array(WordFilter) });
export const WordFilterResponse = z.object({ filter: WordFilter });
