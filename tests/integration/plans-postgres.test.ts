/**
 * The plan store on PostgreSQL (DATABASE_URL): the plan gate's SQL (drafts for members only, partners), comments
 * of a plan through the comment gate, scenarios with placements, optimistic locking and the history. The rules
 * themselves are tested on SQLite in plans-*.test.ts; this proves the same queries run on PostgreSQL. Uses a fresh
 * schema in database `test` at 127.0.0.1:5432 (override with TEST_DATABASE_URL), dropped afterwards.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { usePostgresServer } from '../helpers/postgres.js';
import { insertModelRow, phaseNow, planBody, userWithRole } from '../helpers/plans.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
usePostgresServer<TestServer>((s) => (server = s), (config) => startServer(config));

describe('plans on PostgreSQL', () => {
  it('gates drafts, places models, locks versions, keeps history and gates plan comments', async () => {
    const planner = await userWithRole(server, 'planner', 'Planner');
    const partner = await userWithRole(server, 'partner', 'Partner');
    const resident = await userWithRole(server, 'resident', 'Bewoner');
    const plan = (await planner.agent.request('POST', '/api/v1/plans', planBody({ phases: [phaseNow()] }))).body.plan;
    await planner.agent.request('POST', `/api/v1/plans/${plan.id}/partners`, { email: partner.email });
    const ids = async (who: typeof planner) => (await who.agent.request('GET', '/api/v1/plans')).body.plans.map((p: any) => p.id);
    expect(await ids(partner)).toContain(plan.id);
    expect(await ids(resident)).not.toContain(plan.id);

    const sc = (await planner.agent.request('POST', `/api/v1/plans/${plan.id}/scenarios`, { name: 'A', replaced: [{ tilesetId: 'demo', featureId: 'b1' }] })).body.scenario;
    const modelId = await insertModelRow(server, plan.id, partner.id);
    const pl = await partner.agent.request('POST', `/api/v1/plans/${plan.id}/scenarios/${sc.id}/placements`, { modelId, position: { lon: 5.1205, lat: 52.0905, height: 1.5 }, scale: 0.001 });
    expect(pl.status).toBe(201);
    const list = (await partner.agent.request('GET', `/api/v1/plans/${plan.id}/scenarios`)).body.scenarios;
    expect(list[0]).toMatchObject({ replaced: [{ tilesetId: 'demo', featureId: 'b1' }], placements: [{ id: pl.body.placement.id, scale: 0.001 }] });

    expect((await planner.agent.request('PATCH', `/api/v1/plans/${plan.id}`, { version: 1, status: 'published' })).status).toBe(200);
    expect((await planner.agent.request('PATCH', `/api/v1/plans/${plan.id}`, { version: 1, title: 'x' })).body.code).toBe('version_conflict');
    const c = await resident.agent.request('POST', '/api/v1/comments', { position: { lon: 5.1205, lat: 52.0905, height: 0 }, body: 'op PG', planId: plan.id, scenarioId: sc.id });
    expect(c.status).toBe(201);
    const byPlan = (await server.agent().request('GET', `/api/v1/comments?planId=${plan.id}`)).body.features;
    expect(byPlan.map((f: any) => f.properties.planId)).toEqual([plan.id]);

    const history = (await planner.agent.request('GET', `/api/v1/plans/${plan.id}/history?limit=2`)).body;
    expect(history.changes.map((h: any) => h.action)).toEqual(['status_changed', 'created']);
    const rest = (await planner.agent.request('GET', `/api/v1/plans/${plan.id}/history?cursor=${history.nextCursor}`)).body;
    expect(rest.changes.map((h: any) => `${h.entity} ${h.action}`)).toEqual(['scenario created', 'partner invited', 'plan created']);
  });

  it('keeps a draft plan\'s comments from others in the comment gate SQL', async () => {
    const planner = await userWithRole(server, 'planner');
    const plan = (await planner.agent.request('POST', '/api/v1/plans', planBody())).body.plan;
    const id = randomUUID();
    await server.app.store.db
      .insertInto('comments')
      .values({ id, author_id: planner.id, client_id: null, body: 'concept', lon: 3.5, lat: 51.5, height: 0, parent_id: null, created_at: new Date().toISOString(), hidden_at: null, deleted_at: null, plan_id: plan.id, scenario_id: null })
      .execute();
    expect((await server.agent().request('GET', '/api/v1/comments?bbox=3.4,51.4,3.6,51.6')).body.features).toEqual([]);
    expect((await planner.agent.request('GET', '/api/v1/comments?bbox=3.4,51.4,3.6,51.6')).body.features.map((f: any) => f.id)).toEqual([id]);
  });
});
