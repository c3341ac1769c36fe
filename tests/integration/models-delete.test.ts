/**
 * Live model list and model deletion over the plan room (issue 4), with the real server and real socket.io clients:
 * - an upload reaches the members in the plan's room as `model:uploaded {model}` (the same model REST answered);
 * - deleting a placed model sends `scenario:updated` without its placements for every scenario that had one (and
 *   for no other), then `model:deleted {planId, modelId}`; afterwards its GLB answers 404.
 * No sleeps: a marker scenario that every member receives is created last, and what arrived before it is compared.
 */
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateModelFixtures, type ModelFixtures } from '../fixtures/models/generate.js';
import { uploadModel } from '../helpers/models.js';
import { insertModelRow, planBody, userWithRole, type RoleUser } from '../helpers/plans.js';
import { nextEvent, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let fx: ModelFixtures;
let planner: RoleUser;
let partner: RoleUser;
let resident: RoleUser;

beforeAll(async () => {
  server = await startServer();
  fx = await generateModelFixtures(path.join(server.dataDir, 'fixtures'));
  planner = await userWithRole(server, 'planner');
  partner = await userWithRole(server, 'partner');
  resident = await userWithRole(server, 'resident');
});
afterAll(async () => {
  await server?.close();
});

const EVENTS = ['scenario:updated', 'model:placed', 'model:uploaded', 'model:deleted'] as const;

/** Every plan-room event on `sock` from now on, as `[event, payload]`. */
function record(sock: Socket): [string, any][] {
  const seen: [string, any][] = [];
  for (const e of EVENTS) sock.on(e, (p: unknown) => seen.push([e, p]));
  return seen;
}

/** A draft plan with `partner` invited, and sockets of the planner and the partner in its room. */
async function draftWithRoom() {
  const plan = (await planner.agent.request('POST', '/api/v1/plans', planBody({ title: 'Modellen live' }))).body.plan;
  expect((await planner.agent.request('POST', `/api/v1/plans/${plan.id}/partners`, { email: partner.email })).status).toBeLessThan(300);
  const planSock = await server.socket(planner.agent);
  const partnerSock = await server.socket(partner.agent);
  for (const s of [planSock, partnerSock]) expect((await s.timeout(5000).emitWithAck('plan:join', { planId: plan.id })).ok).toBe(true);
  return { plan, planSock, partnerSock };
}

/** Creates a scenario named `name` and waits until each socket has received it: everything sent before is in. */
async function marker(planId: string, sockets: Socket[], name = 'marker'): Promise<void> {
  const arrived = sockets.map((s) => nextEvent(s, 'scenario:updated', (p: any) => p.scenario?.name === name));
  expect((await planner.agent.request('POST', `/api/v1/plans/${planId}/scenarios`, { name })).status).toBe(201);
  await Promise.all(arrived);
}

describe('model events in the plan room', () => {
  it('an upload reaches the members as model:uploaded {model}, and nobody outside the draft', async () => {
    const { plan, planSock, partnerSock } = await draftWithRoom();
    const outsider = await server.socket(resident.agent);
    expect(await outsider.timeout(5000).emitWithAck('plan:join', { planId: plan.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const seen = { planner: record(planSock), partner: record(partnerSock), outsider: record(outsider) };

    const up = await uploadModel(partner.agent, plan.id, fx.texturedGlb, 'Paviljoen');
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    await marker(plan.id, [planSock, partnerSock]);

    for (const list of [seen.planner, seen.partner]) {
      expect(list.map(([e]) => e)).toEqual(['model:uploaded', 'scenario:updated']);
      expect(list[0]![1]).toEqual({ model: up.body.model });
    }
    expect(seen.outsider).toEqual([]);
  });

  it('deleting a placed model: scenario:updated without its placements for each scenario that had one, model:deleted, then 404', async () => {
    const { plan, planSock, partnerSock } = await draftWithRoom();
    const up = await uploadModel(partner.agent, plan.id, fx.texturedGlb, 'Weg ermee');
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const model = up.body.model;
    const keep = await insertModelRow(server, plan.id, partner.id); // another model, which stays

    const scenario = async (name: string) => (await planner.agent.request('POST', `/api/v1/plans/${plan.id}/scenarios`, { name })).body.scenario;
    const [a, b, c] = [await scenario('A'), await scenario('B'), await scenario('C zonder')];
    const place = async (scenarioId: string, modelId: string, heading: number) => {
      const r = await partner.agent.request('POST', `/api/v1/plans/${plan.id}/scenarios/${scenarioId}/placements`, {
        modelId,
        position: { lon: 5.1205, lat: 52.0905, height: 0 },
        heading,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.placement;
    };
    await place(a.id, model.id, 10);
    await place(a.id, model.id, 20);
    const kept = await place(a.id, keep, 30);
    await place(b.id, model.id, 40);
    await place(c.id, keep, 50);
    // Everything so far has arrived; record from here on.
    await marker(plan.id, [planSock, partnerSock], 'voor');
    const seen = { planner: record(planSock), partner: record(partnerSock) };

    // The uploader deletes it (the route answers 204 before the events go out).
    expect((await partner.agent.request('DELETE', `/api/v1/plans/${plan.id}/models/${model.id}`)).status).toBe(204);
    await marker(plan.id, [planSock, partnerSock], 'na');

    for (const list of [seen.planner, seen.partner]) {
      expect(list.map(([e, p]) => `${e} ${p.scenario?.name ?? p.modelId}`)).toEqual([
        'scenario:updated A',
        'scenario:updated B',
        `model:deleted ${model.id}`,
        'scenario:updated na',
      ]);
      const byName = Object.fromEntries(list.filter(([e]) => e === 'scenario:updated').map(([, p]) => [p.scenario.name, p.scenario]));
      expect(byName.A.placements.map((p: any) => p.id)).toEqual([kept.id]);
      expect(byName.B.placements).toEqual([]);
      expect(list.find(([e]) => e === 'model:deleted')![1]).toEqual({ planId: plan.id, modelId: model.id });
    }

    expect((await planner.agent.fetch(model.url)).status).toBe(404);
    expect((await planner.agent.request('GET', `/api/v1/plans/${plan.id}/models/${model.id}`)).status).toBe(404);
    const models = (await planner.agent.request('GET', `/api/v1/plans/${plan.id}/models`)).body.models;
    expect(models.map((m: { id: string }) => m.id)).toEqual([keep]);
    const scenarios = (await planner.agent.request('GET', `/api/v1/plans/${plan.id}/scenarios`)).body.scenarios;
    expect(scenarios.flatMap((s: any) => s.placements.map((p: any) => p.modelId))).not.toContain(model.id);
  });

  it('a model that was placed nowhere: only model:deleted', async () => {
    const { plan, planSock } = await draftWithRoom();
    const id = await insertModelRow(server, plan.id, partner.id);
    await planner.agent.request('POST', `/api/v1/plans/${plan.id}/scenarios`, { name: 'Leeg' });
    await marker(plan.id, [planSock], 'voor');
    const seen = record(planSock);
    expect((await planner.agent.request('DELETE', `/api/v1/plans/${plan.id}/models/${id}`)).status).toBe(204);
    await marker(plan.id, [planSock], 'na');
    expect(seen.map(([e, p]) => `${e} ${p.scenario?.name ?? p.modelId}`)).toEqual([`model:deleted ${id}`, 'scenario:updated na']);
  });
});
