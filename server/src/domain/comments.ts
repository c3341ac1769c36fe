/**
 * Comments: create (idempotent by author + clientId, replies stored at their parent's position), read one,
 * list by bbox (newest first) and list replies (oldest first), both keyset-paginated. Every read goes through
 * the visibility gate (visibility.ts); after a commit the service emits `comment:created` on the event bus.
 * Comments of a plan (issue 4) are accepted only while the plan is published and its current phase allows
 * comments (plan-access.ts, server clock); replies belong to their parent's plan and scenario.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { CreateCommentBody, ErrorCode, LIMITS, type BBox, type Position } from '../../../shared/index.js';
import { findScenario } from '../store/scenarios.js';
import type { Database } from '../store/schema.js';
import {
  findCommentByClientId,
  findCommentById,
  insertComment,
  listCommentsInBBox,
  listReplies,
  type CommentRow,
} from '../store/comments.js';
import { recordFromRow, type CommentRecord } from './comment-record.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { DomainError, fieldErrorsFromIssues } from './errors.js';
import type { EventBus } from './events.js';
import { assertCan } from './plan-access.js';
import { PlanService } from './plans.js';
import { canSeeComment, commentAudience } from './visibility.js';
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

export class CommentService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly bus: EventBus,
    private readonly now: () => Date = () => new Date(),
    /** The plan gate's entry (phase checks); defaults to one on the same database, bus and clock. */
    private readonly plans: PlanService = new PlanService(db, bus, now),
  ) {}

  /**
   * Stores a comment by `author` and returns it (`created: false` when the clientId was used before by this
   * author: the earlier comment is returned). Emits `comment:created` after the commit, only when new.
   * Threads are one level deep: a reply to a reply is stored in the thread of its top-level comment
   * (its `parentId` is that comment's id), at the thread's position.
   * @throws DomainError validation_failed (body, position, scenarioId not of the plan, planId differing from the
   *   parent's), unknown_parent (parentId names no comment the author can see), not_found (planId names no plan
   *   the author can see; a retried command whose comment is no longer visible), phase_closed (the plan is not
   *   published or its current phase does not allow comments).
   */
  async create(author: ViewerUser, input: NewComment): Promise<{ comment: CommentRecord; created: boolean }> {
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
      if (clientId !== null) {
        const existing = await findCommentByClientId(trx, author.id, clientId, audience);
        if (existing) return { row: existing, created: false };
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
      const inserted = await insertComment(trx, {
        id,
        author_id: author.id,
        client_id: clientId,
        body,
        lon: pos!.lon,
        lat: pos!.lat,
        height: pos!.height,
        parent_id: threadId,
        created_at: this.now().toISOString(),
        hidden_at: null,
        deleted_at: null,
        plan_id: planId,
        scenario_id: scenarioId,
      });
      const row: CommentRow | undefined = inserted
        ? await findCommentById(trx, id, audience)
        : await findCommentByClientId(trx, author.id, clientId!, audience);
      if (!row) throw new Error(`comment ${id} vanished inside its own transaction`);
      return { row, created: inserted };
    });

    const comment = recordFromRow(result.row);
    if (!result.created && !canSeeComment(viewer, comment)) {
      throw new DomainError(ErrorCode.notFound, 'This command was applied before; its comment is no longer visible.');
    }
    if (result.created) this.bus.emit('comment:created', { comment });
    return { comment, created: result.created };
  }

  /** One comment the viewer may see. @throws DomainError not_found otherwise. */
  async get(viewer: Viewer, id: string): Promise<CommentRecord> {
    const row = await findCommentById(this.db, id, commentAudience(viewer));
    const rec = row && recordFromRow(row);
    if (!rec || !canSeeComment(viewer, rec)) throw new DomainError(ErrorCode.notFound, `There is no comment ${JSON.stringify(id)}.`);
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
    const rows = await listCommentsInBBox(this.db, bbox, commentAudience(viewer), after, limit + 1, filter);
    return this.page(viewer, rows, limit);
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
    const items = pageRows.map(recordFromRow).filter((c) => canSeeComment(viewer, c));
    const last = pageRows[pageRows.length - 1];
    return { items, nextCursor: more && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null };
  }
}

function clampLimit(limit: number | undefined): number {
  const n = limit ?? LIMITS.pageSize.default;
  return Math.max(1, Math.min(LIMITS.pageSize.max, Math.floor(n)));
}
