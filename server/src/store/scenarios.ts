/**
 * Queries on scenarios and placements (and the few model columns placements need). Soft-deleted rows
 * (deleted_at set) are never returned. Plain data in and out; rules live in domain/scenarios.ts.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, PlacementsTable, ScenariosTable } from './schema.js';

export type ScenarioRow = Selectable<ScenariosTable>;
export type PlacementRow = Selectable<PlacementsTable> & { updater_display_name: string; updater_deleted_at?: string | null };

export async function insertScenario(db: Kysely<Database>, row: ScenarioRow): Promise<void> {
  await db.insertInto('scenarios').values(row).execute();
}

/** A live scenario of the plan, or undefined. */
export async function findScenario(db: Kysely<Database>, planId: string, id: string): Promise<ScenarioRow | undefined> {
  return db
    .selectFrom('scenarios')
    .selectAll()
    .where('id', '=', id)
    .where('plan_id', '=', planId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Live scenarios of a plan, oldest first. */
export async function listScenarios(db: Kysely<Database>, planId: string): Promise<ScenarioRow[]> {
  return db
    .selectFrom('scenarios')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
}

export async function countScenarios(db: Kysely<Database>, planId: string): Promise<number> {
  const r = await db
    .selectFrom('scenarios')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('plan_id', '=', planId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Updates a live scenario whose version is `expectedVersion` (soft delete: `deleted_at`), setting version + 1.
 * Returns false when the version differs or the scenario is gone.
 */
export async function updateScenario(
  db: Kysely<Database>,
  id: string,
  expectedVersion: number,
  patch: Partial<Pick<ScenarioRow, 'name' | 'description' | 'replaced' | 'replace_area' | 'updated_at' | 'deleted_at'>>,
): Promise<boolean> {
  return updateLive(db, 'scenarios', id, expectedVersion, patch);
}

function placementSelect(db: Kysely<Database>) {
  return db
    .selectFrom('placements as pl')
    .innerJoin('users as u', 'u.id', 'pl.updated_by')
    .selectAll('pl')
    .select(['u.display_name as updater_display_name', 'u.deleted_at as updater_deleted_at'])
    .where('pl.deleted_at', 'is', null);
}

/**
 * Live placements of the given scenarios whose models are not deleted and not under moderation (held or hidden:
 * the 3D scene does not show them), oldest first.
 */
export async function listPlacements(db: Kysely<Database>, scenarioIds: string[]): Promise<PlacementRow[]> {
  if (scenarioIds.length === 0) return [];
  return placementSelect(db)
    .innerJoin('models as m', 'm.id', 'pl.model_id')
    .where('m.deleted_at', 'is', null)
    .where('m.hidden_at', 'is', null)
    .where('pl.scenario_id', 'in', scenarioIds)
    .orderBy('pl.created_at', 'asc')
    .orderBy('pl.id', 'asc')
    .execute();
}

/** Ids of the live scenarios of a plan with a live placement of `modelId`, each once, oldest scenario first. */
export async function scenarioIdsPlacingModel(db: Kysely<Database>, planId: string, modelId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('placements as pl')
    .innerJoin('scenarios as s', 's.id', 'pl.scenario_id')
    .select(['s.id', 's.created_at'])
    .distinct()
    .where('pl.model_id', '=', modelId)
    .where('pl.deleted_at', 'is', null)
    .where('s.plan_id', '=', planId)
    .where('s.deleted_at', 'is', null)
    .orderBy('s.created_at')
    .orderBy('s.id')
    .execute();
  return rows.map((r) => r.id);
}

/** A live placement in the scenario (its model live and not under moderation), or undefined. */
export async function findPlacement(db: Kysely<Database>, scenarioId: string, id: string): Promise<PlacementRow | undefined> {
  return placementSelect(db)
    .innerJoin('models as m', 'm.id', 'pl.model_id')
    .where('m.deleted_at', 'is', null)
    .where('m.hidden_at', 'is', null)
    .where('pl.id', '=', id)
    .where('pl.scenario_id', '=', scenarioId)
    .executeTakeFirst();
}

export async function insertPlacement(db: Kysely<Database>, row: Selectable<PlacementsTable>): Promise<void> {
  await db.insertInto('placements').values(row).execute();
}

/** Like updateScenario, for a placement. */
export async function updatePlacement(
  db: Kysely<Database>,
  id: string,
  expectedVersion: number,
  patch: Partial<Omit<Selectable<PlacementsTable>, 'id' | 'scenario_id' | 'model_id' | 'version' | 'created_at'>>,
): Promise<boolean> {
  return updateLive(db, 'placements', id, expectedVersion, patch);
}

/**
 * Optimistic update of a live (not soft-deleted) row of a versioned table: sets `patch` and version + 1 where the
 * stored version is `expectedVersion`. Returns false when the version differs or the row is gone.
 */
async function updateLive(
  db: Kysely<Database>,
  table: 'scenarios' | 'placements',
  id: string,
  expectedVersion: number,
  patch: Record<string, unknown>,
): Promise<boolean> {
  const res = await (db as unknown as Kysely<Record<string, { id: string; version: number; deleted_at: string | null }>>)
    .updateTable(table)
    .set({ ...patch, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** True when the plan has a live (not deleted, not held or hidden by moderation) model with this id. */
export async function planHasModel(db: Kysely<Database>, planId: string, modelId: string): Promise<boolean> {
  const row = await db
    .selectFrom('models')
    .select('id')
    .where('id', '=', modelId)
    .where('plan_id', '=', planId)
    .where('deleted_at', 'is', null)
    .where('hidden_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}
