/**
 * Screening of resident text on create (issue 6): personal data (each kind, in a comment body, a thread title, a
 * post and a sketch label) → 422 personal_data_detected with path and kind and nothing stored; posted anyway
 * (confirmPersonalData) → 202 held, invisible to everyone in the read paths, in the moderation queue table; word
 * filters block (422 naming the word), hold (202) and flag (201, queued); the test box; bad patterns.
 * Sketch edits are never held (what would be held is refused with 422, nothing changes); names (display names at
 * registration, model names) are screened without the hold option.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateModelFixtures } from '../fixtures/models/generate.js';
import { uploadModel } from '../helpers/models.js';
import { collect, nextEvent, startServer, type TestServer } from '../helpers/server.js';
import { planBody, userWithRole, type RoleUser } from '../helpers/plans.js';
import { openThread, POINT, square, threadBody } from '../helpers/threads.js';

let server: TestServer;
let author: RoleUser, moderator: RoleUser, admin: RoleUser, reader: RoleUser;

beforeAll(async () => {
  server = await startServer();
  author = await userWithRole(server, 'resident');
  reader = await userWithRole(server, 'resident');
  moderator = await userWithRole(server, 'moderator');
  admin = await userWithRole(server, 'admin');
});
afterAll(() => server.close());

const PII: [kind: string, text: string][] = [
  ['email', 'Mail jan.jansen@example.nl graag.'],
  ['phone', 'Bel 06-12345678 na vijven'],
  ['bsn', 'mijn BSN is 111222333'],
  ['iban', 'IBAN NL91 ABNA 0417 1643 00 t.n.v. Jansen'],
  ['postcode_house_number', 'Ik woon op Coolsingel 40, 3011 AD Rotterdam.'],
];

const db = () => server.app.store.db;
async function count(table: 'comments' | 'threads' | 'thread_posts' | 'sketches'): Promise<number> {
  return (await db().selectFrom(table).select(db().fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
}
async function item(kind: string, id: string) {
  return db().selectFrom('moderation_items').selectAll().where('content_kind', '=', kind as any).where('content_id', '=', id).executeTakeFirst();
}
async function holdAudit(kind: string, id: string) {
  return db().selectFrom('moderation_actions').selectAll().where('action', '=', 'hold').where('target_kind', '=', kind).where('target_id', '=', id).execute();
}

/** A draft plan with an invited partner and a good GLB fixture (made once). */
let world: { planId: string; partner: RoleUser; glb: string[] } | undefined;
async function modelWorld() {
  if (world) return world;
  const planner = await userWithRole(server, 'planner');
  const partner = await userWithRole(server, 'partner');
  const planId = (await planner.agent.request('POST', '/api/v1/plans', planBody())).body.plan.id;
  expect((await planner.agent.request('POST', `/api/v1/plans/${planId}/partners`, { email: partner.email })).status).toBeLessThan(300);
  const fx = await generateModelFixtures(path.join(server.dataDir, 'fixtures'));
  world = { planId, partner, glb: fx.texturedGlb };
  return world;
}
async function modelCount(planId: string): Promise<number> {
  return (await db().selectFrom('models').select(db().fn.countAll<number>().as('n')).where('plan_id', '=', planId).executeTakeFirstOrThrow()).n;
}

describe('personal data', () => {
  it('is refused in every text field with path and kind, and nothing is stored', async () => {
    const thread = await openThread(author);
    const sketch = (await author.agent.request('POST', `/api/v1/threads/${thread.id}/sketches`, { geometry: square(), height: 0 })).body.sketch;
    for (const [kind, text] of PII) {
      const before = { comments: await count('comments'), threads: await count('threads'), posts: await count('thread_posts'), sketches: await count('sketches') };
      const tries: [string, Promise<{ status: number; body: any }>][] = [
        ['body', author.agent.request('POST', '/api/v1/comments', { position: POINT, body: text })],
        ['title', author.agent.request('POST', '/api/v1/threads', threadBody({ title: text }))],
        ['text', author.agent.request('POST', `/api/v1/threads/${thread.id}/posts`, { text })],
        ['label', author.agent.request('POST', `/api/v1/threads/${thread.id}/sketches`, { geometry: square(), height: 0, label: text })],
        ['label', author.agent.request('PATCH', `/api/v1/threads/${thread.id}/sketches/${sketch.id}`, { version: 1, label: text })],
      ];
      for (const [path, p] of tries) {
        const r = await p;
        expect({ kind, path, status: r.status, code: r.body.code }).toEqual({ kind, path, status: 422, code: 'personal_data_detected' });
        expect(r.body.errors).toContainEqual({ path, message: kind });
      }
      expect({ comments: await count('comments'), threads: await count('threads'), posts: await count('thread_posts'), sketches: await count('sketches') }).toEqual(before);
    }
    const versions = await author.agent.request('GET', `/api/v1/threads/${thread.id}/sketches/${sketch.id}/versions`);
    expect(versions.body.versions).toHaveLength(1); // the refused edits left no version
    const socket = await server.socket(author.agent);
    const ack = await socket.timeout(5000).emitWithAck('comment:create', { position: POINT, body: PII[0]![1], clientId: 'pii-1' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'personal_data_detected', errors: [{ path: 'body', message: 'email' }] } });
  });

  it('posted anyway: 202 held, hidden from every read path, in the moderation queue table', async () => {
    const text = 'Bel me: 06-12345678';
    const confirm = { confirmPersonalData: true };
    const c = await author.agent.request('POST', '/api/v1/comments', { position: POINT, body: text, ...confirm });
    expect(c.status).toBe(202);
    expect(c.body).toEqual({ held: true, kind: 'comment', id: expect.any(String) });
    const parent = (await author.agent.request('POST', '/api/v1/comments', { position: POINT, body: 'Open vraag' })).body.comment;
    const rep = await author.agent.request('POST', '/api/v1/comments', { parentId: parent.id, body: text, ...confirm });
    expect(rep.body).toEqual({ held: true, kind: 'reply', id: expect.any(String) });
    const t = await author.agent.request('POST', '/api/v1/threads', threadBody({ text, ...confirm }));
    expect(t.status).toBe(202);
    expect(t.body).toEqual({ held: true, kind: 'thread', id: expect.any(String) });
    const thread = await openThread(author);
    const p = await author.agent.request('POST', `/api/v1/threads/${thread.id}/posts`, { text, ...confirm });
    expect(p.body).toEqual({ held: true, kind: 'post', id: expect.any(String) });
    const s = await author.agent.request('POST', `/api/v1/threads/${thread.id}/sketches`, { geometry: square(), height: 0, label: text, ...confirm });
    expect(s.body).toEqual({ held: true, kind: 'sketch', id: expect.any(String) });

    for (const who of [author, reader, moderator, admin]) {
      const a = who.agent;
      expect((await a.request('GET', `/api/v1/comments/${c.body.id}`)).status).toBe(404);
      expect((await a.request('GET', `/api/v1/comments/${rep.body.id}`)).status).toBe(404);
      const near = await a.request('GET', `/api/v1/comments?bbox=${POINT.lon - 0.01},${POINT.lat - 0.01},${POINT.lon + 0.01},${POINT.lat + 0.01}`);
      const ids = near.body.features.map((f: any) => f.id);
      expect(ids).toContain(parent.id);
      expect(ids).not.toContain(c.body.id);
      const replies = await a.request('GET', `/api/v1/comments?parentId=${parent.id}`);
      expect(replies.body.features).toEqual([]);
      expect((await a.request('GET', `/api/v1/threads/${t.body.id}`)).status).toBe(404);
      expect((await a.request('GET', '/api/v1/threads')).body.threads.map((x: any) => x.id)).not.toContain(t.body.id);
      expect((await a.request('GET', `/api/v1/threads/${thread.id}/posts`)).body.posts).toEqual([]);
      expect((await a.request('GET', `/api/v1/threads/${thread.id}/sketches`)).body.sketches).toEqual([]);
    }
    const expected: [string, string][] = [['comment', c.body.id], ['reply', rep.body.id], ['thread', t.body.id], ['post', p.body.id], ['sketch', s.body.id]];
    for (const [kind, id] of expected) {
      const row = await item(kind, id);
      expect(row).toMatchObject({ state: 'held', pending: 'personal_data', author_id: author.id });
      expect(JSON.parse(row!.detail!)).toEqual({ personalData: ['phone'] });
      expect(row!.detail).not.toContain('12345678'); // the data itself is not copied into the queue row
      const audit = await holdAudit(kind, id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_id: null, reason: 'personal_data' });
    }
    // Stored as posted, with hidden_at set.
    for (const [table, id] of [['comments', c.body.id], ['comments', rep.body.id], ['threads', t.body.id], ['thread_posts', p.body.id], ['sketches', s.body.id]] as const) {
      const row = await db().selectFrom(table).select(['hidden_at']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.hidden_at).not.toBeNull();
    }
  });

  it('over a socket: acked as held, and never broadcast', async () => {
    const watcher = await server.socket();
    await watcher.timeout(5000).emitWithAck('viewport:subscribe', { bbox: [POINT.lon - 0.01, POINT.lat - 0.01, POINT.lon + 0.01, POINT.lat + 0.01] });
    const seen = collect(watcher, 'comment:created');
    const sock = await server.socket(author.agent);
    const ack = await sock.timeout(5000).emitWithAck('comment:create', { position: POINT, body: 'Mail jan@example.org', clientId: 'held-1', confirmPersonalData: true });
    expect(ack).toEqual({ ok: true, held: true, kind: 'comment', id: expect.any(String) });
    // A later published comment arrives; the held one never did (events of one server come in order).
    const later = nextEvent(watcher, 'comment:created', (e: any) => e.comment.body === 'Daarna');
    await sock.timeout(5000).emitWithAck('comment:create', { position: POINT, body: 'Daarna', clientId: 'held-2' });
    await later;
    expect(seen.map((e) => e.comment.id)).not.toContain(ack.id);
    // A retry of the same command answers held again and makes nothing new.
    const retry = await sock.timeout(5000).emitWithAck('comment:create', { position: POINT, body: 'Mail jan@example.org', clientId: 'held-1', confirmPersonalData: true });
    expect(retry).toEqual({ ok: true, held: true, kind: 'comment', id: ack.id });
    const rows = await db().selectFrom('comments').select('id').where('author_id', '=', author.id).where('client_id', '=', 'held-1').execute();
    expect(rows).toHaveLength(1);
  });

  it('held content reaches the live moderation room', async () => {
    const mod = await server.socket(moderator.agent);
    expect(await mod.timeout(5000).emitWithAck('moderation:join', {})).toMatchObject({ ok: true });
    const queued = nextEvent(mod, 'moderation:queued', (e: any) => e.item.kind === 'post');
    const thread = await openThread(author);
    const p = await author.agent.request('POST', `/api/v1/threads/${thread.id}/posts`, { text: 'Mijn IBAN is NL91ABNA0417164300', confirmPersonalData: true });
    expect(p.status).toBe(202);
    expect((await queued).item).toMatchObject({ kind: 'post', id: p.body.id, state: 'held', pending: 'personal_data' });
  });

  it('a sketch edit is never held: personal data is refused even with the confirmation, by anyone, and nothing changes', async () => {
    const thread = await openThread(author);
    const sk = (await author.agent.request('POST', `/api/v1/threads/${thread.id}/sketches`, { geometry: square(), height: 0, label: 'Bank' })).body.sketch;
    const url = `/api/v1/threads/${thread.id}/sketches/${sk.id}`;
    const viewer = await server.socket(reader.agent);
    expect(await viewer.timeout(5000).emitWithAck('thread:join', { threadId: thread.id })).toMatchObject({ ok: true });
    const moderated = collect(viewer, 'content:moderated');
    for (const editor of [reader, author]) {
      const r = await editor.agent.request('PATCH', url, { version: 1, label: 'Bel 06-12345678', confirmPersonalData: true });
      expect({ status: r.status, code: r.body.code }).toEqual({ status: 422, code: 'personal_data_detected' });
      expect(r.body.errors).toEqual([{ path: 'label', message: 'phone' }]);
      expect(r.body.detail).toMatch(/Edits cannot wait for a moderator's review/);
    }
    expect((await reader.agent.request('GET', `/api/v1/threads/${thread.id}/sketches`)).body.sketches).toMatchObject([{ id: sk.id, label: 'Bank', version: 1 }]);
    expect((await reader.agent.request('GET', `${url}/versions`)).body.versions).toHaveLength(1);
    expect(await item('sketch', sk.id)).toBeUndefined();
    expect(await holdAudit('sketch', sk.id)).toEqual([]);
    expect(await db().selectFrom('content_removals').selectAll().where('content_id', '=', sk.id).execute()).toEqual([]);
    // A later good edit arrives live; nothing was announced before it (events arrive in order).
    const changed = nextEvent(viewer, 'sketch:changed', (e: any) => e.sketch?.id === sk.id);
    expect((await reader.agent.request('PATCH', url, { version: 1, label: 'Bankje' })).status).toBe(200);
    expect((await changed).sketch).toMatchObject({ label: 'Bankje', version: 2 });
    expect(moderated).toEqual([]);
  });

  it('names are refused with personal data, confirmed or not: display names at registration, model names', async () => {
    const anon = server.agent();
    const reg = (displayName: string, extra: object = {}) =>
      anon.request('POST', '/api/v1/auth/register', { email: `naam-${Math.random().toString(36).slice(2)}@example.org`, password: 'correct horse battery', displayName, ...extra });
    const usersBefore = await db().selectFrom('users').select(db().fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const r = await reg('bel 06-12345678');
    expect({ status: r.status, code: r.body.code }).toEqual({ status: 422, code: 'personal_data_detected' });
    expect(r.body.errors).toEqual([{ path: 'displayName', message: 'phone' }]);
    expect(r.body.detail).toMatch(/Names cannot wait/);
    expect((await reg('jan@example.org', { confirmPersonalData: true })).body).toMatchObject({ code: 'personal_data_detected', errors: [{ path: 'displayName', message: 'email' }] });
    expect(await db().selectFrom('users').select(db().fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual(usersBefore);
    expect((await reg('Jan van de Hoek')).status).toBe(201);

    const m = await modelWorld();
    const before = await modelCount(m.planId);
    const given = await uploadModel(m.partner.agent, m.planId, m.glb, 'MODEL bel 06-12345678');
    expect({ status: given.status, code: (given.body as any).code }).toEqual({ status: 422, code: 'personal_data_detected' });
    expect((given.body as any).errors).toEqual([{ path: 'name', message: 'phone' }]);
    const bytes = fs.readFileSync(m.glb[0]!);
    const derived = await uploadModel(m.partner.agent, m.planId, [{ name: 'mail jan@example.org.glb', bytes }]);
    expect({ status: derived.status, code: (derived.body as any).code }).toEqual({ status: 422, code: 'personal_data_detected' });
    expect((derived.body as any).errors).toEqual([{ path: 'name', message: 'email' }]);
    expect(await modelCount(m.planId)).toBe(before);
    expect((await uploadModel(m.partner.agent, m.planId, m.glb, 'Toren')).status).toBe(201);
  });
});

describe('word filters', () => {
  const filters: Record<string, string> = {};

  it('are managed by moderators only, with bad patterns refused and every change audited', async () => {
    for (const who of [author, server.agent()]) {
      const a = 'agent' in who ? who.agent : who;
      expect([401, 403]).toContain((await a.request('GET', '/api/v1/moderation/word-filters')).status);
      expect([401, 403]).toContain((await a.request('POST', '/api/v1/moderation/word-filters', { pattern: 'x', action: 'block' })).status);
    }
    for (const [pattern, isRegex, problem] of [['(a', true, /invalid regular expression/], ['(?=a)b', true, /does not support/], ['(a)\\1', true, /does not support/], ['a*', true, /empty/]] as const) {
      const r = await moderator.agent.request('POST', '/api/v1/moderation/word-filters', { pattern, isRegex, action: 'block' });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('validation_failed');
      expect(r.body.errors[0]).toMatchObject({ path: 'pattern', message: expect.stringMatching(problem) });
    }
    for (const [pattern, action] of [['verboden', 'block'], ['wacht*', 'hold'], ['let op', 'flag']] as const) {
      const r = await moderator.agent.request('POST', '/api/v1/moderation/word-filters', { pattern, action });
      expect(r.status).toBe(201);
      expect(r.body.filter).toMatchObject({ pattern, action, isRegex: false });
      filters[action] = r.body.filter.id;
    }
    const tmp = await admin.agent.request('POST', '/api/v1/moderation/word-filters', { pattern: 'tijdelijk', action: 'flag' });
    const upd = await admin.agent.request('PATCH', `/api/v1/moderation/word-filters/${tmp.body.filter.id}`, { pattern: 'tijdelijk\\d+', isRegex: true, action: 'hold' });
    expect(upd.status).toBe(200);
    expect(upd.body.filter).toMatchObject({ pattern: 'tijdelijk\\d+', isRegex: true, action: 'hold' });
    expect((await admin.agent.request('DELETE', `/api/v1/moderation/word-filters/${tmp.body.filter.id}`)).status).toBe(204);
    expect((await admin.agent.request('DELETE', `/api/v1/moderation/word-filters/${tmp.body.filter.id}`)).status).toBe(404);
    const list = await moderator.agent.request('GET', '/api/v1/moderation/word-filters');
    expect(list.body.filters.map((f: any) => f.pattern)).toEqual(['verboden', 'wacht*', 'let op']);
    const audit = await db().selectFrom('moderation_actions').select(['action', 'actor_id', 'before', 'after']).where('target_id', '=', tmp.body.filter.id).orderBy('at').execute();
    expect(audit.map((e) => e.action)).toEqual(['filter_create', 'filter_update', 'filter_delete']);
    expect(JSON.parse(audit[1]!.before!)).toEqual({ pattern: 'tijdelijk', isRegex: false, action: 'flag' });
    expect(JSON.parse(audit[1]!.after!)).toEqual({ pattern: 'tijdelijk\\d+', isRegex: true, action: 'hold' });
  });

  it('block: 422 naming the word, nothing stored', async () => {
    const before = await count('comments');
    const r = await author.agent.request('POST', '/api/v1/comments', { position: POINT, body: 'Dit is Verbóden terrein' });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('content_blocked');
    expect(r.body.detail).toContain('Verbóden');
    expect(r.body.errors).toEqual([{ path: 'body', message: 'blocked word: Verbóden' }]);
    const t = await author.agent.request('POST', '/api/v1/threads', threadBody({ title: 'verboden' }));
    expect(t.body).toMatchObject({ code: 'content_blocked', errors: [{ path: 'title' }] });
    expect(await count('comments')).toBe(before);
  });

  it('hold: 202 held; flag: 201 published and queued', async () => {
    const held = await author.agent.request('POST', '/api/v1/comments', { position: POINT, body: 'Even wachten hoor' });
    expect(held.status).toBe(202);
    expect(await item('comment', held.body.id)).toMatchObject({ state: 'held', pending: 'word_filter' });
    expect(JSON.parse((await item('comment', held.body.id))!.detail!)).toEqual({ matches: [{ pattern: 'wacht*', action: 'hold', match: 'wachten' }] });
    expect((await reader.agent.request('GET', `/api/v1/comments/${held.body.id}`)).status).toBe(404);

    const flagged = await author.agent.request('POST', '/api/v1/comments', { position: POINT, body: 'Let  op de fietsers' });
    expect(flagged.status).toBe(201);
    expect((await reader.agent.request('GET', `/api/v1/comments/${flagged.body.comment.id}`)).status).toBe(200);
    expect(await item('comment', flagged.body.comment.id)).toMatchObject({ state: 'visible', pending: 'word_filter' });
    expect(await holdAudit('comment', flagged.body.comment.id)).toEqual([]);
    const plain = await author.agent.request('POST', '/api/v1/comments', { position: POINT, body: 'Mooi plan' });
    expect(plain.status).toBe(201);
    expect(await item('comment', plain.body.comment.id)).toBeUndefined();
  });

  it('a sketch edit with a hold word is refused, never held; a flag word publishes it and queues it under its author', async () => {
    const thread = await openThread(author);
    const sk = (await author.agent.request('POST', `/api/v1/threads/${thread.id}/sketches`, { geometry: square(), height: 0, label: 'Bank' })).body.sketch;
    const url = `/api/v1/threads/${thread.id}/sketches/${sk.id}`;
    for (const editor of [reader, author]) {
      const r = await editor.agent.request('PATCH', url, { version: 1, label: 'Even wachten' });
      expect({ status: r.status, code: r.body.code }).toEqual({ status: 422, code: 'content_blocked' });
      expect(r.body.detail).toContain('"wachten"');
      expect(r.body.detail).toMatch(/Edits cannot wait for review/);
      expect(r.body.errors).toEqual([{ path: 'label', message: 'word held for review: wachten' }]);
    }
    const blocked = await reader.agent.request('PATCH', url, { version: 1, label: 'verboden' });
    expect(blocked.body).toMatchObject({ code: 'content_blocked', errors: [{ path: 'label', message: 'blocked word: verboden' }] });
    expect(await item('sketch', sk.id)).toBeUndefined();
    expect((await server.agent().request('GET', `/api/v1/threads/${thread.id}/sketches`)).body.sketches).toMatchObject([{ id: sk.id, label: 'Bank', version: 1 }]);

    const flagged = await reader.agent.request('PATCH', url, { version: 1, label: 'Let op: bank' });
    expect(flagged.status).toBe(200);
    expect(flagged.body.sketch).toMatchObject({ label: 'Let op: bank', version: 2 });
    expect(await item('sketch', sk.id)).toMatchObject({ state: 'visible', pending: 'word_filter', author_id: author.id });
    // Creation by its author may still be held.
    const held = await author.agent.request('POST', `/api/v1/threads/${thread.id}/sketches`, { geometry: square(), height: 0, label: 'Wachtkamer' });
    expect(held.status).toBe(202);
    expect(await item('sketch', held.body.id)).toMatchObject({ state: 'held', pending: 'word_filter' });
  });

  it('names: a block or hold word is refused (names cannot wait for review), a flag word is accepted and not queued', async () => {
    const anon = server.agent();
    const reg = (displayName: string) =>
      anon.request('POST', '/api/v1/auth/register', { email: `wf-${Math.random().toString(36).slice(2)}@example.org`, password: 'correct horse battery', displayName });
    const blocked = await reg('Verboden Piet');
    expect(blocked.body).toMatchObject({ status: 422, code: 'content_blocked', errors: [{ path: 'displayName', message: 'blocked word: Verboden' }] });
    const held = await reg('Piet wachtrij');
    expect(held.body).toMatchObject({ status: 422, code: 'content_blocked', errors: [{ path: 'displayName', message: 'word held for review: wachtrij' }] });
    expect(held.body.detail).toMatch(/Names cannot wait for review/);
    const items = async () => (await db().selectFrom('moderation_items').select(db().fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const queued = await items();
    const flagged = await reg('Let op Piet');
    expect(flagged.status).toBe(201);
    expect(await items()).toBe(queued);

    const m = await modelWorld();
    const before = await modelCount(m.planId);
    const bm = await uploadModel(m.partner.agent, m.planId, m.glb, 'MODELSECRET verboden');
    expect({ status: bm.status, body: bm.body }).toMatchObject({ status: 422, body: { code: 'content_blocked', errors: [{ path: 'name', message: 'blocked word: verboden' }] } });
    const hm = await uploadModel(m.partner.agent, m.planId, m.glb, 'Wachttoren');
    expect({ status: hm.status, body: hm.body }).toMatchObject({ status: 422, body: { code: 'content_blocked', errors: [{ path: 'name' }] } });
    expect(await modelCount(m.planId)).toBe(before);
    const fm = await uploadModel(m.partner.agent, m.planId, m.glb, 'Let op toren');
    expect(fm.status).toBe(201);
    expect(await items()).toBe(queued);
  });

  it('the test box shows the hits, the personal data and the outcome', async () => {
    const test = (text: string) => moderator.agent.request('POST', '/api/v1/moderation/word-filters/test', { text });
    const r = await test('Verboden! Mail jan@example.org');
    expect(r.status).toBe(200);
    expect(r.body.matches).toEqual([{ filterId: filters.block, pattern: 'verboden', action: 'block', start: 0, end: 8, match: 'Verboden' }]);
    expect(r.body.personalData).toEqual([{ kind: 'email', start: 15, end: 30, match: 'jan@example.org' }]);
    expect(r.body.outcome).toBe('block');
    expect((await test('Mail jan@example.org')).body.outcome).toBe('hold');
    expect((await test('wachten')).body.outcome).toBe('hold');
    expect((await test('let op')).body.outcome).toBe('flag');
    expect((await test('Mooi')).body).toEqual({ matches: [], personalData: [], outcome: 'publish' });
    expect((await author.agent.request('POST', '/api/v1/moderation/word-filters/test', { text: 'x' })).status).toBe(403);
  });
});
