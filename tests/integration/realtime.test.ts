/**
 * Live comments over Socket.IO with real clients: viewers of a spot see new comments and replies, viewers
 * elsewhere do not, REST writes are broadcast too, and a retried command makes one comment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { roundPosition } from '../../shared/index.js';
import { collect, nextEvent, startServer, type Agent, type TestServer } from '../helpers/server.js';

/** Rotterdam Centraal and a spot in Amsterdam (far apart: no shared tile room). */
const ROTTERDAM = { lon: 4.4699, lat: 51.9244, height: 12.5 };
const ROTTERDAM_VIEW = [4.46, 51.915, 4.48, 51.93];
const AMSTERDAM = { lon: 4.9003, lat: 52.3789, height: 3 };
const AMSTERDAM_VIEW = [4.89, 52.37, 4.91, 52.39];

let server: TestServer;
let alice: Agent;
let bob: Agent;
let aliceSock: Socket;
let bobSock: Socket;
let n = 0;
const clientId = () => `cid-${process.pid}-${++n}`;

beforeAll(async () => {
  server = await startServer();
  alice = server.agent();
  bob = server.agent();
  await alice.register({ displayName: 'Alice' });
  await bob.register({ displayName: 'Bob' });
  aliceSock = await server.socket(alice);
  bobSock = await server.socket(bob);
});
afterAll(async () => {
  await server?.close();
});

async function subscribe(s: Socket, bbox: number[]) {
  const ack = await s.timeout(5000).emitWithAck('viewport:subscribe', { bbox });
  expect(ack).toMatchObject({ ok: true });
  expect(ack.rooms).toBeGreaterThan(0);
  expect(ack.rooms).toBeLessThanOrEqual(64);
  return ack;
}

describe('live comments', () => {
  it('a comment from one client reaches a viewer of the spot, and not a viewer elsewhere', async () => {
    const elsewhere = await server.socket();
    await subscribe(bobSock, ROTTERDAM_VIEW);
    await subscribe(elsewhere, AMSTERDAM_VIEW);
    const seenElsewhere = collect(elsewhere, 'comment:created');

    const arrived = nextEvent(bobSock, 'comment:created', (p) => p.comment.body === 'Mooi station!');
    const ack = await aliceSock.timeout(5000).emitWithAck('comment:create', {
      position: ROTTERDAM,
      body: 'Mooi station!',
      clientId: clientId(),
    });
    expect(ack.ok).toBe(true);
    // Public positions are rounded to PUBLIC_POSITION_PRECISION_M (default 1 m, issue 6).
    expect(ack.comment).toMatchObject({ body: 'Mooi station!', position: roundPosition(ROTTERDAM, 1), parentId: null, replyCount: 0 });
    expect(ack.comment.author.displayName).toBe('Alice');
    expect(new Date(ack.comment.createdAt).toISOString()).toBe(ack.comment.createdAt);

    const got = await arrived;
    expect(got.comment).toEqual(ack.comment);

    // Marker: a comment in Amsterdam, made after; the Amsterdam viewer gets it and must have got nothing before.
    const marker = nextEvent(elsewhere, 'comment:created');
    await aliceSock.timeout(5000).emitWithAck('comment:create', { position: AMSTERDAM, body: 'marker', clientId: clientId() });
    await marker;
    expect(seenElsewhere.map((p) => p.comment.body)).toEqual(['marker']);
    elsewhere.close();
  });

  it('resubscribing moves the socket: the old view no longer receives', async () => {
    const mover = await server.socket();
    await subscribe(mover, ROTTERDAM_VIEW);
    await subscribe(mover, AMSTERDAM_VIEW);
    const seen = collect(mover, 'comment:created');
    const marker = nextEvent(mover, 'comment:created', (p) => p.comment.body === 'amsterdam marker');
    await aliceSock.timeout(5000).emitWithAck('comment:create', { position: ROTTERDAM, body: 'rotterdam', clientId: clientId() });
    await aliceSock.timeout(5000).emitWithAck('comment:create', { position: AMSTERDAM, body: 'amsterdam marker', clientId: clientId() });
    await marker;
    expect(seen.map((p) => p.comment.body)).toEqual(['amsterdam marker']);
    mover.close();
  });

  it('replies reach the viewers, stand at the parent, and bump the parent replyCount', async () => {
    await subscribe(bobSock, ROTTERDAM_VIEW);
    const parent = await aliceSock.timeout(5000).emitWithAck('comment:create', { position: ROTTERDAM, body: 'Wat vinden jullie?', clientId: clientId() });
    const arrived = nextEvent(bobSock, 'comment:created', (p) => p.comment.parentId === parent.comment.id);
    const reply = await aliceSock.timeout(5000).emitWithAck('comment:create', {
      body: 'Eens!',
      parentId: parent.comment.id,
      clientId: clientId(),
    });
    expect(reply.ok).toBe(true);
    expect(reply.comment.position).toEqual(parent.comment.position);
    expect((await arrived).comment.id).toBe(reply.comment.id);

    const one = await bob.request('GET', `/api/v1/comments/${parent.comment.id}`);
    expect(one.body.comment.replyCount).toBe(1);
    const replies = await bob.request('GET', `/api/v1/comments?parentId=${parent.comment.id}`);
    expect(replies.body.features.map((f: any) => f.properties.body)).toEqual(['Eens!']);
    const list = await bob.request('GET', `/api/v1/comments?bbox=${ROTTERDAM_VIEW.join(',')}`);
    const inList = list.body.features.find((f: any) => f.id === parent.comment.id);
    expect(inList.properties.replyCount).toBe(1);
    expect(list.body.features.some((f: any) => f.id === reply.comment.id)).toBe(false); // replies are not top-level pins
  });

  it('broadcasts comments made over REST', async () => {
    await subscribe(bobSock, ROTTERDAM_VIEW);
    const arrived = nextEvent(bobSock, 'comment:created', (p) => p.comment.body === 'via REST');
    const res = await alice.request('POST', '/api/v1/comments', { position: ROTTERDAM, body: 'via REST' });
    expect(res.status).toBe(201);
    expect((await arrived).comment).toEqual(res.body.comment);
  });

  it('the same clientId twice makes one comment with one id', async () => {
    const id = clientId();
    const cmd = { position: ROTTERDAM, body: 'Eén keer, graag', clientId: id };
    const [a, b] = await Promise.all([
      aliceSock.timeout(5000).emitWithAck('comment:create', cmd),
      aliceSock.timeout(5000).emitWithAck('comment:create', cmd),
    ]);
    const c = await aliceSock.timeout(5000).emitWithAck('comment:create', cmd);
    expect(a.ok && b.ok && c.ok).toBe(true);
    expect(b.comment.id).toBe(a.comment.id);
    expect(c.comment.id).toBe(a.comment.id);
    const list = await alice.request('GET', `/api/v1/comments?bbox=${ROTTERDAM_VIEW.join(',')}&limit=200`);
    expect(list.body.features.filter((f: any) => f.properties.body === 'Eén keer, graag')).toHaveLength(1);

    // Another author may use the same clientId: it is scoped per account.
    const other = await bobSock.timeout(5000).emitWithAck('comment:create', { ...cmd, body: 'Bob, zelfde clientId' });
    expect(other.ok).toBe(true);
    expect(other.comment.id).not.toBe(a.comment.id);
  });

  it('REST writes with the same Idempotency-Key make one comment (201 then 200)', async () => {
    const headers = { 'idempotency-key': clientId() };
    const first = await alice.request('POST', '/api/v1/comments', { position: ROTTERDAM, body: 'rest once' }, headers);
    const second = await alice.request('POST', '/api/v1/comments', { position: ROTTERDAM, body: 'rest once' }, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.comment.id).toBe(first.body.comment.id);
  });

  it('anonymous sockets may watch but not write', async () => {
    const anon = await server.socket();
    await subscribe(anon, ROTTERDAM_VIEW);
    const ack = await anon.timeout(5000).emitWithAck('comment:create', { position: ROTTERDAM, body: 'anoniem', clientId: clientId() });
    expect(ack).toEqual({ ok: false, error: { code: 'unauthenticated', message: expect.any(String) } });
    const arrived = nextEvent(anon, 'comment:created', (p) => p.comment.body === 'for everyone');
    await aliceSock.timeout(5000).emitWithAck('comment:create', { position: ROTTERDAM, body: 'for everyone', clientId: clientId() });
    expect((await arrived).comment.author.displayName).toBe('Alice');
    anon.close();
  });

  it('a socket stops writing once its session is logged out', async () => {
    const carol = server.agent();
    await carol.register();
    const sock = await server.socket(carol);
    const ok = await sock.timeout(5000).emitWithAck('comment:create', { position: ROTTERDAM, body: 'voor', clientId: clientId() });
    expect(ok.ok).toBe(true);
    await carol.request('POST', '/api/v1/auth/logout');
    const after = await sock.timeout(5000).emitWithAck('comment:create', { position: ROTTERDAM, body: 'na', clientId: clientId() });
    expect(after.error.code).toBe('unauthenticated');
    sock.close();
  });

  it('refuses handshakes from another browser origin and accepts its own', async () => {
    await expect(server.socket(alice, { extraHeaders: { origin: 'https://evil.example' } })).rejects.toThrow();
    await expect(server.socket(alice, { extraHeaders: { 'sec-fetch-site': 'cross-site' } })).rejects.toThrow();
    const own = await server.socket(alice, { extraHeaders: { origin: server.baseUrl, 'sec-fetch-site': 'same-origin' } });
    expect(own.connected).toBe(true);
    own.close();
    expect((await alice.request('GET', '/api/v1/health')).status).toBe(200);
  });
});
