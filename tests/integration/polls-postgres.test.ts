/**
 * Polls on PostgreSQL (DATABASE_URL): the unique-key race (twenty parallel votes by one account over REST and over
 * one socket leave one ballot, counted once), ballot replacement and withdrawal, listing by bbox through the plan
 * gate's SQL, and UTC storage of offset times. The rules themselves are tested on SQLite in polls-*.test.ts.
 * Uses a fresh schema in database `test` at 127.0.0.1:5432 (override with TEST_DATABASE_URL), dropped afterwards.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { usePostgresServer } from '../helpers/postgres.js';
import { userWithRole, type RoleUser } from '../helpers/plans.js';
import { createPoll, pollBody, SPOT, startPollServer, testClock, votingPlan } from '../helpers/polls.js';
import type { TestServer } from '../helpers/server.js';

const clock = testClock();
let server: TestServer;
let planner: RoleUser;
let planId: string;

usePostgresServer<TestServer>((s) => (server = s), (config) => startPollServer(clock, config));
beforeAll(async () => {
  planner = await userWithRole(server, 'planner', 'Planner');
  planId = await votingPlan(planner);
});

async function stored(pollId: string) {
  const db = server.app.store.db;
  return {
    ballots: await db.selectFrom('ballots').selectAll().where('poll_id', '=', pollId).execute(),
    choices: await db.selectFrom('ballot_choices').selectAll().where('poll_id', '=', pollId).execute(),
  };
}

describe('polls on PostgreSQL', () => {
  it('twenty parallel PUT /ballot by one account leave one ballot', async () => {
    const poll = await createPoll(planner, pollBody({ planId }, { kind: 'multiple', maxChoices: 2, resultsVisibility: 'always' }));
    const voter = await userWithRole(server, 'resident');
    const ids = poll.options.map((o: any) => o.id);
    const sets = [[ids[0]], [ids[0], ids[1]], [ids[1], ids[2]], [ids[2]]];
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => voter.agent.request('PUT', `/api/v1/polls/${poll.id}/ballot`, { choices: sets[i % sets.length] })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const rows = await stored(poll.id);
    expect(rows.ballots).toHaveLength(1);
    expect(sets.map((s) => [...s].sort().join())).toContain(rows.choices.map((c) => c.option_id).sort().join());
    const results = (await voter.agent.request('GET', `/api/v1/polls/${poll.id}/results`)).body.results;
    expect(results.ballots).toBe(1);
    expect(results.counts.reduce((n: number, c: any) => n + c.count, 0)).toBe(rows.choices.length);
  });

  it('twenty parallel poll:vote over a socket leave one ballot; withdrawing removes it', async () => {
    const poll = await createPoll(planner, pollBody({ planId }, { resultsVisibility: 'always' }));
    const voter = await userWithRole(server, 'resident');
    const sock = await server.socket(voter.agent);
    const ids = poll.options.map((o: any) => o.id);
    const acks = await Promise.all(
      Array.from({ length: 20 }, (_, i) => sock.timeout(10_000).emitWithAck('poll:vote', { pollId: poll.id, choices: [ids[i % 3]] })),
    );
    expect(acks.filter((a: any) => a.ok)).toHaveLength(20);
    expect((await stored(poll.id)).ballots).toHaveLength(1);
    expect((await stored(poll.id)).choices).toHaveLength(1);
    expect((await voter.agent.request('DELETE', `/api/v1/polls/${poll.id}/ballot`)).status).toBe(200);
    expect(await stored(poll.id)).toEqual({ ballots: [], choices: [] });
  });

  it('lists by bbox through the plan gate SQL and stores offset times in UTC', async () => {
    const spot = await createPoll(planner, pollBody(SPOT, { opensAt: '2027-10-31T02:30+02:00', closesAt: '2027-10-31T02:30+01:00' }));
    expect([spot.opensAt, spot.closesAt]).toEqual(['2027-10-31T00:30:00.000Z', '2027-10-31T01:30:00.000Z']);
    const draft = (await planner.agent.request('POST', '/api/v1/plans', { title: 'Concept', area: { type: 'Polygon', coordinates: [[[5.12, 52.09], [5.121, 52.09], [5.121, 52.091], [5.12, 52.09]]] } })).body.plan;
    const hidden = await createPoll(planner, pollBody({ planId: draft.id }));
    const anon = (await server.agent().request('GET', '/api/v1/polls?bbox=5.11,52.08,5.13,52.1')).body.polls.map((p: any) => p.id);
    expect(anon).toContain(spot.id);
    expect(anon).not.toContain(hidden.id);
    const mine = (await planner.agent.request('GET', '/api/v1/polls?bbox=5.11,52.08,5.13,52.1')).body.polls.map((p: any) => p.id);
    expect(mine).toContain(hidden.id);
    expect((await server.agent().request('GET', '/api/v1/polls?bbox=4,50,4.1,50.1')).body.polls).toEqual([]);
  });
});
