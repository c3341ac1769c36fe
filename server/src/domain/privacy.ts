/**
 * Privacy (issue 6, AVG/GDPR): a resident's own data export (JSON and GeoJSON) and account deletion.
 *
 * - Export: everything the server holds about the signed-in user, at full precision (it is their own data), and
 *   nothing about anybody else (no other people's names or ids; notifications without their actor).
 * - Deletion (`DELETE /me {password}`): in ONE transaction the users row is anonymised in place (e-mail
 *   `deleted-<id>@invalid`, display name `Verwijderde deelnemer`, password hash `!` (matches no password), role
 *   resident, deleted_at set), the sessions, follows and notifications of the user are deleted, and the audit log gets
 *   `account_delete` (before `{deleted:false}`, after `{deleted:true, mode}`: no personal data). With
 *   config.accountDeletion `remove` every comment, reply, thread, post and sketch of theirs is removed too
 *   (moderation-content.ts `removeContent`: state removed, text replaced by REDACTED_MARK, content_removals 'removed').
 *   Ballots stay (anonymous counts). After the commit: a WAL checkpoint (the old bytes leave the SQLite file), then
 *   the bus gets `user:deleted` (realtime disconnects the user's sockets).
 */
import type { Kysely } from 'kysely';
import {
  ErrorCode,
  type ContentKind,
  type ExportFeatureCollection,
  type PersonalExport,
  type Position,
} from '../../../shared/index.js';
import type { Database } from '../store/schema.js';
import { findUserById } from '../store/users.js';
import { recordAction } from './audit.js';
import { DomainError } from './errors.js';
import type { EventBus } from './events.js';
import { loadContent, removeContent, type ContentItem } from './moderation-content.js';
import { verifyPassword } from './passwords.js';
import type { ViewerUser } from './viewer.js';

/** The display name of every deleted account (the client shows its own i18n text for author id null). */
export const DELETED_DISPLAY_NAME = 'Verwijderde deelnemer';

/** The export's file name (Content-Disposition). */
export const EXPORT_FILE_NAME = 'digitale-stad-gegevens.json';

const ABOUT =
  'Alle gegevens die Digitale Stad over je account bewaart, met de exacte posities die je gaf. ' +
  'Tijden in UTC (ISO-8601); posities in WGS84-graden en meters boven de ellipsoïde. / ' +
  'All data Digitale Stad keeps about your account, with the exact positions you gave. ' +
  'Times in UTC (ISO-8601); positions in WGS84 degrees and metres above the ellipsoid.';

type State = 'visible' | 'held' | 'hidden' | 'removed';

export class PrivacyService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly bus: EventBus,
    /** `checkpoint`: store/db.ts Store.checkpoint, run after the commit so the old bytes leave the SQLite file. */
    private readonly config: { accountDeletion: 'anonymise' | 'remove'; checkpoint?: () => Promise<void> },
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The moderation state of each of the user's contents (key `kind:id`), from moderation_items. */
  private async states(userId: string): Promise<Map<string, State>> {
    const rows = await this.db
      .selectFrom('moderation_items')
      .select(['content_kind', 'content_id', 'state'])
      .where('author_id', '=', userId)
      .execute();
    return new Map(rows.map((r) => [`${r.content_kind}:${r.content_id}`, r.state]));
  }

  /**
   * Everything of `user` (shared/privacy.ts PersonalExport): account, comments, replies, threads, posts, sketches,
   * supports, models, ballots (with the question and chosen labels), reports made, follows, notifications (without
   * who caused them) and sanctions (without who imposed them). Exact positions. Includes own held/hidden content
   * (with its state). @throws not_found when the account no longer exists.
   */
  async export(user: ViewerUser): Promise<PersonalExport> {
    const db = this.db;
    const u = await findUserById(db, user.id);
    if (!u || u.deleted_at !== null) throw new DomainError(ErrorCode.notFound, 'There is no such account.');
    const states = await this.states(u.id);
    const state = (kind: ContentKind, id: string, hiddenAt: string | null, deletedAt: string | null): State =>
      states.get(`${kind}:${id}`) ?? (deletedAt !== null ? 'removed' : hiddenAt !== null ? 'hidden' : 'visible');

    const comments = await db.selectFrom('comments').selectAll().where('author_id', '=', u.id).orderBy('created_at').orderBy('id').execute();
    const threads = await db.selectFrom('threads').selectAll().where('author_id', '=', u.id).orderBy('created_at').orderBy('id').execute();
    const posts = await db.selectFrom('thread_posts').selectAll().where('author_id', '=', u.id).orderBy('created_at').orderBy('id').execute();
    const sketches = await db.selectFrom('sketches').selectAll().where('created_by', '=', u.id).orderBy('created_at').orderBy('id').execute();
    const supports = await db.selectFrom('thread_supports').selectAll().where('user_id', '=', u.id).orderBy('created_at').execute();
    const models = await db.selectFrom('models').select(['id', 'plan_id', 'name', 'created_at']).where('uploaded_by', '=', u.id).where('deleted_at', 'is', null).orderBy('created_at').execute();
    const ballots = await db
      .selectFrom('ballots')
      .innerJoin('polls', 'polls.id', 'ballots.poll_id')
      .select(['ballots.id as id', 'ballots.poll_id as poll_id', 'polls.question as question', 'ballots.created_at as created_at', 'ballots.updated_at as updated_at'])
      .where('ballots.user_id', '=', u.id)
      .orderBy('ballots.created_at')
      .execute();
    const choices = ballots.length
      ? await db
          .selectFrom('ballot_choices')
          .innerJoin('poll_options', 'poll_options.id', 'ballot_choices.option_id')
          .select(['ballot_choices.ballot_id as ballot_id', 'poll_options.id as option_id', 'poll_options.label as label', 'poll_options.position as position'])
          .where('ballot_choices.ballot_id', 'in', ballots.map((b) => b.id))
          .orderBy('poll_options.position')
          .execute()
      : [];
    const reports = await db.selectFrom('reports').selectAll().where('reporter_id', '=', u.id).orderBy('created_at').execute();
    const follows = await db.selectFrom('follows').selectAll().where('user_id', '=', u.id).orderBy('created_at').execute();
    const notifications = await db.selectFrom('notifications').selectAll().where('user_id', '=', u.id).orderBy('created_at').orderBy('id').execute();
    const sanctions = await db.selectFrom('sanctions').selectAll().where('user_id', '=', u.id).orderBy('created_at').execute();

    const pos = (r: { lon: number; lat: number; height: number }): Position => ({ lon: r.lon, lat: r.lat, height: r.height });
    return {
      exportedAt: this.now().toISOString(),
      about: ABOUT,
      account: { id: u.id, email: u.email, displayName: u.display_name, role: u.role, createdAt: u.created_at },
      comments: comments
        .filter((c) => c.parent_id === null)
        .map((c) => ({
          id: c.id, body: c.body, position: pos(c), planId: c.plan_id, scenarioId: c.scenario_id, createdAt: c.created_at,
          state: state('comment', c.id, c.hidden_at, c.deleted_at),
        })),
      replies: comments
        .filter((c) => c.parent_id !== null)
        .map((c) => ({
          id: c.id, parentId: c.parent_id!, body: c.body, position: pos(c), planId: c.plan_id, scenarioId: c.scenario_id,
          createdAt: c.created_at, state: state('reply', c.id, c.hidden_at, c.deleted_at),
        })),
      threads: threads.map((t) => ({
        id: t.id, title: t.title, text: t.text, anchor: JSON.parse(t.anchor) as unknown, position: pos(t), planId: t.plan_id,
        scenarioId: t.scenario_id, status: t.status, createdAt: t.created_at, state: state('thread', t.id, t.hidden_at, t.deleted_at),
      })),
      posts: posts.map((p) => ({
        id: p.id, threadId: p.thread_id, text: p.text, answer: p.answer === 1, createdAt: p.created_at,
        state: state('post', p.id, p.hidden_at, p.deleted_at),
      })),
      sketches: sketches.map((s) => ({
        id: s.id, threadId: s.thread_id, geometry: JSON.parse(s.geometry) as { type: string; coordinates: unknown }, height: s.height,
        label: s.label, version: s.version, createdAt: s.created_at, updatedAt: s.updated_at,
        state: state('sketch', s.id, s.hidden_at, s.deleted_at),
      })),
      supports: supports.map((s) => ({ threadId: s.thread_id, createdAt: s.created_at })),
      models: models.map((m) => ({ id: m.id, planId: m.plan_id, name: m.name, createdAt: m.created_at })),
      ballots: ballots.map((b) => ({
        pollId: b.poll_id, question: b.question,
        choices: choices.filter((c) => c.ballot_id === b.id).map((c) => ({ optionId: c.option_id, label: c.label })),
        createdAt: b.created_at, updatedAt: b.updated_at,
      })),
      reports: reports.map((r) => ({
        id: r.id, contentKind: r.content_kind, contentId: r.content_id, reason: r.reason, note: r.note, createdAt: r.created_at,
        resolvedAt: r.resolved_at, resolution: r.resolution,
      })),
      follows: follows.map((f) => ({ planId: f.plan_id, threadId: f.thread_id, createdAt: f.created_at })),
      notifications: notifications.map((n) => ({
        id: n.id, kind: n.kind, threadId: n.thread_id, planId: n.plan_id, postId: n.post_id, status: n.status,
        contentKind: n.content_kind, contentId: n.content_id, action: n.action, reason: n.reason, createdAt: n.created_at, readAt: n.read_at,
      })),
      sanctions: sanctions.map((s) => ({ kind: s.kind, reason: s.reason, until: s.until, createdAt: s.created_at, liftedAt: s.lifted_at })),
    };
  }

  /**
   * The user's positioned content as a GeoJSON FeatureCollection (RFC 7946; coordinates [lon, lat, height],
   * exact): comments and replies (Point), threads (their anchor: Point or Polygon), sketches (their geometry).
   * Properties: kind, id, text, createdAt (threads also title; sketches height). Removed content is left out.
   */
  async exportGeoJson(user: ViewerUser): Promise<ExportFeatureCollection> {
    const all = await this.export(user);
    const features: ExportFeatureCollection['features'] = [];
    const point = (p: Position) => ({ type: 'Point', coordinates: [p.lon, p.lat, p.height] });
    for (const c of all.comments) if (c.state !== 'removed') features.push(feature(c.id, point(c.position), { kind: 'comment', id: c.id, text: c.body, createdAt: c.createdAt }));
    for (const c of all.replies) if (c.state !== 'removed') features.push(feature(c.id, point(c.position), { kind: 'reply', id: c.id, text: c.body, createdAt: c.createdAt }));
    for (const t of all.threads) {
      if (t.state === 'removed') continue;
      const a = t.anchor as Position | { type: string; coordinates: unknown };
      const geometry = 'type' in a ? { type: a.type, coordinates: a.coordinates } : point(a);
      features.push(feature(t.id, geometry, { kind: 'thread', id: t.id, title: t.title, text: t.text, createdAt: t.createdAt }));
    }
    for (const s of all.sketches) {
      if (s.state === 'removed') continue;
      features.push(feature(s.id, s.geometry, { kind: 'sketch', id: s.id, text: s.label, height: s.height, createdAt: s.createdAt }));
    }
    return { type: 'FeatureCollection', generatedAt: all.exportedAt, features };
  }

  /**
   * Deletes the signed-in account (see the module comment). `password` must be the account's password.
   * @throws bad_credentials (401) for a wrong password; not_found when the account is gone already.
   */
  async deleteAccount(user: ViewerUser, password: string): Promise<{ mode: 'anonymise' | 'remove' }> {
    const row = await findUserById(this.db, user.id);
    if (!row || row.deleted_at !== null) throw new DomainError(ErrorCode.notFound, 'There is no such account.');
    if (!(await verifyPassword(password, row.password_hash))) {
      throw new DomainError(ErrorCode.badCredentials, 'The password is wrong.');
    }
    const mode = this.config.accountDeletion;
    const at = this.now().toISOString();
    const removed = await this.db.transaction().execute(async (trx) => {
      // Content still held for review (never published, perhaps held for personal data) goes in either mode: nobody
      // is left to publish it for, and the held text may be exactly the personal data the person is deleting.
      const gone = mode === 'remove' ? await removeAllContentOf(trx, user.id, at) : await removeHeldContentOf(trx, user.id, at);
      await trx
        .updateTable('users')
        .set({ email: `deleted-${user.id}@invalid`, display_name: DELETED_DISPLAY_NAME, password_hash: '!', role: 'resident', deleted_at: at })
        .where('id', '=', user.id)
        .execute();
      await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
      await trx.deleteFrom('follows').where('user_id', '=', user.id).execute();
      await trx.deleteFrom('notifications').where('user_id', '=', user.id).execute();
      // Their reports keep counting (a report is about the content), but the notes they wrote are theirs.
      await trx.updateTable('reports').set({ note: null }).where('reporter_id', '=', user.id).execute();
      await recordAction(trx, {
        actorId: user.id, action: 'account_delete', targetKind: 'user', targetId: user.id, reason: null,
        before: { deleted: false }, after: { deleted: true, mode }, at,
      });
      return gone;
    });
    await this.config.checkpoint?.();
    this.bus.emit('user:deleted', { userId: user.id });
    // Open pages drop removed content (the same public event a moderator's removal sends; no text).
    for (const c of removed) {
      this.bus.emit('content:moderated', {
        kind: c.kind, id: c.id, change: 'gone', planId: c.planId, threadId: c.threadId, parentId: c.parentId,
        position: c.position && { lon: c.position.lon, lat: c.position.lat },
      });
    }
    return { mode };
  }
}

/** Removes the account's content that waits in the queue as `held` (see deleteAccount). @returns what was removed. */
async function removeHeldContentOf(trx: Kysely<Database>, userId: string, at: string): Promise<ContentItem[]> {
  const held = await trx
    .selectFrom('moderation_items')
    .select(['content_kind', 'content_id'])
    .where('author_id', '=', userId)
    .where('state', '=', 'held')
    .execute();
  const out: ContentItem[] = [];
  for (const h of held) {
    const item = await loadContent(trx, h.content_kind, h.content_id);
    if (item && (await removeContent(trx, h.content_kind, h.content_id, at))) out.push(item);
  }
  return out;
}

function feature(id: string, geometry: { type: string; coordinates: unknown }, properties: Record<string, unknown>) {
  return { type: 'Feature' as const, id, geometry, properties };
}

/**
 * ACCOUNT_DELETION=remove: removes every comment, reply, thread, post and sketch of `userId` that is not removed yet,
 * inside the caller's transaction, each through moderation-content.ts `removeContent` (deleted_at set, text fields and
 * every version replaced by REDACTED_MARK, moderation item `removed`, content_removals 'removed'). No notification
 * (the account is going) and no per-item audit entry (the `account_delete` entry covers it).
 * @returns the content that was removed, as it was loaded just before (for the public `content:moderated` events).
 */
export async function removeAllContentOf(trx: Kysely<Database>, userId: string, at: string): Promise<ContentItem[]> {
  const targets: { kind: ContentKind; id: string }[] = [];
  const comments = await trx.selectFrom('comments').select(['id', 'parent_id']).where('author_id', '=', userId).where('deleted_at', 'is', null).execute();
  for (const c of comments) targets.push({ kind: c.parent_id === null ? 'comment' : 'reply', id: c.id });
  const threads = await trx.selectFrom('threads').select('id').where('author_id', '=', userId).where('deleted_at', 'is', null).execute();
  for (const t of threads) targets.push({ kind: 'thread', id: t.id });
  const posts = await trx.selectFrom('thread_posts').select('id').where('author_id', '=', userId).where('deleted_at', 'is', null).execute();
  for (const p of posts) targets.push({ kind: 'post', id: p.id });
  const sketches = await trx.selectFrom('sketches').select('id').where('created_by', '=', userId).where('deleted_at', 'is', null).execute();
  for (const sk of sketches) targets.push({ kind: 'sketch', id: sk.id });
  const removed: ContentItem[] = [];
  for (const t of targets) {
    const item = await loadContent(trx, t.kind, t.id);
    if (item && (await removeContent(trx, t.kind, t.id, at))) removed.push(item);
  }
  return removed;
}
