/**
 * Queries of moderation (issue 6): reports, moderation items (the queue), the audit log reading side and
 * `moderation` notifications. One code path for SQLite and PostgreSQL. Content itself is read and changed through
 * domain/moderation-content.ts; the audit log is written only by domain/audit.ts.
 */
import type { Kysely, Selectable } from 'kysely';
import type { ContentKind } from '../../../shared/index.js';
import type { Database, ModerationActionsTable, ModerationItemsTable, ReportsTable } from './schema.js';

export type ItemRow = Selectable<ModerationItemsTable>;
export type ReportRow = Selectable<ReportsTable> & { reporter_display_name: string; reporter_deleted_at: string | null };
export type AuditRow = Selectable<ModerationActionsTable> & { actor_display_name: string | null };

/** Inserts the report unless this account reported this content before; true when inserted. */
export async function insertReport(db: Kysely<Database>, row: Selectable<ReportsTable>): Promise<boolean> {
  const r = await db
    .insertInto('reports')
    .values(row)
    .onConflict((oc) => oc.columns(['content_kind', 'content_id', 'reporter_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findReportBy(db: Kysely<Database>, kind: ContentKind, id: string, reporterId: string) {
  return db
    .selectFrom('reports')
    .selectAll()
    .where('content_kind', '=', kind)
    .where('content_id', '=', id)
    .where('reporter_id', '=', reporterId)
    .executeTakeFirst();
}

/** Unresolved reports of the content from distinct accounts. */
export async function countOpenReports(db: Kysely<Database>, kind: ContentKind, id: string): Promise<number> {
  const r = await db
    .selectFrom('reports')
    .select((eb) => eb.fn.count<number>('reporter_id').distinct().as('n'))
    .where('content_kind', '=', kind)
    .where('content_id', '=', id)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Reports on the content with reporter names, newest first; `openOnly` leaves out resolved ones. */
export async function listReports(db: Kysely<Database>, kind: ContentKind, id: string, openOnly = false): Promise<ReportRow[]> {
  let q = db
    .selectFrom('reports as r')
    .innerJoin('users as u', 'u.id', 'r.reporter_id')
    .selectAll('r')
    .select(['u.display_name as reporter_display_name', 'u.deleted_at as reporter_deleted_at'])
    .where('r.content_kind', '=', kind)
    .where('r.content_id', '=', id);
  if (openOnly) q = q.where('r.resolved_at', 'is', null);
  return q.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').execute();
}

/** Marks every open report on the content resolved. */
export async function resolveReports(db: Kysely<Database>, kind: ContentKind, id: string, at: string, resolution: string): Promise<void> {
  await db
    .updateTable('reports')
    .set({ resolved_at: at, resolution })
    .where('content_kind', '=', kind)
    .where('content_id', '=', id)
    .where('resolved_at', 'is', null)
    .execute();
}

export async function findItem(db: Kysely<Database>, kind: ContentKind, id: string): Promise<ItemRow | undefined> {
  return db.selectFrom('moderation_items').selectAll().where('content_kind', '=', kind).where('content_id', '=', id).executeTakeFirst();
}

/** Inserts or replaces the moderation item of the content (primary key kind + id). */
export async function upsertItem(db: Kysely<Database>, row: ItemRow): Promise<void> {
  const { content_kind: _k, content_id: _i, created_at: _c, ...rest } = row;
  await db
    .insertInto('moderation_items')
    .values(row)
    .onConflict((oc) => oc.columns(['content_kind', 'content_id']).doUpdateSet(rest))
    .execute();
}

export interface QueueFilter {
  status: 'pending' | 'held' | 'hidden' | 'removed' | 'all';
  kind?: ContentKind;
  /** Keyset of the last item of the previous page: updated_at, then `kind:id` (both descending). */
  before?: { updatedAt: string; key: string };
  limit: number;
}

/** Moderation items, newest update first. */
export async function listItems(db: Kysely<Database>, f: QueueFilter): Promise<ItemRow[]> {
  let q = db.selectFrom('moderation_items').selectAll();
  if (f.status === 'pending') q = q.where('pending', 'is not', null);
  else if (f.status !== 'all') q = q.where('state', '=', f.status);
  if (f.kind) q = q.where('content_kind', '=', f.kind);
  const b = f.before;
  if (b) {
    const [kind, ...rest] = b.key.split(':');
    const id = rest.join(':');
    q = q.where((eb) =>
      eb.or([
        eb('updated_at', '<', b.updatedAt),
        eb.and([eb('updated_at', '=', b.updatedAt), eb('content_kind', '<', kind as ContentKind)]),
        eb.and([eb('updated_at', '=', b.updatedAt), eb('content_kind', '=', kind as ContentKind), eb('content_id', '<', id)]),
      ]),
    );
  }
  return q.orderBy('updated_at', 'desc').orderBy('content_kind', 'desc').orderBy('content_id', 'desc').limit(f.limit).execute();
}

export async function displayNameOf(db: Kysely<Database>, userId: string): Promise<{ name: string; deleted: boolean } | undefined> {
  const r = await db.selectFrom('users').select(['display_name', 'deleted_at']).where('id', '=', userId).executeTakeFirst();
  return r && { name: r.display_name, deleted: r.deleted_at !== null };
}

/** Audit entries newest first, before the keyset (at, id). */
export async function listAudit(db: Kysely<Database>, before: { at: string; id: string } | undefined, limit: number): Promise<AuditRow[]> {
  let q = db.selectFrom('moderation_actions as a').leftJoin('users as u', 'u.id', 'a.actor_id').selectAll('a').select('u.display_name as actor_display_name');
  if (before) q = q.where((eb) => eb.or([eb('a.at', '<', before.at), eb.and([eb('a.at', '=', before.at), eb('a.id', '<', before.id)])]));
  return q.orderBy('a.at', 'desc').orderBy('a.id', 'desc').limit(limit).execute();
}

/**
 * Makes sure the content has a moderation item and locks it for the rest of the transaction (PostgreSQL: the
 * upsert's row lock), so concurrent reports and decisions on one piece of content run one after another and the
 * threshold count cannot be missed. `fresh` is inserted when there is no item yet; an existing item is unchanged.
 */
export async function lockItem(db: Kysely<Database>, fresh: ItemRow): Promise<void> {
  await db
    .insertInto('moderation_items')
    .values(fresh)
    .onConflict((oc) => oc.columns(['content_kind', 'content_id']).doUpdateSet((eb) => ({ open_reports: eb.ref('moderation_items.open_reports') })))
    .execute();
}
