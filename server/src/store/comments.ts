/**
 * Queries on comments: one code path for SQLite and PostgreSQL. Which flagged rows (hidden, deleted)
 * a query may return is passed in as a `CommentAudience`, decided by the domain's visibility gate
 * (domain/visibility.ts); this module never decides it by itself.
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { CommentsTable, Database } from './schema.js';

/** Which moderated states a reader may see (from domain/visibility.ts `commentAudience`). */
export interface CommentAudience {
  hidden: boolean;
  deleted: boolean;
}

/** A comment row with its author's display name and its count of replies visible to the audience. */
export interface CommentRow extends CommentsTable {
  author_display_name: string;
  reply_count: number;
}

/** Position in a newest-first or oldest-first listing (keyset pagination over created_at, id). */
export interface Keyset {
  createdAt: string;
  id: string;
}

type CommentsEB = ExpressionBuilder<Database & { c: CommentsTable }, 'c'>;

/** WHERE clause: rows of table alias `alias` the audience may see. */
function visibleTo(audience: CommentAudience, alias: 'c' | 'r') {
  return (eb: ExpressionBuilder<any, any>) => {
    const conds = [];
    if (!audience.hidden) conds.push(eb(`${alias}.hidden_at`, 'is', null));
    if (!audience.deleted) conds.push(eb(`${alias}.deleted_at`, 'is', null));
    return eb.and(conds);
  };
}

function baseSelect(db: Kysely<Database>, audience: CommentAudience) {
  return db
    .selectFrom('comments as c')
    .innerJoin('users as u', 'u.id', 'c.author_id')
    .selectAll('c')
    .select('u.display_name as author_display_name')
    .select((eb) =>
      eb
        .selectFrom('comments as r')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('r.parent_id', '=', 'c.id')
        .where(visibleTo(audience, 'r'))
        .as('reply_count'),
    );
}

function normalise(row: Omit<CommentRow, 'reply_count'> & { reply_count: unknown }): CommentRow {
  // PostgreSQL returns count(*) as a string (bigint); SQLite as a number.
  return { ...row, reply_count: Number(row.reply_count ?? 0) };
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
 * crosses the antimeridian), visible to the audience, newest first, strictly after `after`.
 */
export async function listCommentsInBBox(
  db: Kysely<Database>,
  bbox: readonly [number, number, number, number],
  audience: CommentAudience,
  after: Keyset | undefined,
  limit: number,
): Promise<CommentRow[]> {
  const [w, s, e, n] = bbox;
  let q = baseSelect(db, audience)
    .where('c.parent_id', 'is', null)
    .where(visibleTo(audience, 'c'))
    .where('c.lat', '>=', s)
    .where('c.lat', '<=', n)
    .where((eb: CommentsEB) =>
      w <= e
        ? eb.and([eb('c.lon', '>=', w), eb('c.lon', '<=', e)])
        : eb.or([eb('c.lon', '>=', w), eb('c.lon', '<=', e)]),
    );
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
