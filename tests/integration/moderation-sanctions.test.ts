/**
 * Sanctions (issue 6): mute (reads and votes, cannot post: every REST and socket posting path → 403 account_muted),
 * ban (login 403 account_banned, the cookie stops working at once, open sockets disconnected), expiry by the clock
 * (injected server clock), lift, who may sanction whom, and the audit entries. A muted planner or partner changes no
 * shared content either: thread status, plans, polls, scenarios, placements (mute = can read, cannot post).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextEvent, type TestServer } from '../helpers/server.js';
import { insertModelRow, planBody, userWithRole, type RoleUser } from '../helpers/plans.js';
import { createPoll, pollBody, startPollServer, testClock, votingPlan } from '../helpers/polls.js';
import { openThread, POINT, square, threadBody } from '../helpers/threads.js';
import { uploadModel } from '../helpers/models.js';

const clock = testClock();
let server: TestServer;
let planner: RoleUser, moderator: RoleUser, moderator2: RoleUser, admin: RoleUser, other: RoleUser;

beforeAll(async () => {
  server = await startPollServer(clock);
  planner = await userWithRole(server, 'planner');
  moderator = await userWithRole(server, 'moderator', 'Mod Eerste');
  moderator2 = await userWithRole(server, 'moderator', 'Mod Tweede');
  admin = await userWithRole(server, 'admin');
  other = await userWithRole(server, 'resident');
});
afterAll(() => server.close());

const sanction = (by: RoleUser, userId: string, body: unknown) => by.agent.request('POST', `/api/v1/moderation/users/${userId}/sanctions`, body);
const lift = (by: RoleUser, userId: string, id: string) =>
  by.agent.request('DELETE', `/api/v1/moderation/users/${userId}/sanctions/${id}`, { reason: 'Afgesproken' });

async function audit(action: string, targetId: string) {
  return server.app.store.db.selectFrom('moderation_actions').selectAll().where('action', '=', action).where('target_id', '=', targetId).execute();
}

describe('mute', () => {
  it('refuses every posting path (REST and socket) with account_muted, and still allows reading and voting', async () => {
    const victim = await userWithRole(server, 'partner', 'Stille Bewoner');
    const planId = await votingPlan(planner, ['vote', 'comment', 'cocreate']);
    expect((await planner.agent.request('POST', `/api/v1/plans/${planId}/partners`, { email: victim.email })).status).toBeLessThan(300);
    const poll = await createPoll(planner, pollBody({ planId }));
    const parent = (await other.agent.request('POST', '/api/v1/comments', { position: POINT, body: 'Eerste' })).body.comment;
    const thread = await openThread(other);
    const sk = (await other.agent.request('POST', `/api/v1/threads/${thread.id}/sketches`, { geometry: square(), height: 0, label: 'Boom' })).body.sketch;
    const sock = await server.socket(victim.agent);

    const r = await sanction(moderator, victim.id, { kind: 'mute', reason: 'Scheldwoorden', until: null });
    expect(r.status).toBe(201);
    expect(r.body.sanction).toMatchObject({ userId: victim.id, kind: 'mute', until: null, liftedAt: null, createdBy: { id: moderator.id, displayName: 'Mod Eerste' } });

    const a = victim.agent;
    const attempts = {
      comment: await a.request('POST', '/api/v1/comments', { position: POINT, body: 'Hallo' }),
      planComment: await a.request('POST', '/api/v1/comments', { position: POINT, body: 'Hallo', planId }),
      reply: await a.request('POST', '/api/v1/comments', { parentId: parent.id, body: 'Eens' }),
      thread: await a.request('POST', '/api/v1/threads', threadBody()),
      post: await a.request('POST', `/api/v1/threads/${thread.id}/posts`, { text: 'Ik ook' }),
      sketch: await a.request('POST', `/api/v1/threads/${thread.id}/sketches`, { geometry: square(), height: 0 }),
      sketchEdit: await a.request('PATCH', `/api/v1/threads/${thread.id}/sketches/${sk.id}`, { version: 1, label: 'Struik' }),
      model: await uploadModel(a, planId, [{ name: 'toren.glb', bytes: new Uint8Array([1, 2, 3]) }]),
    };
    for (const [path, res] of Object.entries(attempts)) {
      expect({ path, status: res.status, code: res.body?.code }).toEqual({ path, status: 403, code: 'account_muted' });
      expect(res.body.detail ?? res.body.message ?? '').toMatch(/for good/);
      // The end, for clients to show in their own language: `forever` or an ISO instant.
      expect(res.body.errors).toEqual([{ path: 'until', message: 'forever' }]);
    }
    const ack = await sock.timeout(5000).emitWithAck('comment:create', { position: POINT, body: 'Via socket', clientId: 'm-1' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'account_muted' } });
    // Nothing was stored by the victim.
    const stored = await server.app.store.db.selectFrom('comments').select('id').where('author_id', '=', victim.id).execute();
    expect(stored).toEqual([]);

    // Reading and voting still work.
    expect((await a.request('GET', `/api/v1/threads/${thread.id}`)).status).toBe(200);
    expect((await a.request('GET', `/api/v1/comments/${parent.id}`)).status).toBe(200);
    expect((await a.request('PUT', `/api/v1/polls/${poll.id}/ballot`, { choices: [poll.options[0].id] })).status).toBe(200);
    expect((await a.request('GET', '/api/v1/me')).status).toBe(200);

    const entries = await audit('mute', victim.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor_id: moderator.id, target_kind: 'user', reason: 'Scheldwoorden' });
    expect(JSON.parse(entries[0]!.after!)).toMatchObject({ kind: 'mute', until: null });
  });

  it('a muted planner cannot set a thread status, create or change plans, polls, scenarios or placements', async () => {
    const mp = await userWithRole(server, 'planner', 'Stille Planner');
    const planId = await votingPlan(mp, ['vote', 'comment', 'cocreate']);
    const thread = await openThread(other); // no plan: planners manage it
    const scenario = (await mp.agent.request('POST', `/api/v1/plans/${planId}/scenarios`, { name: 'A' })).body.scenario;
    const modelId = await insertModelRow(server, planId, mp.id);
    const placed = await mp.agent.request('POST', `/api/v1/plans/${planId}/scenarios/${scenario.id}/placements`, { modelId, position: POINT });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const plan = (await mp.agent.request('GET', `/api/v1/plans/${planId}`)).body.plan;
    expect((await sanction(moderator, mp.id, { kind: 'mute', reason: 'Ongepast', until: null })).status).toBe(201);

    const a = mp.agent;
    const base = `/api/v1/plans/${planId}/scenarios/${scenario.id}`;
    const attempts = {
      threadStatus: await a.request('PATCH', `/api/v1/threads/${thread.id}`, { status: 'under_consideration', reason: 'Wordt bekeken' }),
      planCreate: await a.request('POST', '/api/v1/plans', planBody()),
      planUpdate: await a.request('PATCH', `/api/v1/plans/${planId}`, { version: plan.version, summary: 'Nieuwe samenvatting' }),
      pollCreate: await a.request('POST', '/api/v1/polls', pollBody({ planId })),
      scenarioCreate: await a.request('POST', `/api/v1/plans/${planId}/scenarios`, { name: 'B' }),
      scenarioUpdate: await a.request('PATCH', base, { version: scenario.version, name: 'C' }),
      scenarioDelete: await a.request('DELETE', base),
      place: await a.request('POST', `${base}/placements`, { modelId, position: POINT }),
      move: await a.request('PATCH', `${base}/placements/${placed.body.placement.id}`, { version: placed.body.placement.version, heading: 90 }),
      unplace: await a.request('DELETE', `${base}/placements/${placed.body.placement.id}`),
    };
    for (const [path, res] of Object.entries(attempts)) {
      expect({ path, status: res.status, code: res.body?.code }).toEqual({ path, status: 403, code: 'account_muted' });
    }
    // Nothing changed.
    expect((await other.agent.request('GET', `/api/v1/threads/${thread.id}`)).body.thread.status).toBe('open');
    expect((await a.request('GET', `/api/v1/plans/${planId}`)).body.plan).toMatchObject({ version: plan.version, summary: plan.summary });
    const db = server.app.store.db;
    expect(await db.selectFrom('polls').select('id').where('created_by', '=', mp.id).execute()).toEqual([]);
    expect(await db.selectFrom('plans').select('id').where('created_by', '=', mp.id).execute()).toEqual([{ id: planId }]);
    const scenarios = (await a.request('GET', `/api/v1/plans/${planId}/scenarios`)).body.scenarios;
    expect(scenarios.map((x: any) => [x.name, x.placements.map((p: any) => p.heading)])).toEqual([['A', [0]]]);
  });

  it('ends by the server clock at `until`, with the time in Amsterdam time in the message', async () => {
    const victim = await userWithRole(server, 'resident');
    const base = Date.now();
    const until = new Date(base + 3600_000).toISOString();
    try {
      clock.at = base;
      expect((await sanction(moderator, victim.id, { kind: 'mute', reason: 'Even rustig', until })).status).toBe(201);
      const refused = await victim.agent.request('POST', '/api/v1/threads', threadBody());
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('account_muted');
      const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', dateStyle: 'short', timeStyle: 'short' }).format(new Date(until));
      expect(refused.body.detail).toContain(local);
      clock.at = base + 2 * 3600_000;
      expect((await victim.agent.request('POST', '/api/v1/threads', threadBody())).status).toBe(201);
    } finally {
      clock.at = null;
    }
  });

  it('refuses an `until` in the past, and non-staff', async () => {
    const victim = await userWithRole(server, 'resident');
    const past = await sanction(moderator, victim.id, { kind: 'mute', reason: 'x', until: new Date(Date.now() - 1000).toISOString() });
    expect(past.status).toBe(400);
    expect(past.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'until' }] });
    for (const who of [other, planner]) {
      expect((await sanction(who, victim.id, { kind: 'mute', reason: 'x', until: null })).body.code).toBe('forbidden');
    }
    expect((await server.agent().request('POST', `/api/v1/moderation/users/${victim.id}/sanctions`, { kind: 'mute', reason: 'x', until: null })).status).toBe(401);
    expect((await sanction(moderator, 'no-such-user', { kind: 'mute', reason: 'x', until: null })).status).toBe(404);
  });
});

describe('ban', () => {
  it('ends the sessions and open sockets at once, refuses login, and is lifted with a reason', async () => {
    const victim = await userWithRole(server, 'resident', 'Verbannen Bewoner');
    const sock = await server.socket(victim.agent);
    const gone = nextEvent(sock, 'disconnect');
    expect((await victim.agent.request('GET', '/api/v1/me')).status).toBe(200);

    const r = await sanction(moderator, victim.id, { kind: 'ban', reason: 'Spam', until: null });
    expect(r.status).toBe(201);
    await gone; // the open socket was disconnected
    expect((await victim.agent.request('GET', '/api/v1/me')).status).toBe(401);
    const sessions = await server.app.store.db.selectFrom('sessions').select('user_id').where('user_id', '=', victim.id).execute();
    expect(sessions).toEqual([]);

    const login = await server.agent().request('POST', '/api/v1/auth/login', { email: victim.email, password: victim.password });
    expect(login.status).toBe(403);
    expect(login.body.code).toBe('account_banned');
    expect(login.body.detail).toMatch(/for good/);
    expect(login.body.errors).toEqual([{ path: 'until', message: 'forever' }]);
    // A wrong password says nothing about the ban.
    expect((await server.agent().request('POST', '/api/v1/auth/login', { email: victim.email, password: 'wrong password!' })).body.code).toBe('bad_credentials');

    // A socket with the old cookie is anonymous now: it cannot post.
    const again = await server.socket(victim.agent);
    const ack = await again.timeout(5000).emitWithAck('comment:create', { position: POINT, body: 'Terug', clientId: 'b-1' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });

    const users = await moderator.agent.request('GET', `/api/v1/moderation/users?q=${encodeURIComponent('verbannen')}`);
    expect(users.status).toBe(200);
    const listed = users.body.users.find((u: any) => u.id === victim.id);
    expect(listed).toMatchObject({ email: victim.email, role: 'resident', deleted: false });
    expect(listed.active).toEqual([expect.objectContaining({ id: r.body.sanction.id, kind: 'ban' })]);

    const lifted = await lift(moderator, victim.id, r.body.sanction.id);
    expect(lifted.status).toBe(200);
    expect(lifted.body.sanction.liftedAt).not.toBeNull();
    expect((await lift(moderator, victim.id, r.body.sanction.id)).body.code).toBe('invalid_transition');
    const back = server.agent();
    expect((await back.request('POST', '/api/v1/auth/login', { email: victim.email, password: victim.password })).status).toBe(200);
    expect((await back.request('GET', '/api/v1/me')).status).toBe(200);

    expect(await audit('ban', victim.id)).toHaveLength(1);
    const lifts = await audit('lift', victim.id);
    expect(lifts).toHaveLength(1);
    expect(lifts[0]).toMatchObject({ actor_id: moderator.id, reason: 'Afgesproken' });
    for (const e of [...(await audit('ban', victim.id)), ...lifts]) {
      expect(`${e.before} ${e.after}`).not.toContain('Spam'); // metadata only; the reason has its own column
    }
  });

  it('a ban with an end stops applying by the clock', async () => {
    const victim = await userWithRole(server, 'resident');
    const base = Date.now();
    try {
      clock.at = base;
      expect((await sanction(admin, victim.id, { kind: 'ban', reason: 'Afkoelen', until: new Date(base + 3600_000).toISOString() })).status).toBe(201);
      expect((await server.agent().request('POST', '/api/v1/auth/login', { email: victim.email, password: victim.password })).body.code).toBe('account_banned');
      clock.at = base + 2 * 3600_000;
      expect((await server.agent().request('POST', '/api/v1/auth/login', { email: victim.email, password: victim.password })).status).toBe(200);
    } finally {
      clock.at = null;
    }
  });
});

describe('who may sanction whom', () => {
  it('moderators cannot sanction moderators or admins; admins can sanction moderators', async () => {
    const ban = { kind: 'ban', reason: 'Test', until: null };
    expect((await sanction(moderator, admin.id, ban)).body.code).toBe('forbidden');
    expect((await sanction(moderator, moderator2.id, ban)).body.code).toBe('forbidden');
    expect((await sanction(moderator, moderator.id, ban)).body.code).toBe('forbidden');
    expect(await audit('ban', admin.id)).toEqual([]);
    const m = await sanction(admin, moderator2.id, { kind: 'mute', reason: 'Te streng', until: null });
    expect(m.status).toBe(201);
    // A moderator cannot lift what only an admin may impose on a moderator.
    expect((await lift(moderator, moderator2.id, m.body.sanction.id)).body.code).toBe('forbidden');
    expect((await lift(admin, moderator2.id, m.body.sanction.id)).status).toBe(200);
  });

  it('the user search is for moderators and admins only', async () => {
    expect((await other.agent.request('GET', '/api/v1/moderation/users?q=a')).status).toBe(403);
    expect((await planner.agent.request('GET', '/api/v1/moderation/users')).status).toBe(403);
    const r = await admin.agent.request('GET', `/api/v1/moderation/users?q=${encodeURIComponent('mod ')}`);
    expect(r.status).toBe(200);
    expect(r.body.users.map((u: any) => u.id).sort()).toEqual([moderator.id, moderator2.id].sort());
    // % and _ are literal.
    expect((await admin.agent.request('GET', '/api/v1/moderation/users?q=%25')).body.users).toEqual([]);
  });
});
