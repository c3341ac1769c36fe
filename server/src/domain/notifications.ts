/**
 * Following and in-app notifications (issue 5).
 * - Follow a plan or a thread (idempotent); only what the viewer may see (`not_found` otherwise). Creating a thread
 *   follows it (ThreadService).
 * - `notifyFollowers` runs inside the transaction of the change that causes it (reply, answer, status change): one
 *   row per follower of the thread or of its plan, never for the actor, and only for followers who may see the
 *   thread now (plan gate, per follower with their role and partner invitations).
 * - Listing checks the gate again in SQL (a thread on a draft plan the receiver lost access to disappears, and is
 *   not counted as unread). A notification carries ids, the thread title, the new status and the actor; never text.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ErrorCode, FollowBody, NotificationsQuery, THREAD_LIMITS, type Notification, type ThreadStatus } from '../../../shared/index.js';
import { findPlanById, partnerIds } from '../store/plans.js';
import type { Database } from '../store/schema.js';
import {
  countUnread,
  deleteFollow,
  findNotification,
  followersOf,
  insertFollow,
  insertNotifications,
  listFollows,
  listNotifications,
  markRead,
  type FollowTarget,
  type NotificationRow,
} from '../store/threads.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { DomainError, fieldErrorsFromIssues } from './errors.js';
import type { EventBus } from './events.js';
import { canSeePlan, planAudience } from './plan-access.js';
import type { PlanService } from './plans.js';
import { toWireNotification } from './thread-record.js';
import { viewerOf, type Viewer, type ViewerUser } from './viewer.js';

export interface NotifyInput {
  thread: { id: string; plan_id: string | null; title: string };
  kind: Notification['kind'];
  actor: { id: string; displayName: string };
  postId: string | null;
  status: ThreadStatus | null;
  at: string;
}

/**
 * Stores the notifications of one change for the followers who may see the thread (not the actor). Call inside
 * the change's transaction; emit the returned ones after the commit (`emitNotifications`).
 */
export async function notifyFollowers(trx: Kysely<Database>, n: NotifyInput): Promise<{ userId: string; notification: Notification }[]> {
  const followers = (await followersOf(trx, n.thread.id, n.thread.plan_id)).filter((f) => f.id !== n.actor.id);
  if (followers.length === 0) return [];
  let maySee: (f: { id: string; role: ViewerUser['role'] }) => boolean = () => true;
  if (n.thread.plan_id !== null) {
    const plan = await findPlanById(trx, n.thread.plan_id);
    const partners = await partnerIds(trx, n.thread.plan_id);
    maySee = (f) => plan !== undefined && canSeePlan(viewerOf(f), plan, partners.has(f.id));
  }
  const rows: NotificationRow[] = followers.filter(maySee).map((f) => ({
    id: randomUUID(),
    user_id: f.id,
    kind: n.kind,
    thread_id: n.thread.id,
    plan_id: n.thread.plan_id,
    post_id: n.postId,
    status: n.status,
    actor_id: n.actor.id,
    created_at: n.at,
    read_at: null,
    content_kind: null,
    content_id: null,
    action: null,
    reason: null,
    actor_display_name: n.actor.displayName,
    thread_title: n.thread.title,
  }));
  await insertNotifications(
    trx,
    rows.map(({ actor_display_name: _a, thread_title: _t, ...row }) => row),
  );
  return rows.map((r) => ({ userId: r.user_id, notification: toWireNotification(r) }));
}

export function emitNotifications(bus: EventBus, list: { userId: string; notification: Notification }[]): void {
  for (const x of list) bus.emit('notification:created', x);
}

export class NotificationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly plans: PlanService,
    /** The thread gate: resolves when the viewer may see the thread, throws not_found otherwise. */
    private readonly seeThread: (viewer: Viewer, threadId: string) => Promise<unknown>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async target(user: ViewerUser, body: unknown): Promise<FollowTarget> {
    const r = FollowBody.safeParse(body);
    if (!r.success) throw new DomainError(ErrorCode.validation, 'The follow request is not valid.', fieldErrorsFromIssues(r.error.issues));
    const viewer = viewerOf(user);
    if (r.data.planId !== undefined) {
      await this.plans.access(viewer, r.data.planId);
      return { planId: r.data.planId };
    }
    await this.seeThread(viewer, r.data.threadId!);
    return { threadId: r.data.threadId! };
  }

  /** Follows a plan or thread the user may see (idempotent). @throws validation_failed, not_found. */
  async follow(user: ViewerUser, body: unknown): Promise<void> {
    const t = await this.target(user, body);
    await insertFollow(this.db, user.id, t, this.now().toISOString());
  }

  /** Stops following (idempotent; also fine when not following). */
  async unfollow(user: ViewerUser, body: unknown): Promise<void> {
    const r = FollowBody.safeParse(body);
    if (!r.success) throw new DomainError(ErrorCode.validation, 'The follow request is not valid.', fieldErrorsFromIssues(r.error.issues));
    await deleteFollow(this.db, user.id, r.data.planId !== undefined ? { planId: r.data.planId } : { threadId: r.data.threadId! });
  }

  async follows(user: ViewerUser) {
    const rows = await listFollows(this.db, user.id);
    return rows.map((f) => ({ planId: f.plan_id, threadId: f.thread_id, createdAt: f.created_at }));
  }

  /** The user's notifications on threads they may see now, newest first; `NotificationsQuery`. */
  async list(user: ViewerUser, query: unknown) {
    const r = NotificationsQuery.safeParse(query);
    if (!r.success) throw new DomainError(ErrorCode.validation, 'The query is not valid.', fieldErrorsFromIssues(r.error.issues));
    const limit = r.data.limit ?? THREAD_LIMITS.pageSize.default;
    const audience = planAudience(viewerOf(user));
    const rows = await listNotifications(this.db, user.id, audience, {
      unreadOnly: r.data.unread === 'true',
      before: decodeCursor(r.data.cursor),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      notifications: page.map(toWireNotification),
      unreadCount: await countUnread(this.db, user.id, audience),
      nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
    };
  }

  /** Marks one of the user's visible notifications read (idempotent). @throws not_found. */
  async markRead(user: ViewerUser, id: string): Promise<Notification> {
    const audience = planAudience(viewerOf(user));
    const row = await findNotification(this.db, user.id, audience, id);
    if (!row) throw new DomainError(ErrorCode.notFound, `There is no notification ${JSON.stringify(id)}.`);
    await markRead(this.db, id, this.now().toISOString());
    return toWireNotification((await findNotification(this.db, user.id, audience, id))!);
  }
}
