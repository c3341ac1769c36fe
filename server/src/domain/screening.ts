/**
 * Screening of resident text before it is stored (issue 6): word filters (word-filter-match.ts, rules from the
 * `word_filters` table) and personal data (shared/pii.ts). Called inside the create's transaction by every create
 * path of resident text: comments and replies (body), threads (title, text, sketch labels), posts (text), sketches
 * (label).
 *
 * - A `block` hit → 422 `content_blocked` naming the word (per field in `errors`).
 * - Personal data without `confirmPersonalData: true` → 422 `personal_data_detected`, `errors: [{path: field,
 *   message: kind}]` (the client asks the poster to remove it). Nothing is stored in either case.
 * - Personal data with the confirmation, or a `hold` hit → stored HELD: the content row gets `hidden_at`, a
 *   `moderation_items` row (state held, pending personal_data or word_filter, detail), an audit entry `hold` with
 *   actor null. REST answers 202 `{held: true, kind, id}`; sockets ack `{ok: true, held: true, kind, id}`.
 * - A `flag` hit → published, and a `moderation_items` row (state visible, pending word_filter) puts it in the queue.
 * - No hold for sketch edits (an edit must not hide what someone else drew, nor put it under their name) and for
 *   names (screenName: display names, model names): what would be held is refused with 422 (ScreenOptions).
 * After the commit the caller emits `moderation:queued` (emitQueued) unless the outcome is publish.
 */
import type { Kysely } from 'kysely';
import { ErrorCode, type ContentKind } from '../../../shared/index.js';
import { detectPersonalData, PII_LABELS_NL } from '../../../shared/pii.js';
import type { Database } from '../store/schema.js';
import { recordAction, recordRemoval } from './audit.js';
import { DomainError, type FieldError } from './errors.js';
import type { EventBus } from './events.js';
import { matchWordFilters } from './word-filter-match.js';
import { loadWordFilterRules } from './word-filters.js';

export interface ScreeningDetail {
  matches?: { pattern: string; action: 'hold' | 'block' | 'flag'; match: string }[];
  /** Kinds of personal data found (never the data itself). */
  personalData?: string[];
}

export interface Screening {
  outcome: 'publish' | 'flag' | 'hold';
  /** `at` when held (store it as the content's hidden_at), else null. */
  hiddenAt: string | null;
  pending: 'personal_data' | 'word_filter' | null;
  detail: ScreeningDetail;
}

/** What REST (202) and socket acks answer for content that was stored but held for review. */
export interface HeldContent {
  held: true;
  kind: ContentKind;
  id: string;
}

/** How `screen` treats text that would be held for review. */
export interface ScreenOptions {
  /**
   * Refuse instead of holding (the outcome is then never `hold`): `edit` for edits of shared content (an edit must
   * not hide what someone else wrote, nor blame its author), `name` for names (display names, model names). A `hold`
   * word → 422 content_blocked naming the word; personal data, even with confirmPersonalData → 422
   * personal_data_detected. Messages say that edits / names cannot wait for review.
   */
  refuseHold?: 'edit' | 'name';
}

/**
 * Screens the text fields of one piece of content (`fields`: field path → text, e.g. `{ title, text }`; empty
 * values are skipped). `at`: the create's time (UTC ISO-8601), used as hiddenAt. `opts.refuseHold`: see ScreenOptions.
 * @throws DomainError content_blocked, personal_data_detected (see the module comment).
 */
export async function screen(
  trx: Kysely<Database>,
  fields: Record<string, string | null | undefined>,
  confirmPersonalData: boolean,
  at: string,
  opts: ScreenOptions = {},
): Promise<Screening> {
  const rules = await loadWordFilterRules(trx);
  const blocked: FieldError[] = [];
  const holds: FieldError[] = [];
  const pii: FieldError[] = [];
  const matches: NonNullable<ScreeningDetail['matches']> = [];
  const kinds = new Set<string>();
  for (const [path, text] of Object.entries(fields)) {
    if (!text) continue;
    for (const m of matchWordFilters(text, rules)) {
      if (m.action === 'block') blocked.push({ path, message: `blocked word: ${m.match}` });
      else matches.push({ pattern: m.pattern, action: m.action, match: m.match });
      if (m.action === 'hold') holds.push({ path, message: `word held for review: ${m.match}` });
    }
    const seen = new Set<string>();
    for (const p of detectPersonalData(text)) {
      kinds.add(p.kind);
      if (!seen.has(p.kind)) pii.push({ path, message: p.kind });
      seen.add(p.kind);
    }
  }
  if (blocked.length > 0) {
    const words = [...new Set(blocked.map((b) => b.message.replace(/^blocked word: /, '')))];
    throw new DomainError(ErrorCode.contentBlocked, `The text contains ${words.map((w) => JSON.stringify(w)).join(', ')}, which is not allowed here.`, blocked);
  }
  const labels = (): string => [...kinds].map((k) => PII_LABELS_NL[k as keyof typeof PII_LABELS_NL] ?? k).join(', ');
  if (opts.refuseHold) {
    const what = opts.refuseHold === 'edit' ? 'Edits' : 'Names';
    if (holds.length > 0) {
      const words = [...new Set(holds.map((h) => h.message.replace(/^word held for review: /, '')))];
      throw new DomainError(
        ErrorCode.contentBlocked,
        `The text contains ${words.map((w) => JSON.stringify(w)).join(', ')}, which needs a moderator's review first. ${what} cannot wait for review: change the text.`,
        holds,
      );
    }
    if (pii.length > 0) {
      throw new DomainError(
        ErrorCode.personalDataDetected,
        `The text seems to contain personal data (${labels()}). ${what} cannot wait for a moderator's review: remove it.`,
        pii,
      );
    }
  }
  if (pii.length > 0 && !confirmPersonalData) {
    throw new DomainError(
      ErrorCode.personalDataDetected,
      `The text seems to contain personal data (${labels()}). Remove it, or post anyway with confirmPersonalData: a moderator then reviews it before it is published.`,
      pii,
    );
  }
  const detail: ScreeningDetail = {};
  if (matches.length > 0) detail.matches = matches;
  if (kinds.size > 0) detail.personalData = [...kinds];
  const hold = kinds.size > 0 || matches.some((m) => m.action === 'hold');
  if (hold) return { outcome: 'hold', hiddenAt: at, pending: kinds.size > 0 ? 'personal_data' : 'word_filter', detail };
  if (matches.length > 0) return { outcome: 'flag', hiddenAt: null, pending: 'word_filter', detail };
  return { outcome: 'publish', hiddenAt: null, pending: null, detail };
}

/**
 * Puts screened content in the moderation queue (in the create's transaction): upserts its `moderation_items`
 * row (held → state held; flag → state visible, or the state it had) and, when held, records audit `hold` (actor
 * null). `wasPublic`: the content was visible before (an edit that became held) → also a content_removals
 * 'hidden' row for mirrors. No-op for outcome publish.
 */
export async function enqueueScreened(
  trx: Kysely<Database>,
  s: Screening,
  c: { kind: ContentKind; id: string; authorId: string; planId: string | null; at: string; wasPublic?: boolean },
): Promise<void> {
  if (s.outcome === 'publish') return;
  const held = s.outcome === 'hold';
  const existing = await trx
    .selectFrom('moderation_items')
    .select('state')
    .where('content_kind', '=', c.kind)
    .where('content_id', '=', c.id)
    .executeTakeFirst();
  const detail = JSON.stringify(s.detail);
  if (existing) {
    const state = existing.state === 'visible' && held ? 'held' : existing.state;
    await trx
      .updateTable('moderation_items')
      .set({ state, pending: s.pending, detail, updated_at: c.at })
      .where('content_kind', '=', c.kind)
      .where('content_id', '=', c.id)
      .execute();
  } else {
    await trx
      .insertInto('moderation_items')
      .values({
        content_kind: c.kind, content_id: c.id, state: held ? 'held' : 'visible', pending: s.pending, detail,
        author_id: c.authorId, plan_id: c.planId, open_reports: 0, created_at: c.at, updated_at: c.at, reviewed_at: null, reviewed_by: null,
      })
      .execute();
  }
  if (held) {
    await recordAction(trx, {
      actorId: null, action: 'hold', targetKind: c.kind, targetId: c.id, reason: s.pending,
      before: existing ? { state: existing.state } : null, after: { state: 'held', pending: s.pending }, at: c.at,
    });
    if (c.wasPublic) await recordRemoval(trx, { kind: c.kind, id: c.id, planId: c.planId, action: 'hidden', at: c.at });
  }
}

/** After the commit: tells the moderation room about held or flagged content (no-op for publish). */
export function emitQueued(bus: EventBus, s: Screening, kind: ContentKind, id: string): void {
  if (s.outcome !== 'publish') bus.emit('moderation:queued', { kind, id });
}

/**
 * Screens a name shown to others (`field`: the error path, e.g. `displayName` or `name`) without the hold option:
 * a `block` or `hold` word → 422 content_blocked naming the word, any personal data → 422 personal_data_detected
 * (path `field`); a `flag` word is accepted and not queued. Nothing to store afterwards: it returns only when the
 * name may be used.
 * @throws DomainError content_blocked, personal_data_detected.
 */
export async function screenName(db: Kysely<Database>, field: string, text: string): Promise<void> {
  await screen(db, { [field]: text }, false, new Date().toISOString(), { refuseHold: 'name' });
}
