/** Queries on the append-only plan history (plan_changes). Plain data in and out; rules live in domain/plan-history.ts. */
import type { Kysely, Selectable } from 'kysely';
import type { Keyset } from './comments.js';
import type { Database, PlanChangesTable } from './schema.js';

export type PlanChangeRow = Selectable<PlanChangesTable> & { actor_display_name: string };

export async function insertPlanChange(db: Kysely<Database>, row: PlanChangesTable): Promise<void> {
  await db.insertInto('plan_changes').values(row).execute();
}

/** Changes of one plan, newest first (by `at`, then id), strictly before `before`. */
export async function listPlanChanges(
  db: Kysely<Database>,
  planId: string,
  before: Keyset | undefined,
  limit: number,
): Promise<PlanChangeRow[]> {
  let q = db
    .selectFrom('plan_changes as c')
    .innerJoin('users as u', 'u.id', 'c.actor_id')
    .selectAll('c')
    .select('u.display_name as actor_display_name')
    .where('c.plan_id', '=', planId);
  if (before) {
    q = q.where((eb) =>
      eb.or([eb('c.at', '<', before.createdAt), eb.and([eb('c.at', '=', before.createdAt), eb('c.id', '<', before.id)])]),
    );
  }
  return q.orderBy('c.at', 'desc').orderBy('c.id', 'desc').limit(limit).execute();
}
