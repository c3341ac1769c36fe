/**
 * Migration '0004_threads' (issue 5): co-creation threads, their posts, supports, sketches with every version,
 * follows and notifications. Kept in its own module and listed in migrations.ts; never edit it once shipped.
 * Times are UTC ISO-8601 text (sortable); JSON columns hold GeoJSON as text.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from './schema.js';

export function threadsMigration(dialect: DialectName): Migration {
  const sortable = dialect === 'postgres' ? sql`collate "C"` : sql``;
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('threads')
        .addColumn('id', 'text', (c) => c.primaryKey().modifyFront(sortable))
        .addColumn('plan_id', 'text', (c) => c.references('plans.id').onDelete('cascade'))
        .addColumn('scenario_id', 'text', (c) => c.references('scenarios.id'))
        .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('anchor', 'text', (c) => c.notNull())
        .addColumn('lon', 'double precision', (c) => c.notNull().check(sql`lon between -180 and 180`))
        .addColumn('lat', 'double precision', (c) => c.notNull().check(sql`lat between -90 and 90`))
        .addColumn('height', 'double precision', (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c.notNull().defaultTo('open').check(sql`status in ('open', 'under_consideration', 'adopted', 'not_adopted')`),
        )
        .addColumn('status_reason', 'text')
        .addColumn('status_by', 'text', (c) => c.references('users.id'))
        .addColumn('status_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull().modifyFront(sortable))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('threads_plan').on('threads').columns(['plan_id', 'created_at']).execute();
      await db.schema.createIndex('threads_lon_lat').on('threads').columns(['lat', 'lon']).execute();

      await db.schema
        .createTable('thread_posts')
        .addColumn('id', 'text', (c) => c.primaryKey().modifyFront(sortable))
        .addColumn('thread_id', 'text', (c) => c.notNull().references('threads.id').onDelete('cascade'))
        .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('answer', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull().modifyFront(sortable))
        .execute();
      await db.schema.createIndex('thread_posts_thread').on('thread_posts').columns(['thread_id', 'created_at', 'id']).execute();

      // One support per account and thread, guaranteed by the key (not by reading first).
      await db.schema
        .createTable('thread_supports')
        .addColumn('thread_id', 'text', (c) => c.notNull().references('threads.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('thread_supports_pk', ['thread_id', 'user_id'])
        .execute();

      await db.schema
        .createTable('sketches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('thread_id', 'text', (c) => c.notNull().references('threads.id').onDelete('cascade'))
        .addColumn('geometry', 'text', (c) => c.notNull())
        .addColumn('height', 'double precision', (c) => c.notNull().check(sql`height between 0 and 300`))
        .addColumn('label', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text')
        .execute();
      await db.schema.createIndex('sketches_thread').on('sketches').columns(['thread_id', 'created_at']).execute();

      // Every state of every sketch with its author; (sketch_id, version) is unique, so two edits of the same
      // version can never both be kept.
      await db.schema
        .createTable('sketch_versions')
        .addColumn('sketch_id', 'text', (c) => c.notNull().references('sketches.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('thread_id', 'text', (c) => c.notNull())
        .addColumn('geometry', 'text')
        .addColumn('height', 'double precision', (c) => c.notNull())
        .addColumn('label', 'text')
        .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('created', 'updated', 'deleted')`))
        .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('sketch_versions_pk', ['sketch_id', 'version'])
        .execute();

      await db.schema
        .createTable('follows')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('plan_id', 'text', (c) => c.references('plans.id').onDelete('cascade'))
        .addColumn('thread_id', 'text', (c) => c.references('threads.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addCheckConstraint('follows_one_target', sql`(plan_id is null) <> (thread_id is null)`)
        .execute();
      await db.schema.createIndex('follows_user_plan').on('follows').columns(['user_id', 'plan_id']).unique().execute();
      await db.schema.createIndex('follows_user_thread').on('follows').columns(['user_id', 'thread_id']).unique().execute();
      await db.schema.createIndex('follows_plan').on('follows').column('plan_id').execute();
      await db.schema.createIndex('follows_thread').on('follows').column('thread_id').execute();

      await db.schema
        .createTable('notifications')
        .addColumn('id', 'text', (c) => c.primaryKey().modifyFront(sortable))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('reply', 'answer', 'status_changed')`))
        .addColumn('thread_id', 'text', (c) => c.notNull().references('threads.id').onDelete('cascade'))
        .addColumn('plan_id', 'text')
        .addColumn('post_id', 'text')
        .addColumn('status', 'text')
        .addColumn('actor_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull().modifyFront(sortable))
        .addColumn('read_at', 'text')
        .execute();
      await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'created_at', 'id']).execute();
    },
    async down(db: Kysely<any>) {
      for (const t of ['notifications', 'follows', 'sketch_versions', 'sketches', 'thread_supports', 'thread_posts', 'threads']) {
        await db.schema.dropTable(t).execute();
      }
    },
  };
}
