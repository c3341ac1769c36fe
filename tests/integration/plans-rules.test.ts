/**
 * Plan rules beyond the permission matrix: area validation (nothing stored on failure), optimistic locking,
 * status transitions, partner invitations, the history, and the admin CLI that sets roles.
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as adminMain } from '../../server/src/cli/admin.js';
import { SQUARE, insertModelRow, planBody, userWithRole, type RoleUser } from '../helpers/plans.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let planner: RoleUser;
let partner: RoleUser;

beforeAll(async () => {
  server = await startServer();
  planner = await userWithRole(server, 'planner', 'Planner Piet');
  partner = await userWithRole(server, 'partner', 'Partner Paula');
});
afterAll(async () => {
  await server?.close();
});

async function planCount(): Promise<number> {
  const r = await server.app.store.db.selectFrom('plans').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('plan area', () => {
  const bad: [string, unknown, number, string][] = [
    ['a bow-tie (crosses itself)', { type: 'Polygon', coordinates: [[[5.12, 52.09], [5.121, 52.091], [5.121, 52.09], [5.12, 52.091], [5.12, 52.09]]] }, 422, 'invalid_area'],
    ['too few points', { type: 'Polygon', coordinates: [[[5.12, 52.09], [5.121, 52.09], [5.12, 52.09]]] }, 400, 'validation_failed'],
    ['two distinct points', { type: 'Polygon', coordinates: [[[5.12, 52.09], [5.121, 52.09], [5.121, 52.09], [5.12, 52.09]]] }, 422, 'invalid_area'],
    ['no surface (points on a line)', { type: 'Polygon', coordinates: [[[5.12, 52.09], [5.121, 52.09], [5.122, 52.09], [5.12, 52.09]]] }, 422, 'invalid_area'],
    ['NaN (null in JSON)', { type: 'Polygon', coordinates: [[[5.12, 52.09], [NaN, 52.09], [5.121, 52.091], [5.12, 52.09]]] }, 400, 'validation_failed'],
    ['"NaN" as a string', { type: 'Polygon', coordinates: [[[5.12, 52.09], ['NaN', 52.09], [5.121, 52.091], [5.12, 52.09]]] }, 400, 'validation_failed'],
    ['latitude out of range', { type: 'Polygon', coordinates: [[[5.12, 52.09], [5.121, 95], [5.121, 52.091], [5.12, 52.09]]] }, 400, 'validation_failed'],
    ['a hole outside the outer ring', { type: 'Polygon', coordinates: [SQUARE.coordinates[0], [[5.2, 52.2], [5.201, 52.2], [5.201, 52.201], [5.2, 52.2]]] }, 422, 'invalid_area'],
    ['a point instead of a polygon', { type: 'Point', coordinates: [5.12, 52.09] }, 400, 'validation_failed'],
  ];
  for (const [what, area, status, code] of bad) {
    it(`refuses ${what} and stores nothing`, async () => {
      const before = await planCount();
      const r = await planner.agent.request('POST', '/api/v1/plans', planBody({ area }));
      expect(r.status).toBe(status);
      expect(r.body.code).toBe(code);
      expect(await planCount()).toBe(before);
    });
  }

  it('names the crossing point of a self-intersecting area', async () => {
    const r = await planner.agent.request('POST', '/api/v1/plans', planBody({ area: bad[0]![1] }));
    expect(r.body.detail).toContain('5.1205000, 52.0905000');
    expect(r.body.errors).toEqual([{ path: 'area.coordinates.0', message: expect.stringContaining('crosses itself') }]);
  });

  it('closes an open ring, drops heights and repeated points, accepts holes inside, and computes the bbox', async () => {
    const area = {
      type: 'Polygon',
      coordinates: [
        [[5.12, 52.09, 3], [5.13, 52.09, 3], [5.13, 52.09, 3], [5.13, 52.1, 3], [5.12, 52.1, 3]],
        [[5.124, 52.094], [5.126, 52.094], [5.126, 52.096], [5.124, 52.094]],
      ],
    };
    const r = await planner.agent.request('POST', '/api/v1/plans', planBody({ area }));
    expect(r.status).toBe(201);
    expect(r.body.plan.area.coordinates[0]).toEqual([[5.12, 52.09], [5.13, 52.09], [5.13, 52.1], [5.12, 52.1], [5.12, 52.09]]);
    expect(r.body.plan.area.coordinates).toHaveLength(2);
    expect(r.body.plan.bbox).toEqual([5.12, 52.09, 5.13, 52.1]);
  });

  it('refuses a bad area in a PATCH and keeps the stored one', async () => {
    const plan = (await planner.agent.request('POST', '/api/v1/plans', planBody())).body.plan;
    const r = await planner.agent.request('PATCH', `/api/v1/plans/${plan.id}`, { version: 1, area: bad[0]![1], title: 'zou niet mogen' });
    expect(r.status).toBe(422);
    const now = (await planner.agent.request('GET', `/api/v1/plans/${plan.id}`)).body.plan;
    expect(now).toMatchObject({ version: 1, title: plan.title, area: plan.area });
  });
});

describe('versions and status', () => {
  it('answers version_conflict to the second of two edits made from the same version', async () => {
    const plan = (await planner.agent.request('POST', '/api/v1/plans', planBody())).body.plan;
    const admin = await userWithRole(server, 'admin');
    const first = await planner.agent.request('PATCH', `/api/v1/plans/${plan.id}`, { version: 1, title: 'Eerste' });
    expect(first.status).toBe(200);
    expect(first.body.plan.version).toBe(2);
    const second = await admin.agent.request('PATCH', `/api/v1/plans/${plan.id}`, { version: 1, title: 'Tweede' });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('version_conflict');
    expect((await planner.agent.request('GET', `/api/v1/plans/${plan.id}`)).body.plan.title).toBe('Eerste');
  });

  it('follows draft → published → closed → archived and refuses other steps', async () => {
    const plan = (await planner.agent.request('POST', '/api/v1/plans', planBody())).body.plan;
    const patch = (version: number, status: string) => planner.agent.request('PATCH', `/api/v1/plans/${plan.id}`, { version, status });
    const skip = await patch(1, 'closed');
    expect([skip.status, skip.body.code]).toEqual([409, 'invalid_transition']);
    expect((await patch(1, 'published')).body.plan.status).toBe('published');
    expect((await patch(2, 'draft')).body.code).toBe('invalid_transition');
    expect((await patch(2, 'closed')).body.plan.status).toBe('closed');
    expect((await patch(3, 'published')).body.plan.status).toBe('published'); // reopened
    expect((await patch(4, 'closed')).status).toBe(200);
    expect((await patch(5, 'archived')).body.plan.status).toBe('archived');
    const after = await patch(6, 'published');
    expect([after.status, after.body.code]).toEqual([409, 'invalid_transition']);
    const edit = await planner.agent.request('PATCH', `/api/v1/plans/${plan.id}`, { version: 6, title: 'x' });
    expect([edit.status, edit.body.code]).toEqual([403, 'phase_closed']);
  });

  it('answers version_conflict for a stale scenario and placement', async () => {
    const plan = (await planner.agent.request('POST', '/api/v1/plans', planBody())).body.plan;
    const sc = (await planner.agent.request('POST', `/api/v1/plans/${plan.id}/scenarios`, { name: 'A' })).body.scenario;
    expect((await planner.agent.request('PATCH', `/api/v1/plans/${plan.id}/scenarios/${sc.id}`, { version: 1, name: 'B' })).status).toBe(200);
    const stale = await planner.agent.request('PATCH', `/api/v1/plans/${plan.id}/scenarios/${sc.id}`, { version: 1, name: 'C' });
    expect(stale.body.code).toBe('version_conflict');
    const modelId = await insertModelRow(server, plan.id, planner.id);
    const pl = (await planner.agent.request('POST', `/api/v1/plans/${plan.id}/scenarios/${sc.id}/placements`, { modelId, position: { lon: 5.12, lat: 52.09, height: 0 } })).body.placement;
    const url = `/api/v1/plans/${plan.id}/scenarios/${sc.id}/placements/${pl.id}`;
    expect((await planner.agent.request('PATCH', url, { version: 1, scale: 2 })).body.placement).toMatchObject({ version: 2, scale: 2 });
    expect((await planner.agent.request('PATCH', url, { version: 1, scale: 3 })).body.code).toBe('version_conflict');
  });

  it('refuses a placement of a model of another plan', async () => {
    const a = (await planner.agent.request('POST', '/api/v1/plans', planBody())).body.plan;
    const b = (await planner.agent.request('POST', '/api/v1/plans', planBody())).body.plan;
    const sc = (await planner.agent.request('POST', `/api/v1/plans/${a.id}/scenarios`, { name: 'A' })).body.scenario;
    const other = await insertModelRow(server, b.id, planner.id);
    const r = await planner.agent.request('POST', `/api/v1/plans/${a.id}/scenarios/${sc.id}/placements`, { modelId: other, position: { lon: 5.12, lat: 52.09, height: 0 } });
    expect([r.status, r.body.code, r.body.errors[0].path]).toEqual([400, 'validation_failed', 'modelId']);
  });
});

describe('partners', () => {
  it('invites only partner accounts, says why otherwise, and is idempotent', async () => {
    const plan = (await planner.agent.request('POST', '/api/v1/plans', planBody())).body.plan;
    const resident = await userWithRole(server, 'resident');
    const url = `/api/v1/plans/${plan.id}/partners`;
    const wrongRole = await planner.agent.request('POST', url, { email: resident.email });
    expect(wrongRole.status).toBe(400);
    expect(wrongRole.body.errors).toEqual([{ path: 'email', message: 'account role is resident, not partner' }]);
    const unknown = await planner.agent.request('POST', url, { email: 'niemand@example.org' });
    expect(unknown.body.errors[0]).toEqual({ path: 'email', message: 'no such account' });
    const first = await planner.agent.request('POST', url, { email: partner.email.toUpperCase() });
    expect(first.status).toBe(201);
    expect(first.body.partner).toMatchObject({ user: { id: partner.id, displayName: 'Partner Paula' }, invitedBy: { id: planner.id } });
    expect((await planner.agent.request('POST', url, { email: partner.email })).status).toBe(200);
    expect((await partner.agent.request('GET', url)).body.partners).toHaveLength(1);
    expect((await planner.agent.request('DELETE', `${url}/${partner.id}`)).status).toBe(204);
    expect((await planner.agent.request('DELETE', `${url}/${partner.id}`)).status).toBe(404);
    expect((await partner.agent.request('GET', `/api/v1/plans/${plan.id}`)).status).toBe(404); // a draft again invisible
  });
});

describe('history', () => {
  it('shows who changed what, newest first, in pages', async () => {
    const plan = (await planner.agent.request('POST', '/api/v1/plans', planBody({ title: 'Historie' }))).body.plan;
    await planner.agent.request('POST', `/api/v1/plans/${plan.id}/partners`, { email: partner.email });
    const sc = (await planner.agent.request('POST', `/api/v1/plans/${plan.id}/scenarios`, { name: 'A' })).body.scenario;
    const modelId = await insertModelRow(server, plan.id, partner.id);
    const base = `/api/v1/plans/${plan.id}/scenarios/${sc.id}/placements`;
    const pl = (await partner.agent.request('POST', base, { modelId, position: { lon: 5.12, lat: 52.09, height: 0 } })).body.placement;
    await partner.agent.request('PATCH', `${base}/${pl.id}`, { version: 1, heading: 90 });
    await planner.agent.request('PATCH', `/api/v1/plans/${plan.id}`, { version: 1, title: 'Historie 2', status: 'published' });

    const all = (await planner.agent.request('GET', `/api/v1/plans/${plan.id}/history`)).body;
    const summary = all.changes.map((c: any) => `${c.actor.displayName}: ${c.entity} ${c.action}`);
    expect(summary).toEqual([
      'Planner Piet: plan status_changed',
      'Planner Piet: plan updated',
      'Partner Paula: placement updated',
      'Partner Paula: placement created',
      'Planner Piet: scenario created',
      'Planner Piet: partner invited',
      'Planner Piet: plan created',
    ]);
    expect(all.changes[0]).toMatchObject({ before: { status: 'draft' }, after: { status: 'published' } });
    expect(all.changes[1]).toMatchObject({ before: { title: 'Historie' }, after: { title: 'Historie 2' } });
    expect(all.changes[2]).toMatchObject({ entityId: pl.id, before: { heading: 0 }, after: { heading: 90 } });
    expect(all.nextCursor).toBeNull();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await planner.agent.request('GET', `/api/v1/plans/${plan.id}/history?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...r.body.changes.map((c: any) => c.id));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.changes.map((c: any) => c.id));
    expect((await partner.agent.request('GET', `/api/v1/plans/${plan.id}/history`)).status).toBe(403);
  });

  it('an edit that fails leaves no history row', async () => {
    const plan = (await planner.agent.request('POST', '/api/v1/plans', planBody())).body.plan;
    await planner.agent.request('PATCH', `/api/v1/plans/${plan.id}`, { version: 9, title: 'x' });
    await planner.agent.request('PATCH', `/api/v1/plans/${plan.id}`, { version: 1, status: 'archived' });
    const h = (await planner.agent.request('GET', `/api/v1/plans/${plan.id}/history`)).body.changes;
    expect(h.map((c: any) => c.action)).toEqual(['created']);
  });
});

describe('admin CLI', () => {
  async function run(args: string[]) {
    const out = new PassThrough();
    const err = new PassThrough();
    let o = '';
    let e = '';
    out.on('data', (d) => (o += d));
    err.on('data', (d) => (e += d));
    const code = await adminMain(args, { DATA_DIR: server.dataDir, LOG_LEVEL: 'silent' }, out, err);
    return { code, out: o, err: e };
  }

  it('sets a role by e-mail; the next request sees it', async () => {
    const u = await userWithRole(server, 'resident');
    expect((await u.agent.request('POST', '/api/v1/plans', planBody())).status).toBe(403);
    const r = await run(['role', u.email, 'planner']);
    expect(r).toMatchObject({ code: 0, out: expect.stringContaining('resident → planner') });
    expect((await u.agent.request('POST', '/api/v1/plans', planBody())).status).toBe(201);
  });

  it('exits non-zero with a clear message for an unknown e-mail or role', async () => {
    expect(await run(['role', 'niemand@example.org', 'planner'])).toMatchObject({ code: 1, err: expect.stringContaining('no account with the e-mail address "niemand@example.org"') });
    expect(await run(['role', planner.email, 'burgemeester'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown role "burgemeester"') });
    expect((await run(['rol'])).code).toBe(2);
  });
});
