/**
 * Migration '0005_moderation' (issue 6): moderation of every reportable kind of content, reports, the append-only
 * audit log, sanctions (mute, ban), word filters, the removed-ids feed, author notices and account deletion.
 * Kept in its own module and listed in migrations.ts; never edit it once shipped.
 *
 * - `hidden_at` on threads, thread_posts, sketches and models (comments have it since 0001); `deleted_at` on threads
 *   and thread_posts (sketches and models have it). The visibility gates hide both from every read path.
 * - `users.deleted_at`: a deleted account stays as an anonymised row ("removed participant"), so content, ballots and
 *   the audit log keep their foreign keys while nothing in the row identifies the person any more.
 * - `moderation_actions` is append-only: triggers in both dialects refuse UPDATE and DELETE. It never stores content
 *   text (so a redaction never has to edit it): before/after hold moderation state and metadata only.
 * - notifications may be about moderation (`kind = 'moderation'`, thread_id null, content_kind/content_id/action/reason).
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from './schema.js';

export const CONTENT_KIND_SQL = sql`('comment', 'reply', 'thread', 'post', 'sketch', 'model')`;

export function moderationMigration(dialect: DialectName): Migration {
  const sortable = dialect === 'postgres' ? sql`collate "C"` : sql``;
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('users').addColumn('deleted_at', 'text').execute();
      for (const t of ['threads', 'thread_posts', 'sketches', 'models']) {
        await db.schema.alterTable(t).addColumn('hidden_at', 'text').execute();
      }
      for (const t of ['threads', 'thread_posts']) {
        await db.schema.alterTable(t).addColumn('deleted_at', 'text').execute();
      }

      await db.schema
        .createTable('reports')
        .addColumn('id', 'text', (c) => c.primaryKey().modifyFront(sortable))
        .addColumn('content_kind', 'text', (c) => c.notNull().check(sql`content_kind in ${CONTENT_KIND_SQL}`))
        .addColumn('content_id', 'text', (c) => c.notNull())
        .addColumn('reporter_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('reason', 'text', (c) =>
          c.notNull().check(sql`reason in ('spam', 'offensive', 'personal_data', 'off_topic', 'other')`),
        )
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull().modifyFront(sortable))
        .addColumn('resolved_at', 'text')
        .addColumn('resolution', 'text')
        .execute();
      // One report per account and content: a second report by the same person counts once.
      await db.schema
        .createIndex('reports_content_reporter')
        .on('reports')
        .columns(['content_kind', 'content_id', 'reporter_id'])
        .unique()
        .execute();

      await db.schema
        .createTable('moderation_items')
        .addColumn('content_kind', 'text', (c) => c.notNull().check(sql`content_kind in ${CONTENT_KIND_SQL}`))
        .addColumn('content_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('visible', 'held', 'hidden', 'removed')`))
        /** Why it waits for review: reports, personal_data, word_filter, moderator; null when nothing is pending. */
        .addColumn('pending', 'text')
        /** JSON: word-filter matches and personal-data kinds that put it in the queue. */
        .addColumn('detail', 'text')
        .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('plan_id', 'text')
        .addColumn('open_reports', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull().modifyFront(sortable))
        .addColumn('updated_at', 'text', (c) => c.notNull().modifyFront(sortable))
        .addColumn('reviewed_at', 'text')
        .addColumn('reviewed_by', 'text', (c) => c.references('users.id'))
        .addPrimaryKeyConstraint('moderation_items_pk', ['content_kind', 'content_id'])
        .execute();
      await db.schema.createIndex('moderation_items_pending').on('moderation_items').columns(['pending', 'updated_at']).execute();

      await db.schema
        .createTable('moderation_actions')
        .addColumn('id', 'text', (c) => c.primaryKey().modifyFront(sortable))
        /** null: the system (automatic hiding at the report threshold, holds by filters). */
        .addColumn('actor_id', 'text', (c) => c.references('users.id'))
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target_kind', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .addColumn('at', 'text', (c) => c.notNull().modifyFront(sortable))
        .execute();
      await db.schema.createIndex('moderation_actions_at').on('moderation_actions').columns(['at', 'id']).execute();
      if (dialect === 'postgres') {
        await sql`create or replace function moderation_actions_append_only() returns trigger language plpgsql as $$
          begin raise exception 'moderation_actions is append-only'; end $$`.execute(db);
        await sql`create trigger moderation_actions_no_change before update or delete on moderation_actions
          for each row execute function moderation_actions_append_only()`.execute(db);
      } else {
        await sql`create trigger moderation_actions_no_update before update on moderation_actions
          begin select raise(abort, 'moderation_actions is append-only'); end`.execute(db);
        await sql`create trigger moderation_actions_no_delete before delete on moderation_actions
          begin select raise(abort, 'moderation_actions is append-only'); end`.execute(db);
      }

      await db.schema
        .createTable('sanctions')
        .addColumn('id', 'text', (c) => c.primaryKey().modifyFront(sortable))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('mute', 'ban')`))
        .addColumn('reason', 'text', (c) => c.notNull())
        /** null: for good. */
        .addColumn('until', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull().modifyFront(sortable))
        .addColumn('lifted_at', 'text')
        .addColumn('lifted_by', 'text', (c) => c.references('users.id'))
        .execute();
      await db.schema.createIndex('sanctions_user').on('sanctions').columns(['user_id', 'kind']).execute();

      await db.schema
        .createTable('word_filters')
        .addColumn('id', 'text', (c) => c.primaryKey().modifyFront(sortable))
        .addColumn('pattern', 'text', (c) => c.notNull())
        .addColumn('is_regex', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('hold', 'block', 'flag')`))
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull().modifyFront(sortable))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('content_removals')
        .addColumn('id', 'text', (c) => c.primaryKey().modifyFront(sortable))
        .addColumn('content_kind', 'text', (c) => c.notNull())
        .addColumn('content_id', 'text', (c) => c.notNull())
        .addColumn('plan_id', 'text')
        /** hidden, removed (also by account deletion) or redacted (the text changed: mirrors fetch it again). */
        .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('hidden', 'removed', 'redacted')`))
        .addColumn('at', 'text', (c) => c.notNull().modifyFront(sortable))
        .execute();
      await db.schema.createIndex('content_removals_at').on('content_removals').columns(['at', 'id']).execute();

      // Notifications about moderation of one's own content: thread_id becomes optional.
      if (dialect === 'postgres') {
        await sql`alter table notifications alter column thread_id drop not null`.execute(db);
        await sql`alter table notifications drop constraint if exists notifications_kind_check`.execute(db);
        await sql`alter table notifications add constraint notifications_kind_check
          check (kind in ('reply', 'answer', 'status_changed', 'moderation'))`.execute(db);
        for (const col of ['content_kind', 'content_id', 'action', 'reason']) {
          await db.schema.alterTable('notifications').addColumn(col, 'text').execute();
        }
      } else {
        await db.schema
          .createTable('notifications_new')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('kind', 'text', (c) =>
            c.notNull().check(sql`kind in ('reply', 'answer', 'status_changed', 'moderation')`),
          )
          .addColumn('thread_id', 'text', (c) => c.references('threads.id').onDelete('cascade'))
          .addColumn('plan_id', 'text')
          .addColumn('post_id', 'text')
          .addColumn('status', 'text')
          .addColumn('actor_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('read_at', 'text')
          .addColumn('content_kind', 'text')
          .addColumn('content_id', 'text')
          .addColumn('action', 'text')
          .addColumn('reason', 'text')
          .execute();
        await sql`insert into notifications_new (id, user_id, kind, thread_id, plan_id, post_id, status, actor_id, created_at, read_at)
          select id, user_id, kind, thread_id, plan_id, post_id, status, actor_id, created_at, read_at from notifications`.execute(db);
        await db.schema.dropTable('notifications').execute();
        await sql`alter table notifications_new rename to notifications`.execute(db);
        await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'created_at', 'id']).execute();
      }
    },
    async down() {
      throw new Error('0005_moderation cannot be undone: it holds the audit log');
    },
  };
}
