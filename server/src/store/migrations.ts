/**
 * Schema migrations, kept in code (no files to find at run time) and run with Kysely's Migrator on start-up.
 * Add a new entry for every change; never edit one that has shipped.
 */
import { Kysely, Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import { ROLES } from '../../../shared/index.js';
import type { DialectName } from './schema.js';
import { threadsMigration } from './migration-threads.js';
import { moderationMigration } from './migration-moderation.js';

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
    '0002_plans_scenarios_models': {
      async up(db: Kysely<any>) {
        // JSON columns are text holding JSON (the same in both dialects); shared/plans.ts parses them.
        await db.schema
          .createTable('plans')
          .addColumn('id', 'text', (c) => c.primaryKey().modifyFront(sortable))
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('summary', 'text', (c) => c.notNull())
          .addColumn('area', 'text', (c) => c.notNull())
          // bbox of the area in degrees, for listing plans in view
          .addColumn('west', 'double precision', (c) => c.notNull())
          .addColumn('south', 'double precision', (c) => c.notNull())
          .addColumn('east', 'double precision', (c) => c.notNull())
          .addColumn('north', 'double precision', (c) => c.notNull())
          .addColumn('home_view', 'text')
          .addColumn('phases', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) =>
            c.notNull().check(sql`status in ('draft', 'published', 'closed', 'archived')`),
          )
          .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', 'text', (c) => c.notNull().modifyFront(sortable))
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('plans_status_created').on('plans').columns(['status', 'created_at']).execute();

        await db.schema
          .createTable('plan_partners')
          .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('invited_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('invited_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('plan_partners_pk', ['plan_id', 'user_id'])
          .execute();
        await db.schema.createIndex('plan_partners_user').on('plan_partners').column('user_id').execute();

        await db.schema
          .createTable('scenarios')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('replaced', 'text', (c) => c.notNull())
          .addColumn('replace_area', 'integer', (c) => c.notNull().check(sql`replace_area in (0, 1)`))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('deleted_at', 'text')
          .execute();
        await db.schema.createIndex('scenarios_plan').on('scenarios').columns(['plan_id', 'created_at']).execute();

        await db.schema
          .createTable('models')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('uploaded_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('original_files', 'text', (c) => c.notNull())
          .addColumn('stats', 'text', (c) => c.notNull())
          .addColumn('warnings', 'text', (c) => c.notNull())
          .addColumn('georef', 'text')
          .addColumn('suggested_scale', 'double precision')
          .addColumn('deleted_at', 'text')
          .execute();
        await db.schema.createIndex('models_plan').on('models').columns(['plan_id', 'created_at']).execute();

        await db.schema
          .createTable('placements')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('scenario_id', 'text', (c) => c.notNull().references('scenarios.id').onDelete('cascade'))
          .addColumn('model_id', 'text', (c) => c.notNull().references('models.id').onDelete('cascade'))
          .addColumn('lon', 'double precision', (c) => c.notNull().check(sql`lon between -180 and 180`))
          .addColumn('lat', 'double precision', (c) => c.notNull().check(sql`lat between -90 and 90`))
          .addColumn('height', 'double precision', (c) => c.notNull())
          .addColumn('heading', 'double precision', (c) => c.notNull())
          .addColumn('pitch', 'double precision', (c) => c.notNull())
          .addColumn('roll', 'double precision', (c) => c.notNull())
          .addColumn('scale', 'double precision', (c) => c.notNull().check(sql`scale > 0`))
          .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('deleted_at', 'text')
          .execute();
        await db.schema.createIndex('placements_scenario').on('placements').column('scenario_id').execute();

        // Who changed what: every change to a plan, its scenarios, models, placements and partners.
        await db.schema
          .createTable('plan_changes')
          .addColumn('id', 'text', (c) => c.primaryKey().modifyFront(sortable))
          .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
          .addColumn('actor_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('at', 'text', (c) => c.notNull().modifyFront(sortable))
          .addColumn('entity', 'text', (c) => c.notNull())
          .addColumn('entity_id', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('before', 'text')
          .addColumn('after', 'text')
          .execute();
        await db.schema.createIndex('plan_changes_plan_at').on('plan_changes').columns(['plan_id', 'at', 'id']).execute();

        // Comments may belong to a plan and a scenario (pinned on a model in a scenario, or in the plan).
        await db.schema.alterTable('comments').addColumn('plan_id', 'text', (c) => c.references('plans.id')).execute();
        await db.schema.alterTable('comments').addColumn('scenario_id', 'text', (c) => c.references('scenarios.id')).execute();
        await db.schema.createIndex('comments_plan').on('comments').columns(['plan_id', 'created_at', 'id']).execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropIndex('comments_plan').execute();
        await db.schema.alterTable('comments').dropColumn('scenario_id').execute();
        await db.schema.alterTable('comments').dropColumn('plan_id').execute();
        for (const t of ['plan_changes', 'placements', 'models', 'scenarios', 'plan_partners', 'plans']) {
          await db.schema.dropTable(t).execute();
        }
      },
    },
    '0003_polls': {
      async up(db: Kysely<any>) {
        // A poll belongs to a plan (optionally a scenario) or to a spot (lon/lat/height) without a plan.
        await db.schema
          .createTable('polls')
          .addColumn('id', 'text', (c) => c.primaryKey().modifyFront(sortable))
          .addColumn('question', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('single', 'multiple')`))
          .addColumn('max_choices', 'integer', (c) => c.notNull().check(sql`max_choices >= 1`))
          .addColumn('opens_at', 'text', (c) => c.notNull())
          .addColumn('closes_at', 'text', (c) => c.notNull())
          .addColumn('results_visibility', 'text', (c) =>
            c.notNull().check(sql`results_visibility in ('always', 'after_vote', 'after_close')`),
          )
          .addColumn('plan_id', 'text', (c) => c.references('plans.id').onDelete('cascade'))
          .addColumn('scenario_id', 'text', (c) => c.references('scenarios.id'))
          .addColumn('lon', 'double precision', (c) => c.check(sql`lon between -180 and 180`))
          .addColumn('lat', 'double precision', (c) => c.check(sql`lat between -90 and 90`))
          .addColumn('height', 'double precision')
          .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', 'text', (c) => c.notNull().modifyFront(sortable))
          .addCheckConstraint('polls_window', sql`opens_at < closes_at`)
          .addCheckConstraint('polls_attached', sql`plan_id is not null or (lon is not null and lat is not null)`)
          .execute();
        await db.schema.createIndex('polls_plan').on('polls').columns(['plan_id', 'created_at']).execute();
        await db.schema.createIndex('polls_spot').on('polls').columns(['lat', 'lon']).execute();

        await db.schema
          .createTable('poll_options')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('poll_id', 'text', (c) => c.notNull().references('polls.id').onDelete('cascade'))
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('label', 'text', (c) => c.notNull())
          .addColumn('scenario_id', 'text', (c) => c.references('scenarios.id'))
          .addUniqueConstraint('poll_options_poll_position', ['poll_id', 'position'])
          .addUniqueConstraint('poll_options_poll_id', ['poll_id', 'id'])
          .execute();

        // One ballot per account and poll, guaranteed here (votes upsert on this key, never read-then-write).
        await db.schema
          .createTable('ballots')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('poll_id', 'text', (c) => c.notNull().references('polls.id').onDelete('cascade'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('ballots_poll_user', ['poll_id', 'user_id'])
          .execute();

        // A choice names an option of the same poll (composite foreign key on poll_options (poll_id, id)).
        await db.schema
          .createTable('ballot_choices')
          .addColumn('ballot_id', 'text', (c) => c.notNull().references('ballots.id').onDelete('cascade'))
          .addColumn('poll_id', 'text', (c) => c.notNull())
          .addColumn('option_id', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('ballot_choices_pk', ['ballot_id', 'option_id'])
          .addForeignKeyConstraint('ballot_choices_option', ['poll_id', 'option_id'], 'poll_options', ['poll_id', 'id'], (cb) =>
            cb.onDelete('cascade'),
          )
          .execute();
        await db.schema.createIndex('ballot_choices_poll_option').on('ballot_choices').columns(['poll_id', 'option_id']).execute();
      },
      async down(db: Kysely<any>) {
        for (const t of ['ballot_choices', 'ballots', 'poll_options', 'polls']) await db.schema.dropTable(t).execute();
      },
    },
    '0004_threads': threadsMigration(dialect),
    '0005_moderation': moderationMigration(dialect),
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
