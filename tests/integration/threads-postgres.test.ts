/**
 * The thread store on PostgreSQL (DATABASE_URL): the same queries as on SQLite: threads gated by their plan,
 * twenty parallel supports leave one row (primary key + ON CONFLICT), sketch versions with optimistic locking,
 * follows (unique per target) and notifications listed through the gate. Uses a fresh schema in database `test`
 * at 127.0.0.1:5432 (override with TEST_DATABASE_URL), dropped afterwards.
 */
import { describe, expect, it } from 'vitest';
import { usePostgresServer } from '../helpers/postgres.js';
import { phaseNow, planBody, userWithRole } from '../helpers/plans.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { openThread, square } from '../helpers/threads.js';

let server: TestServer;
usePostgresServer<TestServer>((s) => (server = s), (config) => startServer(config));

describe('threads on PostgreSQL', () => {
  it('supports once, versions sketches, notifies followers and gates by plan', async () => {
    const planner = await userWithRole(server, 'planner', 'Planner');
    const anna = await userWithRole(server, 'resident', 'Anna');
    const bram = await userWithRole(server, 'resident', 'Bram');
    const t = await openThread(anna);
    const rs = await Promise.all(Array.from({ length: 20 }, () => bram.agent.request('PUT', `/api/v1/threads/${t.id}/support`)));
    expect(rs.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect((await bram.agent.request('GET', `/api/v1/threads/${t.id}`)).body.thread).toMatchObject({ supportCount: 1, supportedByMe: true });

    const sk = (await anna.agent.request('POST', `/api/v1/threads/${t.id}/sketches`, { geometry: square(), height: 5 })).body.sketch;
    const edits = await Promise.all([1, 2].map((h) => bram.agent.request('PATCH', `/api/v1/threads/${t.id}/sketches/${sk.id}`, { version: 1, height: h })));
    expect(edits.map((r) => r.status).sort()).toEqual([200, 409]);
    const versions = (await anna.agent.request('GET', `/api/v1/threads/${t.id}/sketches/${sk.id}/versions`)).body.versions;
    expect(versions.map((v: any) => [v.version, v.author.displayName])).toEqual([[1, 'Anna'], [2, 'Bram']]);

    expect((await bram.agent.request('POST', '/api/v1/follows', { threadId: t.id })).status).toBe(204);
    expect((await bram.agent.request('POST', '/api/v1/follows', { threadId: t.id })).status).toBe(204);
    await anna.agent.request('POST', `/api/v1/threads/${t.id}/posts`, { text: 'Hallo' });
    const list = (await bram.agent.request('GET', '/api/v1/notifications')).body;
    expect(list).toMatchObject({ unreadCount: 1, notifications: [{ kind: 'reply', threadId: t.id, actor: { displayName: 'Anna' } }] });

    const plan = (await planner.agent.request('POST', '/api/v1/plans', planBody({ phases: [phaseNow(['cocreate'])] }))).body.plan;
    const published = (await planner.agent.request('PATCH', `/api/v1/plans/${plan.id}`, { version: plan.version, status: 'published' })).body.plan;
    const onPlan = await openThread(anna, { planId: published.id });
    const inBox = (await bram.agent.request('GET', '/api/v1/threads?bbox=5.11,52.08,5.13,52.1')).body.threads.map((x: any) => x.id);
    expect(inBox).toEqual(expect.arrayContaining([t.id, onPlan.id]));
  });
});
