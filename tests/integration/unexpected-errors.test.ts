/**
 * Unexpected failures (here: the database gone away under a running server) are answered 500 internal_error
 * over REST and `internal_error` in socket acks, without details; the process keeps serving what it can.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startServer, type Agent, type TestServer } from '../helpers/server.js';

let server: TestServer;
let alice: Agent;
let sock: Socket;
beforeAll(async () => {
  server = await startServer();
  alice = server.agent();
  await alice.register();
  sock = await server.socket(alice);
  await server.app.store.destroy(); // pull the database out from under the app
});
afterAll(async () => {
  await server?.close();
});

describe('unexpected errors', () => {
  it('answers REST 500 internal_error as problem+json and keeps serving', async () => {
    const r = await alice.request('GET', '/api/v1/comments?bbox=0,0,1,1');
    expect(r.status).toBe(500);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ status: 500, code: 'internal_error' });
    expect(JSON.stringify(r.body)).not.toMatch(/sqlite|kysely|stack/i);
    expect((await alice.request('GET', '/api/v1/health')).status).toBe(200);
  });

  it('acks socket commands internal_error and keeps the socket', async () => {
    const ack = await sock.timeout(5000).emitWithAck('comment:create', {
      position: { lon: 1, lat: 1, height: 0 },
      body: 'x',
      clientId: 'c1',
    });
    expect(ack).toEqual({ ok: false, error: { code: 'internal_error', message: expect.any(String) } });
    expect((await sock.timeout(5000).emitWithAck('viewport:subscribe', { bbox: [0, 0, 1, 1] })).ok).toBe(true);
  });
});
