/**
 * Bad input over REST and Socket.IO: each gets a clear error code, and the server keeps serving (checked
 * after every case). User text is stored and returned literally.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { nextEvent, startServer, type Agent, type TestServer } from '../helpers/server.js';

const SPOT = { lon: 4.4777, lat: 51.9049, height: 20 };
const SPOT_VIEW = '4.47,51.90,4.49,51.91';

let server: TestServer;
let alice: Agent;
let sock: Socket;
let n = 0;
const clientId = () => `bad-${++n}`;

beforeAll(async () => {
  server = await startServer();
  alice = server.agent();
  await alice.register();
  sock = await server.socket(alice);
});
afterAll(async () => {
  await server?.close();
});
afterEach(async () => {
  // After every bad input the server still serves everyone: REST and the same socket.
  expect((await server.agent().request('GET', '/api/v1/health')).body).toEqual({ status: 'ok' });
  if (sock.connected) {
    const ack = await sock.timeout(5000).emitWithAck('viewport:subscribe', { bbox: [4, 51, 5, 52] });
    expect(ack.ok).toBe(true);
  }
});

const post = (body: unknown, headers?: Record<string, string>) => alice.request('POST', '/api/v1/comments', body, headers);
const create = (payload: unknown) => sock.timeout(5000).emitWithAck('comment:create', payload);

function expectProblem(r: { status: number; body: any; headers: Headers }, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(r.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String) });
}

describe('comment bodies', () => {
  it.each([
    ['empty', ''],
    ['whitespace only', ' \n\t  '],
  ])('refuses an %s body (REST 400 and socket ack)', async (_, body) => {
    const r = await post({ position: SPOT, body });
    expectProblem(r, 400, 'validation_failed');
    expect(r.body.errors).toEqual([{ path: 'body', message: expect.any(String) }]);
    const ack = await create({ position: SPOT, body, clientId: clientId() });
    expect(ack.ok).toBe(false);
    expect(ack.error.code).toBe('validation_failed');
    expect(ack.error.errors[0].path).toBe('body');
  });

  it('accepts 2000 emoji (2000 code points, 4000 UTF-16 units) and refuses 2001 code points', async () => {
    const ok = await post({ position: SPOT, body: '🏠'.repeat(2000) });
    expect(ok.status).toBe(201);
    expect(ok.body.comment.body).toBe('🏠'.repeat(2000));
    const tooLong = await post({ position: SPOT, body: '🏠'.repeat(2000) + 'x' });
    expectProblem(tooLong, 400, 'validation_failed');
    const ack = await create({ position: SPOT, body: 'a'.repeat(2001), clientId: clientId() });
    expect(ack.error.code).toBe('validation_failed');
  });

  it.each([[42], [null], [['a']], [{ text: 'x' }], [true]])('refuses a non-string body %j', async (body) => {
    expectProblem(await post({ position: SPOT, body }), 400, 'validation_failed');
    expect((await create({ position: SPOT, body, clientId: clientId() })).error.code).toBe('validation_failed');
  });

  it('stores and returns markup literally', async () => {
    const body = '<img src=x onerror=alert(1)>';
    const r = await post({ position: SPOT, body });
    expect(r.status).toBe(201);
    expect(r.body.comment.body).toBe(body);
    const again = await alice.request('GET', `/api/v1/comments/${r.body.comment.id}`);
    expect(again.body.comment.body).toBe(body);
    const list = await alice.fetch(`/api/v1/comments?bbox=${SPOT_VIEW}&limit=200`);
    expect(list.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await list.text()).toContain(JSON.stringify(body).slice(1, -1));
  });
});

describe('positions', () => {
  it.each([
    ['lon 181', { ...SPOT, lon: 181 }, 'position.lon'],
    ['lon -180.0001', { ...SPOT, lon: -180.0001 }, 'position.lon'],
    ['lat -91', { ...SPOT, lat: -91 }, 'position.lat'],
    ['lat as a string', { ...SPOT, lat: '51.9' }, 'position.lat'],
    ['height null', { ...SPOT, height: null }, 'position.height'],
    ['a missing height', { lon: SPOT.lon, lat: SPOT.lat }, 'position.height'],
  ])('refuses %s', async (_, position, path) => {
    const r = await post({ position, body: 'hallo' });
    expectProblem(r, 400, 'validation_failed');
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    const ack = await create({ position, body: 'hallo', clientId: clientId() });
    expect(ack.error.code).toBe('validation_failed');
    expect(ack.error.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('refuses non-finite numbers written in raw JSON (1e400 is Infinity)', async () => {
    const raw = `{"position":{"lon":1e400,"lat":51.9,"height":0},"body":"oneindig"}`;
    const r = await post(raw);
    expectProblem(r, 400, 'validation_failed');
    expect(r.body.errors[0].path).toBe('position.lon');
    const nan = await post(`{"position":{"lon":NaN,"lat":51.9,"height":0},"body":"x"}`);
    expectProblem(nan, 400, 'malformed_json');
  });

  it('refuses a missing position for a top-level comment', async () => {
    const r = await post({ body: 'waar?' });
    expectProblem(r, 400, 'validation_failed');
    expect(r.body.errors[0].path).toBe('position');
  });
});

describe('other bad requests', () => {
  it('refuses an unknown parentId (422 unknown_parent; socket ack the same code)', async () => {
    const r = await post({ body: 'antwoord', parentId: 'does-not-exist' });
    expectProblem(r, 422, 'unknown_parent');
    const ack = await create({ body: 'antwoord', parentId: 'does-not-exist', clientId: clientId() });
    expect(ack.error.code).toBe('unknown_parent');
  });

  it('refuses writes without a session (REST 401, socket ack unauthenticated)', async () => {
    expectProblem(await server.agent().request('POST', '/api/v1/comments', { position: SPOT, body: 'hoi' }), 401, 'unauthenticated');
    const anon = await server.socket();
    const ack = await anon.timeout(5000).emitWithAck('comment:create', { position: SPOT, body: 'hoi', clientId: clientId() });
    expect(ack.error.code).toBe('unauthenticated');
    anon.close();
  });

  it.each([
    ['truncated JSON', '{"position":'],
    ['not JSON at all', 'hello'],
    ['a bare string', '"just text"'],
    ['trailing comma', '{"body":"x",}'],
  ])('answers malformed JSON (%s) 400 malformed_json', async (_, raw) => {
    expectProblem(await post(raw), 400, 'malformed_json');
  });

  it('answers a JSON array or a non-JSON content type as a validation error', async () => {
    expectProblem(await post('[1,2]'), 400, 'validation_failed');
    expectProblem(await post('body=x', { 'content-type': 'application/x-www-form-urlencoded' }), 400, 'validation_failed');
  });

  it('answers a body over the limit 413 payload_too_large', async () => {
    expectProblem(await post({ position: SPOT, body: 'x'.repeat(100_000) }), 413, 'payload_too_large');
  });

  it('answers unknown API routes 404 not_found as problem+json', async () => {
    expectProblem(await alice.request('GET', '/api/v1/nothing-here'), 404, 'not_found');
    expectProblem(await alice.request('DELETE', '/api/v1/comments'), 404, 'not_found');
    expectProblem(await alice.request('GET', '/api/v2/health'), 404, 'not_found');
    expectProblem(await alice.request('GET', '/api/v1/comments/unknown-id'), 404, 'not_found');
  });

  it('answers a malformed percent-encoding in a path 400, not 500', async () => {
    expectProblem(await alice.request('GET', '/api/v1/comments/%E0%A4%A'), 400, 'validation_failed');
  });

  it('refuses control characters in a comment and invisible or bidi-spoofed display names', async () => {
    expectProblem(await post({ position: SPOT, body: 'a\u0000b' }), 400, 'validation_failed');
    for (const displayName of ['\u200b', 'Evil\u202Eenilno\u202C']) {
      const r = await server.agent().request('POST', '/api/v1/auth/register', {
        email: `spoof-${++n}@example.nl`,
        password: 'correct horse battery',
        displayName,
      });
      expectProblem(r, 400, 'validation_failed');
    }
  });

  it('answers bad list queries 400 with the parameter named', async () => {
    for (const [q, path] of [
      ['bbox=1,2,3', 'bbox'],
      ['bbox=a,b,c,d', 'bbox'],
      ['bbox=0,10,1,5', 'bbox'],
      ['bbox=0,0,1,1&limit=0', 'limit'],
      ['bbox=0,0,1,1&limit=201', 'limit'],
      ['bbox=0,0,1,1&cursor=bm9wZQ', 'cursor'],
      ['', 'bbox'],
    ]) {
      const r = await alice.request('GET', `/api/v1/comments?${q}`);
      expectProblem(r, 400, 'validation_failed');
      const paths: string[] = r.body.errors.map((e: { path: string }) => e.path);
      expect(paths.some((p) => p === path || p.startsWith(`${path}.`)), `${q}: ${paths.join()}`).toBe(true);
    }
  });

  it.each([
    ['Origin', { origin: 'https://evil.example' }],
    ['Sec-Fetch-Site', { 'sec-fetch-site': 'cross-site' }],
    ['Origin null', { origin: 'null' }],
  ])('refuses a cross-origin write (%s) 403 cross_origin_refused, even when signed in', async (_, headers) => {
    const r = await post({ position: SPOT, body: 'csrf' }, headers);
    expectProblem(r, 403, 'cross_origin_refused');
    expectProblem(await alice.request('POST', '/api/v1/auth/logout', undefined, headers), 403, 'cross_origin_refused');
    expect((await alice.request('GET', '/api/v1/me')).status).toBe(200); // still signed in
  });

  it('accepts writes from its own origin', async () => {
    const r = await post({ position: SPOT, body: 'same origin' }, { origin: server.baseUrl, 'sec-fetch-site': 'same-origin' });
    expect(r.status).toBe(201);
  });
});

describe('bad socket messages', () => {
  it.each([['a string', 'hallo'], ['a number', 42], ['null', null], ['an array', [1, 2]]])(
    'answers a payload that is %s validation_failed',
    async (_, payload) => {
      expect((await create(payload)).error.code).toBe('validation_failed');
      const sub = await sock.timeout(5000).emitWithAck('viewport:subscribe', payload);
      expect(sub.error.code).toBe('validation_failed');
    },
  );

  it('answers a bad bbox validation_failed', async () => {
    for (const bbox of [[0, 0, 1], [0, 91, 1, 92], [0, 10, 1, 5], 'x', [0, 0, 1, Infinity]]) {
      const ack = await sock.timeout(5000).emitWithAck('viewport:subscribe', { bbox });
      expect(ack.ok).toBe(false);
      expect(ack.error.code).toBe('validation_failed');
    }
  });

  it('survives commands sent without an ack callback, or with no payload at all', async () => {
    sock.emit('comment:create', { position: SPOT, body: 'zonder ack', clientId: clientId() });
    sock.emit('comment:create');
    sock.emit('viewport:subscribe', 'nonsense');
    const ack = await sock.timeout(5000).emitWithAck('comment:create');
    expect(ack.error.code).toBe('validation_failed');
  });

  it('answers unknown events with error:event unknown_event (and the ack, if any)', async () => {
    const err = nextEvent(sock, 'error:event');
    sock.emit('comment:destroy', { id: 'x' });
    expect(await err).toEqual({ code: 'unknown_event', event: 'comment:destroy', message: expect.any(String) });
    const ack = await sock.timeout(5000).emitWithAck('totally:unknown', 1);
    expect(ack).toEqual({ ok: false, error: { code: 'unknown_event', message: expect.any(String) } });
  });
});
