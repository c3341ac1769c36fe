/**
 * Live creation of polls (issue 5): `poll:created {poll}` after a committed POST /polls, between a real server and
 * real socket.io clients.
 * - A plan poll reaches the sockets in the plan's room (joined with `plan:join`), in that viewer's shape (a
 *   resident sees `results: null` for an `after_close` poll); a socket subscribed to a viewport elsewhere gets nothing.
 * - A spot poll reaches the viewport subscribers whose tile rooms hold its position: a resident gets it without
 *   results, its creating planner with them (the poll as each viewer sees it, never hidden results).
 * "Gets nothing" is checked with a marker, never a sleep: all creations are sent through one queue in commit order,
 * so once the socket elsewhere receives a later spot poll made at ITS spot, an earlier poll sent to it would have
 * arrived first.
 */
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithRole, type RoleUser } from '../helpers/plans.js';
import { createPoll, pollBody, SPOT, startPollServer, testClock, votingPlan } from '../helpers/polls.js';
import { collect, nextEvent, type TestServer } from '../helpers/server.js';

const clock = testClock();
let server: TestServer;
let planner: RoleUser;
let resident: RoleUser;
let planId: string;

/** A spot in Amsterdam, far from the plan and SPOT (Utrecht): other tile rooms at every zoom. */
const ELSEWHERE = { position: { lon: 4.9, lat: 52.37, height: 0 } };
const around = (p: { lon: number; lat: number }) => [p.lon - 0.002, p.lat - 0.002, p.lon + 0.002, p.lat + 0.002];

async function subscribed(socket: Socket, bbox: number[]): Promise<Socket> {
  const ack = await socket.timeout(5000).emitWithAck('viewport:subscribe', { bbox });
  expect(ack.ok).toBe(true);
  return socket;
}

beforeAll(async () => {
  server = await startPollServer(clock);
  planner = await userWithRole(server, 'planner', 'Planner');
  resident = await userWithRole(server, 'resident', 'Bewoner');
  planId = await votingPlan(planner);
});
afterAll(async () => {
  await server?.close();
});

describe('poll:created', () => {
  it('reaches a member of the plan room for a plan poll, and not a socket subscribed elsewhere', async () => {
    const member = await server.socket(resident.agent);
    const join = await member.timeout(5000).emitWithAck('plan:join', { planId });
    expect(join.ok).toBe(true);
    const elsewhere = await subscribed(await server.socket(resident.agent), around(ELSEWHERE.position));
    const elsewhereGot = collect(elsewhere, 'poll:created');

    const gotPlanPoll = nextEvent(member, 'poll:created');
    const poll = await createPoll(planner, pollBody({ planId }));
    const e = await gotPlanPoll;
    expect(e.poll.id).toBe(poll.id);
    expect(e.poll.planId).toBe(planId);
    expect(e.poll.question).toBe('Welk ontwerp?');
    expect(e.poll.results).toBeNull(); // after_close, seen by a resident
    expect(JSON.stringify(e.poll)).not.toMatch(/count|ballots"/);

    const marker = await createPoll(planner, pollBody(ELSEWHERE, { question: 'Marker' }));
    await nextEvent(elsewhere, 'poll:created', (m) => m.poll.id === marker.id);
    expect(elsewhereGot.map((m) => m.poll.id)).toEqual([marker.id]);
  });

  it('reaches viewport subscribers at the spot of a spot poll, each in its own viewer shape', async () => {
    const here = await subscribed(await server.socket(resident.agent), around(SPOT.position));
    const creator = await subscribed(await server.socket(planner.agent), around(SPOT.position));
    const anonymous = await subscribed(await server.socket(), around(SPOT.position));
    const elsewhere = await subscribed(await server.socket(resident.agent), around(ELSEWHERE.position));
    const elsewhereGot = collect(elsewhere, 'poll:created');

    const events = [here, creator, anonymous].map((s) => nextEvent(s, 'poll:created'));
    const poll = await createPoll(planner, pollBody(SPOT, { question: 'Bankjes op het plein?' }));
    const [mine, theirs, anon] = await Promise.all(events);
    for (const e of [mine, theirs, anon]) {
      expect(e.poll.id).toBe(poll.id);
      expect(e.poll.planId).toBeNull();
      expect(e.poll.position).toMatchObject({ lon: SPOT.position.lon, lat: SPOT.position.lat });
    }
    expect(mine.poll.results).toBeNull();
    expect(anon.poll.results).toBeNull();
    expect(mine.poll.can.vote).toBe(true);
    expect(anon.poll.can.vote).toBe(false);
    expect(theirs.poll.results).toMatchObject({ pollId: poll.id, ballots: 0 }); // the creator manages it

    const marker = await createPoll(planner, pollBody(ELSEWHERE, { question: 'Marker 2' }));
    await nextEvent(elsewhere, 'poll:created', (m) => m.poll.id === marker.id);
    expect(elsewhereGot.map((m) => m.poll.id)).toEqual([marker.id]);
  });
});
