/**
 * The moderation API (issue 6, shared/moderation.ts): the queue, decisions on content, users and their sanctions,
 * word filters and their test box, the audit log (admins only) and the settings, plus the live `moderation` room
 * on the page's socket. One function per route; every response is checked with the shared zod schemas; all
 * functions throw ApiError (errors.ts), e.g. `forbidden` for a resident or, on the audit log, a moderator.
 *
 * Responses may come as the bare object or wrapped in one named member (`{item}`, `{users}`, …): both are read.
 */
import { z } from 'zod';
import {
  AuditEntry,
  ContentModerated,
  FilterTestResult,
  ModeratedUser,
  ModerationSettings,
  ModerationSocketEvents,
  ModerationState,
  QueueItem,
  Sanction,
  WordFilter,
  ContentKind,
  type ContentAction,
  type RedactBody,
  type SanctionBody,
  type WordFilterBody,
} from '../../../shared/index.js';
import { request } from './http.js';
import { followRoom, listenChecked } from './rooms.js';
import type { RealtimeClient } from './socket.js';

const MOD = '/moderation';

/** `schema` or `{ [key]: schema }` → the inner value. */
function either<S extends z.ZodType>(key: string, schema: S) {
  return z.union([z.object({ [key]: schema }).transform((o) => (o as Record<string, z.output<S>>)[key]!), schema]);
}

function qs(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const enc = encodeURIComponent;

// --- Queue and content ---------------------------------------------------------------------------------

export type QueueStatus = 'pending' | 'held' | 'hidden' | 'removed' | 'all';

export interface QueuePage {
  items: QueueItem[];
  nextCursor: string | null;
}

const QueuePageSchema = z.object({ items: z.array(QueueItem), nextCursor: z.string().nullable().default(null) });

/** GET /moderation/queue?status=&kind=&cursor= → one page of items, newest update first. */
export async function listQueue(opts: { status: QueueStatus; kind?: ContentKind | ''; cursor?: string | null; limit?: number }): Promise<QueuePage> {
  const q = qs({ status: opts.status, kind: opts.kind, cursor: opts.cursor, limit: opts.limit });
  return request('GET', `${MOD}/queue${q}`, QueuePageSchema);
}

/** GET /moderation/content/{kind}/{id} → the item as it is now. */
export async function getItem(kind: ContentKind, id: string): Promise<QueueItem> {
  return request('GET', `${MOD}/content/${enc(kind)}/${enc(id)}`, either('item', QueueItem));
}

/**
 * POST /moderation/content/{kind}/{id}/{action} with `{reason}` (hide, restore, remove, dismiss) → the updated item.
 * Errors: `invalid_transition` (e.g. restoring removed content), `not_found`, `forbidden`, `validation_failed`.
 */
export async function actOnContent(kind: ContentKind, id: string, action: Exclude<ContentAction, 'redact'>, reason: string): Promise<QueueItem> {
  return request('POST', `${MOD}/content/${enc(kind)}/${enc(id)}/${action}`, either('item', QueueItem), { reason });
}

/** POST /moderation/content/{kind}/{id}/redact with RedactBody ([start, end) UTF-16 indexes) → the updated item. */
export async function redactContent(kind: ContentKind, id: string, body: RedactBody): Promise<QueueItem> {
  return request('POST', `${MOD}/content/${enc(kind)}/${enc(id)}/redact`, either('item', QueueItem), body);
}

// --- Users and sanctions -------------------------------------------------------------------------------

/** GET /moderation/users?q= → users whose name or e-mail matches, with their active sanctions. */
export async function searchUsers(q: string): Promise<ModeratedUser[]> {
  return request('GET', `${MOD}/users${qs({ q })}`, either('users', z.array(ModeratedUser)));
}

/** POST /moderation/users/{id}/sanctions with SanctionBody → the sanction. `forbidden` for a moderator on a moderator. */
export async function addSanction(userId: string, body: SanctionBody): Promise<Sanction> {
  return request('POST', `${MOD}/users/${enc(userId)}/sanctions`, either('sanction', Sanction), body);
}

/**
 * DELETE /moderation/users/{userId}/sanctions/{sanctionId} with `{reason}`: lifts it (the audit log records `lift`).
 * `invalid_transition` when it was lifted already.
 */
export async function liftSanction(userId: string, sanctionId: string, reason: string): Promise<void> {
  await request('DELETE', `${MOD}/users/${enc(userId)}/sanctions/${enc(sanctionId)}`, null, { reason });
}

// --- Word filters --------------------------------------------------------------------------------------

/** GET /moderation/word-filters → every filter. */
export async function listWordFilters(): Promise<WordFilter[]> {
  return request('GET', `${MOD}/word-filters`, either('filters', z.array(WordFilter)));
}

/** POST /moderation/word-filters → the new filter (`validation_failed` for a bad regular expression). */
export async function createWordFilter(body: WordFilterBody): Promise<WordFilter> {
  return request('POST', `${MOD}/word-filters`, either('filter', WordFilter), body);
}

/** PATCH /moderation/word-filters/{id} → the changed filter. */
export async function updateWordFilter(id: string, body: WordFilterBody): Promise<WordFilter> {
  return request('PATCH', `${MOD}/word-filters/${enc(id)}`, either('filter', WordFilter), body);
}

/** DELETE /moderation/word-filters/{id}. */
export async function deleteWordFilter(id: string): Promise<void> {
  await request('DELETE', `${MOD}/word-filters/${enc(id)}`, null);
}

/** POST /moderation/word-filters/test {text} → what the text would trigger and the outcome. */
export async function testWordFilters(text: string): Promise<FilterTestResult> {
  return request('POST', `${MOD}/word-filters/test`, either('result', FilterTestResult), { text });
}

// --- Audit log and settings ----------------------------------------------------------------------------

export interface AuditPage {
  entries: AuditEntry[];
  nextCursor: string | null;
}

const AuditPageSchema = z
  .object({ entries: z.array(AuditEntry).optional(), items: z.array(AuditEntry).optional(), nextCursor: z.string().nullable().default(null) })
  .transform((o) => ({ entries: o.entries ?? o.items ?? [], nextCursor: o.nextCursor }));

/** GET /moderation/audit?cursor= → one page, newest first. Admins only (`forbidden` for moderators). */
export async function listAudit(cursor?: string | null): Promise<AuditPage> {
  return request('GET', `${MOD}/audit${qs({ cursor })}`, AuditPageSchema);
}

/** GET /moderation/settings → report threshold, account deletion mode, public position precision. */
export async function getModerationSettings(): Promise<ModerationSettings> {
  return request('GET', `${MOD}/settings`, either('settings', ModerationSettings));
}

// --- Live ----------------------------------------------------------------------------------------------

export const ResolvedEvent = z.object({ kind: ContentKind, id: z.string(), state: ModerationState }).passthrough();
export type ResolvedEvent = z.infer<typeof ResolvedEvent>;

export interface ModerationEventHandlers {
  /** A new report, held or flagged content: the item as it is now. */
  queued(item: QueueItem): void;
  /** A decision was taken (by anyone): the item's new state. */
  resolved(e: ResolvedEvent): void;
  /** After a reconnect (events may have been missed): refetch the list. */
  resync(): void;
  /** The join was refused (`forbidden`) or timed out: the queue still works, only not live. */
  joinFailed?(error: unknown): void;
}

/**
 * Joins the `moderation` room (`moderation:join`, acked `{ok:true}`) now and after every reconnect, and hands on
 * `moderation:queued {item}` and `moderation:resolved {kind, id, state}`. Returns the function that leaves.
 */
export function followModeration(realtime: RealtimeClient, h: ModerationEventHandlers): () => void {
  return followRoom(realtime, {
    join: () => realtime.command(ModerationSocketEvents.join, {}),
    leave: () => realtime.send(ModerationSocketEvents.leave, {}),
    resync: () => h.resync(),
    joinFailed: h.joinFailed,
    listeners: [
      listenChecked(realtime, ModerationSocketEvents.queued, either('item', QueueItem), (item) => h.queued(item)),
      listenChecked(realtime, ModerationSocketEvents.resolved, ResolvedEvent, (e) => h.resolved(e)),
    ],
  });
}

/** Listens for the public `content:moderated` event (no text: kind, id, change). Returns the function that stops. */
export function onContentModerated(realtime: RealtimeClient, f: (e: ContentModerated) => void): () => void {
  return listenChecked(realtime, ModerationSocketEvents.contentChanged, ContentModerated, f);
}
