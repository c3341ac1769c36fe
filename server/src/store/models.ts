/**
 * Queries on partner models (table `models`, migration 0002): one code path for SQLite and PostgreSQL.
 * Soft-deleted rows (deleted_at set) and models under moderation (held or hidden: hidden_at set; issue 6) are never
 * returned: for the normal read paths they do not exist. Which plan a reader may see is decided by the domain.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, ModelsTable } from './schema.js';

/** A model row with its uploader's display name. */
export type ModelRow = Selectable<ModelsTable> & { uploader_display_name: string; uploader_deleted_at?: string | null };

function baseSelect(db: Kysely<Database>) {
  return db
    .selectFrom('models as m')
    .innerJoin('users as u', 'u.id', 'm.uploaded_by')
    .selectAll('m')
    .select(['u.display_name as uploader_display_name', 'u.deleted_at as uploader_deleted_at'])
    .where('m.deleted_at', 'is', null)
    .where('m.hidden_at', 'is', null);
}

export async function insertModel(db: Kysely<Database>, row: Selectable<ModelsTable>): Promise<void> {
  await db.insertInto('models').values(row).execute();
}

/** One live model of a plan, or undefined. */
export async function findModel(db: Kysely<Database>, planId: string, modelId: string): Promise<ModelRow | undefined> {
  return baseSelect(db).where('m.plan_id', '=', planId).where('m.id', '=', modelId).executeTakeFirst();
}

/** The live models of a plan, oldest first. */
export async function listModels(db: Kysely<Database>, planId: string): Promise<ModelRow[]> {
  return baseSelect(db).where('m.plan_id', '=', planId).orderBy('m.created_at').orderBy('m.id').execute();
}

/** Marks a model deleted; true when a live row was changed. */
export async function softDeleteModel(db: Kysely<Database>, planId: string, modelId: string, at: string): Promise<boolean> {
  const res = await db
    .updateTable('models')
    .set({ deleted_at: at })
    .where('id', '=', modelId)
    .where('plan_id', '=', planId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
