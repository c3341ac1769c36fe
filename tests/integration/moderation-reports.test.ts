/**
 * Reports (issue 6) against the real server: distinct accounts count (one person three times counts once), the
 * threshold holds content (N = 3 default, N = 1 per config), own content 409, content the reporter cannot see 404,
 * anonymous 401, and what the hold leaves behind (audit `auto_hide` by the system, removed-ids row, author notice).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertModelRow, planBody, userWithRole, type RoleUser } from '../helpers/plans.js';
import { testSchema } from '../helpers/postgres.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { KINDS, make, publishedPlan } from '../helpers/moderation.js';

describe('reports with the default threshold (3)', () => {
  let server: TestServer;
  let author: RoleUser;
  let reporters: RoleUser[];
  let moderator: RoleUser;
  let planner: RoleUser;

  beforeAll(async () => {
    server = await startServer();
    author = await userWithRole(server, 'resident', 'Auteur');
    reporters = await Promise.all([1, 2, 3, 4].map((n) => userWithRole(server, 'resident', `Melder ${n}`)));
    moderator = await userWithRole(server, 'moderator', 'Mod');
    planner = await userWithRole(server, 'planner', 'Planner');
  });
  afterAll(async () => {
    await server?.close();
  });

  const report = (who: RoleUser, kind: string, id: string, extra: Record<string, unknown> = {}) =>
    who.agent.request('POST', '/api/v1/reports', { kind, id, reason: 'offensive', ...extra });
  const itemOf = async (kind: string, id: string) => (await moderator.agent.request('GET', `/api/v1/moderation/content/${kind}/${id}`)).body.item;

  it('counts distinct accounts: the same person three times counts once; the third account holds it', async () => {
    const c = await make(server, 'comment', author, 'Een gewone opmerking');
    const first = await report(reporters[0]!, 'comment', c.id, { note: 'Grof' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ counted: true, report: { kind: 'comment', contentId: c.id, reason: 'offensive' } });
    for (let i = 0; i < 2; i++) {
      const again = await report(reporters[0]!, 'comment', c.id, { reason: 'spam' });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ counted: false, report: { id: first.body.report.id, reason: 'offensive' } });
    }
    expect(await itemOf('comment', c.id)).toMatchObject({ state: 'visible', pending: 'reports', openReports: 1 });
    expect((await server.agent().request('GET', `/api/v1/comments/${c.id}`)).status).toBe(200);

    expect((await report(reporters[1]!, 'comment', c.id)).status).toBe(201);
    expect(await itemOf('comment', c.id)).toMatchObject({ state: 'visible', openReports: 2 });
    expect((await server.agent().request('GET', `/api/v1/comments/${c.id}`)).status).toBe(200);

    expect((await report(reporters[2]!, 'comment', c.id)).status).toBe(201);
    const item = await itemOf('comment', c.id);
    expect(item).toMatchObject({ state: 'held', pending: 'reports', openReports: 3, fields: { body: 'Een gewone opmerking' } });
    expect(item.reports.map((r: any) => r.reporter.displayName).sort()).toEqual(['Melder 1', 'Melder 2', 'Melder 3']);
    expect((await server.agent().request('GET', `/api/v1/comments/${c.id}`)).status).toBe(404);
    // Held content is invisible to the fourth reporter too.
    expect((await report(reporters[3]!, 'comment', c.id)).status).toBe(404);
  });

  it('refuses own content (409), content the reporter cannot see (404), wrong kinds (404) and anonymous (401)', async () => {
    const c = await make(server, 'comment', author, 'Mijn eigen tekst');
    const own = await report(author, 'comment', c.id);
    expect(own.status).toBe(409);
    expect(own.body.code).toBe('report_own_content');

    const reply = await make(server, 'reply', author, 'Een antwoord');
    expect((await report(reporters[0]!, 'comment', reply.id)).status).toBe(404); // a reply is not a comment
    expect((await report(reporters[0]!, 'reply', c.id)).status).toBe(404); // and a comment not a reply
    expect((await report(reporters[0]!, 'thread', 'no-such-thread')).status).toBe(404);

    // A model of a draft plan: only its creator, partners and admins see it.
    const draft = (await planner.agent.request('POST', '/api/v1/plans', planBody())).body.plan;
    const model = await insertModelRow(server, draft.id, planner.id);
    const hidden = await report(reporters[0]!, 'model', model);
    expect(hidden.status).toBe(404);
    expect(hidden.body.code).toBe('not_found');

    const anon = await server.agent().request('POST', '/api/v1/reports', { kind: 'comment', id: c.id, reason: 'spam' });
    expect(anon.status).toBe(401);
    const bad = await report(reporters[0]!, 'comment', c.id, { reason: 'boring' });
    expect(bad.status).toBe(400);
    expect(await server.app.store.db.selectFrom('reports').selectAll().where('content_id', '=', c.id).execute()).toEqual([]);
  });
});

describe('reports with threshold 1', () => {
  let server: TestServer;
  let author: RoleUser;
  let reporter: RoleUser;
  let admin: RoleUser;
  let planId: string;

  beforeAll(async () => {
    server = await startServer({ reportThreshold: 1 });
    author = await userWithRole(server, 'partner', 'Auteur');
    reporter = await userWithRole(server, 'resident', 'Melder');
    admin = await userWithRole(server, 'admin', 'Beheer');
    planId = await publishedPlan(await userWithRole(server, 'planner', 'Planner'));
  });
  afterAll(async () => {
    await server?.close();
  });

  for (const kind of KINDS) {
    it(`one report holds a ${kind}: audit auto_hide by the system, removed-ids row, author notified`, async () => {
      const m = await make(server, kind, author, `Tekst van ${kind}`, planId);
      const r = await reporter.agent.request('POST', '/api/v1/reports', { kind, id: m.id, reason: 'spam' });
      expect(r.status).toBe(201);
      const item = (await admin.agent.request('GET', `/api/v1/moderation/content/${kind}/${m.id}`)).body.item;
      expect(item).toMatchObject({ kind, id: m.id, state: 'held', openReports: 1, author: { id: author.id } });
      const table = { comment: 'comments', reply: 'comments', thread: 'threads', post: 'thread_posts', sketch: 'sketches', model: 'models' }[kind] as 'comments';
      const row = await server.app.store.db.selectFrom(table).select(['hidden_at', 'deleted_at']).where('id', '=', m.id).executeTakeFirstOrThrow();
      expect(row.hidden_at).not.toBeNull();
      expect(row.deleted_at).toBeNull();

      const audit = (await admin.agent.request('GET', '/api/v1/moderation/audit')).body.entries;
      expect(audit.find((e: any) => e.targetId === m.id)).toMatchObject({
        actor: null, action: 'auto_hide', targetKind: kind, before: { state: 'visible' }, after: { state: 'held', openReports: 1 },
      });
      const removed = await server.app.store.db.selectFrom('content_removals').selectAll().where('content_id', '=', m.id).execute();
      expect(removed).toMatchObject([{ content_kind: kind, action: 'hidden' }]);
      const notes = (await author.agent.request('GET', '/api/v1/notifications')).body.notifications;
      expect(notes.find((n: any) => n.moderation?.contentId === m.id)).toMatchObject({
        kind: 'moderation', threadId: null, moderation: { contentKind: kind, action: 'held' },
      });
    });
  }
});

describe('PostgreSQL: reports at the same moment', () => {
  it('three accounts reporting in parallel reach the threshold once (the item row is locked per content)', async () => {
    const schema = testSchema();
    const pg = await startServer(schema.config);
    try {
      const author = await userWithRole(pg, 'resident', 'Auteur');
      const reporters = await Promise.all([1, 2, 3].map((n) => userWithRole(pg, 'resident', `Melder ${n}`)));
      const admin = await userWithRole(pg, 'admin');
      for (let round = 0; round < 3; round++) {
        const c = await make(pg, 'comment', author, `Tegelijk gemeld ${round}`);
        const results = await Promise.all(reporters.map((r) => r.agent.request('POST', '/api/v1/reports', { kind: 'comment', id: c.id, reason: 'spam' })));
        expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
        const item = (await admin.agent.request('GET', `/api/v1/moderation/content/comment/${c.id}`)).body.item;
        expect(item).toMatchObject({ state: 'held', openReports: 3 });
        const audit = (await admin.agent.request('GET', '/api/v1/moderation/audit')).body.entries.filter((e: any) => e.targetId === c.id);
        expect(audit.map((e: any) => e.action)).toEqual(['auto_hide']);
      }
    } finally {
      await pg.close();
      await schema.drop();
    }
  });
});
