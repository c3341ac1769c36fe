/**
 * Schema migrations, kept in code (no files to find at run time) and run with Kysely's Migrator on start-up.
 * Add a new entry for every change; never edit one that has shipped.
 */
import { Kysely, Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import { ROLES } from '../../../shared/index.js';
import type { DialectName } from './schema.js';

/** Text columns that are compared with < and > (keyset pagination) use byte order in both dialects. */
function sortableText(dialect: DialectName) {
  return dialect === 'postgres' ? sql`collate "C"` : sql``;
}

function migrations(dialect: DialectName): Record<string, Migration> {
  const sortable = sortableText(dialect);
  return {
    '0001_accounts_sessions_comments': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) =>
            c.notNull().defaultTo('resident').check(sql`role in (${sql.join(ROLES.map((r) => sql.lit(r)))})`),
          )
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('sessions')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();
        await db.schema.createIndex('sessions_expires_at').on('sessions').column('expires_at').execute();

        await db.schema
          .createTable('comments')
          .addColumn('id', 'text', (c) => c.primaryKey().modifyFront(sortable))
          .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('client_id', 'text')
          // length() counts characters (code points) in both SQLite and PostgreSQL (UTF-8 database).
          .addColumn('body', 'text', (c) => c.notNull().check(sql`length(body) between 1 and 2000`))
          .addColumn('lon', 'double precision', (c) => c.notNull().check(sql`lon between -180 and 180`))
          .addColumn('lat', 'double precision', (c) => c.notNull().check(sql`lat between -90 and 90`))
          .addColumn('height', 'double precision', (c) => c.notNull())
          .addColumn('parent_id', 'text', (c) => c.references('comments.id'))
          .addColumn('created_at', 'text', (c) => c.notNull().modifyFront(sortable))
          .addColumn('hidden_at', 'text')
          .addColumn('deleted_at', 'text')
          .execute();
        // A retried command (same author, same clientId) never makes a second row. NULL client ids
        // (REST writes without Idempotency-Key) are distinct in both dialects.
        await db.schema
          .createIndex('comments_author_client')
          .on('comments')
          .columns(['author_id', 'client_id'])
          .unique()
          .execute();
        // bbox filter, then newest first with keyset (created_at, id)
        await db.schema.createIndex('comments_lon_lat').on('comments').columns(['lon', 'lat']).execute();
        await db.schema.createIndex('comments_created_id').on('comments').columns(['created_at', 'id']).execute();
        // replies of one parent, oldest first, and reply counts
        await db.schema
          .createIndex('comments_parent_created_id')
          .on('comments')
          .columns(['parent_id', 'created_at', 'id'])
          .execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('comments').execute();
        await db.schema.dropTable('sessions').execute();
        await db.schema.dropTable('users').execute();
      },
    },
  };
}

/**
 * Brings the schema up to date. `schema`: PostgreSQL schema that holds the tables (and Kysely's
 * kysely_migration / kysely_migration_lock tables); undefined for SQLite.
 * @throws Error naming the failed migration.
 */
export async function migrateToLatest(db: Kysely<any>, dialect: DialectName, schema?: string): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  // The schema is named explicitly: Kysely otherwise looks for its bookkeeping tables in every schema and
  // may find another app's (or another test's) instead of creating its own.
  const migrator = new Migrator({ db, provider, migrationTableSchema: schema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const msg = error instanceof Error ? error.message : String(error);
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${msg}`);
  }
}
