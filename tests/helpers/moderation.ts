/**
 * Helpers for moderation tests: one maker per reportable content kind (made over REST by its author, except models:
 * a row like the upload pipeline's plus its plan history entry), a moderator action shortcut, and a scan of every
 * text column of every SQLite table and of the raw database files for a string.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { ContentKind } from '../../shared/index.js';
import { SQLITE_FILE } from '../../server/src/store/db.js';
import { insertModelRow, phaseNow, planBody, type RoleUser } from './plans.js';
import type { TestServer } from './server.js';
import { openThread, POINT, square } from './threads.js';

export const KINDS: ContentKind[] = ['comment', 'reply', 'thread', 'post', 'sketch', 'model'];

/** The text field of each kind that `make` puts `text` into. */
export const FIELD: Record<ContentKind, string> = { comment: 'body', reply: 'body', thread: 'text', post: 'text', sketch: 'label', model: 'name' };

export interface Made {
  kind: ContentKind;
  id: string;
  /** The thread of posts and sketches (for their read paths). */
  threadId?: string;
  planId?: string;
}

async function ok(r: { status: number; body: any }, what: string) {
  if (r.status !== 201 && r.status !== 200) throw new Error(`${what} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** A published plan of `planner` (phase allows everything), for model content. */
export async function publishedPlan(planner: RoleUser): Promise<string> {
  const plan = (await planner.agent.request('POST', '/api/v1/plans', planBody({ phases: [phaseNow(['comment', 'cocreate', 'vote'])] }))).body.plan;
  const r = await planner.agent.request('PATCH', `/api/v1/plans/${plan.id}`, { version: plan.version, status: 'published' });
  if (r.status !== 200) throw new Error(`publish failed: ${r.status}`);
  return plan.id;
}

/**
 * Makes content of `kind` by `author` whose text field (FIELD[kind]) is `text`. Sketches get a second version with
 * the same label; models get a plan history entry naming them (as an upload writes). `planId` is needed for models.
 */
export async function make(server: TestServer, kind: ContentKind, author: RoleUser, text: string, planId?: string): Promise<Made> {
  const a = author.agent;
  switch (kind) {
    case 'comment':
      return { kind, id: (await ok(await a.request('POST', '/api/v1/comments', { position: POINT, body: text }), 'comment')).comment.id };
    case 'reply': {
      const parent = (await ok(await a.request('POST', '/api/v1/comments', { position: POINT, body: 'Het begin' }), 'comment')).comment.id;
      return { kind, id: (await ok(await a.request('POST', '/api/v1/comments', { parentId: parent, body: text }), 'reply')).comment.id };
    }
    case 'thread': {
      const t = await openThread(author, { title: 'Over het plein', text });
      return { kind, id: t.id, threadId: t.id };
    }
    case 'post': {
      const t = await openThread(author, { title: 'Een draad', text: 'Waar gaat het over' });
      const p = await ok(await a.request('POST', `/api/v1/threads/${t.id}/posts`, { text }), 'post');
      return { kind, id: p.post.id, threadId: t.id };
    }
    case 'sketch': {
      const t = await openThread(author, { title: 'Schets', text: 'Een schets' });
      const k = (await ok(await a.request('POST', `/api/v1/threads/${t.id}/sketches`, { geometry: square(), height: 5, label: text }), 'sketch')).sketch;
      await ok(await a.request('PATCH', `/api/v1/threads/${t.id}/sketches/${k.id}`, { version: 1, height: 6, label: text }), 'sketch edit');
      return { kind, id: k.id, threadId: t.id };
    }
    case 'model': {
      if (!planId) throw new Error('models need a plan');
      const id = await insertModelRow(server, planId, author.id);
      const at = new Date().toISOString();
      await server.app.store.db.updateTable('models').set({ name: text, original_files: JSON.stringify([{ name: text, bytes: 100 }]) }).where('id', '=', id).execute();
      await server.app.store.db
        .insertInto('plan_changes')
        .values({
          id: `${at}_${randomUUID()}`, plan_id: planId, actor_id: author.id, at, entity: 'model', entity_id: id, action: 'created',
          before: null, after: JSON.stringify({ name: text, originalFiles: [{ name: text, bytes: 100 }] }),
        })
        .execute();
      return { kind, id, planId };
    }
  }
}

/** POST /moderation/content/{kind}/{id}/{action} as `who`. */
export function act(who: RoleUser, m: { kind: string; id: string }, action: string, body: unknown = { reason: 'Huisregels' }) {
  return who.agent.request('POST', `/api/v1/moderation/content/${m.kind}/${m.id}/${action}`, body);
}

/** Every `table.column = value` (text columns of every table) that contains `needle`, as "table.column". */
export async function textHits(server: TestServer, needle: string): Promise<string[]> {
  const db = server.app.store.db;
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
  const hits: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    for (const row of rows.rows) {
      for (const [col, v] of Object.entries(row)) if (typeof v === 'string' && v.includes(needle)) hits.push(`${name}.${col}`);
    }
  }
  return hits;
}

/** Whether the raw bytes of the SQLite file or its WAL (if any) contain `needle` (UTF-8). */
export function inDatabaseFiles(server: TestServer, needle: string): string[] {
  const file = path.join(server.dataDir, SQLITE_FILE);
  const found: string[] = [];
  for (const f of [file, `${file}-wal`]) {
    if (fs.existsSync(f) && fs.readFileSync(f).includes(Buffer.from(needle, 'utf8'))) found.push(path.basename(f));
  }
  return found;
}
