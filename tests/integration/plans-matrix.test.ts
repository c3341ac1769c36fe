/**
 * Who may do what with a plan: every role against every plan, scenario, placement, partner and history
 * endpoint, for a draft, a published and a closed plan, run as a table. Each (actor, plan status) row gets its own
 * fresh plan (with an invited partner, a scenario, a model and a placement); the operations run in the order of
 * the table, destructive ones last.
 *
 * Cells: an HTTP status; 403 means `forbidden`, 'P' means 403 `phase_closed` (the role may, the plan is closed);
 * 'y' / 'n': listed or not in GET /plans.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/index.js';
import { insertModelRow, planBody, userWithRole, versionOf, type RoleUser } from '../helpers/plans.js';
import { startServer, type Agent, type TestServer } from '../helpers/server.js';

const ACTORS = ['anonymous', 'resident', 'partnerOut', 'partnerIn', 'otherPlanner', 'creator', 'moderator', 'admin'] as const;
type Actor = (typeof ACTORS)[number];
type Cell = number | 'P' | 'y' | 'n';
type Status = 'draft' | 'published' | 'closed';

interface Fixture {
  planId: string;
  scenarioId: string;
  placementId: string;
  modelId: string;
}

//                                anon   res  pOut   pIn  oPlan  creat   mod  admin
const TABLE: Record<Status, Record<string, Cell[]>> = {
  draft: {
    list: /*               */ ['n', 'n', 'n', 'y', 'n', 'y', 'n', 'y'],
    get: /*                */ [404, 404, 404, 200, 404, 200, 404, 200],
    update: /*             */ [401, 404, 404, 403, 404, 200, 404, 200],
    scenariosList: /*      */ [404, 404, 404, 200, 404, 200, 404, 200],
    scenarioCreate: /*     */ [401, 404, 404, 403, 404, 201, 404, 201],
    scenarioUpdate: /*     */ [401, 404, 404, 403, 404, 200, 404, 200],
    placementCreate: /*    */ [401, 404, 404, 201, 404, 201, 404, 201],
    placementUpdate: /*    */ [401, 404, 404, 200, 404, 200, 404, 200],
    placementDelete: /*    */ [401, 404, 404, 204, 404, 204, 404, 204],
    scenarioDelete: /*     */ [401, 404, 404, 403, 404, 204, 404, 204],
    partnersList: /*       */ [401, 404, 404, 200, 404, 200, 404, 200],
    partnerInvite: /*      */ [401, 404, 404, 403, 404, 201, 404, 201],
    history: /*            */ [401, 404, 404, 403, 404, 200, 404, 200],
    partnerRemove: /*      */ [401, 404, 404, 403, 404, 204, 404, 204],
    statusChange: /*       */ [401, 404, 404, 403, 404, 200, 404, 200],
  },
  published: {
    list: /*               */ ['y', 'y', 'y', 'y', 'y', 'y', 'y', 'y'],
    get: /*                */ [200, 200, 200, 200, 200, 200, 200, 200],
    update: /*             */ [401, 403, 403, 403, 403, 200, 403, 200],
    scenariosList: /*      */ [200, 200, 200, 200, 200, 200, 200, 200],
    scenarioCreate: /*     */ [401, 403, 403, 403, 403, 201, 403, 201],
    scenarioUpdate: /*     */ [401, 403, 403, 403, 403, 200, 403, 200],
    placementCreate: /*    */ [401, 403, 403, 201, 403, 201, 403, 201],
    placementUpdate: /*    */ [401, 403, 403, 200, 403, 200, 403, 200],
    placementDelete: /*    */ [401, 403, 403, 204, 403, 204, 403, 204],
    scenarioDelete: /*     */ [401, 403, 403, 403, 403, 204, 403, 204],
    partnersList: /*       */ [401, 403, 403, 200, 403, 200, 403, 200],
    partnerInvite: /*      */ [401, 403, 403, 403, 403, 201, 403, 201],
    history: /*            */ [401, 403, 403, 403, 403, 200, 403, 200],
    partnerRemove: /*      */ [401, 403, 403, 403, 403, 204, 403, 204],
    statusChange: /*       */ [401, 403, 403, 403, 403, 200, 403, 200],
  },
  closed: {
    list: /*               */ ['y', 'y', 'y', 'y', 'y', 'y', 'y', 'y'],
    get: /*                */ [200, 200, 200, 200, 200, 200, 200, 200],
    update: /*             */ [401, 403, 403, 403, 403, 'P', 403, 'P'],
    scenariosList: /*      */ [200, 200, 200, 200, 200, 200, 200, 200],
    scenarioCreate: /*     */ [401, 403, 403, 403, 403, 'P', 403, 'P'],
    scenarioUpdate: /*     */ [401, 403, 403, 403, 403, 'P', 403, 'P'],
    placementCreate: /*    */ [401, 403, 403, 'P', 403, 'P', 403, 'P'],
    placementUpdate: /*    */ [401, 403, 403, 'P', 403, 'P', 403, 'P'],
    placementDelete: /*    */ [401, 403, 403, 'P', 403, 'P', 403, 'P'],
    scenarioDelete: /*     */ [401, 403, 403, 403, 403, 'P', 403, 'P'],
    partnersList: /*       */ [401, 403, 403, 200, 403, 200, 403, 200],
    partnerInvite: /*      */ [401, 403, 403, 403, 403, 'P', 403, 'P'],
    history: /*            */ [401, 403, 403, 403, 403, 200, 403, 200],
    partnerRemove: /*      */ [401, 403, 403, 403, 403, 'P', 403, 'P'],
    statusChange: /*       */ [401, 403, 403, 403, 403, 200, 403, 200],
  },
};

/** Create a plan: not tied to one plan. */
const CREATE: Record<Actor, number> = {
  anonymous: 401, resident: 403, partnerOut: 403, partnerIn: 403, otherPlanner: 201, creator: 201, moderator: 403, admin: 201,
};

const NEXT_STATUS: Record<Status, string> = { draft: 'published', published: 'closed', closed: 'archived' };

let server: TestServer;
const users = {} as Record<Exclude<Actor, 'anonymous'>, RoleUser>;
let extraPartner: RoleUser;

beforeAll(async () => {
  server = await startServer();
  const roles: Record<Exclude<Actor, 'anonymous'>, Role> = {
    resident: 'resident', partnerOut: 'partner', partnerIn: 'partner', otherPlanner: 'planner', creator: 'planner', moderator: 'moderator', admin: 'admin',
  };
  for (const [actor, role] of Object.entries(roles)) users[actor as keyof typeof roles] = await userWithRole(server, role, actor);
  extraPartner = await userWithRole(server, 'partner', 'extra partner');
});
afterAll(async () => {
  await server?.close();
});

/** A fresh plan in `status` made by the creator, with partnerIn invited, a scenario, a model and a placement. */
async function fixture(status: Status): Promise<Fixture> {
  const { plans, scenarios } = server.app.services;
  const creator = users.creator.viewer;
  const plan = await plans.create(creator, planBody({ title: `Plan ${status}` }));
  await plans.invitePartner(creator, plan.id, { email: users.partnerIn.email });
  const scenario = await scenarios.create(creator, plan.id, { name: 'Variant A' });
  const modelId = await insertModelRow(server, plan.id, users.partnerIn.id);
  const placement = await scenarios.place(creator, plan.id, scenario.id, { modelId, position: { lon: 5.1205, lat: 52.0905, height: 0 } });
  if (status !== 'draft') await plans.update(creator, plan.id, { version: 1, status: 'published' });
  if (status === 'closed') await plans.update(creator, plan.id, { version: 2, status: 'closed' });
  return { planId: plan.id, scenarioId: scenario.id, placementId: placement.id, modelId };
}

type Op = (a: Agent, f: Fixture) => Promise<{ status: number; body: any }>;

const OPS: Record<string, Op> = {
  list: (a) => a.request('GET', '/api/v1/plans'),
  get: (a, f) => a.request('GET', `/api/v1/plans/${f.planId}`),
  update: async (a, f) => a.request('PATCH', `/api/v1/plans/${f.planId}`, { version: await versionOf(server, 'plans', f.planId), title: 'Nieuwe titel' }),
  scenariosList: (a, f) => a.request('GET', `/api/v1/plans/${f.planId}/scenarios`),
  scenarioCreate: (a, f) => a.request('POST', `/api/v1/plans/${f.planId}/scenarios`, { name: 'Variant B' }),
  scenarioUpdate: async (a, f) =>
    a.request('PATCH', `/api/v1/plans/${f.planId}/scenarios/${f.scenarioId}`, { version: await versionOf(server, 'scenarios', f.scenarioId), name: 'Variant A2' }),
  placementCreate: (a, f) =>
    a.request('POST', `/api/v1/plans/${f.planId}/scenarios/${f.scenarioId}/placements`, { modelId: f.modelId, position: { lon: 5.1206, lat: 52.0906, height: 1 } }),
  placementUpdate: async (a, f) =>
    a.request('PATCH', `/api/v1/plans/${f.planId}/scenarios/${f.scenarioId}/placements/${f.placementId}`, {
      version: await versionOf(server, 'placements', f.placementId),
      heading: 45,
    }),
  placementDelete: (a, f) => a.request('DELETE', `/api/v1/plans/${f.planId}/scenarios/${f.scenarioId}/placements/${f.placementId}`),
  scenarioDelete: (a, f) => a.request('DELETE', `/api/v1/plans/${f.planId}/scenarios/${f.scenarioId}`),
  partnersList: (a, f) => a.request('GET', `/api/v1/plans/${f.planId}/partners`),
  partnerInvite: (a, f) => a.request('POST', `/api/v1/plans/${f.planId}/partners`, { email: extraPartner.email }),
  history: (a, f) => a.request('GET', `/api/v1/plans/${f.planId}/history`),
  partnerRemove: (a, f) => a.request('DELETE', `/api/v1/plans/${f.planId}/partners/${users.partnerIn.id}`),
  statusChange: async (a, f) => {
    const status = (await server.app.store.db.selectFrom('plans').select('status').where('id', '=', f.planId).executeTakeFirstOrThrow()).status as Status;
    return a.request('PATCH', `/api/v1/plans/${f.planId}`, { version: await versionOf(server, 'plans', f.planId), status: NEXT_STATUS[status] });
  },
};

function agentOf(actor: Actor): Agent {
  return actor === 'anonymous' ? server.agent() : users[actor].agent;
}

/** Compares one answer with its cell; returns a description of the mismatch or null. */
function mismatch(cell: Cell, r: { status: number; body: any }, f: Fixture): string | null {
  if (cell === 'y' || cell === 'n') {
    const listed = r.status === 200 && r.body.plans.some((p: any) => p.id === f.planId);
    return listed === (cell === 'y') ? null : `expected ${cell === 'y' ? 'listed' : 'not listed'} (status ${r.status})`;
  }
  const status = cell === 'P' ? 403 : cell;
  if (r.status !== status) return `expected ${status}, got ${r.status} ${JSON.stringify(r.body?.code ?? '')} ${r.body?.detail ?? ''}`;
  if (cell === 'P' && r.body.code !== 'phase_closed') return `expected phase_closed, got ${r.body.code}`;
  if (cell === 403 && r.body.code !== 'forbidden') return `expected forbidden, got ${r.body.code}`;
  if (cell === 404 && r.body.code !== 'not_found') return `expected not_found, got ${r.body.code}`;
  if (cell === 401 && r.body.code !== 'unauthenticated') return `expected unauthenticated, got ${r.body.code}`;
  return null;
}

describe('role × endpoint matrix', () => {
  for (const status of ['draft', 'published', 'closed'] as const) {
    it(`${status} plan: every actor gets exactly the answers in the table`, async () => {
      const failures: string[] = [];
      for (const [i, actor] of ACTORS.entries()) {
        const f = await fixture(status);
        for (const [op, cells] of Object.entries(TABLE[status])) {
          const r = await OPS[op]!(agentOf(actor), f);
          const m = mismatch(cells[i]!, r, f);
          if (m) failures.push(`${status} × ${actor} × ${op}: ${m}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('create: planners and admins only', async () => {
    const failures: string[] = [];
    for (const actor of ACTORS) {
      const r = await agentOf(actor).request('POST', '/api/v1/plans', planBody());
      if (r.status !== CREATE[actor]) failures.push(`${actor}: expected ${CREATE[actor]}, got ${r.status}`);
      if (r.status === 201) expect(r.body.plan).toMatchObject({ status: 'draft', version: 1, can: { edit: true, uploadModels: true } });
    }
    expect(failures).toEqual([]);
  });

  it('a draft never shows up for someone who may not see it, also not by status filter', async () => {
    const f = await fixture('draft');
    for (const actor of ['anonymous', 'resident', 'partnerOut', 'otherPlanner', 'moderator'] as const) {
      const r = await agentOf(actor).request('GET', '/api/v1/plans?status=draft');
      expect(r.body.plans.map((p: any) => p.id), actor).not.toContain(f.planId);
    }
    const mine = await users.partnerIn.agent.request('GET', '/api/v1/plans?status=draft');
    expect(mine.body.plans.find((p: any) => p.id === f.planId)?.can).toEqual({ edit: false, uploadModels: true, comment: false });
  });
});
