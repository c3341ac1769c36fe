/**
 * The comment store and domain rules against both dialects: embedded SQLite (a temp file) and PostgreSQL
 * (127.0.0.1:5432, database `test`, a fresh schema per run that is dropped afterwards). Override the server
 * with TEST_DATABASE_URL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommentService } from '../../server/src/domain/comments.js';
import { DomainError } from '../../server/src/domain/errors.js';
import { EventBus } from '../../server/src/domain/events.js';
import { PUBLIC_VIEWER, type Viewer, type ViewerUser } from '../../server/src/domain/viewer.js';
import { openStore, type Store } from '../../server/src/store/db.js';
import { insertComment, setCommentFlags } from '../../server/src/store/comments.js';
import { insertUser } from '../../server/src/store/users.js';
import type { Role } from '../../shared/index.js';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Harness {
  store: Store;
  cleanup(): Promise<void>;
}

const dialects: [string, () => Promise<Harness>][] = [
  [
    'sqlite',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-store-'));
      const store = await openStore({ dataDir: dir });
      return { store, cleanup: async () => { await store.destroy(); fs.rmSync(dir, { recursive: true, force: true }); } };
    },
  ],
  [
    'postgres',
    async () => {
      const schema = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
      const store = await openStore({ dataDir: os.tmpdir(), databaseUrl: PG_URL, databaseSchema: schema });
      return {
        store,
        cleanup: async () => {
          await store.destroy();
          const client = new pg.Client({ connectionString: PG_URL });
          await client.connect();
          await client.query(`drop schema if exists "${schema}" cascade`);
          await client.end();
        },
      };
    },
  ],
];

const AT = { lon: 4.4699, lat: 51.9244, height: 12.5 };

describe.each(dialects)('comments on %s', (dialect, open) => {
  let h: Harness;
  let comments: CommentService;
  let bus: EventBus;
  let clock = Date.parse('2026-11-29T12:00:00.000Z');
  const fixedNow = () => new Date(clock);
  let alice: ViewerUser;
  let moderator: ViewerUser;

  async function user(role: Role): Promise<ViewerUser> {
    const id = randomUUID();
    await insertUser(h.store.db, {
      id,
      email: `${id}@example.org`,
      display_name: `${role} ${id.slice(0, 4)}`,
      password_hash: 'x',
      role,
      created_at: new Date().toISOString(),
      deleted_at: null,
    });
    return { id, role };
  }

  beforeAll(async () => {
    h = await open();
    expect(h.store.dialect).toBe(dialect);
    bus = new EventBus();
    comments = new CommentService(h.store.db, bus, fixedNow);
    alice = await user('resident');
    moderator = await user('moderator');
  });
  afterAll(async () => {
    await h?.cleanup();
  });

  it('stores a comment and reads it back exactly', async () => {
    const { comment, created } = await comments.create(alice, { position: AT, body: '  Hallo 👋  ' });
    expect(created).toBe(true);
    const again = await comments.get(PUBLIC_VIEWER, comment.id);
    expect(again).toMatchObject({ body: 'Hallo 👋', position: AT, parentId: null, replyCount: 0, authorId: alice.id });
    expect(again.createdAt).toBe(fixedNow().toISOString());
  });

  it('is idempotent per (author, clientId), also when the two commands race', async () => {
    const events: string[] = [];
    const off = bus.on('comment:created', ({ comment }) => void events.push(comment.id));
    const cmd = { position: AT, body: 'dubbel', clientId: 'same-client-id' };
    const [a, b] = await Promise.all([comments.create(alice, cmd), comments.create(alice, cmd)]);
    const c = await comments.create(alice, cmd);
    expect(new Set([a.comment.id, b.comment.id, c.comment.id]).size).toBe(1);
    expect([a.created, b.created, c.created].filter(Boolean)).toHaveLength(1);
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual([a.comment.id]);
    off();
  });

  it('pages by keyset with no duplicates or gaps even when every createdAt is equal', async () => {
    const box = [10, 10, 10.1, 10.1] as [number, number, number, number];
    const made = new Set<string>();
    for (let i = 0; i < 17; i++) {
      made.add((await comments.create(alice, { position: { lon: 10.05, lat: 10.05, height: i }, body: `p${i}` })).comment.id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await comments.listInBBox(PUBLIC_VIEWER, box, { cursor, limit: 5 });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toHaveLength(17);
    expect(new Set(seen)).toEqual(made);
    expect(seen).toEqual([...seen].sort().reverse());
  });

  it('orders newest first across different times', async () => {
    const box = [20, 20, 20.1, 20.1] as [number, number, number, number];
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      clock += 1000;
      ids.push((await comments.create(alice, { position: { lon: 20.05, lat: 20.05, height: 0 }, body: `t${i}` })).comment.id);
    }
    const page = await comments.listInBBox(PUBLIC_VIEWER, box, { limit: 10 });
    expect(page.items.map((c) => c.id)).toEqual([...ids].reverse());
    expect(page.nextCursor).toBeNull();
  });

  it('stores replies at the parent position and counts them', async () => {
    const parent = (await comments.create(alice, { position: AT, body: 'ouder' })).comment;
    const reply = (await comments.create(alice, { position: { lon: 0, lat: 0, height: 0 }, body: 'kind', parentId: parent.id })).comment;
    expect(reply.position).toEqual(parent.position);
    expect(reply.parentId).toBe(parent.id);
    expect((await comments.get(PUBLIC_VIEWER, parent.id)).replyCount).toBe(1);
    const replies = await comments.listReplies(PUBLIC_VIEWER, parent.id);
    expect(replies.items.map((c) => c.id)).toEqual([reply.id]);
    await expect(comments.create(alice, { body: 'wees', parentId: 'no-such-id' })).rejects.toMatchObject({ code: 'unknown_parent' });
  });

  it('asks the visibility gate on every read: hidden and deleted for nobody, moderators and admins included', async () => {
    const box = [30, 30, 30.1, 30.1] as [number, number, number, number];
    const pos = { lon: 30.05, lat: 30.05, height: 0 };
    const visible = (await comments.create(alice, { position: pos, body: 'zichtbaar' })).comment;
    const hidden = (await comments.create(alice, { position: pos, body: 'verborgen' })).comment;
    const deleted = (await comments.create(alice, { position: pos, body: 'gewist' })).comment;
    const hiddenReply = (await comments.create(alice, { body: 'verborgen antwoord', parentId: visible.id })).comment;
    await comments.create(alice, { body: 'gewoon antwoord', parentId: visible.id });
    const now = new Date().toISOString();
    await setCommentFlags(h.store.db, hidden.id, { hidden_at: now });
    await setCommentFlags(h.store.db, hiddenReply.id, { hidden_at: now });
    await setCommentFlags(h.store.db, deleted.id, { deleted_at: now });

    // Before issue 6 moderators saw hidden comments here; now they read them only through the moderation queue.
    const mod: Viewer = { user: moderator };
    const admin: Viewer = { user: await user('admin') };
    for (const viewer of [PUBLIC_VIEWER, { user: alice }, mod, admin]) {
      const list = await comments.listInBBox(viewer, box);
      expect(list.items.map((c) => c.body)).toEqual(['zichtbaar']);
      expect(list.items[0].replyCount).toBe(1);
      await expect(comments.get(viewer, hidden.id)).rejects.toMatchObject({ code: 'not_found' });
      await expect(comments.get(viewer, deleted.id)).rejects.toMatchObject({ code: 'not_found' });
      await expect(comments.get(viewer, hiddenReply.id)).rejects.toMatchObject({ code: 'not_found' });
      expect((await comments.listReplies(viewer, visible.id)).items.map((c) => c.body)).toEqual(['gewoon antwoord']);
      await expect(comments.listReplies(viewer, hidden.id)).rejects.toMatchObject({ code: 'not_found' });
    }
    await expect(comments.get(PUBLIC_VIEWER, hidden.id)).rejects.toBeInstanceOf(DomainError);
    await expect(comments.create(alice, { body: 'op verborgen', parentId: hidden.id })).rejects.toMatchObject({ code: 'unknown_parent' });
    // Clearing the flag makes it visible again to everyone (the gate reads the flags, not a cached list).
    await setCommentFlags(h.store.db, hidden.id, { hidden_at: null });
    expect((await comments.get(PUBLIC_VIEWER, hidden.id)).body).toBe('verborgen');
  });

  it('lists a hidden or removed top-level comment with visible replies as a placeholder, on this dialect too (issue 6)', async () => {
    const box = [31, 31, 31.1, 31.1] as [number, number, number, number];
    const pos = { lon: 31.05, lat: 31.05, height: 0 };
    const top = (await comments.create(alice, { position: pos, body: 'wordt verborgen' })).comment;
    const reply = (await comments.create(moderator, { body: 'blijft staan', parentId: top.id })).comment;
    await setCommentFlags(h.store.db, top.id, { deleted_at: new Date().toISOString() });
    const listed = (await comments.listInBBox(PUBLIC_VIEWER, box)).items;
    expect(listed.map((c) => [c.id, c.replyCount, c.deletedAt !== null])).toEqual([[top.id, 1, true]]);
    const wire = comments.toWire(listed[0]!);
    expect(wire).toMatchObject({ body: '', author: { id: null, displayName: '' }, moderated: { state: 'removed' } });
    expect((await comments.get(PUBLIC_VIEWER, top.id)).id).toBe(top.id);
    expect((await comments.listReplies(PUBLIC_VIEWER, top.id)).items.map((c) => c.id)).toEqual([reply.id]);
    await setCommentFlags(h.store.db, reply.id, { hidden_at: new Date().toISOString() });
    expect((await comments.listInBBox(PUBLIC_VIEWER, box)).items).toEqual([]);
    await expect(comments.get(PUBLIC_VIEWER, top.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('serializes the author of a deleted account as a removed participant', async () => {
    const gone = await user('resident');
    const c = (await comments.create(gone, { position: { lon: 32, lat: 32, height: 0 }, body: 'van een vertrokken account' })).comment;
    await h.store.db.updateTable('users').set({ deleted_at: new Date().toISOString() }).where('id', '=', gone.id).execute();
    expect(comments.toWire(await comments.get(PUBLIC_VIEWER, c.id)).author).toEqual({ id: null, displayName: 'Verwijderde deelnemer' });
  });

  it('the database itself counts body length in code points (2000 emoji fit, 2001 do not)', async () => {
    const row = (body: string) => ({
      id: randomUUID(), author_id: alice.id, client_id: null, body, lon: 1, lat: 1, height: 0,
      parent_id: null, created_at: new Date().toISOString(), hidden_at: null, deleted_at: null,
      plan_id: null, scenario_id: null,
    });
    expect(await insertComment(h.store.db, row('🏠'.repeat(2000)))).toBe(true);
    await expect(insertComment(h.store.db, row('🏠'.repeat(2001)))).rejects.toThrow();
    await expect(insertComment(h.store.db, { ...row('x'), lon: 181 })).rejects.toThrow();
  });
});
