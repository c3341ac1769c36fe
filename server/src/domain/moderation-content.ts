/**
 * The content side of moderation (issue 6): one adapter per ContentKind that loads a piece of content in one
 * shape (`ContentItem`), hides or un-hides it (`hidden_at`), removes it for good (`deleted_at` and every text field,
 * also in every earlier version, replaced by REDACTED_MARK) and redacts parts of one text field (in the current text,
 * every version, the report notes and the moderation detail of that content).
 *
 * Kinds and their tables: `comment` (comments, parent_id null, field body), `reply` (comments with parent_id, body),
 * `thread` (threads, title and text), `post` (thread_posts, text), `sketch` (sketches, label; versions in
 * sketch_versions), `model` (models, name; plan_changes before/after JSON and original_files hold it too).
 *
 * `removeContent` is the entry for account deletion (ACCOUNT_DELETION=remove): it removes and records the removal.
 * Callers checkpoint the store after the commit (store/db.ts `checkpoint`) so the old bytes leave the SQLite file.
 */
import type { Kysely } from 'kysely';
import { ErrorCode, LIMITS, PLAN_LIMITS, REDACTED_MARK, THREAD_LIMITS, type ContentKind } from '../../../shared/index.js';
import type { Database } from '../store/schema.js';
import { recordRemoval } from './audit.js';
import { DomainError } from './errors.js';
import type { PlanService } from './plans.js';
import type { ThreadService } from './threads.js';
import type { Viewer } from './viewer.js';

/** One piece of reportable content, whatever its kind. */
export interface ContentItem {
  kind: ContentKind;
  id: string;
  authorId: string;
  planId: string | null;
  /** reply: its comment; post and sketch: their thread; else null. */
  parentId: string | null;
  /** thread: itself; post and sketch: their thread; else null. */
  threadId: string | null;
  /** WGS84 degrees and metres (comments, replies, threads); null for the others. */
  position: { lon: number; lat: number; height: number } | null;
  /** Text fields as stored: { body } | { title, text } | { text } | { label } | { name }. */
  fields: Record<string, string>;
  hiddenAt: string | null;
  deletedAt: string | null;
  createdAt: string;
}

/** A [start, end) part of a field's current text (UTF-16 indexes); `expected`: the text the moderator saw there. */
export interface Part {
  start: number;
  end: number;
  expected?: string;
}

export interface ContentAdapter {
  /** The content, or undefined when there is none of this kind (a reply id is not a comment, and vice versa). */
  load(db: Kysely<Database>, id: string): Promise<ContentItem | undefined>;
  /** Sets or clears `hidden_at`. */
  setHidden(trx: Kysely<Database>, id: string, at: string | null): Promise<void>;
  /** Sets `deleted_at` and replaces every text field (and every version of it) by REDACTED_MARK. */
  remove(trx: Kysely<Database>, id: string, at: string): Promise<void>;
  /** Names of the text fields of this kind. */
  fields: readonly string[];
  /** Maximum length (code points) of each field, as its create/edit schema allows. */
  max: Readonly<Record<string, number>>;
  /** Writes the new text of one field and replaces each of `cut` (the removed substrings) in every version. */
  rewrite(trx: Kysely<Database>, id: string, field: string, text: string, cut: string[]): Promise<void>;
}

export function replaceAllOf(text: string, cut: string[]): string {
  let out = text;
  for (const c of cut) if (c.length > 0) out = out.split(c).join(REDACTED_MARK);
  return out;
}

/** Replaces `cut` in every string inside a JSON value (keys stay). */
export function replaceInJson(json: string | null, cut: string[] | 'all-names'): string | null {
  if (json === null) return null;
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return cut === 'all-names' ? json : replaceAllOf(json, cut);
  }
  const walk = (x: unknown, key?: string): unknown => {
    if (typeof x === 'string') {
      if (cut === 'all-names') return key === 'name' ? REDACTED_MARK : x;
      return replaceAllOf(x, cut);
    }
    if (Array.isArray(x)) return x.map((e) => walk(e, key));
    if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, e]) => [k, walk(e, k)]));
    return x;
  };
  return JSON.stringify(walk(v));
}

function commentAdapter(kind: 'comment' | 'reply'): ContentAdapter {
  return {
    fields: ['body'],
    max: { body: LIMITS.commentBody.max },
    async load(db, id) {
      const r = await db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r || (kind === 'comment') !== (r.parent_id === null)) return undefined;
      return {
        kind, id: r.id, authorId: r.author_id, planId: r.plan_id, parentId: r.parent_id, threadId: null,
        position: { lon: r.lon, lat: r.lat, height: r.height }, fields: { body: r.body },
        hiddenAt: r.hidden_at, deletedAt: r.deleted_at, createdAt: r.created_at,
      };
    },
    async setHidden(trx, id, at) {
      await trx.updateTable('comments').set({ hidden_at: at }).where('id', '=', id).execute();
    },
    async remove(trx, id, at) {
      await trx.updateTable('comments').set({ deleted_at: at, body: REDACTED_MARK }).where('id', '=', id).execute();
    },
    async rewrite(trx, id, _field, text) {
      await trx.updateTable('comments').set({ body: text }).where('id', '=', id).execute();
    },
  };
}

const threadAdapter: ContentAdapter = {
  fields: ['title', 'text'],
  max: { title: THREAD_LIMITS.title.max, text: THREAD_LIMITS.text.max },
  async load(db, id) {
    const r = await db.selectFrom('threads').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) return undefined;
    return {
      kind: 'thread', id: r.id, authorId: r.author_id, planId: r.plan_id, parentId: null, threadId: r.id,
      position: { lon: r.lon, lat: r.lat, height: r.height }, fields: { title: r.title, text: r.text },
      hiddenAt: r.hidden_at, deletedAt: r.deleted_at, createdAt: r.created_at,
    };
  },
  async setHidden(trx, id, at) {
    await trx.updateTable('threads').set({ hidden_at: at }).where('id', '=', id).execute();
  },
  async remove(trx, id, at) {
    await trx.updateTable('threads').set({ deleted_at: at, title: REDACTED_MARK, text: REDACTED_MARK }).where('id', '=', id).execute();
  },
  async rewrite(trx, id, field, text) {
    await trx.updateTable('threads').set(field === 'title' ? { title: text } : { text }).where('id', '=', id).execute();
  },
};

const postAdapter: ContentAdapter = {
  fields: ['text'],
  max: { text: THREAD_LIMITS.post.max },
  async load(db, id) {
    const r = await db
      .selectFrom('thread_posts as tp')
      .innerJoin('threads as t', 't.id', 'tp.thread_id')
      .selectAll('tp')
      .select('t.plan_id')
      .where('tp.id', '=', id)
      .executeTakeFirst();
    if (!r) return undefined;
    return {
      kind: 'post', id: r.id, authorId: r.author_id, planId: r.plan_id, parentId: r.thread_id, threadId: r.thread_id,
      position: null, fields: { text: r.text }, hiddenAt: r.hidden_at, deletedAt: r.deleted_at, createdAt: r.created_at,
    };
  },
  async setHidden(trx, id, at) {
    await trx.updateTable('thread_posts').set({ hidden_at: at }).where('id', '=', id).execute();
  },
  async remove(trx, id, at) {
    await trx.updateTable('thread_posts').set({ deleted_at: at, text: REDACTED_MARK }).where('id', '=', id).execute();
  },
  async rewrite(trx, id, _field, text) {
    await trx.updateTable('thread_posts').set({ text }).where('id', '=', id).execute();
  },
};

const sketchAdapter: ContentAdapter = {
  fields: ['label'],
  max: { label: THREAD_LIMITS.sketchLabel.max },
  async load(db, id) {
    const r = await db
      .selectFrom('sketches as k')
      .innerJoin('threads as t', 't.id', 'k.thread_id')
      .selectAll('k')
      .select('t.plan_id')
      .where('k.id', '=', id)
      .executeTakeFirst();
    if (!r) return undefined;
    return {
      kind: 'sketch', id: r.id, authorId: r.created_by, planId: r.plan_id, parentId: r.thread_id, threadId: r.thread_id,
      position: null, fields: { label: r.label ?? '' }, hiddenAt: r.hidden_at, deletedAt: r.deleted_at, createdAt: r.created_at,
    };
  },
  async setHidden(trx, id, at) {
    await trx.updateTable('sketches').set({ hidden_at: at }).where('id', '=', id).execute();
  },
  async remove(trx, id, at) {
    await trx.updateTable('sketches').set({ deleted_at: at, label: REDACTED_MARK }).where('id', '=', id).execute();
    await trx.updateTable('sketch_versions').set({ label: REDACTED_MARK }).where('sketch_id', '=', id).where('label', 'is not', null).execute();
  },
  async rewrite(trx, id, _field, text, cut) {
    await trx.updateTable('sketches').set({ label: text }).where('id', '=', id).execute();
    const versions = await trx.selectFrom('sketch_versions').select(['version', 'label']).where('sketch_id', '=', id).execute();
    for (const v of versions) {
      if (v.label === null) continue;
      const label = replaceAllOf(v.label, cut);
      if (label !== v.label) {
        await trx.updateTable('sketch_versions').set({ label }).where('sketch_id', '=', id).where('version', '=', v.version).execute();
      }
    }
  },
};

async function rewritePlanChanges(trx: Kysely<Database>, modelId: string, cut: string[] | 'all-names'): Promise<void> {
  const rows = await trx
    .selectFrom('plan_changes')
    .select(['id', 'before', 'after'])
    .where('entity', '=', 'model')
    .where('entity_id', '=', modelId)
    .execute();
  for (const r of rows) {
    const before = replaceInJson(r.before, cut);
    const after = replaceInJson(r.after, cut);
    if (before !== r.before || after !== r.after) {
      await trx.updateTable('plan_changes').set({ before, after }).where('id', '=', r.id).execute();
    }
  }
}

const modelAdapter: ContentAdapter = {
  fields: ['name'],
  max: { name: PLAN_LIMITS.modelName.max },
  async load(db, id) {
    const r = await db.selectFrom('models').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) return undefined;
    return {
      kind: 'model', id: r.id, authorId: r.uploaded_by, planId: r.plan_id, parentId: null, threadId: null,
      position: null, fields: { name: r.name }, hiddenAt: r.hidden_at, deletedAt: r.deleted_at, createdAt: r.created_at,
    };
  },
  async setHidden(trx, id, at) {
    await trx.updateTable('models').set({ hidden_at: at }).where('id', '=', id).execute();
  },
  async remove(trx, id, at) {
    const r = await trx.selectFrom('models').select('original_files').where('id', '=', id).executeTakeFirst();
    await trx
      .updateTable('models')
      .set({ deleted_at: at, name: REDACTED_MARK, original_files: replaceInJson(r?.original_files ?? '[]', 'all-names') ?? '[]' })
      .where('id', '=', id)
      .execute();
    await rewritePlanChanges(trx, id, 'all-names');
  },
  async rewrite(trx, id, _field, text, cut) {
    const r = await trx.selectFrom('models').select('original_files').where('id', '=', id).executeTakeFirst();
    await trx
      .updateTable('models')
      .set({ name: text, original_files: replaceInJson(r?.original_files ?? '[]', cut) ?? '[]' })
      .where('id', '=', id)
      .execute();
    await rewritePlanChanges(trx, id, cut);
  },
};

/** THE registry: one adapter per content kind. */
export const CONTENT: Record<ContentKind, ContentAdapter> = {
  comment: commentAdapter('comment'),
  reply: commentAdapter('reply'),
  thread: threadAdapter,
  post: postAdapter,
  sketch: sketchAdapter,
  model: modelAdapter,
};

/** Loads content of any kind; undefined when there is none. */
export function loadContent(db: Kysely<Database>, kind: ContentKind, id: string): Promise<ContentItem | undefined> {
  return CONTENT[kind].load(db, id);
}

/**
 * Removes content for good (account deletion with ACCOUNT_DELETION=remove, and the moderator's `remove`): sets
 * deleted_at, replaces its text (every version) by REDACTED_MARK, clears the text of report notes on it, marks the
 * moderation item `removed` and appends to the removed-ids feed. Run inside the caller's transaction; checkpoint the
 * store after the commit. No-op (false) when the content does not exist or was removed before.
 */
export async function removeContent(trx: Kysely<Database>, kind: ContentKind, id: string, at: string): Promise<boolean> {
  const item = await CONTENT[kind].load(trx, id);
  if (!item || item.deletedAt !== null) return false;
  await CONTENT[kind].remove(trx, id, at);
  await trx.updateTable('reports').set({ note: null }).where('content_kind', '=', kind).where('content_id', '=', id).execute();
  await trx
    .insertInto('moderation_items')
    .values({
      content_kind: kind, content_id: id, state: 'removed', pending: null, detail: null, author_id: item.authorId,
      plan_id: item.planId, open_reports: 0, created_at: at, updated_at: at, reviewed_at: null, reviewed_by: null,
    })
    .onConflict((oc) => oc.columns(['content_kind', 'content_id']).doUpdateSet({ state: 'removed', pending: null, detail: null, updated_at: at }))
    .execute();
  await recordRemoval(trx, { kind, id, planId: item.planId, action: 'removed', at });
  return true;
}

/** The gates content visibility is checked with (the same services the read paths use). */
export interface ContentGates {
  plans: PlanService;
  threads: ThreadService;
}

/**
 * True when the viewer may see this content in the normal read paths: not held, hidden or removed, and its plan
 * (comments, replies, models) or thread (threads, posts, sketches; the thread gate with its plan gate) visible to
 * the viewer. Posts and sketches of a hidden or removed thread are not visible either.
 */
export async function canViewerSee(gates: ContentGates, viewer: Viewer, item: ContentItem, db?: Kysely<Database>): Promise<boolean> {
  if (item.hiddenAt !== null || item.deletedAt !== null) return false;
  try {
    if (item.kind === 'thread' || item.kind === 'post' || item.kind === 'sketch') {
      const access = await gates.threads.access(viewer, item.threadId!, db);
      if (access.thread.hidden_at !== null || access.thread.deleted_at !== null) return false;
      return true;
    }
    if (item.planId !== null) await gates.plans.access(viewer, item.planId, db);
    return true;
  } catch (err) {
    if (err instanceof DomainError && err.code === ErrorCode.notFound) return false;
    throw err;
  }
}
