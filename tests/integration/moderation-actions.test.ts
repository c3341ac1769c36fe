/**
 * Moderator actions (issue 6) against the real server, for every content kind: hide, restore, remove (final),
 * dismiss and redact. A redaction leaves the redacted string in no text column of any table and not in the raw
 * bytes of the SQLite file or its WAL (secure_delete + checkpoint), and rewrites sketch versions and the model's
 * plan history. The audit log records actor, reason, before and after without content text, and the database
 * refuses UPDATE and DELETE on it (SQLite and PostgreSQL). The author is notified with the reason; the live queue
 * reaches moderator sockets only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { REDACTED_MARK } from '../../shared/index.js';
import { userWithRole, type RoleUser } from '../helpers/plans.js';
import { testSchema } from '../helpers/postgres.js';
import { collect, nextEvent, startServer, type TestServer } from '../helpers/server.js';
import { act, FIELD, inDatabaseFiles, KINDS, make, publishedPlan, textHits } from '../helpers/moderation.js';

let server: TestServer;
let author: RoleUser;
let reporter: RoleUser;
let moderator: RoleUser;
let admin: RoleUser;
let planId: string;

beforeAll(async () => {
  server = await startServer();
  author = await userWithRole(server, 'partner', 'Auteur');
  reporter = await userWithRole(server, 'resident', 'Melder');
  moderator = await userWithRole(server, 'moderator', 'Mod Marit');
  admin = await userWithRole(server, 'admin', 'Beheer');
  planId = await publishedPlan(await userWithRole(server, 'planner', 'Planner'));
});
afterAll(async () => {
  await server?.close();
});

const TABLE = { comment: 'comments', reply: 'comments', thread: 'threads', post: 'thread_posts', sketch: 'sketches', model: 'models' } as const;

async function row(kind: keyof typeof TABLE, id: string): Promise<Record<string, any>> {
  return server.app.store.db.selectFrom(TABLE[kind] as 'comments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function auditFor(id: string): Promise<any[]> {
  const r = await admin.agent.request('GET', '/api/v1/moderation/audit?limit=100');
  expect(r.status).toBe(200);
  return r.body.entries.filter((e: any) => e.targetId === id).reverse(); // oldest first
}

describe.each(KINDS)('%s', (kind) => {
  it('hide → restore → hide → remove (final); each audited, notified, in the removed feed', async () => {
    const m = await make(server, kind, author, `Inhoud ${kind} om te verbergen`, planId);
    const hide = await act(moderator, m, 'hide', { reason: 'Kwetsend' });
    expect(hide.status).toBe(200);
    expect(hide.body.item).toMatchObject({ state: 'hidden', pending: null });
    expect((await row(kind, m.id)).hidden_at).not.toBeNull();
    expect((await act(moderator, m, 'hide')).body.code).toBe('invalid_transition');

    const restore = await act(moderator, m, 'restore', { reason: 'Toch in orde' });
    expect(restore.body.item.state).toBe('visible');
    expect((await row(kind, m.id)).hidden_at).toBeNull();
    expect((await act(moderator, m, 'restore')).status).toBe(409);

    await act(moderator, m, 'hide');
    const removed = await act(moderator, m, 'remove', { reason: 'Weg ermee' });
    expect(removed.body.item.state).toBe('removed');
    const r = await row(kind, m.id);
    expect(r.deleted_at).not.toBeNull();
    expect(r[FIELD[kind]]).toBe(REDACTED_MARK);
    const again = await act(moderator, m, 'restore');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('invalid_transition');

    const entries = await auditFor(m.id);
    expect(entries.map((e) => e.action)).toEqual(['hide', 'restore', 'hide', 'remove']);
    expect(entries[0]).toMatchObject({
      actor: { id: moderator.id, displayName: 'Mod Marit' }, targetKind: kind, reason: 'Kwetsend',
      before: { state: 'visible' }, after: { state: 'hidden' },
    });
    expect(entries[3]).toMatchObject({ reason: 'Weg ermee', before: { state: 'hidden' }, after: { state: 'removed' } });
    expect(JSON.stringify(entries)).not.toContain('om te verbergen');

    const feed = await server.app.store.db.selectFrom('content_removals').select('action').where('content_id', '=', m.id).orderBy('at').execute();
    expect(feed.map((f) => f.action)).toEqual(['hidden', 'hidden', 'removed']);

    const notes = (await author.agent.request('GET', '/api/v1/notifications?limit=100')).body.notifications;
    const mine = notes.filter((n: any) => n.moderation?.contentId === m.id);
    expect(mine.map((n: any) => [n.moderation.action, n.moderation.reason]).reverse()).toEqual([
      ['hide', 'Kwetsend'], ['restore', 'Toch in orde'], ['hide', 'Huisregels'], ['remove', 'Weg ermee'],
    ]);
    // Moderators stay anonymous to authors.
    for (const n of mine) expect(n).toMatchObject({ kind: 'moderation', actor: { id: null, displayName: 'Moderator' } });
    expect(JSON.stringify(mine)).not.toContain(moderator.id);
  });

  it('dismiss resolves the reports and keeps it visible', async () => {
    const m = await make(server, kind, author, `Inhoud ${kind} die mag blijven`, planId);
    expect((await reporter.agent.request('POST', '/api/v1/reports', { kind, id: m.id, reason: 'spam' })).status).toBe(201);
    const d = await act(moderator, m, 'dismiss', { reason: 'Geen spam' });
    expect(d.status).toBe(200);
    expect(d.body.item).toMatchObject({ state: 'visible', pending: null, openReports: 0 });
    const reports = await server.app.store.db.selectFrom('reports').selectAll().where('content_id', '=', m.id).execute();
    expect(reports).toMatchObject([{ resolution: 'dismiss' }]);
    expect(reports[0]!.resolved_at).not.toBeNull();
    expect((await row(kind, m.id)).hidden_at).toBeNull();
    const queue = (await moderator.agent.request('GET', `/api/v1/moderation/queue?kind=${kind}`)).body.items;
    expect(queue.find((i: any) => i.id === m.id)).toBeUndefined();
  });

  it('redact: the string is gone from every table, every version and the raw database files', async () => {
    const secret = `Qzx${kind}Geheim${Date.now()}`;
    const text = `Zie ${secret} hier`;
    const m = await make(server, kind, author, text, planId);
    await reporter.agent.request('POST', '/api/v1/reports', { kind, id: m.id, reason: 'personal_data', note: `Het gaat om ${secret}` });
    await server.app.store.checkpoint();
    expect(await textHits(server, secret)).not.toEqual([]); // the scan sees it before
    expect(inDatabaseFiles(server, secret)).not.toEqual([]);

    const start = text.indexOf(secret);
    const r = await act(moderator, m, 'redact', { reason: 'Persoonsgegevens', field: FIELD[kind], parts: [{ start, end: start + secret.length }] });
    expect(r.status).toBe(200);
    expect(r.body.item.fields[FIELD[kind]]).toBe(`Zie ${REDACTED_MARK} hier`);
    expect(await textHits(server, secret)).toEqual([]);
    expect(inDatabaseFiles(server, secret)).toEqual([]);

    if (kind === 'sketch') {
      const versions = await server.app.store.db.selectFrom('sketch_versions').select('label').where('sketch_id', '=', m.id).execute();
      expect(versions.map((v) => v.label)).toEqual([`Zie ${REDACTED_MARK} hier`, `Zie ${REDACTED_MARK} hier`]);
    }
    if (kind === 'model') {
      const changes = await server.app.store.db.selectFrom('plan_changes').select('after').where('entity_id', '=', m.id).execute();
      expect(JSON.parse(changes[0]!.after!)).toMatchObject({ name: `Zie ${REDACTED_MARK} hier` });
    }
    const [entry] = (await auditFor(m.id)).filter((e) => e.action === 'redact');
    expect(entry).toMatchObject({
      actor: { id: moderator.id }, reason: 'Persoonsgegevens',
      after: { redacted: [{ field: FIELD[kind], start, end: start + secret.length }] },
    });
    const feed = await server.app.store.db.selectFrom('content_removals').select('action').where('content_id', '=', m.id).execute();
    expect(feed.map((f) => f.action)).toEqual(['redacted']);
  });
});

describe('redaction input', () => {
  it('refuses parts outside the text and fields the kind has not', async () => {
    const m = await make(server, 'comment', author, 'Kort');
    const out = await act(moderator, m, 'redact', { reason: 'x', field: 'body', parts: [{ start: 2, end: 99 }] });
    expect(out.status).toBe(400);
    const wrong = await act(moderator, m, 'redact', { reason: 'x', field: 'title', parts: [{ start: 0, end: 1 }] });
    expect(wrong.status).toBe(400);
    expect((await row('comment', m.id)).body).toBe('Kort');
  });
});

describe('the audit log is append-only', () => {
  it('SQLite refuses UPDATE and DELETE on moderation_actions', async () => {
    const db = server.app.store.db;
    const before = await db.selectFrom('moderation_actions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(before.n)).toBeGreaterThan(0); // role changes by setRole are there at least
    await expect(db.updateTable('moderation_actions').set({ reason: 'vervalst' }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('moderation_actions').execute()).rejects.toThrow(/append-only/);
    await expect(sql`delete from moderation_actions`.execute(db)).rejects.toThrow(/append-only/);
    const after = await db.selectFrom('moderation_actions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const roles = await db.selectFrom('moderation_actions').selectAll().where('action', '=', 'role').where('target_id', '=', moderator.id).execute();
    expect(roles).toMatchObject([{ actor_id: null, target_kind: 'user', before: JSON.stringify({ role: 'resident' }), after: JSON.stringify({ role: 'moderator' }) }]);
  });

  it('PostgreSQL refuses UPDATE and DELETE on moderation_actions', async () => {
    const schema = testSchema();
    const pg = await startServer(schema.config);
    try {
      await userWithRole(pg, 'moderator'); // setRole writes an audit entry
      const db = pg.app.store.db;
      expect((await db.selectFrom('moderation_actions').selectAll().execute()).length).toBe(1);
      await expect(db.updateTable('moderation_actions').set({ reason: 'vervalst' }).execute()).rejects.toThrow(/append-only/);
      await expect(db.deleteFrom('moderation_actions').execute()).rejects.toThrow(/append-only/);
      expect((await db.selectFrom('moderation_actions').selectAll().execute())[0]!.reason).toBeNull();
    } finally {
      await pg.close();
      await schema.drop();
    }
  });
});

describe('PostgreSQL', () => {
  it('hide, redact (versions, plan history) and remove work there too', async () => {
    const schema = testSchema();
    const pg = await startServer(schema.config);
    try {
      const a = await userWithRole(pg, 'partner', 'Auteur');
      const mod = await userWithRole(pg, 'moderator');
      const plan = await publishedPlan(await userWithRole(pg, 'planner'));
      const secret = 'PgGeheimXyz';
      for (const kind of ['sketch', 'model', 'comment'] as const) {
        const text = `Zie ${secret} hier`;
        const m = await make(pg, kind, a, text, plan);
        expect((await act(mod, m, 'hide')).body.item.state).toBe('hidden');
        const r = await act(mod, m, 'redact', { reason: 'Knip', field: FIELD[kind], parts: [{ start: 4, end: 4 + secret.length }] });
        expect(r.status).toBe(200);
        expect(r.body.item).toMatchObject({ state: 'hidden', fields: { [FIELD[kind]]: `Zie ${REDACTED_MARK} hier` } });
        expect((await act(mod, m, 'remove')).body.item.state).toBe('removed');
      }
      const db = pg.app.store.db;
      const labels = await db.selectFrom('sketch_versions').select('label').execute();
      const changes = await db.selectFrom('plan_changes').select(['before', 'after']).where('entity', '=', 'model').execute();
      expect(JSON.stringify([labels, changes])).not.toContain(secret);
      expect((await db.selectFrom('comments').select('body').execute()).map((c) => c.body)).toEqual([REDACTED_MARK]);
    } finally {
      await pg.close();
      await schema.drop();
    }
  });
});

describe('live queue', () => {
  it('moderation:queued reaches a moderator socket, not a resident whose join is forbidden', async () => {
    const modSock = await server.socket(moderator.agent);
    const resSock = await server.socket(reporter.agent);
    expect(await modSock.timeout(5000).emitWithAck('moderation:join', {})).toEqual({ ok: true });
    const refused = await resSock.timeout(5000).emitWithAck('moderation:join', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const residentGot = collect(resSock, 'moderation:queued');
    const residentResolved = collect(resSock, 'moderation:resolved');

    const m = await make(server, 'comment', author, 'Live gemeld');
    const queued = nextEvent<any>(modSock, 'moderation:queued', (p) => p.item.id === m.id);
    expect((await reporter.agent.request('POST', '/api/v1/reports', { kind: 'comment', id: m.id, reason: 'spam' })).status).toBe(201);
    expect((await queued).item).toMatchObject({ kind: 'comment', id: m.id, state: 'visible', pending: 'reports', fields: { body: 'Live gemeld' } });

    const resolved = nextEvent<any>(modSock, 'moderation:resolved', (p) => p.id === m.id);
    await act(moderator, m, 'hide');
    expect(await resolved).toEqual({ kind: 'comment', id: m.id, state: 'hidden' });
    expect(residentGot).toEqual([]);
    expect(residentResolved).toEqual([]);
  });

  it('content:moderated goes to the tile rooms of a hidden comment, without text', async () => {
    const viewer = await server.socket();
    await viewer.timeout(5000).emitWithAck('viewport:subscribe', { bbox: [5.11, 52.08, 5.13, 52.1] });
    const m = await make(server, 'comment', author, 'Zichtbaar in de kaart');
    const gone = nextEvent<any>(viewer, 'content:moderated', (p) => p.id === m.id);
    await act(moderator, m, 'hide');
    expect(await gone).toEqual({ kind: 'comment', id: m.id, change: 'gone', planId: null, threadId: null, parentId: null });
  });

  it('content:moderated goes to the thread room of a post and the plan room of a model', async () => {
    const post = await make(server, 'post', author, 'Een reactie in de draad');
    const inThread = await server.socket();
    expect(await inThread.timeout(5000).emitWithAck('thread:join', { threadId: post.threadId })).toMatchObject({ ok: true });
    const redacted = nextEvent<any>(inThread, 'content:moderated', (p) => p.id === post.id);
    await act(moderator, post, 'redact', { reason: 'Knip', field: 'text', parts: [{ start: 0, end: 3 }] });
    expect(await redacted).toEqual({ kind: 'post', id: post.id, change: 'redacted', planId: null, threadId: post.threadId, parentId: post.threadId });

    const model = await make(server, 'model', author, 'toren.glb', planId);
    const inPlan = await server.socket();
    expect(await inPlan.timeout(5000).emitWithAck('plan:join', { planId })).toMatchObject({ ok: true });
    const gone = nextEvent<any>(inPlan, 'content:moderated', (p) => p.id === model.id && p.change === 'gone');
    await act(moderator, model, 'hide');
    expect(await gone).toMatchObject({ kind: 'model', planId });
    const back = nextEvent<any>(inPlan, 'content:moderated', (p) => p.id === model.id && p.change === 'restored');
    await act(moderator, model, 'restore');
    await back;
  });
});
