/**
 * Queries on plans and their partners: one code path for SQLite and PostgreSQL. Which plans a listing may
 * return is passed in as a `PlanAudience` decided by the domain's plan gate (domain/plan-access.ts); this
 * module never decides it by itself.
 */
import { sql, type ExpressionBuilder, type Kysely, type Selectable } from 'kysely';
import type { Database, PlanPartnersTable, PlansTable } from './schema.js';

/** Which plans a reader may see (from domain/plan-access.ts `planAudience`). */
export interface PlanAudience {
  all: boolean;
  userId: string | null;
}

/** A plan row with its creator's display name. */
export type PlanRow = Selectable<PlansTable> & { creator_display_name: string };

export interface PartnerRow extends PlanPartnersTable {
  user_display_name: string;
  inviter_display_name: string;
}

/**
 * WHERE clause: plans (table alias `alias`) the audience may see: every non-draft plan, and drafts the reader
 * created or is invited to; every plan for `all`. The SQL form of plan-access.ts `canSeePlan`.
 */
export function planVisibleTo(audience: PlanAudience, alias: string) {
  return (eb: ExpressionBuilder<any, any>) => {
    if (audience.all) return sql<boolean>`1 = 1`;
    const notDraft = eb(`${alias}.status`, '<>', 'draft');
    if (audience.userId === null) return notDraft;
    return eb.or([
      notDraft,
      eb(`${alias}.created_by`, '=', audience.userId),
      eb.exists(
        eb
          .selectFrom('plan_partners as pp')
          .select('pp.user_id')
          .whereRef('pp.plan_id', '=', `${alias}.id` as any)
          .where('pp.user_id', '=', audience.userId),
      ),
    ]);
  };
}

function baseSelect(db: Kysely<Database>) {
  return db
    .selectFrom('plans as p')
    .innerJoin('users as u', 'u.id', 'p.created_by')
    .selectAll('p')
    .select('u.display_name as creator_display_name');
}

export async function insertPlan(db: Kysely<Database>, row: Selectable<PlansTable>): Promise<void> {
  await db.insertInto('plans').values(row).execute();
}

/** One plan by id, whatever its status (the caller asks the gate). */
export async function findPlanById(db: Kysely<Database>, id: string): Promise<PlanRow | undefined> {
  return baseSelect(db).where('p.id', '=', id).executeTakeFirst();
}

/** Plans the audience may see, newest first, optionally of one status. */
export async function listPlans(
  db: Kysely<Database>,
  audience: PlanAudience,
  opts: { status?: PlansTable['status']; limit: number },
): Promise<PlanRow[]> {
  let q = baseSelect(db).where(planVisibleTo(audience, 'p'));
  if (opts.status) q = q.where('p.status', '=', opts.status);
  return q.orderBy('p.created_at', 'desc').orderBy('p.id', 'desc').limit(opts.limit).execute();
}

/**
 * Updates a plan if its stored version is `expectedVersion`, setting `version = expectedVersion + 1`.
 * Returns false (changing nothing) when the version differs: someone else changed it first.
 */
export async function updatePlan(
  db: Kysely<Database>,
  id: string,
  expectedVersion: number,
  patch: Partial<Omit<Selectable<PlansTable>, 'id' | 'version' | 'created_by' | 'created_at'>>,
): Promise<boolean> {
  const res = await db
    .updateTable('plans')
    .set({ ...patch, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** True when `userId` is invited to the plan. */
export async function isPlanPartner(db: Kysely<Database>, planId: string, userId: string | null | undefined): Promise<boolean> {
  if (!userId) return false;
  const row = await db
    .selectFrom('plan_partners')
    .select('user_id')
    .where('plan_id', '=', planId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The user ids invited to a plan. */
export async function partnerIds(db: Kysely<Database>, planId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('plan_partners').select('user_id').where('plan_id', '=', planId).execute();
  return new Set(rows.map((r) => r.user_id));
}

/** Partners of a plan with display names, in invitation order. */
export async function listPartners(db: Kysely<Database>, planId: string): Promise<PartnerRow[]> {
  return db
    .selectFrom('plan_partners as pp')
    .innerJoin('users as u', 'u.id', 'pp.user_id')
    .innerJoin('users as i', 'i.id', 'pp.invited_by')
    .selectAll('pp')
    .select(['u.display_name as user_display_name', 'i.display_name as inviter_display_name'])
    .where('pp.plan_id', '=', planId)
    .orderBy('pp.invited_at', 'asc')
    .orderBy('pp.user_id', 'asc')
    .execute();
}

/** Invites a partner; returns false (changing nothing) when already invited. */
export async function insertPartner(db: Kysely<Database>, row: PlanPartnersTable): Promise<boolean> {
  const res = await db
    .insertInto('plan_partners')
    .values(row)
    .onConflict((oc) => oc.columns(['plan_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return res !== undefined;
}

/** Removes an invitation; returns false when there was none. */
export async function deletePartner(db: Kysely<Database>, planId: string, userId: string): Promise<boolean> {
  const res = await db.deleteFrom('plan_partners').where('plan_id', '=', planId).where('user_id', '=', userId).executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}
