/**
 * Co-creation threads (issue 5): open, read, list, reply, answer, support, set status. Every call goes through
 * the thread gate (thread-record.ts; the plan gate for threads of a plan). Changes that notify followers store the
 * notifications in their own transaction (notifications.ts) and, after the commit, emit `thread:updated` and
 * `notification:created`. Sketches live in thread-sketches.ts, following in notifications.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import {
  BBoxQuery,
  CreatePostBody,
  CreateThreadBody,
  ErrorCode,
  THREAD_LIMITS,
  ThreadsQuery,
  UpdateThreadStatusBody,
  roundedInBBox,
  widenBBoxForRounding,
  type BBox,
  type Post,
  type Thread,
  type ThreadAnchor,
} from '../../../shared/index.js';
import { findScenario } from '../store/scenarios.js';
import type { Database } from '../store/schema.js';
import {
  deleteSupport,
  findThread,
  insertFollow,
  insertPost,
  insertSupport,
  insertThread,
  isFollowing,
  listPosts,
  listSketches,
  listThreads,
  supportedBy,
  touchThread,
  updateThreadStatus,
  type ThreadRow,
} from '../store/threads.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { DomainError, fieldErrorsFromIssues } from './errors.js';
import type { EventBus } from './events.js';
import { emitNotifications, notifyFollowers, NotificationService } from './notifications.js';
import { checkPlanArea } from './plan-area.js';
import { currentAllows, planAudience } from './plan-access.js';
import type { PlanService } from './plans.js';
import { assertMayPost } from './sanctions.js';
import { emitQueued, enqueueScreened, screen, type HeldContent } from './screening.js';
import { SketchService, insertNewSketch } from './thread-sketches.js';
import {
  assertManage,
  assertParticipate,
  threadPermissions,
  toWirePost,
  toWireThread,
  type ThreadAccess,
} from './thread-record.js';
import { viewerOf, type Viewer, type ViewerUser } from './viewer.js';

/** Most threads one listing returns (newest first). */
export const MAX_THREADS_LISTED = 500;
/** Batches of MAX_THREADS_LISTED rows a bbox listing scans at most (rows whose rounded pin is outside are skipped). */
const MAX_THREAD_SCAN_BATCHES = 4;

export function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new DomainError(ErrorCode.validation, `The ${what} is not valid.`, fieldErrorsFromIssues(r.error.issues));
  return r.data;
}

/** The pin of an anchor (the area's bbox centre at height 0) and the normalised anchor. @throws invalid_area. */
function placeAnchor(anchor: ThreadAnchor): { anchor: ThreadAnchor; lon: number; lat: number; height: number } {
  if (!('type' in anchor)) return { anchor, lon: anchor.lon, lat: anchor.lat, height: anchor.height };
  try {
    const { area, bbox } = checkPlanArea(anchor);
    const [w, s, e, n] = bbox;
    return { anchor: area, lon: (w + e) / 2, lat: (s + n) / 2, height: 0 };
  } catch (err) {
    if (err instanceof DomainError) {
      throw new DomainError(err.code, err.message, err.errors?.map((f) => ({ ...f, path: f.path.replace(/^area/, 'anchor') })));
    }
    throw err;
  }
}

export class ThreadService {
  readonly notifications: NotificationService;
  readonly sketches: SketchService;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly plans: PlanService,
    private readonly bus: EventBus,
    private readonly now: () => Date = () => new Date(),
    /** Public position precision, metres (config PUBLIC_POSITION_PRECISION_M): pins, anchors and sketches are rounded to it. */
    private readonly precisionM: number = 1,
  ) {
    this.notifications = new NotificationService(db, plans, (v, id) => this.access(v, id), now);
    this.sketches = new SketchService(db, (v, id, d) => this.access(v, id, d), bus, now, precisionM);
  }

  /**
   * THE entry to a thread for a viewer: the row, its plan's access (or null) and the viewer's permissions.
   * @throws not_found when there is no such thread, the viewer may not see it (its plan is hidden from them), or it
   *   is under moderation (held, hidden or removed: `hidden_at` / `deleted_at` set; issue 6: invisible to everyone,
   *   moderators too, in the normal paths).
   */
  async access(viewer: Viewer, threadId: string, db: Kysely<Database> = this.db): Promise<ThreadAccess> {
    const thread = await findThread(db, threadId);
    if (!thread || thread.hidden_at !== null || thread.deleted_at !== null) {
      throw new DomainError(ErrorCode.notFound, `There is no thread ${JSON.stringify(threadId)}.`);
    }
    let plan = null;
    if (thread.plan_id !== null) {
      try {
        plan = await this.plans.access(viewer, thread.plan_id, db);
      } catch (err) {
        if (err instanceof DomainError && err.code === ErrorCode.notFound) {
          throw new DomainError(ErrorCode.notFound, `There is no thread ${JSON.stringify(threadId)}.`);
        }
        throw err;
      }
    }
    return { thread, plan, can: threadPermissions(viewer, thread, plan, this.now()) };
  }

  /** Serializes threads for one viewer (sketches, supportedByMe, followedByMe, can). */
  private async wire(viewer: Viewer, accesses: ThreadAccess[], db: Kysely<Database> = this.db): Promise<Thread[]> {
    const ids = accesses.map((a) => a.thread.id);
    const sketches = await listSketches(db, ids);
    const supported = await supportedBy(db, ids, viewer.user?.id ?? null);
    const out: Thread[] = [];
    for (const a of accesses) {
      const following = await isFollowing(db, viewer.user?.id ?? null, a.thread.id);
      out.push(toWireThread(a.thread, sketches, { supported: supported.has(a.thread.id), following }, a.can, this.precisionM));
    }
    return out;
  }

  /** One thread as the viewer sees it. @throws not_found. */
  async get(viewer: Viewer, threadId: string): Promise<Thread> {
    return (await this.wire(viewer, [await this.access(viewer, threadId)]))[0]!;
  }

  /** The thread for a viewer, or null when they may not see it (used by broadcasts, per receiving socket). */
  async viewFor(viewer: Viewer, threadId: string): Promise<Thread | null> {
    try {
      return await this.get(viewer, threadId);
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCode.notFound) return null;
      throw err;
    }
  }

  /** Threads the viewer may see, by plan and/or bbox, newest first (at most MAX_THREADS_LISTED). */
  async list(viewer: Viewer, query: unknown = {}): Promise<Thread[]> {
    const q = parse(ThreadsQuery, query, 'query');
    const bbox = q.bbox === undefined ? undefined : parse(BBoxQuery, q.bbox, 'bbox');
    if (q.planId !== undefined) await this.plans.access(viewer, q.planId); // not_found for hidden plans
    const rows = await this.listRows(viewer, { planId: q.planId, bbox: bbox as BBox | undefined, status: q.status });
    const planCache = new Map<string, Awaited<ReturnType<PlanService['access']>> | null>();
    const accesses: ThreadAccess[] = [];
    for (const thread of rows) {
      let plan = null;
      if (thread.plan_id !== null) {
        if (!planCache.has(thread.plan_id)) {
          planCache.set(thread.plan_id, await this.plans.access(viewer, thread.plan_id).catch(() => null));
        }
        plan = planCache.get(thread.plan_id)!;
        if (!plan) continue; // the SQL audience and the gate agree; asking again keeps "every read asks the gate" literal
      }
      accesses.push({ thread, plan, can: threadPermissions(viewer, thread, plan, this.now()) });
    }
    return this.wire(viewer, accesses);
  }

  /**
   * The rows of `list`: newest first, at most MAX_THREADS_LISTED. With a bbox (issue 6) the box is decided on the
   * ROUNDED (public) pin, so bisecting it reveals no more than the rounding: the store scans the box widened by
   * one grid step (shared/geo.ts widenBBoxForRounding) in keyset batches and rows whose rounded pin lies outside
   * are dropped, until MAX_THREADS_LISTED are kept or the rows are exhausted (at most MAX_THREAD_SCAN_BATCHES).
   */
  private async listRows(viewer: Viewer, f: { planId?: string; bbox?: BBox; status?: ThreadRow['status'] }): Promise<ThreadRow[]> {
    const audience = planAudience(viewer);
    const bbox = f.bbox;
    if (bbox === undefined) return listThreads(this.db, audience, { ...f, limit: MAX_THREADS_LISTED });
    const wide = widenBBoxForRounding(bbox, this.precisionM);
    const kept: ThreadRow[] = [];
    let after: { createdAt: string; id: string } | undefined;
    for (let i = 0; i < MAX_THREAD_SCAN_BATCHES && kept.length < MAX_THREADS_LISTED; i++) {
      const rows = await listThreads(this.db, audience, { ...f, bbox: wide, after, limit: MAX_THREADS_LISTED });
      for (const row of rows) {
        if (kept.length === MAX_THREADS_LISTED) break;
        if (roundedInBBox(bbox, row, this.precisionM)) kept.push(row);
      }
      if (rows.length < MAX_THREADS_LISTED) break;
      const last = rows[rows.length - 1]!;
      after = { createdAt: last.created_at, id: last.id };
    }
    return kept;
  }

  /**
   * Opens a thread (any signed-in account). With `planId`: the plan must be visible (`not_found`) and published in
   * a phase that allows `cocreate` (`phase_closed`); `scenarioId` must be a scenario of it. The author follows the
   * thread. Sketches in the body are created as version 1.
   * Screened (screening.ts: title, text, sketch labels): when held, the thread is stored hidden and the answer is
   * `{held: true, kind: 'thread', id}` instead of the thread.
   * @throws validation_failed, not_found, phase_closed, invalid_area (area anchor), invalid_sketch, account_muted,
   *   content_blocked, personal_data_detected.
   */
  async create(user: ViewerUser, input: unknown): Promise<Thread | HeldContent> {
    const body = parse(CreateThreadBody, input, 'thread');
    await assertMayPost(this.db, user.id, this.now());
    const viewer = viewerOf(user);
    const planId = body.planId ?? null;
    const scenarioId = body.scenarioId ?? null;
    if (planId !== null) {
      const a = await this.plans.access(viewer, planId);
      if (!currentAllows(a.plan, this.now()).includes('cocreate')) {
        throw new DomainError(ErrorCode.phaseClosed, `You cannot open a thread on this plan now: ${a.plan.status !== 'published' ? `the plan is ${a.plan.status}` : 'the current phase does not allow co-creation'}.`);
      }
      if (scenarioId !== null && !(await findScenario(this.db, planId, scenarioId))) {
        throw new DomainError(ErrorCode.validation, 'The thread is not valid.', [{ path: 'scenarioId', message: 'not a scenario of this plan' }]);
      }
    }
    const placed = placeAnchor(body.anchor);
    const at = this.now().toISOString();
    const id = randomUUID();
    const fields: Record<string, string | null | undefined> = { title: body.title, text: body.text };
    for (const [i, s] of body.sketches.entries()) fields[`sketches.${i}.label`] = s.label;
    const screening = await this.db.transaction().execute(async (trx) => {
      const screening = await screen(trx, fields, body.confirmPersonalData === true, at);
      await insertThread(trx, {
        id, plan_id: planId, scenario_id: scenarioId, author_id: user.id, title: body.title, text: body.text,
        anchor: JSON.stringify(placed.anchor), lon: placed.lon, lat: placed.lat, height: placed.height,
        status: 'open', status_reason: null, status_by: null, status_at: null, created_at: at, updated_at: at, hidden_at: screening.hiddenAt, deleted_at: null,
      });
      await insertFollow(trx, user.id, { threadId: id }, at);
      for (const [i, s] of body.sketches.entries()) await insertNewSketch(trx, id, user.id, s, at, `sketches.${i}.`);
      await enqueueScreened(trx, screening, { kind: 'thread', id, authorId: user.id, planId, at });
      return screening;
    });
    emitQueued(this.bus, screening, 'thread', id);
    if (screening.outcome === 'hold') return { held: true, kind: 'thread', id };
    return this.get(viewer, id);
  }

  /**
   * Replies to a thread. `answer: true` marks a planner's answer (managers only; allowed on closed threads too).
   * Notifies the followers of the thread and of its plan (kind `reply` or `answer`).
   * Screened (screening.ts): a held post is stored hidden, nobody is notified, and the answer is
   * `{held: true, kind: 'post', id}` instead of the post.
   * @throws not_found, unauthenticated, thread_closed, phase_closed, forbidden (answer by a non-manager),
   *   account_muted, content_blocked, personal_data_detected.
   */
  async reply(user: ViewerUser, threadId: string, input: unknown): Promise<Post | HeldContent> {
    const body = parse(CreatePostBody, input, 'post');
    const viewer = viewerOf(user);
    const id = randomUUID();
    const at = this.now().toISOString();
    const { post, notes, screening } = await this.db.transaction().execute(async (trx) => {
      await assertMayPost(trx, user.id, this.now());
      const a = await this.access(viewer, threadId, trx);
      if (body.answer) assertManage(viewer, a, 'answer this thread');
      else assertParticipate(viewer, a, this.now());
      const screening = await screen(trx, { text: body.text }, body.confirmPersonalData === true, at);
      const planId = a.thread.plan_id;
      await insertPost(trx, { id, thread_id: threadId, author_id: user.id, text: body.text, answer: body.answer ? 1 : 0, created_at: at, hidden_at: screening.hiddenAt, deleted_at: null });
      await enqueueScreened(trx, screening, { kind: 'post', id, authorId: user.id, planId, at });
      if (screening.outcome === 'hold') return { post: null, notes: [], screening, planId };
      await touchThread(trx, threadId, at);
      const actor = { id: user.id, displayName: await this.displayName(trx, user.id) };
      const notes = await notifyFollowers(trx, { thread: a.thread, kind: body.answer ? 'answer' : 'reply', actor, postId: id, status: null, at });
      const post = { id, thread_id: threadId, author_id: user.id, text: body.text, answer: body.answer ? 1 : 0, created_at: at, hidden_at: null, deleted_at: null, author_display_name: actor.displayName };
      return { post, notes, screening, planId };
    });
    emitQueued(this.bus, screening, 'post', id);
    if (!post) return { held: true, kind: 'post', id };
    this.bus.emit('thread:updated', { threadId });
    emitNotifications(this.bus, notes);
    return toWirePost(post);
  }

  /** Posts of a visible thread, oldest first, keyset-paginated. */
  async posts(viewer: Viewer, threadId: string, query: { cursor?: string; limit?: number }) {
    await this.access(viewer, threadId);
    const limit = query.limit ?? THREAD_LIMITS.pageSize.default;
    const rows = await listPosts(this.db, threadId, decodeCursor(query.cursor), limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { posts: page.map(toWirePost), nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null };
  }

  /** Supports (on=true) or withdraws; idempotent, one support per account by the primary key. */
  async setSupport(user: ViewerUser, threadId: string, on: boolean): Promise<{ supportCount: number; supportedByMe: boolean }> {
    const viewer = viewerOf(user);
    const a = await this.access(viewer, threadId);
    assertParticipate(viewer, a, this.now());
    if (on) await insertSupport(this.db, threadId, user.id, this.now().toISOString());
    else await deleteSupport(this.db, threadId, user.id);
    const row = (await findThread(this.db, threadId))!;
    this.bus.emit('thread:updated', { threadId });
    return { supportCount: row.support_count, supportedByMe: (await supportedBy(this.db, [threadId], user.id)).has(threadId) };
  }

  /**
   * Sets the status with a public reason (managers). Notifies followers (`status_changed`).
   * @throws not_found, forbidden, validation_failed, account_muted / account_banned (sanctions.ts).
   */
  async setStatus(user: ViewerUser, threadId: string, input: unknown): Promise<Thread> {
    const body = parse(UpdateThreadStatusBody, input, 'status change');
    const viewer = viewerOf(user);
    const at = this.now().toISOString();
    const notes = await this.db.transaction().execute(async (trx) => {
      const a = await this.access(viewer, threadId, trx);
      assertManage(viewer, a, 'set the status of this thread');
      await assertMayPost(trx, user.id, this.now()); // the reason is public text (issue 6)
      await updateThreadStatus(trx, threadId, { status: body.status, reason: body.reason, by: user.id, at });
      const actor = { id: user.id, displayName: await this.displayName(trx, user.id) };
      return notifyFollowers(trx, { thread: a.thread, kind: 'status_changed', actor, postId: null, status: body.status, at });
    });
    this.bus.emit('thread:updated', { threadId });
    emitNotifications(this.bus, notes);
    return this.get(viewer, threadId);
  }

  private async displayName(db: Kysely<Database>, userId: string): Promise<string> {
    const r = await db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst();
    return r?.display_name ?? '';
  }
}

export type { ThreadRow };
