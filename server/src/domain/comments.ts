/**
 * Comments: create (idempotent by author + clientId, replies stored at their parent's position), read one,
 * list by bbox (newest first) and list replies (oldest first), both keyset-paginated. Every read goes through
 * the visibility gate (visibility.ts); after a commit the service emits `comment:created` on the event bus.
 * Comments of a plan (issue 4) are accepted only while the plan is published and its current phase allows
 * comments (plan-access.ts, server clock); replies belong to their parent's plan and scenario.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  CreateCommentBody,
  ErrorCode,
  LIMITS,
  roundedInBBox,
  widenBBoxForRounding,
  type BBox,
  type Comment,
  type Position,
} from '../../../shared/index.js';
import { findScenario } from '../store/scenarios.js';
import type { Database } from '../store/schema.js';
import {
  findCommentByClientId,
  findCommentById,
  insertComment,
  listCommentsInBBox,
  listReplies,
  type CommentRow,
  type Keyset,
} from '../store/comments.js';
import { recordFromRow, toWireComment, type CommentRecord } from './comment-record.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { DomainError, fieldErrorsFromIssues } from './errors.js';
import type { EventBus } from './events.js';
import { assertCan } from './plan-access.js';
import { PlanService } from './plans.js';
import { assertMayPost } from './sanctions.js';
import { emitQueued, enqueueScreened, screen, type HeldContent } from './screening.js';
import { canSeeComment, commentAudience, commentView } from './visibility.js';
import type { Viewer, ViewerUser } from './viewer.js';

/** Input of create: the shared `CreateCommentBody` plus an optional client-generated command id. */
export interface NewComment {
  position?: Position;
  body: string;
  parentId?: string | null;
  /** The plan (and scenario of it) the comment belongs to; a reply takes its parent's. */
  planId?: string | null;
  scenarioId?: string | null;
  /** Same author + same clientId → the stored comment is returned, nothing new is made. */
  clientId?: string | null;
  /** Post even though personal data was detected: the comment is then held for review (screening.ts). */
  confirmPersonalData?: boolean;
}

export interface Page {
  items: CommentRecord[];
  /** Opaque cursor for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface PageOptions {
  cursor?: string;
  /** 1..LIMITS.pageSize.max; default LIMITS.pageSize.default. */
  limit?: number;
}

/** Filters of top-level listings: only the comments of one plan (and one of its scenarios). */
export interface CommentListFilter {
  planId?: string;
  scenarioId?: string;
}

/** Settings of the comment service from the config (app.ts). */
export interface CommentServiceOptions {
  /** Public position precision in metres (config PUBLIC_POSITION_PRECISION_M, default 1): see `toWire`. */
  publicPositionPrecisionM?: number;
}

export class CommentService {
  /** Metres to which every public serialization rounds positions (issue 6). */
  readonly publicPositionPrecisionM: number;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly bus: EventBus,
    private readonly now: () => Date = () => new Date(),
    /** The plan gate's entry (phase checks); defaults to one on the same database, bus and clock. */
    private readonly plans: PlanService = new PlanService(db, bus, now),
    opts: CommentServiceOptions = {},
  ) {
    this.publicPositionPrecisionM = opts.publicPositionPrecisionM ?? 1;
  }

  /**
   * The public wire shape of a comment that passed the gate (REST, GeoJSON, socket broadcast and ack): position
   * rounded to `publicPositionPrecisionM` metres, placeholders and removed participants as comment-record.ts says.
   */
  toWire(c: CommentRecord): Comment {
    return toWireComment(c, this.publicPositionPrecisionM);
  }

  /**
   * Stores a comment by `author` and returns it (`created: false` when the clientId was used before by this
   * author: the earlier comment is returned). Emits `comment:created` after the commit, only when new.
   * Threads are one level deep: a reply to a reply is stored in the thread of its top-level comment
   * (its `parentId` is that comment's id), at the thread's position.
   * @throws DomainError validation_failed (body, position, scenarioId not of the plan, planId differing from the
   *   parent's), unknown_parent (parentId names no comment the author can see, a placeholder, or a reply in a placeholder's
   *   thread), not_found (planId names no plan
   *   the author can see; a retried command whose comment is no longer visible), phase_closed (the plan is not
   *   published or its current phase does not allow comments), account_muted / account_banned (sanctions.ts),
   *   content_blocked / personal_data_detected (screening.ts). `held` is set when the comment was stored held for
   *   review (personal data confirmed, or a `hold` word filter): it is hidden and not broadcast.
   */
  async create(author: ViewerUser, input: NewComment): Promise<{ comment: CommentRecord; created: boolean; held: HeldContent | null }> {
    const parsed = CreateCommentBody.safeParse({
      position: input.position,
      body: input.body,
      parentId: input.parentId,
      planId: input.planId,
      scenarioId: input.scenarioId,
    });
    if (!parsed.success) {
      throw new DomainError(ErrorCode.validation, 'The comment is not valid.', fieldErrorsFromIssues(parsed.error.issues));
    }
    const { body, position, parentId } = parsed.data;
    let planId = parsed.data.planId ?? null;
    let scenarioId = parsed.data.scenarioId ?? null;
    const clientId = input.clientId ?? null;
    const viewer: Viewer = { user: author };
    const audience = commentAudience(viewer);

    const result = await this.db.transaction().execute(async (trx) => {
      await assertMayPost(trx, author.id, this.now()); // account_muted / account_banned (issue 6)
      if (clientId !== null) {
        // Own retries also find a comment that was held on its first try (answered as held again).
        const existing = await findCommentByClientId(trx, author.id, clientId, { ...audience, hidden: true });
        if (existing) return { row: existing, created: false, held: await heldAnswer(trx, existing), screening: null, kind: 'comment' as const };
      }
      let pos = position;
      let threadId: string | null = null;
      if (parentId) {
        const parent = await findCommentById(trx, parentId, audience);
        if (!parent || !canSeeComment(viewer, recordFromRow(parent))) {
          throw new DomainError(ErrorCode.unknownParent, `There is no comment ${JSON.stringify(parentId)} to reply to.`, [
            { path: 'parentId', message: 'unknown comment' },
          ]);
        }
        pos = { lon: parent.lon, lat: parent.lat, height: parent.height };
        // Threads are one level deep (as the UI shows them): a reply to a reply joins its thread.
        threadId = parent.parent_id ?? parent.id;
        if (parent.parent_id !== null) {
          // A thread whose top comment is a placeholder (hidden/removed, issue 6) takes no new replies.
          const top = await findCommentById(trx, parent.parent_id, audience);
          if (!top || !canSeeComment(viewer, recordFromRow(top))) {
            throw new DomainError(ErrorCode.unknownParent, `There is no comment ${JSON.stringify(parentId)} to reply to.`, [
              { path: 'parentId', message: 'unknown comment' },
            ]);
          }
        }
        if ((planId !== null && planId !== parent.plan_id) || (scenarioId !== null && scenarioId !== parent.scenario_id)) {
          throw new DomainError(ErrorCode.validation, 'A reply belongs to the plan and scenario of the comment it replies to.', [
            { path: planId !== parent.plan_id ? 'planId' : 'scenarioId', message: 'differs from the parent comment' },
          ]);
        }
        planId = parent.plan_id;
        scenarioId = parent.scenario_id;
      }
      if (planId !== null) {
        // The plan gate: not_found when invisible, phase_closed unless published in a phase that allows comments.
        assertCan(viewer, await this.plans.access(viewer, planId, trx), 'comment');
        if (scenarioId !== null && !(await findScenario(trx, planId, scenarioId))) {
          throw new DomainError(ErrorCode.validation, `This plan has no scenario ${JSON.stringify(scenarioId)}.`, [
            { path: 'scenarioId', message: 'not a scenario of this plan' },
          ]);
        }
      }
      const id = randomUUID();
      const at = this.now().toISOString();
      // Word filters and personal data (issue 6): content_blocked / personal_data_detected, or held / flagged.
      const screening = await screen(trx, { body }, input.confirmPersonalData === true, at);
      const inserted = await insertComment(trx, {
        id,
        author_id: author.id,
        client_id: clientId,
        body,
        lon: pos!.lon,
        lat: pos!.lat,
        height: pos!.height,
        parent_id: threadId,
        created_at: at,
        hidden_at: screening.hiddenAt,
        deleted_at: null,
        plan_id: planId,
        scenario_id: scenarioId,
      });
      const kind = threadId === null ? ('comment' as const) : ('reply' as const);
      if (inserted) await enqueueScreened(trx, screening, { kind, id, authorId: author.id, planId, at });
      // A held comment is hidden from its author too; read it back as stored.
      const readAs = inserted && screening.hiddenAt !== null ? { ...audience, hidden: true } : audience;
      const row: CommentRow | undefined = inserted
        ? await findCommentById(trx, id, readAs)
        : await findCommentByClientId(trx, author.id, clientId!, { ...audience, hidden: true });
      if (!row) throw new Error(`comment ${id} vanished inside its own transaction`);
      const held: HeldContent | null = inserted ? (screening.outcome === 'hold' ? { held: true, kind, id } : null) : await heldAnswer(trx, row);
      return { row, created: inserted, held, screening: inserted ? screening : null, kind };
    });

    const comment = recordFromRow(result.row);
    if (!result.created && !result.held && !canSeeComment(viewer, comment)) {
      throw new DomainError(ErrorCode.notFound, 'This command was applied before; its comment is no longer visible.');
    }
    if (result.created && !result.held) this.bus.emit('comment:created', { comment });
    if (result.screening) emitQueued(this.bus, result.screening, result.kind, comment.id);
    return { comment, created: result.created, held: result.held };
  }

  /**
   * One comment the viewer may see, or a placeholder (hidden/removed top-level comment with visible replies; the
   * record keeps its flags and `toWire` strips text and author). @throws DomainError not_found otherwise.
   */
  async get(viewer: Viewer, id: string): Promise<CommentRecord> {
    const row = await findCommentById(this.db, id, commentAudience(viewer));
    const rec = row && recordFromRow(row);
    if (!rec || commentView(viewer, rec) === null) throw new DomainError(ErrorCode.notFound, `There is no comment ${JSON.stringify(id)}.`);
    return rec;
  }

  /**
   * Top-level comments whose pin lies in `bbox` ([west, south, east, north], degrees; null: anywhere), newest
   * first, optionally only those of one plan (and scenario).
   * @throws DomainError validation_failed for a bad cursor; not_found when filter.planId names no plan the viewer sees.
   */
  async listInBBox(viewer: Viewer, bbox: BBox | null, opts: PageOptions = {}, filter: CommentListFilter = {}): Promise<Page> {
    if (filter.planId !== undefined) await this.plans.access(viewer, filter.planId); // not_found for invisible plans
    const after = decodeCursor(opts.cursor);
    const limit = clampLimit(opts.limit);
    const audience = commentAudience(viewer);
    if (bbox === null) return this.page(viewer, await listCommentsInBBox(this.db, null, audience, after, limit + 1, filter), limit);
    // Issue 6: the box is decided on the ROUNDED (public) position, so bisecting it reveals no more than the
    // rounding. The store scans a box widened by one grid step; rows whose rounded pin is outside are skipped.
    const p = this.publicPositionPrecisionM;
    const wide = widenBBoxForRounding(bbox, p);
    return this.scanPage(
      (from, n) => listCommentsInBBox(this.db, wide, audience, from, n, filter),
      (row) => roundedInBBox(bbox, row, p) && commentView(viewer, recordFromRow(row)) !== null,
      after,
      limit,
    );
  }

  /**
   * A keyset page of the rows `fetch` yields (newest first) that pass `keep`. Scans batches of limit + 1 rows,
   * at most MAX_SCAN_BATCHES of them, so a page may hold fewer than `limit` items (even none) while `nextCursor`
   * is set: the cursor always continues right after the last row SCANNED (kept or not), so nothing is skipped
   * or repeated. nextCursor is null only when the rows are exhausted.
   */
  private async scanPage(
    fetch: (after: Keyset | undefined, n: number) => Promise<CommentRow[]>,
    keep: (row: CommentRow) => boolean,
    after: Keyset | undefined,
    limit: number,
  ): Promise<Page> {
    const kept: CommentRow[] = [];
    const batch = limit + 1;
    let last = after;
    for (let i = 0; i < MAX_SCAN_BATCHES; i++) {
      const rows = await fetch(last, batch);
      for (const row of rows) {
        // A full page and one more row: the next page starts after the last row taken.
        if (kept.length === limit) return { items: kept.map(recordFromRow), nextCursor: encodeCursor(last!) };
        last = { createdAt: row.created_at, id: row.id };
        if (keep(row)) kept.push(row);
      }
      if (rows.length < batch) return { items: kept.map(recordFromRow), nextCursor: null };
    }
    return { items: kept.map(recordFromRow), nextCursor: last ? encodeCursor(last) : null };
  }

  /**
   * Replies to `parentId`, oldest first.
   * @throws DomainError not_found when the viewer may not see the parent; validation_failed for a bad cursor.
   */
  async listReplies(viewer: Viewer, parentId: string, opts: PageOptions = {}): Promise<Page> {
    await this.get(viewer, parentId);
    const after = decodeCursor(opts.cursor);
    const limit = clampLimit(opts.limit);
    const rows = await listReplies(this.db, parentId, commentAudience(viewer), after, limit + 1);
    return this.page(viewer, rows, limit);
  }

  private page(viewer: Viewer, rows: CommentRow[], limit: number): Page {
    const more = rows.length > limit;
    const pageRows = more ? rows.slice(0, limit) : rows;
    // The query already filtered by the audience; asking the gate again keeps "every read path asks it" literal.
    // Top-level listings include placeholders (commentView 'placeholder'); replies are only ever 'full'.
    const items = pageRows.map(recordFromRow).filter((c) => commentView(viewer, c) !== null);
    const last = pageRows[pageRows.length - 1];
    return { items, nextCursor: more && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null };
  }
}

/** The held answer for an own comment that is still held for review (moderation_items state held), else null. */
async function heldAnswer(db: Kysely<Database>, row: CommentRow): Promise<HeldContent | null> {
  if (row.hidden_at === null) return null;
  const kind = row.parent_id === null ? ('comment' as const) : ('reply' as const);
  const item = await db
    .selectFrom('moderation_items')
    .select('state')
    .where('content_kind', '=', kind)
    .where('content_id', '=', row.id)
    .executeTakeFirst();
  return item?.state === 'held' ? { held: true, kind, id: row.id } : null;
}

/** Batches of limit + 1 rows one bbox page scans at most before answering a short page (with a cursor). */
const MAX_SCAN_BATCHES = 5;

function clampLimit(limit: number | undefined): number {
  const n = limit ?? LIMITS.pageSize.default;
  return Math.max(1, Math.min(LIMITS.pageSize.max, Math.floor(n)));
}
