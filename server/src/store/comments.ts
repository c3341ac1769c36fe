/**
 * Queries on comments: one code path for SQLite and PostgreSQL. Which flagged rows (hidden, deleted)
 * a query may return is passed in as a `CommentAudience`, decided by the domain's visibility gate
 * (domain/visibility.ts); this module never decides it by itself.
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { planVisibleTo, type PlanAudience } from './plans.js';
import type { CommentsTable, Database } from './schema.js';

/** Which moderated states, and comments of which plans, a reader may see (from domain/visibility.ts `commentAudience`). */
export interface CommentAudience {
  hidden: boolean;
  deleted: boolean;
  /** Comments that belong to a plan only when the plan is visible to this audience (domain/plan-access.ts). */
  plans: PlanAudience;
}

/**
 * A comment row with its author's display name, its count of replies visible to the audience, and, for comments
 * of a plan, the plan's status and creator and whether the audience's user is invited to it (for the gate's
 * in-memory check).
 */
export interface CommentRow extends CommentsTable {
  author_display_name: string;
  /** Set when the author's account was deleted (the wire then shows a removed participant). */
  author_deleted_at: string | null;
  reply_count: number;
  plan_status: 'draft' | 'published' | 'closed' | 'archived' | null;
  plan_created_by: string | null;
  plan_partner: boolean;
}

/** Filters of top-level listings (GET /comments planId, scenarioId). */
export interface CommentFilter {
  planId?: string;
  scenarioId?: string;
}

/** Position in a newest-first or oldest-first listing (keyset pagination over created_at, id). */
export interface Keyset {
  createdAt: string;
  id: string;
}

type CommentsEB = ExpressionBuilder<Database & { c: CommentsTable }, 'c'>;

/** WHERE clause: rows of table alias `alias` the audience may see (moderation state, and the plan's visibility). */
function visibleTo(audience: CommentAudience, alias: 'c' | 'r') {
  return (eb: ExpressionBuilder<any, any>) => eb.and([flagsVisible(audience, alias)(eb), planVisible(audience, alias)(eb)]);
}

/** WHERE clause: the moderation flags of alias `alias` allow the audience to see the row. */
function flagsVisible(audience: CommentAudience, alias: 'c' | 'r') {
  return (eb: ExpressionBuilder<any, any>) => {
    const conds = [];
    if (!audience.hidden) conds.push(eb(`${alias}.hidden_at`, 'is', null));
    if (!audience.deleted) conds.push(eb(`${alias}.deleted_at`, 'is', null));
    return eb.and(conds);
  };
}

/**
 * WHERE clause for top-level listings (issue 6): rows the audience may see, plus PLACEHOLDERS: top-level rows whose
 * flags hide them but that have at least one reply the audience may see (the domain serializes those without text).
 */
function listableTopLevel(audience: CommentAudience) {
  return (eb: ExpressionBuilder<any, any>) =>
    eb.and([
      planVisible(audience, 'c')(eb),
      eb.or([
        flagsVisible(audience, 'c')(eb),
        eb.exists(
          eb
            .selectFrom('comments as r')
            .select(sql`1`.as('one'))
            .whereRef('r.parent_id' as any, '=', 'c.id' as any)
            .where(visibleTo(audience, 'r')),
        ),
      ]),
    ]);
}

/** WHERE clause: the row of alias `alias` is on the city, or in a plan the audience may see. */
function planVisible(audience: CommentAudience, alias: 'c' | 'r') {
  return (eb: ExpressionBuilder<any, any>) => {
    const conds = [];
    conds.push(
      eb.or([
        eb(`${alias}.plan_id`, 'is', null),
        eb.exists(
          eb
            .selectFrom(`plans as vp_${alias}` as 'plans')
            .select(sql`1`.as('one'))
            .whereRef(`vp_${alias}.id` as any, '=', `${alias}.plan_id` as any)
            .where(planVisibleTo(audience.plans, `vp_${alias}`)),
        ),
      ]),
    );
    return eb.and(conds);
  };
}

function baseSelect(db: Kysely<Database>, audience: CommentAudience) {
  const me = audience.plans.userId;
  return db
    .selectFrom('comments as c')
    .innerJoin('users as u', 'u.id', 'c.author_id')
    .leftJoin('plans as p', 'p.id', 'c.plan_id')
    .selectAll('c')
    .select(['u.display_name as author_display_name', 'u.deleted_at as author_deleted_at', 'p.status as plan_status', 'p.created_by as plan_created_by'])
    .select((eb) =>
      me === null
        ? sql<boolean>`0`.as('plan_partner')
        : eb
            .exists(eb.selectFrom('plan_partners as pp').select('pp.user_id').whereRef('pp.plan_id', '=', 'c.plan_id').where('pp.user_id', '=', me))
            .as('plan_partner'),
    )
    .select((eb) =>
      eb
        .selectFrom('comments as r')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('r.parent_id', '=', 'c.id')
        .where(visibleTo(audience, 'r'))
        .as('reply_count'),
    );
}

function normalise(row: Omit<CommentRow, 'reply_count' | 'plan_partner'> & { reply_count: unknown; plan_partner: unknown }): CommentRow {
  // PostgreSQL returns count(*) as a string (bigint) and exists() as a boolean; SQLite both as numbers.
  return { ...row, reply_count: Number(row.reply_count ?? 0), plan_partner: row.plan_partner === true || Number(row.plan_partner) === 1 };
}

/**
 * Inserts a comment. Returns false (inserting nothing) when the author already has a comment with the same
 * client_id: the retried command is then answered with the stored row (findByClientId).
 */
export async function insertComment(db: Kysely<Database>, row: CommentsTable): Promise<boolean> {
  const res = await db
    .insertInto('comments')
    .values(row)
    .onConflict((oc) => oc.columns(['author_id', 'client_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return res !== undefined;
}

/** One comment by id, whatever its moderation state (the caller asks the visibility gate). */
export async function findCommentById(
  db: Kysely<Database>,
  id: string,
  audience: CommentAudience,
): Promise<CommentRow | undefined> {
  const row = await baseSelect(db, audience).where('c.id', '=', id).executeTakeFirst();
  return row && normalise(row);
}

/** The comment an author made with a client-generated id, if any. */
export async function findCommentByClientId(
  db: Kysely<Database>,
  authorId: string,
  clientId: string,
  audience: CommentAudience,
): Promise<CommentRow | undefined> {
  const row = await baseSelect(db, audience)
    .where('c.author_id', '=', authorId)
    .where('c.client_id', '=', clientId)
    .executeTakeFirst();
  return row && normalise(row);
}

/**
 * Top-level comments (no parent) whose pin lies in the bbox `[west, south, east, north]` (degrees; west > east
 * crosses the antimeridian; null: anywhere), visible to the audience, newest first, strictly after `after`,
 * optionally only those of one plan (and scenario). Also returns placeholders: hidden/removed top-level comments
 * with at least one visible reply (their flags are in the row; the domain serializes them without text).
 */
export async function listCommentsInBBox(
  db: Kysely<Database>,
  bbox: readonly [number, number, number, number] | null,
  audience: CommentAudience,
  after: Keyset | undefined,
  limit: number,
  filter: CommentFilter = {},
): Promise<CommentRow[]> {
  let q = baseSelect(db, audience).where('c.parent_id', 'is', null).where(listableTopLevel(audience));
  if (bbox) {
    const [w, s, e, n] = bbox;
    q = q
      .where('c.lat', '>=', s)
      .where('c.lat', '<=', n)
      .where((eb: CommentsEB) =>
        w <= e
          ? eb.and([eb('c.lon', '>=', w), eb('c.lon', '<=', e)])
          : eb.or([eb('c.lon', '>=', w), eb('c.lon', '<=', e)]),
      );
  }
  if (filter.planId !== undefined) q = q.where('c.plan_id', '=', filter.planId);
  if (filter.scenarioId !== undefined) q = q.where('c.scenario_id', '=', filter.scenarioId);
  if (after) {
    q = q.where((eb: CommentsEB) =>
      eb.or([
        eb('c.created_at', '<', after.createdAt),
        eb.and([eb('c.created_at', '=', after.createdAt), eb('c.id', '<', after.id)]),
      ]),
    );
  }
  const rows = await q.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(limit).execute();
  return rows.map(normalise);
}

/** Replies to one comment visible to the audience, oldest first, strictly after `after`. */
export async function listReplies(
  db: Kysely<Database>,
  parentId: string,
  audience: CommentAudience,
  after: Keyset | undefined,
  limit: number,
): Promise<CommentRow[]> {
  let q = baseSelect(db, audience).where('c.parent_id', '=', parentId).where(visibleTo(audience, 'c'));
  if (after) {
    q = q.where((eb: CommentsEB) =>
      eb.or([
        eb('c.created_at', '>', after.createdAt),
        eb.and([eb('c.created_at', '=', after.createdAt), eb('c.id', '>', after.id)]),
      ]),
    );
  }
  const rows = await q.orderBy('c.created_at', 'asc').orderBy('c.id', 'asc').limit(limit).execute();
  return rows.map(normalise);
}

/** Sets or clears the moderation flags (used by later moderation features and by tests of the gate). */
export async function setCommentFlags(
  db: Kysely<Database>,
  id: string,
  flags: { hidden_at?: string | null; deleted_at?: string | null },
): Promise<void> {
  await db.updateTable('comments').set(flags).where('id', '=', id).execute();
}
