/**
 * Queries on sanctions (mute, ban) and on the user search moderators use. Plain data in and out; the rules
 * (who may sanction whom, what a sanction stops) live in domain/sanctions.ts.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, SanctionsTable } from './schema.js';

export type SanctionRow = Selectable<SanctionsTable>;
/** A sanction with the display name of the moderator who imposed it. */
export type SanctionWithActor = SanctionRow & { created_by_name: string | null };

export async function insertSanction(db: Kysely<Database>, row: SanctionRow): Promise<void> {
  await db.insertInto('sanctions').values(row).execute();
}

/** One sanction of one user (with its actor's name), or undefined. */
export async function findSanction(db: Kysely<Database>, userId: string, id: string): Promise<SanctionWithActor | undefined> {
  return db
    .selectFrom('sanctions as s')
    .leftJoin('users as u', 'u.id', 's.created_by')
    .selectAll('s')
    .select('u.display_name as created_by_name')
    .where('s.id', '=', id)
    .where('s.user_id', '=', userId)
    .executeTakeFirst();
}

/** Marks a sanction lifted; returns false when it was lifted already (or does not exist). */
export async function liftSanction(db: Kysely<Database>, id: string, at: string, by: string): Promise<boolean> {
  const r = await db
    .updateTable('sanctions')
    .set({ lifted_at: at, lifted_by: by })
    .where('id', '=', id)
    .where('lifted_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Sanctions in force at `now` (UTC ISO-8601) for these users: not lifted, and `until` null or after `now`.
 * `kind` narrows to mutes or bans. Ordered by user, then the one that lasts longest first (null = for good).
 */
export async function activeSanctions(
  db: Kysely<Database>,
  userIds: string[],
  now: string,
  kind?: 'mute' | 'ban',
): Promise<SanctionWithActor[]> {
  if (userIds.length === 0) return [];
  let q = db
    .selectFrom('sanctions as s')
    .leftJoin('users as u', 'u.id', 's.created_by')
    .selectAll('s')
    .select('u.display_name as created_by_name')
    .where('s.user_id', 'in', userIds)
    .where('s.lifted_at', 'is', null)
    .where((eb) => eb.or([eb('s.until', 'is', null), eb('s.until', '>', now)]));
  if (kind) q = q.where('s.kind', '=', kind);
  const rows = await q.orderBy('s.created_at', 'desc').orderBy('s.id').execute();
  // Longest first: for good, then the latest `until`.
  return rows.sort((a, b) => (a.user_id < b.user_id ? -1 : a.user_id > b.user_id ? 1 : untilKey(b) - untilKey(a)));
}

function untilKey(r: SanctionRow): number {
  return r.until === null ? Number.POSITIVE_INFINITY : Date.parse(r.until);
}

/** Ends every session of the user (a ban). */
export async function deleteUserSessions(db: Kysely<Database>, userId: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * Users whose display name or e-mail contains `q` (case-insensitive; `%`, `_` and `\` match themselves), newest
 * accounts first, at most `limit`. An empty `q` lists the newest accounts.
 */
export async function searchUsers(db: Kysely<Database>, q: string, limit: number) {
  let query = db.selectFrom('users').select(['id', 'display_name', 'email', 'role', 'created_at', 'deleted_at']);
  const needle = q.trim().toLowerCase();
  if (needle !== '') {
    const like = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`(lower(display_name) like ${like} escape '\\' or lower(email) like ${like} escape '\\')`);
  }
  return query.orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
}
