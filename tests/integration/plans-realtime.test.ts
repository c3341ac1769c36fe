/**
 * Plan rooms over Socket.IO: `plan:join` answers like GET /plans/:id (not_found for a draft the viewer may not
 * see); `plan:updated`, `scenario:updated` and `model:placed` reach the sockets in the room that may see the plan:
 * a draft's events only its members, everyone's once it is published. No sleeps: a marker event that everyone may
 * receive is sent last, and what arrived before it is compared.
 */
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertModelRow, planBody, userWithRole, type RoleUser } from '../helpers/plans.js';
import { nextEvent, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let planner: RoleUser;
let partner: RoleUser;
let resident: RoleUser;

beforeAll(async () => {
  server = await startServer();
  planner = await userWithRole(server, 'planner');
  partner = await userWithRole(server, 'partner');
  resident = await userWithRole(server, 'resident');
});
afterAll(async () => {
  await server?.close();
});

const EVENTS = ['plan:updated', 'scenario:updated', 'model:placed'] as const;

function record(sock: Socket) {
  const seen: string[] = [];
  for (const e of EVENTS) {
    sock.on(e, (p: any) => seen.push(`${e} ${p.plan?.title ?? p.scenario?.name ?? (p.placement ? `heading ${p.placement.heading}` : 'deleted')}`));
  }
  return seen;
}

describe('plan rooms', () => {
  it('plan:join answers the plan as the viewer sees it, or not_found / validation_failed', async () => {
    const plan = (await planner.agent.request('POST', '/api/v1/plans', planBody({ title: 'Kamer' }))).body.plan;
    const mine = await server.socket(planner.agent);
    const ack = await mine.timeout(5000).emitWithAck('plan:join', { planId: plan.id });
    expect(ack).toMatchObject({ ok: true, plan: { id: plan.id, title: 'Kamer', can: { edit: true } } });
    const theirs = await server.socket(resident.agent);
    expect(await theirs.timeout(5000).emitWithAck('plan:join', { planId: plan.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await theirs.timeout(5000).emitWithAck('plan:join', { planId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await theirs.timeout(5000).emitWithAck('plan:join', { plan: 1 })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await theirs.timeout(5000).emitWithAck('plan:leave', { planId: plan.id })).toEqual({ ok: true });
  });

  it('a draft\'s events reach only its members; after publishing everyone in the room gets them', async () => {
    const plan = (await planner.agent.request('POST', '/api/v1/plans', planBody({ title: 'Concept' }))).body.plan;
    await planner.agent.request('POST', `/api/v1/plans/${plan.id}/partners`, { email: partner.email });
    const modelId = await insertModelRow(server, plan.id, partner.id);

    const planSock = await server.socket(planner.agent);
    const partnerSock = await server.socket(partner.agent);
    const residentSock = await server.socket(resident.agent);
    const anonSock = await server.socket();
    for (const s of [planSock, partnerSock]) expect((await s.timeout(5000).emitWithAck('plan:join', { planId: plan.id })).ok).toBe(true);
    // Not allowed into the draft's room: they must not receive its events even if they try.
    for (const s of [residentSock, anonSock]) expect((await s.timeout(5000).emitWithAck('plan:join', { planId: plan.id })).ok).toBe(false);
    const seen = { planner: record(planSock), partner: record(partnerSock), resident: record(residentSock), anon: record(anonSock) };

    // Draft: a scenario, a placement by the partner, a move.
    const sc = (await planner.agent.request('POST', `/api/v1/plans/${plan.id}/scenarios`, { name: 'Variant A' })).body.scenario;
    const url = `/api/v1/plans/${plan.id}/scenarios/${sc.id}/placements`;
    const placed = nextEvent(planSock, 'model:placed');
    const pl = (await partner.agent.request('POST', url, { modelId, position: { lon: 5.1205, lat: 52.0905, height: 0 }, heading: 10 })).body.placement;
    expect((await placed).placement).toMatchObject({ id: pl.id, modelId, heading: 10, updatedBy: { id: partner.id } });

    // Publish: plan:updated reaches the members, each with their own `can`.
    const upPlanner = nextEvent(planSock, 'plan:updated');
    const upPartner = nextEvent(partnerSock, 'plan:updated');
    await planner.agent.request('PATCH', `/api/v1/plans/${plan.id}`, { version: 1, status: 'published', title: 'Gepubliceerd' });
    expect((await upPlanner).plan).toMatchObject({ status: 'published', can: { edit: true } });
    expect((await upPartner).plan).toMatchObject({ status: 'published', can: { edit: false, uploadModels: true } });

    // Now the others may join, and get the events from here on.
    for (const s of [residentSock, anonSock]) {
      expect(await s.timeout(5000).emitWithAck('plan:join', { planId: plan.id })).toMatchObject({ ok: true, plan: { can: { edit: false, uploadModels: false } } });
    }
    await partner.agent.request('PATCH', `${url}/${pl.id}`, { version: 1, heading: 20 });
    // Marker: a scenario name everyone in the room will receive; all events before it have been delivered.
    const markers = [planSock, partnerSock, residentSock, anonSock].map((s) =>
      nextEvent(s, 'scenario:updated', (p: any) => p.scenario?.name === 'marker'),
    );
    await planner.agent.request('POST', `/api/v1/plans/${plan.id}/scenarios`, { name: 'marker' });
    await Promise.all(markers);

    const draftEvents = ['scenario:updated Variant A', 'model:placed heading 10', 'scenario:updated Variant A', 'plan:updated Gepubliceerd'];
    const publicEvents = ['model:placed heading 20', 'scenario:updated Variant A', 'scenario:updated marker'];
    expect(seen.planner).toEqual([...draftEvents, ...publicEvents]);
    expect(seen.partner).toEqual([...draftEvents, ...publicEvents]);
    expect(seen.resident).toEqual(publicEvents);
    expect(seen.anon).toEqual(publicEvents);
  });

  it('a removed partner stops receiving a draft\'s events at once, though still in the room', async () => {
    const plan = (await planner.agent.request('POST', '/api/v1/plans', planBody())).body.plan;
    await planner.agent.request('POST', `/api/v1/plans/${plan.id}/partners`, { email: partner.email });
    const partnerSock = await server.socket(partner.agent);
    const planSock = await server.socket(planner.agent);
    for (const s of [planSock, partnerSock]) await s.timeout(5000).emitWithAck('plan:join', { planId: plan.id });
    const seen = record(partnerSock);
    await planner.agent.request('DELETE', `/api/v1/plans/${plan.id}/partners/${partner.id}`);
    const marker = nextEvent(planSock, 'scenario:updated', (p: any) => p.scenario?.name === 'na verwijderen');
    await planner.agent.request('POST', `/api/v1/plans/${plan.id}/scenarios`, { name: 'na verwijderen' });
    await marker;
    // The planner's socket got it; the partner's is checked in the same broadcast pass, so nothing is in flight.
    const second = nextEvent(planSock, 'scenario:updated', (p: any) => p.scenario?.name === 'tweede');
    await planner.agent.request('POST', `/api/v1/plans/${plan.id}/scenarios`, { name: 'tweede' });
    await second;
    expect(seen).toEqual([]);
  });
});
