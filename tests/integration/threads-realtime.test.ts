/**
 * Threads over real socket.io clients: sketch edits reach the other viewer live (`sketch:changed`), presence lists
 * each account once (several sockets per user) and drops one on leave / disconnect; notifications are stored for
 * followers only (never the actor), delivered live to the user room, and never for threads the receiver may not
 * see. No sleeps: every wait is on an event or an ack, and "nothing arrived" is checked behind a marker event that
 * is delivered after it.
 */
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phaseNow, planBody, userWithRole, type RoleUser } from '../helpers/plans.js';
import { collect, nextEvent, startServer, type TestServer } from '../helpers/server.js';
import { openThread, square } from '../helpers/threads.js';

let server: TestServer;
let planner: RoleUser;
let anna: RoleUser;
let bram: RoleUser;
let carla: RoleUser;

beforeAll(async () => {
  server = await startServer();
  planner = await userWithRole(server, 'planner', 'Planner Piet');
  anna = await userWithRole(server, 'resident', 'Anna');
  bram = await userWithRole(server, 'resident', 'Bram');
  carla = await userWithRole(server, 'partner', 'Carla');
});
afterAll(async () => {
  await server?.close();
});

async function join(sock: Socket, threadId: string) {
  const ack = await sock.timeout(5000).emitWithAck('thread:join', { threadId });
  expect(ack.ok).toBe(true);
  return ack;
}

const names = (p: { users: { displayName: string }[] }) => p.users.map((u) => u.displayName);

describe('thread rooms', () => {
  it('one client edits a sketch, the other receives sketch:changed with the new version and author', async () => {
    const t = await openThread(anna);
    const a = await server.socket(anna.agent);
    const b = await server.socket(bram.agent);
    await join(a, t.id);
    await join(b, t.id);
    const created = nextEvent(b, 'sketch:changed');
    const sk = (await anna.agent.request('POST', `/api/v1/threads/${t.id}/sketches`, { geometry: square(), height: 8 })).body.sketch;
    expect(await created).toEqual({ threadId: t.id, sketch: sk });
    const edited = nextEvent(a, 'sketch:changed', (p: any) => p.sketch?.version === 2);
    await bram.agent.request('PATCH', `/api/v1/threads/${t.id}/sketches/${sk.id}`, { version: 1, height: 24 });
    expect(await edited).toMatchObject({ threadId: t.id, sketch: { id: sk.id, version: 2, height: 24, updatedBy: { displayName: 'Bram' } } });
    const gone = nextEvent(b, 'sketch:changed', (p: any) => p.deleted === true);
    await anna.agent.request('DELETE', `/api/v1/threads/${t.id}/sketches/${sk.id}`);
    expect(await gone).toEqual({ threadId: t.id, sketchId: sk.id, deleted: true, version: 3 });
    const updated = nextEvent(b, 'thread:updated');
    await anna.agent.request('PUT', `/api/v1/threads/${t.id}/support`);
    expect((await updated).thread).toMatchObject({ id: t.id, supportCount: 1, supportedByMe: false });
  });

  it('thread:join answers not_found for a thread on a draft the viewer may not see, and sends it nothing', async () => {
    const draft = (await planner.agent.request('POST', '/api/v1/plans', planBody({ phases: [phaseNow(['cocreate'])] }))).body.plan;
    await server.app.store.db
      .insertInto('threads')
      .values({
        id: 'hidden-thread', plan_id: draft.id, scenario_id: null, author_id: planner.id, title: 'Geheim', text: 'Nog niet',
        anchor: JSON.stringify({ lon: 5.12, lat: 52.09, height: 0 }), lon: 5.12, lat: 52.09, height: 0, status: 'open',
        status_reason: null, status_by: null, status_at: null, created_at: new Date().toISOString(), updated_at: new Date().toISOString(),
      })
      .execute();
    const b = await server.socket(bram.agent);
    expect(await b.timeout(5000).emitWithAck('thread:join', { threadId: 'hidden-thread' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await b.timeout(5000).emitWithAck('thread:join', { thread: 1 })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect((await bram.agent.request('GET', '/api/v1/threads/hidden-thread')).status).toBe(404);
  });

  it('presence lists each account once and drops one on leave and on disconnect', async () => {
    const t = await openThread(anna);
    const a1 = await server.socket(anna.agent);
    const a2 = await server.socket(anna.agent); // a second tab of the same account
    const b = await server.socket(bram.agent);
    const first = await join(a1, t.id);
    expect(first.presence).toEqual({ threadId: t.id, users: [{ id: anna.id, displayName: 'Anna' }] });
    const seenByA = nextEvent(a1, 'presence:changed', (p: any) => p.users.length === 2);
    const ackB = await join(b, t.id);
    expect(names(ackB.presence)).toEqual(['Anna', 'Bram']);
    expect(names(await seenByA)).toEqual(['Anna', 'Bram']);
    await join(a2, t.id);

    // One of Anna's two tabs leaves: she is still there.
    const afterLeave = nextEvent(b, 'presence:changed');
    expect(await a2.timeout(5000).emitWithAck('thread:leave', { threadId: t.id })).toEqual({ ok: true });
    expect(names(await afterLeave)).toEqual(['Anna', 'Bram']);

    // Bram disconnects: Anna sees only herself.
    const afterDisconnect = nextEvent(a1, 'presence:changed', (p: any) => p.users.length === 1);
    b.disconnect();
    expect(await afterDisconnect).toEqual({ threadId: t.id, users: [{ id: anna.id, displayName: 'Anna' }] });
  });
});

describe('notifications', () => {
  it('followers (not the actor) get reply, answer and status notifications, stored and live; others get none', async () => {
    const t = await openThread(anna, { title: 'Fietsenstalling' }); // anna follows it by opening it
    expect((await bram.agent.request('POST', '/api/v1/follows', { threadId: t.id })).status).toBe(204);
    expect((await bram.agent.request('POST', '/api/v1/follows', { threadId: t.id })).status).toBe(204); // idempotent
    const aSock = await server.socket(anna.agent);
    const bSock = await server.socket(bram.agent);
    const cSock = await server.socket(carla.agent); // does not follow
    const toBram = collect(bSock, 'notification:created');
    const toCarla = collect(cSock, 'notification:created');

    const live = nextEvent(aSock, 'notification:created');
    const post = (await bram.agent.request('POST', `/api/v1/threads/${t.id}/posts`, { text: 'Geheime tekst die niet in een melding hoort' })).body.post;
    const n1 = (await live).notification;
    expect(n1).toMatchObject({ kind: 'reply', threadId: t.id, threadTitle: 'Fietsenstalling', postId: post.id, actor: { id: bram.id }, readAt: null });
    expect(JSON.stringify(n1)).not.toContain('Geheime');

    const bothAnswer = [nextEvent(aSock, 'notification:created'), nextEvent(bSock, 'notification:created')];
    await planner.agent.request('POST', `/api/v1/threads/${t.id}/posts`, { text: 'Wij kijken ernaar', answer: true });
    for (const p of await Promise.all(bothAnswer)) expect(p.notification).toMatchObject({ kind: 'answer', actor: { id: planner.id } });

    const bothStatus = [nextEvent(aSock, 'notification:created'), nextEvent(bSock, 'notification:created')];
    await planner.agent.request('PATCH', `/api/v1/threads/${t.id}`, { status: 'under_consideration', reason: 'Wordt onderzocht' });
    for (const p of await Promise.all(bothStatus)) expect(p.notification).toMatchObject({ kind: 'status_changed', status: 'under_consideration' });

    // Marker: a notification Carla does get arrives after anything she might have been sent above.
    await server.app.services.threads.notifications.follow(carla.viewer, { threadId: t.id });
    const marker = nextEvent(cSock, 'notification:created');
    await anna.agent.request('POST', `/api/v1/threads/${t.id}/posts`, { text: 'Dank!' });
    expect((await marker).notification.kind).toBe('reply');
    expect(toCarla).toHaveLength(1);
    expect(toBram.map((p) => p.notification.kind)).toEqual(['answer', 'status_changed', 'reply']);

    const annaList = (await anna.agent.request('GET', '/api/v1/notifications')).body;
    expect(annaList.notifications.map((n: any) => n.kind)).toEqual(['status_changed', 'answer', 'reply']); // not her own reply
    expect(annaList.unreadCount).toBe(3);
    const read = await anna.agent.request('POST', `/api/v1/notifications/${annaList.notifications[2].id}/read`);
    expect(read.body.notification.readAt).not.toBeNull();
    expect((await anna.agent.request('GET', '/api/v1/notifications?unread=true')).body).toMatchObject({ unreadCount: 2 });
    expect((await bram.agent.request('POST', `/api/v1/notifications/${annaList.notifications[0].id}/read`)).status).toBe(404);
  });

  it('no notification reveals a thread on a draft the receiver may not see (created or listed)', async () => {
    const draft = (await planner.agent.request('POST', '/api/v1/plans', planBody({ phases: [phaseNow(['cocreate'])] }))).body.plan;
    await planner.agent.request('POST', `/api/v1/plans/${draft.id}/partners`, { email: carla.email });
    const now = new Date().toISOString();
    await server.app.store.db
      .insertInto('threads')
      .values({
        id: 'draft-thread', plan_id: draft.id, scenario_id: null, author_id: planner.id, title: 'Vertrouwelijk', text: '…',
        anchor: JSON.stringify({ lon: 5.12, lat: 52.09, height: 0 }), lon: 5.12, lat: 52.09, height: 0, status: 'open',
        status_reason: null, status_by: null, status_at: null, created_at: now, updated_at: now,
      })
      .execute();
    // Carla (invited partner) follows it; Bram follows it too, straight in the database (he could not through the API).
    expect((await carla.agent.request('POST', '/api/v1/follows', { threadId: 'draft-thread' })).status).toBe(204);
    expect((await bram.agent.request('POST', '/api/v1/follows', { threadId: 'draft-thread' })).status).toBe(404);
    await server.app.store.db.insertInto('follows').values({ user_id: bram.id, plan_id: null, thread_id: 'draft-thread', created_at: now }).execute();

    const cSock = await server.socket(carla.agent);
    const bSock = await server.socket(bram.agent);
    const toBram = collect(bSock, 'notification:created');
    const toCarla = nextEvent(cSock, 'notification:created');
    await planner.agent.request('POST', '/api/v1/threads/draft-thread/posts', { text: 'Intern', answer: true });
    expect((await toCarla).notification).toMatchObject({ threadTitle: 'Vertrouwelijk' });
    const bramMarker = nextEvent(bSock, 'notification:created');
    const pub = await openThread(anna);
    await server.app.services.threads.notifications.follow(bram.viewer, { threadId: pub.id });
    await anna.agent.request('POST', `/api/v1/threads/${pub.id}/posts`, { text: 'Hallo' });
    await bramMarker;
    expect(toBram.map((p) => p.notification.threadId)).toEqual([pub.id]);
    const bramStored = await server.app.store.db.selectFrom('notifications').select('thread_id').where('user_id', '=', bram.id).execute();
    expect(bramStored.map((r) => r.thread_id)).not.toContain('draft-thread');

    // Carla loses access: her stored notification disappears from her list and unread count.
    expect((await carla.agent.request('GET', '/api/v1/notifications')).body.notifications.map((n: any) => n.threadId)).toContain('draft-thread');
    await planner.agent.request('DELETE', `/api/v1/plans/${draft.id}/partners/${carla.id}`);
    const after = (await carla.agent.request('GET', '/api/v1/notifications')).body;
    expect(after.notifications.map((n: any) => n.threadId)).not.toContain('draft-thread');
    expect(JSON.stringify(after)).not.toContain('Vertrouwelijk');
  });
});
