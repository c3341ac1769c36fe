/** Queries on moderator word filters. Plain data in and out; validation and audit live in domain/word-filters.ts. */
import type { Kysely, Selectable } from 'kysely';
import type { Database, WordFiltersTable } from './schema.js';

export type WordFilterRow = Selectable<WordFiltersTable>;

/** Every filter, oldest first (the order matchWordFilters breaks ties with). */
export async function listWordFilters(db: Kysely<Database>): Promise<WordFilterRow[]> {
  return db.selectFrom('word_filters').selectAll().orderBy('created_at').orderBy('id').execute();
}

export async function findWordFilter(db: Kysely<Database>, id: string): Promise<WordFilterRow | undefined> {
  return db.selectFrom('word_filters').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertWordFilter(db: Kysely<Database>, row: WordFilterRow): Promise<void> {
  await db.insertInto('word_filters').values(row).execute();
}

export async function updateWordFilter(
  db: Kysely<Database>,
  id: string,
  set: Pick<WordFilterRow, 'pattern' | 'is_regex' | 'action' | 'updated_at'>,
): Promise<void> {
  await db.updateTable('word_filters').set(set).where('id', '=', id).execute();
}

export async function deleteWordFilter(db: Kysely<Database>, id: string): Promise<boolean> {
  const r = await db.deleteFrom('word_filters').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
