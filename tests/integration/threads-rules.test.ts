/**
 * Co-creation threads over REST: opening (plan gate + `cocreate` phase), sketch validation (nothing stored on bad
 * input), replies refused on closed threads, one support per account under parallel requests, sketch versions with
 * their authors and optimistic locking, status changes by planners only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roundPosition } from '../../shared/index.js';
import { phaseNow, planBody, userWithRole, type RoleUser } from '../helpers/plans.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { openThread, POINT, square, threadBody } from '../helpers/threads.js';

let server: TestServer;
let planner: RoleUser;
let resident: RoleUser;
let other: RoleUser;

beforeAll(async () => {
  server = await startServer();
  planner = await userWithRole(server, 'planner', 'Planner Piet');
  resident = await userWithRole(server, 'resident', 'Anna');
  other = await userWithRole(server, 'resident', 'Bram');
});
afterAll(async () => {
  await server?.close();
});

async function countRows(table: 'sketches' | 'sketch_versions' | 'thread_supports' | 'thread_posts', threadId: string): Promise<number> {
  const r = await server.app.store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('thread_id', '=', threadId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function publishedPlan(allows: string[]) {
  const plan = (await planner.agent.request('POST', '/api/v1/plans', planBody({ phases: [phaseNow(allows)] }))).body.plan;
  const r = await planner.agent.request('PATCH', `/api/v1/plans/${plan.id}`, { version: plan.version, status: 'published' });
  expect(r.status).toBe(200);
  return r.body.plan;
}

describe('opening threads', () => {
  it('anyone signed in opens a thread at a point or an area; anonymous is refused', async () => {
    const t = await openThread(resident, { sketches: [{ geometry: square(), height: 12, label: 'Paviljoen' }] });
    expect(t).toMatchObject({
      status: 'open', supportCount: 0, supportedByMe: false, followedByMe: true, postCount: 0, planId: null,
      // Served rounded to the public precision (issue 6; default 1 m); stored exactly.
      author: { id: resident.id, displayName: 'Anna' }, position: roundPosition(POINT, server.config.publicPositionPrecisionM),
      sketches: [{ height: 12, label: 'Paviljoen', version: 1, updatedBy: { id: resident.id } }],
    });
    const area = await openThread(other, { anchor: square(5.121, 52.091, 0.001) });
    expect(area.anchor.type).toBe('Polygon');
    expect(area.position.lon).toBeCloseTo(5.1215, 4); // within the 1 m public precision
    const anon = await server.agent().request('POST', '/api/v1/threads', threadBody());
    expect(anon.status).toBe(401);
    const got = await server.agent().request('GET', `/api/v1/threads/${t.id}`);
    expect(got.status).toBe(200);
    expect(got.body.thread.can).toEqual({ reply: false, support: false, sketch: false, setStatus: false, answer: false });
    const bbox = await server.agent().request('GET', '/api/v1/threads?bbox=5.12,52.09,5.121,52.091');
    expect(bbox.body.threads.map((x: any) => x.id)).toContain(t.id);
    expect(bbox.body.threads.map((x: any) => x.id)).not.toContain(area.id);
  });

  it('on a plan: only while the phase allows cocreate (phase_closed); a draft is not_found for others', async () => {
    const comment = await publishedPlan(['comment']);
    const r1 = await resident.agent.request('POST', '/api/v1/threads', threadBody({ planId: comment.id }));
    expect(r1.status).toBe(403);
    expect(r1.body.code).toBe('phase_closed');
    const draft = (await planner.agent.request('POST', '/api/v1/plans', planBody({ phases: [phaseNow(['cocreate'])] }))).body.plan;
    const r2 = await resident.agent.request('POST', '/api/v1/threads', threadBody({ planId: draft.id }));
    expect(r2.status).toBe(404);
    const open = await publishedPlan(['cocreate']);
    const t = await openThread(resident, { planId: open.id });
    expect(t.planId).toBe(open.id);
    const list = await resident.agent.request('GET', `/api/v1/threads?planId=${open.id}`);
    expect(list.body.threads.map((x: any) => x.id)).toEqual([t.id]);
  });
});

describe('sketch validation', () => {
  const bad: [string, string, number, string, string][] = [
    ['NaN (JSON null)', '{"geometry":{"type":"Point","coordinates":[null,52.09]}}', 400, 'validation_failed', 'geometry.coordinates.0'],
    ['Infinity (1e999)', '{"geometry":{"type":"Point","coordinates":[1e999,52.09]}}', 400, 'validation_failed', 'geometry.coordinates.0'],
    ['latitude out of range', '{"geometry":{"type":"Point","coordinates":[5.12,95]}}', 400, 'validation_failed', 'geometry.coordinates'],
    [
      'self-intersecting polygon (bow tie)',
      JSON.stringify({ geometry: { type: 'Polygon', coordinates: [[[5.12, 52.09], [5.121, 52.091], [5.121, 52.09], [5.12, 52.091], [5.12, 52.09]]] }, height: 10 }),
      422, 'invalid_sketch', 'geometry.coordinates.0',
    ],
    ['height of 10,000 m', JSON.stringify({ geometry: square(), height: 10000 }), 400, 'validation_failed', 'height'],
    ['negative height', JSON.stringify({ geometry: square(), height: -1 }), 400, 'validation_failed', 'height'],
    ['height on a line', JSON.stringify({ geometry: { type: 'LineString', coordinates: [[5.12, 52.09], [5.121, 52.09]] }, height: 5 }), 400, 'validation_failed', 'height'],
    [
      'too many vertices (2,001)',
      JSON.stringify({ geometry: { type: 'LineString', coordinates: Array.from({ length: 2001 }, (_, i) => [5.12 + i * 1e-6, 52.09]) } }),
      400, 'validation_failed', 'geometry.coordinates',
    ],
    ['a line of one distinct point', JSON.stringify({ geometry: { type: 'LineString', coordinates: [[5.12, 52.09], [5.12, 52.09]] } }), 422, 'invalid_sketch', 'geometry.coordinates'],
    ['a label with a bidi override and a control character', JSON.stringify({ geometry: square(), label: 'evil\u202eLABEL\u0007' }), 400, 'validation_failed', 'label'],
    ['a label with a lone surrogate', '{"geometry":{"type":"Point","coordinates":[5.12,52.09]},"label":"a\\ud800b"}', 400, 'validation_failed', 'label'],
    ['a label of 81 characters', JSON.stringify({ geometry: square(), label: 'x'.repeat(81) }), 400, 'validation_failed', 'label'],
  ];

  it.each(bad)('%s → %i %s, nothing stored', async (_name, raw, status, code, path) => {
    const t = await openThread(resident);
    const r = await other.agent.request('POST', `/api/v1/threads/${t.id}/sketches`, raw);
    expect(r.status).toBe(status);
    expect(r.body.code).toBe(code);
    expect(r.body.errors.map((e: any) => e.path)).toContain(path);
    expect(await countRows('sketches', t.id)).toBe(0);
    expect(await countRows('sketch_versions', t.id)).toBe(0);
  });

  it('a label edit is checked by the same text rules: a control or bidi character is refused, nothing stored', async () => {
    const t = await openThread(resident);
    const created = (await resident.agent.request('POST', `/api/v1/threads/${t.id}/sketches`, { geometry: square(), label: 'Boom' })).body.sketch;
    const url = `/api/v1/threads/${t.id}/sketches/${created.id}`;
    for (const label of ['evil\u202eLABEL', 'bel\u0007', 'a\u0000b']) {
      const r = await other.agent.request('PATCH', url, { version: 1, label });
      expect({ label, status: r.status, code: r.body.code }).toEqual({ label, status: 400, code: 'validation_failed' });
      expect(r.body.errors.map((e: any) => e.path)).toContain('label');
    }
    expect(await countRows('sketch_versions', t.id)).toBe(1);
    const ok = await other.agent.request('PATCH', url, { version: 1, label: '  Eik  ' });
    expect(ok.body.sketch).toMatchObject({ version: 2, label: 'Eik' });
    expect((await other.agent.request('PATCH', url, { version: 2, label: '' })).body.sketch).toMatchObject({ version: 3, label: null });
  });

  it('a bad sketch in a new thread stores no thread at all', async () => {
    const before = await server.app.store.db.selectFrom('threads').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const bow = { type: 'Polygon', coordinates: [[[5.12, 52.09], [5.121, 52.091], [5.121, 52.09], [5.12, 52.091], [5.12, 52.09]]] };
    const r = await resident.agent.request('POST', '/api/v1/threads', threadBody({ sketches: [{ geometry: square() }, { geometry: bow }] }));
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'invalid_sketch', errors: [{ path: 'sketches.1.geometry.coordinates.0' }] });
    const after = await server.app.store.db.selectFrom('threads').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('exactly 2,000 vertices and 300 m are accepted', async () => {
    const t = await openThread(resident);
    const line = { type: 'LineString', coordinates: Array.from({ length: 2000 }, (_, i) => [5.12 + i * 1e-6, 52.09 + (i % 2) * 1e-6]) };
    expect((await other.agent.request('POST', `/api/v1/threads/${t.id}/sketches`, { geometry: line })).status).toBe(201);
    expect((await other.agent.request('POST', `/api/v1/threads/${t.id}/sketches`, { geometry: square(), height: 300 })).status).toBe(201);
  });
});

describe('sketch versions', () => {
  it('every edit is a new version with its author; a stale version conflicts and changes nothing', async () => {
    const t = await openThread(resident);
    const created = (await resident.agent.request('POST', `/api/v1/threads/${t.id}/sketches`, { geometry: square(), height: 9 })).body.sketch;
    const url = `/api/v1/threads/${t.id}/sketches/${created.id}`;
    const e1 = await other.agent.request('PATCH', url, { version: 1, height: 15 });
    expect(e1.status).toBe(200);
    expect(e1.body.sketch).toMatchObject({ version: 2, height: 15, updatedBy: { id: other.id, displayName: 'Bram' }, createdBy: { id: resident.id } });
    const stale = await resident.agent.request('PATCH', url, { version: 1, height: 20 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');
    const e2 = await resident.agent.request('PATCH', url, { version: 2, label: 'Hoger', geometry: square(5.1202, 52.0902) });
    expect(e2.body.sketch).toMatchObject({ version: 3, height: 15, label: 'Hoger' });
    expect((await other.agent.request('DELETE', `${url}?version=3`)).status).toBe(204);
    const v = await server.agent().request('GET', `${url}/versions`);
    expect(v.body.versions.map((x: any) => [x.version, x.action, x.author.displayName, x.height])).toEqual([
      [1, 'created', 'Anna', 9],
      [2, 'updated', 'Bram', 15],
      [3, 'updated', 'Anna', 15],
      [4, 'deleted', 'Bram', 15],
    ]);
    expect((await server.agent().request('GET', `/api/v1/threads/${t.id}/sketches`)).body.sketches).toEqual([]);
  });
});

describe('replies, support and status', () => {
  it('support once per account: twenty parallel supports leave one; withdrawing is idempotent', async () => {
    const t = await openThread(resident);
    const rs = await Promise.all(Array.from({ length: 20 }, () => other.agent.request('PUT', `/api/v1/threads/${t.id}/support`)));
    expect(rs.every((r) => r.status === 200)).toBe(true);
    expect(await countRows('thread_supports', t.id)).toBe(1);
    const got = (await other.agent.request('GET', `/api/v1/threads/${t.id}`)).body.thread;
    expect(got).toMatchObject({ supportCount: 1, supportedByMe: true });
    expect((await other.agent.request('DELETE', `/api/v1/threads/${t.id}/support`)).body).toEqual({ supportCount: 0, supportedByMe: false });
    expect((await other.agent.request('DELETE', `/api/v1/threads/${t.id}/support`)).body).toEqual({ supportCount: 0, supportedByMe: false });
  });

  it('planners set a status with a public reason; replies to an adopted thread are refused, nothing stored', async () => {
    const t = await openThread(resident);
    expect((await other.agent.request('POST', `/api/v1/threads/${t.id}/posts`, { text: 'Goed idee!' })).status).toBe(201);
    const notPlanner = await resident.agent.request('PATCH', `/api/v1/threads/${t.id}`, { status: 'adopted', reason: 'Ik wil het' });
    expect(notPlanner.status).toBe(403);
    const fakeAnswer = await other.agent.request('POST', `/api/v1/threads/${t.id}/posts`, { text: 'Officieel', answer: true });
    expect(fakeAnswer.status).toBe(403);
    const set = await planner.agent.request('PATCH', `/api/v1/threads/${t.id}`, { status: 'adopted', reason: 'Past in het plan voor 2028.' });
    expect(set.status).toBe(200);
    expect(set.body.thread).toMatchObject({ status: 'adopted', statusReason: 'Past in het plan voor 2028.', statusChangedBy: { id: planner.id } });
    const refused = await other.agent.request('POST', `/api/v1/threads/${t.id}/posts`, { text: 'Nog één ding' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('thread_closed');
    expect((await other.agent.request('PUT', `/api/v1/threads/${t.id}/support`)).body.code).toBe('thread_closed');
    expect((await other.agent.request('POST', `/api/v1/threads/${t.id}/sketches`, { geometry: square() })).body.code).toBe('thread_closed');
    const answer = await planner.agent.request('POST', `/api/v1/threads/${t.id}/posts`, { text: 'Toelichting', answer: true });
    expect(answer.status).toBe(201);
    const posts = (await server.agent().request('GET', `/api/v1/threads/${t.id}/posts`)).body.posts;
    expect(posts.map((p: any) => [p.text, p.answer])).toEqual([['Goed idee!', false], ['Toelichting', true]]);
    expect(await countRows('thread_posts', t.id)).toBe(2);
  });

  it('a thread on a closed plan is closed too', async () => {
    const plan = await publishedPlan(['cocreate']);
    const t = await openThread(resident, { planId: plan.id });
    const fresh = (await planner.agent.request('GET', `/api/v1/plans/${plan.id}`)).body.plan;
    expect((await planner.agent.request('PATCH', `/api/v1/plans/${plan.id}`, { version: fresh.version, status: 'closed' })).status).toBe(200);
    const r = await other.agent.request('POST', `/api/v1/threads/${t.id}/posts`, { text: 'Te laat?' });
    expect(r.body.code).toBe('thread_closed');
  });
});
