/**
 * Queries on co-creation threads, posts, supports, sketches (with versions), follows and notifications (issue 5):
 * one code path for SQLite and PostgreSQL. Which threads a listing may return is passed in as a `PlanAudience`
 * decided by the plan gate (domain/plan-access.ts): a thread without a plan is public, a thread of a plan is
 * visible exactly when its plan is (store/plans.ts `planVisibleTo`).
 */
import { type ExpressionBuilder, type Kysely, type Selectable } from 'kysely';
import { planVisibleTo, type PlanAudience } from './plans.js';
import type {
  Database,
  NotificationsTable,
  SketchesTable,
  SketchVersionsTable,
  ThreadPostsTable,
  ThreadsTable,
} from './schema.js';

export type ThreadRow = Selectable<ThreadsTable> & {
  author_display_name: string;
  /** The author's users.deleted_at: set → the wire shows a removed participant. */
  author_deleted_at: string | null;
  status_by_display_name: string | null;
  status_by_deleted_at: string | null;
  support_count: number;
  post_count: number;
};
export type PostRow = Selectable<ThreadPostsTable> & { author_display_name: string; author_deleted_at?: string | null };
export type SketchRow = Selectable<SketchesTable> & {
  creator_display_name: string;
  updater_display_name: string;
  creator_deleted_at?: string | null;
  updater_deleted_at?: string | null;
};
export type SketchVersionRow = Selectable<SketchVersionsTable> & { author_display_name: string; author_deleted_at?: string | null };
export type NotificationRow = Selectable<NotificationsTable> & {
  actor_display_name: string;
  actor_deleted_at?: string | null;
  thread_title: string | null;
};

/** WHERE: threads (alias `t`, plans left-joined as `p`) the audience may see. */
function threadVisibleTo(audience: PlanAudience) {
  return (eb: ExpressionBuilder<any, any>) => eb.or([eb('t.plan_id', 'is', null), planVisibleTo(audience, 'p')(eb)]);
}

/**
 * WHERE: content of `table` alias `a` is not under moderation (issue 6): neither held/hidden (`hidden_at`) nor
 * removed (`deleted_at`). Every normal read path uses it; the moderation endpoints read the rows without it.
 */
export function notModerated(a: string) {
  return (eb: ExpressionBuilder<any, any>) => eb.and([eb(`${a}.hidden_at`, 'is', null), eb(`${a}.deleted_at`, 'is', null)]);
}

function threadSelect(db: Kysely<Database>) {
  return db
    .selectFrom('threads as t')
    .innerJoin('users as u', 'u.id', 't.author_id')
    .leftJoin('users as sb', 'sb.id', 't.status_by')
    .leftJoin('plans as p', 'p.id', 't.plan_id')
    .selectAll('t')
    .select((eb) => [
      'u.display_name as author_display_name',
      'u.deleted_at as author_deleted_at',
      'sb.display_name as status_by_display_name',
      'sb.deleted_at as status_by_deleted_at',
      eb.selectFrom('thread_supports as s').select(eb.fn.countAll<number>().as('n')).whereRef('s.thread_id', '=', 't.id').as('support_count'),
      eb
        .selectFrom('thread_posts as tp')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('tp.thread_id', '=', 't.id')
        .where('tp.hidden_at', 'is', null)
        .where('tp.deleted_at', 'is', null)
        .as('post_count'),
    ]);
}

function normaliseThread(r: any): ThreadRow {
  return { ...r, support_count: Number(r.support_count ?? 0), post_count: Number(r.post_count ?? 0) };
}

export async function insertThread(db: Kysely<Database>, row: Selectable<ThreadsTable>): Promise<void> {
  await db.insertInto('threads').values(row).execute();
}

/** One thread by id, also a moderated one (no gate: the caller asks it; ThreadService.access refuses moderated ones). */
export async function findThread(db: Kysely<Database>, id: string): Promise<ThreadRow | undefined> {
  const r = await threadSelect(db).where('t.id', '=', id).executeTakeFirst();
  return r ? normaliseThread(r) : undefined;
}

export interface ThreadFilter {
  planId?: string;
  /** [west, south, east, north]; west > east crosses the antimeridian. */
  bbox?: [number, number, number, number];
  status?: ThreadsTable['status'];
  limit: number;
  /** Keyset: only threads strictly after this one in the newest-first order (created_at, id). */
  after?: { createdAt: string; id: string };
}

/** Threads the audience may see (never moderated ones: hidden, held or removed), newest first. */
export async function listThreads(db: Kysely<Database>, audience: PlanAudience, f: ThreadFilter): Promise<ThreadRow[]> {
  let q = threadSelect(db).where(threadVisibleTo(audience)).where(notModerated('t'));
  if (f.planId !== undefined) q = q.where('t.plan_id', '=', f.planId);
  if (f.status !== undefined) q = q.where('t.status', '=', f.status);
  if (f.bbox) {
    const [w, s, e, n] = f.bbox;
    q = q.where('t.lat', '>=', s).where('t.lat', '<=', n);
    q = w <= e ? q.where('t.lon', '>=', w).where('t.lon', '<=', e) : q.where((eb) => eb.or([eb('t.lon', '>=', w), eb('t.lon', '<=', e)]));
  }
  const after = f.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([eb('t.created_at', '<', after.createdAt), eb.and([eb('t.created_at', '=', after.createdAt), eb('t.id', '<', after.id)])]),
    );
  }
  const rows = await q.orderBy('t.created_at', 'desc').orderBy('t.id', 'desc').limit(f.limit).execute();
  return rows.map(normaliseThread);
}

export async function updateThreadStatus(
  db: Kysely<Database>,
  id: string,
  v: { status: ThreadsTable['status']; reason: string; by: string; at: string },
): Promise<void> {
  await db
    .updateTable('threads')
    .set({ status: v.status, status_reason: v.reason, status_by: v.by, status_at: v.at, updated_at: v.at })
    .where('id', '=', id)
    .execute();
}

export async function touchThread(db: Kysely<Database>, id: string, at: string): Promise<void> {
  await db.updateTable('threads').set({ updated_at: at }).where('id', '=', id).execute();
}

// --- Posts --------------------------------------------------------------------------------------

export async function insertPost(db: Kysely<Database>, row: Selectable<ThreadPostsTable>): Promise<void> {
  await db.insertInto('thread_posts').values(row).execute();
}

/** Visible posts of a thread (not hidden, held or removed), oldest first, after the keyset `after` (created_at, id). */
export async function listPosts(
  db: Kysely<Database>,
  threadId: string,
  after: { createdAt: string; id: string } | undefined,
  limit: number,
): Promise<PostRow[]> {
  let q = db
    .selectFrom('thread_posts as tp')
    .innerJoin('users as u', 'u.id', 'tp.author_id')
    .selectAll('tp')
    .select(['u.display_name as author_display_name', 'u.deleted_at as author_deleted_at'])
    .where('tp.thread_id', '=', threadId)
    .where(notModerated('tp'));
  if (after) {
    q = q.where((eb) =>
      eb.or([eb('tp.created_at', '>', after.createdAt), eb.and([eb('tp.created_at', '=', after.createdAt), eb('tp.id', '>', after.id)])]),
    );
  }
  return q.orderBy('tp.created_at', 'asc').orderBy('tp.id', 'asc').limit(limit).execute();
}

// --- Supports -----------------------------------------------------------------------------------

/** Adds the support unless there is one (the primary key decides; parallel calls leave one row). */
export async function insertSupport(db: Kysely<Database>, threadId: string, userId: string, at: string): Promise<void> {
  await db
    .insertInto('thread_supports')
    .values({ thread_id: threadId, user_id: userId, created_at: at })
    .onConflict((oc) => oc.columns(['thread_id', 'user_id']).doNothing())
    .execute();
}

export async function deleteSupport(db: Kysely<Database>, threadId: string, userId: string): Promise<void> {
  await db.deleteFrom('thread_supports').where('thread_id', '=', threadId).where('user_id', '=', userId).execute();
}

/** Of `threadIds`, those `userId` supports. */
export async function supportedBy(db: Kysely<Database>, threadIds: string[], userId: string | null): Promise<Set<string>> {
  if (!userId || threadIds.length === 0) return new Set();
  const rows = await db.selectFrom('thread_supports').select('thread_id').where('user_id', '=', userId).where('thread_id', 'in', threadIds).execute();
  return new Set(rows.map((r) => r.thread_id));
}

// --- Sketches -----------------------------------------------------------------------------------

function sketchSelect(db: Kysely<Database>) {
  return db
    .selectFrom('sketches as k')
    .innerJoin('users as c', 'c.id', 'k.created_by')
    .innerJoin('users as e', 'e.id', 'k.updated_by')
    .selectAll('k')
    .select([
      'c.display_name as creator_display_name',
      'e.display_name as updater_display_name',
      'c.deleted_at as creator_deleted_at',
      'e.deleted_at as updater_deleted_at',
    ])
    .where(notModerated('k'));
}

/** Live sketches of the threads (not deleted, hidden or held), oldest first. */
export async function listSketches(db: Kysely<Database>, threadIds: string[]): Promise<SketchRow[]> {
  if (threadIds.length === 0) return [];
  return sketchSelect(db).where('k.thread_id', 'in', threadIds).orderBy('k.created_at', 'asc').orderBy('k.id', 'asc').execute();
}

export async function findSketch(db: Kysely<Database>, threadId: string, id: string): Promise<SketchRow | undefined> {
  return sketchSelect(db).where('k.thread_id', '=', threadId).where('k.id', '=', id).executeTakeFirst();
}

export async function countSketches(db: Kysely<Database>, threadId: string): Promise<number> {
  const r = await db
    .selectFrom('sketches')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('thread_id', '=', threadId)
    .where('deleted_at', 'is', null)
    .where('hidden_at', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function insertSketch(db: Kysely<Database>, row: Selectable<SketchesTable>): Promise<void> {
  await db.insertInto('sketches').values(row).execute();
}

/**
 * Writes the new state when the stored version is still `expected`; returns false otherwise (someone else was
 * first). `deleted_at` set means the sketch is removed.
 */
export async function updateSketchIfVersion(
  db: Kysely<Database>,
  id: string,
  expected: number,
  v: Pick<SketchesTable, 'geometry' | 'height' | 'label' | 'version' | 'updated_by' | 'updated_at' | 'deleted_at'>,
): Promise<boolean> {
  const r = await db.updateTable('sketches').set(v).where('id', '=', id).where('version', '=', expected).where('deleted_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertSketchVersion(db: Kysely<Database>, row: Selectable<SketchVersionsTable>): Promise<void> {
  await db.insertInto('sketch_versions').values(row).execute();
}

/** Every kept version of a sketch, oldest first, with author names. */
export async function listSketchVersions(db: Kysely<Database>, sketchId: string): Promise<SketchVersionRow[]> {
  return db
    .selectFrom('sketch_versions as v')
    .innerJoin('users as u', 'u.id', 'v.author_id')
    .selectAll('v')
    .select(['u.display_name as author_display_name', 'u.deleted_at as author_deleted_at'])
    .where('v.sketch_id', '=', sketchId)
    .orderBy('v.version', 'asc')
    .execute();
}

/**
 * The thread a sketch belongs to (also for sketches a participant deleted), or undefined; also undefined for a
 * sketch under moderation (hidden or held: `hidden_at`; removed by a moderator: moderation_items state `removed`),
 * whose versions nobody reads through the normal paths.
 */
export async function sketchThreadId(db: Kysely<Database>, sketchId: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('sketches as k')
    .leftJoin('moderation_items as mi', (j) => j.on('mi.content_kind', '=', 'sketch').onRef('mi.content_id', '=', 'k.id'))
    .select(['k.thread_id', 'k.hidden_at', 'mi.state'])
    .where('k.id', '=', sketchId)
    .executeTakeFirst();
  if (!r || r.hidden_at !== null || r.state === 'removed' || r.state === 'hidden' || r.state === 'held') return undefined;
  return r.thread_id;
}

// --- Follows ------------------------------------------------------------------------------------

export type FollowTarget = { planId: string; threadId?: undefined } | { threadId: string; planId?: undefined };

/** Idempotent: the unique indexes (user_id, plan_id) / (user_id, thread_id) keep one row. */
export async function insertFollow(db: Kysely<Database>, userId: string, t: FollowTarget, at: string): Promise<void> {
  await db
    .insertInto('follows')
    .values({ user_id: userId, plan_id: t.planId ?? null, thread_id: t.threadId ?? null, created_at: at })
    .onConflict((oc) => oc.columns(t.planId !== undefined ? ['user_id', 'plan_id'] : ['user_id', 'thread_id']).doNothing())
    .execute();
}

export async function deleteFollow(db: Kysely<Database>, userId: string, t: FollowTarget): Promise<void> {
  let q = db.deleteFrom('follows').where('user_id', '=', userId);
  q = t.planId !== undefined ? q.where('plan_id', '=', t.planId) : q.where('thread_id', '=', t.threadId!);
  await q.execute();
}

export async function listFollows(db: Kysely<Database>, userId: string) {
  return db.selectFrom('follows').selectAll().where('user_id', '=', userId).orderBy('created_at', 'asc').execute();
}

export async function isFollowing(db: Kysely<Database>, userId: string | null, threadId: string): Promise<boolean> {
  if (!userId) return false;
  const r = await db.selectFrom('follows').select('user_id').where('user_id', '=', userId).where('thread_id', '=', threadId).executeTakeFirst();
  return r !== undefined;
}

/** Accounts (id, role) that follow the thread or its plan, each once. */
export async function followersOf(db: Kysely<Database>, threadId: string, planId: string | null) {
  return db
    .selectFrom('follows as f')
    .innerJoin('users as u', 'u.id', 'f.user_id')
    .select(['u.id', 'u.role'])
    .distinct()
    .where((eb) => (planId === null ? eb('f.thread_id', '=', threadId) : eb.or([eb('f.thread_id', '=', threadId), eb('f.plan_id', '=', planId)])))
    .execute();
}

// --- Notifications ------------------------------------------------------------------------------

export async function insertNotifications(db: Kysely<Database>, rows: Selectable<NotificationsTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('notifications').values(rows).execute();
}

/**
 * WHERE: a notification (alias `n`; threads `t`, plans `p`, thread_posts `tp` left-joined) the receiver may see:
 * `moderation` notices and notices without a thread always; others when the thread is visible to the audience and
 * not moderated, and the post it is about (if any) is not moderated either (issue 6).
 */
function notificationVisibleTo(audience: PlanAudience) {
  return (eb: ExpressionBuilder<any, any>) =>
    eb.or([
      eb('n.kind', '=', 'moderation'),
      eb('n.thread_id', 'is', null),
      eb.and([
        eb('t.id', 'is not', null),
        notModerated('t')(eb),
        threadVisibleTo(audience)(eb),
        eb.or([eb('tp.id', 'is', null), notModerated('tp')(eb)]),
      ]),
    ]);
}

function notificationFrom(db: Kysely<Database>, userId: string, audience: PlanAudience) {
  return db
    .selectFrom('notifications as n')
    .leftJoin('threads as t', 't.id', 'n.thread_id')
    .leftJoin('plans as p', 'p.id', 't.plan_id')
    .leftJoin('thread_posts as tp', 'tp.id', 'n.post_id')
    .where('n.user_id', '=', userId)
    .where(notificationVisibleTo(audience));
}

function notificationSelect(db: Kysely<Database>, userId: string, audience: PlanAudience) {
  return notificationFrom(db, userId, audience)
    .innerJoin('users as a', 'a.id', 'n.actor_id')
    .selectAll('n')
    .select(['a.display_name as actor_display_name', 'a.deleted_at as actor_deleted_at', 't.title as thread_title']);
}

/** The user's notifications on threads (and posts) they may still see, newest first, before the keyset `before`. */
export async function listNotifications(
  db: Kysely<Database>,
  userId: string,
  audience: PlanAudience,
  opts: { unreadOnly: boolean; before?: { createdAt: string; id: string }; limit: number },
): Promise<NotificationRow[]> {
  let q = notificationSelect(db, userId, audience);
  if (opts.unreadOnly) q = q.where('n.read_at', 'is', null);
  const b = opts.before;
  if (b) q = q.where((eb) => eb.or([eb('n.created_at', '<', b.createdAt), eb.and([eb('n.created_at', '=', b.createdAt), eb('n.id', '<', b.id)])]));
  return q.orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(opts.limit).execute();
}

export async function countUnread(db: Kysely<Database>, userId: string, audience: PlanAudience): Promise<number> {
  const r = await notificationFrom(db, userId, audience)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('n.read_at', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function findNotification(db: Kysely<Database>, userId: string, audience: PlanAudience, id: string): Promise<NotificationRow | undefined> {
  return notificationSelect(db, userId, audience).where('n.id', '=', id).executeTakeFirst();
}

export async function markRead(db: Kysely<Database>, id: string, at: string): Promise<void> {
  await db.updateTable('notifications').set({ read_at: at }).where('id', '=', id).where('read_at', 'is', null).execute();
}

