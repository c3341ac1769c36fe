/**
 * Comments in plans: the server enforces the plan's phase (server clock) for comments and replies, scenarioId
 * must belong to the plan, and comments of a plan the viewer cannot see are invisible everywhere (bbox list,
 * by id, replies, planId filter, socket broadcasts).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFromRow } from '../../server/src/domain/comment-record.js';
import { findCommentById } from '../../server/src/store/comments.js';
import { phaseLater, phaseNow, planBody, userWithRole, type RoleUser } from '../helpers/plans.js';
import { nextEvent, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let planner: RoleUser;
let resident: RoleUser;

beforeAll(async () => {
  server = await startServer();
  planner = await userWithRole(server, 'planner');
  resident = await userWithRole(server, 'resident');
});
afterAll(async () => {
  await server?.close();
});

const AT = { lon: 5.1205, lat: 52.0905, height: 2 };

/** A plan in `status` with the given phases and one scenario. */
async function plan(phases: unknown[], status: 'draft' | 'published' | 'closed' = 'published') {
  const p = (await planner.agent.request('POST', '/api/v1/plans', planBody({ phases }))).body.plan;
  const sc = (await planner.agent.request('POST', `/api/v1/plans/${p.id}/scenarios`, { name: 'A' })).body.scenario;
  let version = 1;
  if (status !== 'draft') version = (await planner.agent.request('PATCH', `/api/v1/plans/${p.id}`, { version, status: 'published' })).body.plan.version;
  if (status === 'closed') await planner.agent.request('PATCH', `/api/v1/plans/${p.id}`, { version, status: 'closed' });
  return { id: p.id as string, scenarioId: sc.id as string, version };
}

describe('phase enforcement', () => {
  it('accepts a comment in a phase that allows comments, with its scenario; replies inherit both', async () => {
    const p = await plan([phaseNow(['comment'])]);
    const r = await resident.agent.request('POST', '/api/v1/comments', { position: AT, body: 'Mooi plan', planId: p.id, scenarioId: p.scenarioId });
    expect(r.status).toBe(201);
    expect(r.body.comment).toMatchObject({ planId: p.id, scenarioId: p.scenarioId });
    const reply = await planner.agent.request('POST', '/api/v1/comments', { body: 'Dank', parentId: r.body.comment.id });
    expect(reply.status).toBe(201);
    expect(reply.body.comment).toMatchObject({ planId: p.id, scenarioId: p.scenarioId, parentId: r.body.comment.id });
    const plain = (await resident.agent.request('GET', `/api/v1/plans/${p.id}`)).body.plan;
    expect(plain).toMatchObject({ currentPhase: 0, allows: ['comment'], can: { comment: true } });
  });

  it('refuses comments outside an allowing phase, on drafts and on closed plans (phase_closed)', async () => {
    const cases = [
      ['no current phase', await plan([phaseLater(['comment'])])],
      ['a phase without comment', await plan([phaseNow(['vote'])])],
      ['a closed plan', await plan([phaseNow(['comment'])], 'closed')],
    ] as const;
    for (const [what, p] of cases) {
      const r = await resident.agent.request('POST', '/api/v1/comments', { position: AT, body: 'Mag dit?', planId: p.id });
      expect([r.status, r.body.code], what).toEqual([403, 'phase_closed']);
    }
    const draft = await plan([phaseNow(['comment'])], 'draft');
    const own = await planner.agent.request('POST', '/api/v1/comments', { position: AT, body: 'concept', planId: draft.id });
    expect([own.status, own.body.code]).toEqual([403, 'phase_closed']);
    const other = await resident.agent.request('POST', '/api/v1/comments', { position: AT, body: 'concept', planId: draft.id });
    expect([other.status, other.body.code]).toEqual([404, 'not_found']);
  });

  it('checks replies the same way: no replies once the plan is closed', async () => {
    const p = await plan([phaseNow(['comment'])]);
    const c = (await resident.agent.request('POST', '/api/v1/comments', { position: AT, body: 'Vraag', planId: p.id })).body.comment;
    await planner.agent.request('PATCH', `/api/v1/plans/${p.id}`, { version: p.version, status: 'closed' });
    const reply = await planner.agent.request('POST', '/api/v1/comments', { body: 'Antwoord', parentId: c.id });
    expect([reply.status, reply.body.code]).toEqual([403, 'phase_closed']);
    // over the socket too
    const sock = await server.socket(resident.agent);
    const ack = await sock.timeout(5000).emitWithAck('comment:create', { body: 'ook niet', parentId: c.id, clientId: randomUUID() });
    expect(ack).toMatchObject({ ok: false, error: { code: 'phase_closed' } });
    sock.close();
  });

  it('refuses a scenario of another plan, and a reply that names another plan', async () => {
    const a = await plan([phaseNow()]);
    const b = await plan([phaseNow()]);
    const r = await resident.agent.request('POST', '/api/v1/comments', { position: AT, body: 'x', planId: a.id, scenarioId: b.scenarioId });
    expect([r.status, r.body.errors?.[0]?.path]).toEqual([400, 'scenarioId']);
    const noPlan = await resident.agent.request('POST', '/api/v1/comments', { position: AT, body: 'x', scenarioId: a.scenarioId });
    expect(noPlan.status).toBe(400);
    const c = (await resident.agent.request('POST', '/api/v1/comments', { position: AT, body: 'x', planId: a.id })).body.comment;
    const wrong = await resident.agent.request('POST', '/api/v1/comments', { body: 'y', parentId: c.id, planId: b.id });
    expect([wrong.status, wrong.body.errors?.[0]?.path]).toEqual([400, 'planId']);
  });

  it('lists a plan\'s comments with planId (and scenarioId), alone or with a bbox', async () => {
    const p = await plan([phaseNow()]);
    await resident.agent.request('POST', '/api/v1/comments', { position: AT, body: 'in A', planId: p.id, scenarioId: p.scenarioId });
    await resident.agent.request('POST', '/api/v1/comments', { position: AT, body: 'in het plan', planId: p.id });
    await resident.agent.request('POST', '/api/v1/comments', { position: AT, body: 'in de stad' });
    const bodies = async (q: string) => (await server.agent().request('GET', `/api/v1/comments?${q}`)).body.features.map((f: any) => f.properties.body);
    expect(await bodies(`planId=${p.id}`)).toEqual(['in het plan', 'in A']);
    expect(await bodies(`planId=${p.id}&scenarioId=${p.scenarioId}`)).toEqual(['in A']);
    expect(await bodies(`planId=${p.id}&bbox=5.12,52.09,5.121,52.091`)).toEqual(['in het plan', 'in A']);
    expect(await bodies(`planId=${p.id}&bbox=6,52,7,53`)).toEqual([]);
    expect((await server.agent().request('GET', `/api/v1/comments?scenarioId=${p.scenarioId}&bbox=0,0,1,1`)).status).toBe(400);
  });
});

describe('comments of a plan the viewer cannot see', () => {
  it('are invisible in bbox lists, by id, in replies, by planId and in broadcasts', async () => {
    const draft = await plan([phaseNow()], 'draft');
    const partner = await userWithRole(server, 'partner');
    await planner.agent.request('POST', `/api/v1/plans/${draft.id}/partners`, { email: partner.email });
    // The API never accepts comments on drafts; one can still exist (e.g. imported), so write it to the store.
    const db = server.app.store.db;
    const id = randomUUID();
    const pos = { lon: 4.9001, lat: 52.3701, height: 0 };
    const row = { author_id: planner.id, client_id: null, body: 'geheim', ...pos, created_at: new Date().toISOString(), hidden_at: null, deleted_at: null, plan_id: draft.id, scenario_id: null };
    await db.insertInto('comments').values({ id, parent_id: null, ...row }).execute();
    await db.insertInto('comments').values({ id: randomUUID(), parent_id: id, ...row, body: 'geheim antwoord' }).execute();

    const box = 'bbox=4.9,52.37,4.901,52.371';
    for (const who of [server.agent(), resident.agent]) {
      expect((await who.request('GET', `/api/v1/comments?${box}`)).body.features).toEqual([]);
      expect((await who.request('GET', `/api/v1/comments/${id}`)).status).toBe(404);
      expect((await who.request('GET', `/api/v1/comments?parentId=${id}`)).status).toBe(404);
      expect((await who.request('GET', `/api/v1/comments?planId=${draft.id}`)).status).toBe(404);
    }
    for (const who of [planner.agent, partner.agent]) {
      const list = (await who.request('GET', `/api/v1/comments?${box}`)).body.features;
      expect(list.map((f: any) => [f.properties.body, f.properties.replyCount])).toEqual([['geheim', 1]]);
      expect((await who.request('GET', `/api/v1/comments?parentId=${id}`)).body.features).toHaveLength(1);
    }

    // Broadcast: the draft comment's event never reaches a public socket; a public marker comment after it does.
    const sock = await server.socket(resident.agent);
    await sock.timeout(5000).emitWithAck('viewport:subscribe', { bbox: [4.89, 52.36, 4.91, 52.38] });
    const got: string[] = [];
    sock.on('comment:created', (p: any) => got.push(p.comment.body));
    const stored = await findCommentById(db, id, { hidden: false, deleted: false, plans: { all: true, userId: null } });
    server.app.services.bus.emit('comment:created', { comment: recordFromRow(stored!) });
    const marker = nextEvent(sock, 'comment:created', (p: any) => p.comment.body === 'marker');
    await resident.agent.request('POST', '/api/v1/comments', { position: pos, body: 'marker' });
    await marker;
    expect(got).toEqual(['marker']);
    sock.close();
  });
});
