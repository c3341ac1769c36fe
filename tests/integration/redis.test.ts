/**
 * Several server nodes behind one Redis (REDIS_URL): a comment made on one node reaches a viewer connected to
 * another. Uses the real Redis at 127.0.0.1:6379 (override with TEST_REDIS_URL) and a unique channel prefix.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, nextEvent, startServer, type TestServer } from '../helpers/server.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DELFT = { lon: 4.3571, lat: 52.0116, height: 2 };
const DELFT_VIEW = [4.35, 52.0, 4.37, 52.02];

let nodeA: TestServer;
let nodeB: TestServer;
beforeAll(async () => {
  const redisPrefix = `ds-test-${randomUUID()}`;
  nodeA = await startServer({ redisUrl: REDIS_URL, redisPrefix });
  nodeB = await startServer({ redisUrl: REDIS_URL, redisPrefix });
});
afterAll(async () => {
  await nodeA?.close();
  await nodeB?.close();
});

describe('Redis adapter', () => {
  it('delivers a comment made on node A to a viewer on node B, and only to viewers of the spot', async () => {
    const alice = nodeA.agent();
    await alice.register();
    const aliceSock = await nodeA.socket(alice);
    const viewerB = await nodeB.socket();
    const elsewhereB = await nodeB.socket();
    expect((await viewerB.timeout(5000).emitWithAck('viewport:subscribe', { bbox: DELFT_VIEW })).ok).toBe(true);
    expect((await elsewhereB.timeout(5000).emitWithAck('viewport:subscribe', { bbox: [-74.1, 40.6, -73.9, 40.8] })).ok).toBe(true);
    const seenElsewhere = collect(elsewhereB, 'comment:created');

    const arrived = nextEvent(viewerB, 'comment:created');
    const ack = await aliceSock.timeout(5000).emitWithAck('comment:create', { position: DELFT, body: 'via Redis', clientId: 'r1' });
    expect(ack.ok).toBe(true);
    expect((await arrived).comment).toEqual(ack.comment);

    const restArrived = nextEvent(viewerB, 'comment:created');
    const rest = await alice.request('POST', '/api/v1/comments', { position: DELFT, body: 'REST via Redis' });
    expect((await restArrived).comment.id).toBe(rest.body.comment.id);

    const marker = nextEvent(elsewhereB, 'comment:created');
    await aliceSock.timeout(5000).emitWithAck('comment:create', { position: { lon: -74, lat: 40.7, height: 0 }, body: 'marker', clientId: 'r2' });
    await marker;
    expect(seenElsewhere.map((p) => p.comment.body)).toEqual(['marker']);
  });

  it('stops start-up with a clear message when Redis cannot be reached', async () => {
    await expect(startServer({ redisUrl: 'redis://127.0.0.1:1' })).rejects.toThrow(/cannot connect to Redis at 127\.0\.0\.1:1/);
  });
});
