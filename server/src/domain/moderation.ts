/**
 * Moderation (issue 6): reports, the threshold that holds content pending review, the queue, moderators' decisions
 * (hide, restore, remove, redact, dismiss), the author's notice, the audit log and the removed-ids feed.
 *
 * States (moderation_items.state): visible → held (reports reached config.reportThreshold from distinct accounts, or
 * held at creation by H2's screening) → hidden (a moderator) → removed (final). held/hidden set `hidden_at`, removed
 * sets `deleted_at` and replaces the text. Every decision is one transaction: content change, item upsert, reports
 * resolved, audit entry (state and metadata only, never text), removed-ids row (hide/remove/redact), a `moderation`
 * notification to the author. After the commit: WAL checkpoint (remove, redact), then the bus events
 * `moderation:resolved`, `content:moderated` and `notification:created`.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import {
  AuditQuery,
  ContentActionBody,
  ErrorCode,
  MODERATION_ACTOR,
  QueueQuery,
  RedactBody,
  ReportBody,
  type AuditEntry,
  type ContentAction,
  type ContentKind,
  type ModerationSettings,
  type ModerationState,
  type Notification,
  type QueueItem,
  type ReportResponse,
} from '../../../shared/index.js';
import type { Database } from '../store/schema.js';
import {
  countOpenReports,
  displayNameOf,
  findItem,
  findReportBy,
  insertReport,
  listAudit,
  listItems,
  listReports,
  lockItem,
  resolveReports,
  upsertItem,
  type ItemRow,
} from '../store/moderation.js';
import type { AccountUser } from './accounts.js';
import { recordAction, recordRemoval } from './audit.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { DomainError, fieldErrorsFromIssues } from './errors.js';
import type { EventBus } from './events.js';
import { CONTENT, canViewerSee, loadContent, removeContent, type ContentGates, type ContentItem } from './moderation-content.js';
import { redactContent } from './redaction.js';
import { viewerOf, type ViewerUser } from './viewer.js';

/** The name shown for an account that was deleted (its row stays, anonymised). */
export const REMOVED_PARTICIPANT = 'Verwijderde deelnemer';

export interface ModerationDeps {
  db: Kysely<Database>;
  bus: EventBus;
  gates: ContentGates;
  settings: ModerationSettings;
  /** store/db.ts `checkpoint`: after a removal or redaction commits, so the old bytes leave the database file. */
  checkpoint: () => Promise<void>;
  now?: () => Date;
}

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new DomainError(ErrorCode.validation, `The ${what} is not valid.`, fieldErrorsFromIssues(r.error.issues));
  return r.data;
}

/** Moderators and admins. */
export function isModerator(user: ViewerUser | null | undefined): boolean {
  return user?.role === 'moderator' || user?.role === 'admin';
}

function requireModerator(user: ViewerUser | null): void {
  if (!user) throw new DomainError(ErrorCode.unauthenticated, 'This needs a signed-in account.');
  if (!isModerator(user)) throw new DomainError(ErrorCode.forbidden, 'Only moderators and admins may do this.');
}

/** The state of content when it has no moderation item yet. */
function derivedState(c: ContentItem, row: ItemRow | undefined): ModerationState {
  if (row) return row.state;
  return c.deletedAt !== null ? 'removed' : c.hiddenAt !== null ? 'hidden' : 'visible';
}

/** Which state an action leads to from `from`, or null when the action is not allowed there. */
function transition(action: ContentAction, from: ModerationState): ModerationState | null {
  switch (action) {
    case 'hide':
      return from === 'visible' || from === 'held' ? 'hidden' : null;
    case 'restore':
      return from === 'held' || from === 'hidden' ? 'visible' : null;
    case 'remove':
      return from === 'removed' ? null : 'removed';
    case 'redact':
      return from === 'removed' ? null : from;
    case 'dismiss':
      return from === 'visible' || from === 'held' ? 'visible' : null;
  }
}

export class ModerationService {
  private readonly db: Kysely<Database>;
  private readonly now: () => Date;

  constructor(private readonly deps: ModerationDeps) {
    this.db = deps.db;
    this.now = deps.now ?? (() => new Date());
  }

  /** GET /moderation/settings. @throws unauthenticated, forbidden. */
  settings(user: ViewerUser | null): ModerationSettings {
    requireModerator(user);
    return { ...this.deps.settings };
  }

  /**
   * A signed-in user reports content they can see. 201 `{report, counted: true}`; 200 `{counted: false}` when this
   * account reported it before. At `reportThreshold` open reports from distinct accounts visible content is held.
   * @throws validation_failed, not_found (no such content, or not visible to the reporter), report_own_content.
   */
  async report(user: AccountUser, input: unknown): Promise<{ status: 200 | 201; body: ReportResponse }> {
    const body = parse(ReportBody, input, 'report');
    const content = await loadContent(this.db, body.kind, body.id);
    if (!content || !(await canViewerSee(this.deps.gates, viewerOf(user), content))) {
      throw new DomainError(ErrorCode.notFound, `There is no ${body.kind} ${JSON.stringify(body.id)}.`);
    }
    if (content.authorId === user.id) throw new DomainError(ErrorCode.reportOwnContent, 'You cannot report your own content.');
    const at = this.now().toISOString();
    const reportId = randomUUID();
    const r = await this.db.transaction().execute(async (trx) => {
      await lockItem(trx, this.freshItem(content, at));
      const inserted = await insertReport(trx, {
        id: reportId, content_kind: body.kind, content_id: body.id, reporter_id: user.id, reason: body.reason,
        note: body.note ?? null, created_at: at, resolved_at: null, resolution: null,
      });
      if (!inserted) return { inserted: false as const, existing: (await findReportBy(trx, body.kind, body.id, user.id))! };
      const row = await findItem(trx, body.kind, body.id);
      const open = await countOpenReports(trx, body.kind, body.id);
      let state = derivedState(content, row);
      let held = false;
      if (open >= this.deps.settings.reportThreshold && state === 'visible') {
        held = true;
        state = 'held';
        await CONTENT[body.kind].setHidden(trx, body.id, at);
        await recordAction(trx, {
          actorId: null, action: 'auto_hide', targetKind: body.kind, targetId: body.id, reason: null,
          before: { state: 'visible' }, after: { state: 'held', openReports: open }, at,
        });
        await recordRemoval(trx, { kind: body.kind, id: body.id, planId: content.planId, action: 'hidden', at });
      }
      await upsertItem(trx, {
        content_kind: body.kind, content_id: body.id, state, pending: row?.pending ?? 'reports', detail: row?.detail ?? null,
        author_id: content.authorId, plan_id: content.planId, open_reports: open, created_at: row?.created_at ?? at,
        updated_at: at, reviewed_at: row?.reviewed_at ?? null, reviewed_by: row?.reviewed_by ?? null,
      });
      const note = held ? await this.notifyAuthor(trx, content, 'held', null, null, at) : null;
      return { inserted: true as const, held, note };
    });
    if (!r.inserted) {
      const e = r.existing;
      return { status: 200, body: { report: { id: e.id, kind: e.content_kind, contentId: e.content_id, reason: e.reason, createdAt: e.created_at }, counted: false } };
    }
    this.deps.bus.emit('moderation:queued', { kind: body.kind, id: body.id });
    if (r.held) this.emitPublic(content, 'gone');
    if (r.note) this.deps.bus.emit('notification:created', r.note);
    return { status: 201, body: { report: { id: reportId, kind: body.kind, contentId: body.id, reason: body.reason, createdAt: at }, counted: true } };
  }

  /**
   * A moderator's decision. `action` hide | restore | remove | dismiss (body ContentActionBody) or redact (RedactBody).
   * @returns the item as it is after the decision.
   * @throws unauthenticated, forbidden, validation_failed, not_found, invalid_transition (e.g. restore of removed).
   */
  async act(moderator: AccountUser | null, kind: ContentKind, id: string, action: ContentAction, input: unknown): Promise<QueueItem> {
    requireModerator(moderator);
    const user = moderator!;
    const body = action === 'redact' ? parse(RedactBody, input, 'request body') : parse(ContentActionBody, input, 'request body');
    const content = await loadContent(this.db, kind, id);
    if (!content) throw new DomainError(ErrorCode.notFound, `There is no ${kind} ${JSON.stringify(id)}.`);
    const at = this.now().toISOString();
    const result = await this.db.transaction().execute(async (trx) => {
      await lockItem(trx, this.freshItem(content, at));
      const row = await findItem(trx, kind, id);
      const from = derivedState(content, row);
      const to = transition(action, from);
      if (to === null) throw new DomainError(ErrorCode.invalidTransition, `A ${from} ${kind} cannot be given the action ${action}.`);
      let after: unknown = { state: to };
      if (action === 'hide') {
        await CONTENT[kind].setHidden(trx, id, at);
        await recordRemoval(trx, { kind, id, planId: content.planId, action: 'hidden', at });
      } else if (action === 'restore' || (action === 'dismiss' && from === 'held')) {
        await CONTENT[kind].setHidden(trx, id, null);
      } else if (action === 'remove') {
        await removeContent(trx, kind, id, at);
      } else if (action === 'redact') {
        const b = body as RedactBody;
        const { parts } = await redactContent(trx, kind, id, b.field, b.parts);
        await recordRemoval(trx, { kind, id, planId: content.planId, action: 'redacted', at });
        after = { state: to, redacted: parts.map((p) => ({ field: b.field, start: p.start, end: p.end })) };
      }
      // A redaction only edits text: state, pending, open reports and the last review stay (the decision is still due).
      const decided = action !== 'redact';
      if (decided) await resolveReports(trx, kind, id, at, action);
      await upsertItem(trx, {
        content_kind: kind, content_id: id, state: to, pending: decided ? null : (row?.pending ?? null),
        detail: action === 'remove' ? null : ((await findItem(trx, kind, id))?.detail ?? null),
        author_id: content.authorId, plan_id: content.planId, open_reports: decided ? 0 : (row?.open_reports ?? 0),
        created_at: row?.created_at ?? at, updated_at: at,
        reviewed_at: decided ? at : (row?.reviewed_at ?? null), reviewed_by: decided ? user.id : (row?.reviewed_by ?? null),
      });
      await recordAction(trx, {
        actorId: user.id, action, targetKind: kind, targetId: id, reason: body.reason,
        before: { state: from, pending: row?.pending ?? null, openReports: row?.open_reports ?? 0 }, after, at,
      });
      const note = await this.notifyAuthor(trx, content, action, body.reason, user, at);
      return { from, to, note };
    });
    if (action === 'remove' || action === 'redact') await this.deps.checkpoint();
    // A redaction resolves nothing: moderators get the edited item (still pending when it was), not `resolved`.
    if (action === 'redact') this.deps.bus.emit('moderation:queued', { kind, id });
    else this.deps.bus.emit('moderation:resolved', { kind, id, state: result.to });
    if (action === 'hide' || action === 'remove') {
      if (result.from === 'visible') this.emitPublic(content, 'gone');
    } else if (action === 'redact') {
      if (result.to === 'visible') this.emitPublic(content, 'redacted');
    } else if (result.from !== 'visible' && result.to === 'visible') {
      this.emitPublic(content, 'restored');
    }
    if (result.note) this.deps.bus.emit('notification:created', result.note);
    return (await this.item(user, kind, id))!;
  }

  /** One item as moderators see it (any state). @throws unauthenticated, forbidden, not_found. */
  async item(user: ViewerUser | null, kind: ContentKind, id: string): Promise<QueueItem> {
    requireModerator(user);
    const item = await this.itemFor(kind, id);
    if (!item) throw new DomainError(ErrorCode.notFound, `There is no ${kind} ${JSON.stringify(id)}.`);
    return item;
  }

  /** The queue item of content, without a role check (realtime delivery checks the receiver itself). */
  async itemFor(kind: ContentKind, id: string, db: Kysely<Database> = this.db): Promise<QueueItem | undefined> {
    const content = await loadContent(db, kind, id);
    if (!content) return undefined;
    return this.toQueueItem(db, content, await findItem(db, kind, id));
  }

  /** GET /moderation/queue (QueueQuery). @throws unauthenticated, forbidden, validation_failed. */
  async queue(user: ViewerUser | null, input: unknown): Promise<{ items: QueueItem[]; nextCursor: string | null }> {
    requireModerator(user);
    const q = parse(QueueQuery, input, 'query');
    const limit = q.limit ?? 50;
    const c = decodeCursor(q.cursor);
    const rows = await listItems(this.db, { status: q.status, kind: q.kind, before: c && { updatedAt: c.createdAt, key: c.id }, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const items: QueueItem[] = [];
    for (const row of page) {
      const content = await loadContent(this.db, row.content_kind, row.content_id);
      if (content) items.push(await this.toQueueItem(this.db, content, row));
    }
    const last = page[page.length - 1];
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.updated_at, id: `${last.content_kind}:${last.content_id}` }) : null,
    };
  }

  /** GET /moderation/audit: admins only, newest first. @throws unauthenticated, forbidden, validation_failed. */
  async audit(user: ViewerUser | null, input: unknown): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
    requireModerator(user);
    if (user!.role !== 'admin') throw new DomainError(ErrorCode.forbidden, 'Only admins may read the audit log.');
    const q = parse(AuditQuery, input, 'query');
    const limit = q.limit ?? 50;
    const c = decodeCursor(q.cursor);
    const rows = await listAudit(this.db, c && { at: c.createdAt, id: c.id }, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      entries: page.map((r) => ({
        id: r.id,
        actor: r.actor_id === null ? null : { id: r.actor_id, displayName: r.actor_display_name ?? '' },
        action: r.action,
        targetKind: r.target_kind,
        targetId: r.target_id,
        reason: r.reason,
        before: r.before === null ? null : JSON.parse(r.before),
        after: r.after === null ? null : JSON.parse(r.after),
        at: r.at,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.at, id: last.id }) : null,
    };
  }

  /** A moderation item for content that has none yet (its state read from the content row). */
  private freshItem(c: ContentItem, at: string): ItemRow {
    return {
      content_kind: c.kind, content_id: c.id, state: derivedState(c, undefined), pending: null, detail: null, author_id: c.authorId,
      plan_id: c.planId, open_reports: 0, created_at: at, updated_at: at, reviewed_at: null, reviewed_by: null,
    };
  }

  private async toQueueItem(db: Kysely<Database>, c: ContentItem, row: ItemRow | undefined): Promise<QueueItem> {
    const author = await displayNameOf(db, c.authorId);
    const reports = await listReports(db, c.kind, c.id);
    let detail: QueueItem['detail'] = {};
    try {
      detail = row?.detail ? JSON.parse(row.detail) : {};
    } catch {
      detail = {};
    }
    return {
      kind: c.kind,
      id: c.id,
      state: derivedState(c, row),
      pending: row?.pending ?? null,
      fields: { ...c.fields },
      author: author?.deleted ? { id: null, displayName: REMOVED_PARTICIPANT } : { id: c.authorId, displayName: author?.name ?? '' },
      planId: c.planId,
      parentId: c.parentId,
      position: c.position && { ...c.position },
      openReports: row?.open_reports ?? 0,
      reports: reports.map((r) => ({
        id: r.id,
        reason: r.reason,
        note: r.note,
        reporter: r.reporter_deleted_at !== null ? { id: null, displayName: REMOVED_PARTICIPANT } : { id: r.reporter_id, displayName: r.reporter_display_name },
        createdAt: r.created_at,
      })),
      detail,
      createdAt: c.createdAt,
      updatedAt: row?.updated_at ?? c.createdAt,
    };
  }

  /**
   * Stores a `moderation` notification for the content's author (not for deleted accounts). `actor` null: the system
   * (the author's own id is stored as actor, the column is required). On the wire the actor of a moderation notice is
   * always MODERATION_ACTOR: moderators stay anonymous to authors.
   */
  private async notifyAuthor(
    trx: Kysely<Database>,
    c: ContentItem,
    action: string,
    reason: string | null,
    actor: AccountUser | null,
    at: string,
  ): Promise<{ userId: string; notification: Notification } | null> {
    const author = await displayNameOf(trx, c.authorId);
    if (!author || author.deleted) return null;
    const id = randomUUID();
    const actorId = actor?.id ?? c.authorId;
    await trx
      .insertInto('notifications')
      .values({
        id, user_id: c.authorId, kind: 'moderation', thread_id: null, plan_id: c.planId, post_id: null, status: null,
        actor_id: actorId, created_at: at, read_at: null, content_kind: c.kind, content_id: c.id, action, reason,
      })
      .execute();
    return {
      userId: c.authorId,
      notification: {
        id, kind: 'moderation', threadId: null, threadTitle: null, planId: c.planId, postId: null, status: null,
        actor: { ...MODERATION_ACTOR }, createdAt: at, readAt: null,
        moderation: { contentKind: c.kind, contentId: c.id, action, reason },
      },
    };
  }

  private emitPublic(c: ContentItem, change: 'restored' | 'gone' | 'redacted'): void {
    this.deps.bus.emit('content:moderated', {
      kind: c.kind, id: c.id, change, planId: c.planId, threadId: c.threadId, parentId: c.parentId,
      position: c.position && { lon: c.position.lon, lat: c.position.lat },
    });
  }
}
