/**
 * Poll rules over real HTTP and sockets on SQLite: one ballot per account under twenty parallel votes (REST and
 * socket), the daylight-saving cases of time input, the closing boundary by the injected server clock, and bad
 * input (another poll's option, too many choices, before opening, after closing, wrong phase, wrong role).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithRole, type RoleUser } from '../helpers/plans.js';
import { createPoll, pollBody, SPOT, startPollServer, testClock, votingPlan } from '../helpers/polls.js';
import type { TestServer } from '../helpers/server.js';

const clock = testClock();
let server: TestServer;
let planner: RoleUser;
let admin: RoleUser;
let planId: string;

beforeAll(async () => {
  server = await startPollServer(clock);
  planner = await userWithRole(server, 'planner', 'Planner');
  admin = await userWithRole(server, 'admin', 'Admin');
  planId = await votingPlan(planner);
});
afterAll(async () => {
  await server?.close();
});

async function ballotRows(pollId: string, userId: string) {
  const db = server.app.store.db;
  const ballots = await db.selectFrom('ballots').selectAll().where('poll_id', '=', pollId).where('user_id', '=', userId).execute();
  const choices = await db.selectFrom('ballot_choices').selectAll().where('poll_id', '=', pollId).execute();
  return { ballots, choices };
}

describe('one ballot per account', () => {
  it('twenty parallel PUT /ballot by one account leave one ballot, counted once', async () => {
    clock.at = null;
    const poll = await createPoll(planner, pollBody({ planId }, { resultsVisibility: 'always' }));
    const voter = await userWithRole(server, 'resident');
    const opts = poll.options.map((o: any) => o.id);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => voter.agent.request('PUT', `/api/v1/polls/${poll.id}/ballot`, { choices: [opts[i % opts.length]] })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const rows = await ballotRows(poll.id, voter.id);
    expect(rows.ballots).toHaveLength(1);
    expect(rows.choices).toHaveLength(1);
    const results = (await voter.agent.request('GET', `/api/v1/polls/${poll.id}/results`)).body.results;
    expect(results.ballots).toBe(1);
    expect(results.counts.reduce((n: number, c: any) => n + c.count, 0)).toBe(1);
    // the stored choice is the one of some answer (the last writer wins; all agree on one ballot id)
    expect(opts).toContain(rows.choices[0]!.option_id);
  });

  it('twenty parallel poll:vote over one socket and a multiple-choice poll leave one ballot', async () => {
    clock.at = null;
    const poll = await createPoll(planner, pollBody({ planId }, { kind: 'multiple', maxChoices: 2, resultsVisibility: 'always' }));
    const voter = await userWithRole(server, 'resident');
    const sock = await server.socket(voter.agent);
    const [a, b, c] = poll.options.map((o: any) => o.id);
    const sets = [[a], [a, b], [b, c], [c]];
    const acks = await Promise.all(
      Array.from({ length: 20 }, (_, i) => sock.timeout(10_000).emitWithAck('poll:vote', { pollId: poll.id, choices: sets[i % sets.length] })),
    );
    expect(acks.every((x: any) => x.ok === true)).toBe(true);
    const rows = await ballotRows(poll.id, voter.id);
    expect(rows.ballots).toHaveLength(1);
    const results = (await voter.agent.request('GET', `/api/v1/polls/${poll.id}/results`)).body.results;
    expect(results.ballots).toBe(1);
    // the counts are exactly the stored ballot's choices
    const stored = rows.choices.map((r) => r.option_id).sort();
    expect(results.counts.filter((x: any) => x.count > 0).map((x: any) => x.optionId).sort()).toEqual(stored);
    expect(results.counts.every((x: any) => x.count <= 1)).toBe(true);
  });

  it('a changed ballot replaces the earlier one; PUT is idempotent; DELETE withdraws', async () => {
    clock.at = null;
    const poll = await createPoll(planner, pollBody({ planId }, { resultsVisibility: 'always' }));
    const voter = await userWithRole(server, 'resident');
    const [a, b] = poll.options.map((o: any) => o.id);
    await voter.agent.request('PUT', `/api/v1/polls/${poll.id}/ballot`, { choices: [a] });
    const again = await voter.agent.request('PUT', `/api/v1/polls/${poll.id}/ballot`, { choices: [b] });
    const same = await voter.agent.request('PUT', `/api/v1/polls/${poll.id}/ballot`, { choices: [b] });
    expect(same.body.ballot.choices).toEqual([b]);
    expect(again.body.poll.myBallot.choices).toEqual([b]);
    expect(same.body.poll.results.counts.map((c: any) => c.count)).toEqual([0, 1, 0]);
    const gone = await voter.agent.request('DELETE', `/api/v1/polls/${poll.id}/ballot`);
    expect(gone.status).toBe(200);
    expect(gone.body.poll).toMatchObject({ myBallot: null, results: { ballots: 0 } });
    const twice = await voter.agent.request('DELETE', `/api/v1/polls/${poll.id}/ballot`);
    expect([twice.status, twice.body.poll.myBallot]).toEqual([200, null]);
  });
});

describe('time input in Europe/Amsterdam (DST 2027)', () => {
  const at = (opensAt: string, closesAt: string) => pollBody(SPOT, { opensAt, closesAt });

  it('refuses 2027-03-28T02:30 (spring gap) with 422 nonexistent_local_time', async () => {
    const r = await planner.agent.request('POST', '/api/v1/polls', at('2027-03-28T02:30', '2027-04-01T12:00'));
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'nonexistent_local_time', errors: [{ path: 'opensAt' }] });
  });

  it('refuses 2027-10-31T02:30 (autumn overlap) with 422 ambiguous_local_time naming the offsets', async () => {
    const r = await planner.agent.request('POST', '/api/v1/polls', at('2027-10-30T12:00', '2027-10-31T02:30'));
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'ambiguous_local_time', errors: [{ path: 'closesAt' }] });
    expect(r.body.detail).toMatch(/\+02:00/);
    expect(r.body.detail).toMatch(/\+01:00/);
  });

  it('accepts 02:30+02:00 and 02:30+01:00 as two different UTC instants, and local times outside the changes', async () => {
    const p = await createPoll(planner, at('2027-10-31T02:30+02:00', '2027-10-31T02:30+01:00'));
    expect(p.opensAt).toBe('2027-10-31T00:30:00.000Z');
    expect(p.closesAt).toBe('2027-10-31T01:30:00.000Z');
    const stored = await server.app.store.db.selectFrom('polls').select(['opens_at', 'closes_at']).where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ opens_at: '2027-10-31T00:30:00.000Z', closes_at: '2027-10-31T01:30:00.000Z' });
    const q = await createPoll(planner, at('2027-03-28T01:59', '2027-03-28T03:00'));
    expect([q.opensAt, q.closesAt]).toEqual(['2027-03-28T00:59:00.000Z', '2027-03-28T01:00:00.000Z']);
  });

  it('refuses malformed times and a poll that closes before it opens', async () => {
    expect((await planner.agent.request('POST', '/api/v1/polls', at('2027-02-31T10:00', '2027-03-02T10:00'))).body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'opensAt' }] });
    expect((await planner.agent.request('POST', '/api/v1/polls', at('2027-05-02T10:00', '2027-05-01T10:00'))).body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'closesAt' }] });
  });
});

describe('the closing boundary by the server clock', () => {
  it('counts a vote one second before closing, refuses one at closing and one before opening', async () => {
    const opensAt = '2027-06-01T10:00:00.000Z';
    const closesAt = '2027-06-01T18:00:00.000Z';
    clock.at = null;
    const poll = await createPoll(admin, pollBody(SPOT, { opensAt, closesAt, resultsVisibility: 'after_close' }));
    const voter = await userWithRole(server, 'resident');
    const late = await userWithRole(server, 'resident');
    const [a] = poll.options.map((o: any) => o.id);
    const put = (who: RoleUser) => who.agent.request('PUT', `/api/v1/polls/${poll.id}/ballot`, { choices: [a] });

    clock.at = Date.parse(opensAt) - 1;
    const early = await put(voter);
    expect([early.status, early.body.code]).toEqual([409, 'poll_not_open']);
    clock.at = Date.parse(opensAt);
    expect((await put(late)).status).toBe(200); // at opening: allowed
    expect((await late.agent.request('DELETE', `/api/v1/polls/${poll.id}/ballot`)).status).toBe(200);

    clock.at = Date.parse(closesAt) - 1000;
    expect((await put(voter)).status).toBe(200);
    clock.at = Date.parse(closesAt);
    const atClose = await put(late);
    expect([atClose.status, atClose.body.code]).toEqual([409, 'poll_closed']);
    const withdraw = await voter.agent.request('DELETE', `/api/v1/polls/${poll.id}/ballot`);
    expect([withdraw.status, withdraw.body.code]).toEqual([409, 'poll_closed']);
    const sock = await server.socket(late.agent);
    const ack = await sock.timeout(5000).emitWithAck('poll:vote', { pollId: poll.id, choices: [a] });
    expect(ack).toMatchObject({ ok: false, error: { code: 'poll_closed' } });

    const results = (await server.agent().request('GET', `/api/v1/polls/${poll.id}/results`)).body.results;
    expect(results).toMatchObject({ ballots: 1, final: true });
    expect(results.counts[0].count).toBe(1);
    clock.at = null;
  });
});

describe('bad input', () => {
  it('refuses another poll\'s option, too many choices, duplicates; nothing is counted', async () => {
    clock.at = null;
    const poll = await createPoll(planner, pollBody({ planId }, { kind: 'multiple', maxChoices: 2 }));
    const other = await createPoll(planner, pollBody({ planId }));
    const voter = await userWithRole(server, 'resident');
    const [a, b, c] = poll.options.map((o: any) => o.id);
    const foreign = other.options[0].id;
    const put = (choices: unknown) => voter.agent.request('PUT', `/api/v1/polls/${poll.id}/ballot`, { choices });

    const wrong = await put([a, foreign]);
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'choices.1' }] });
    expect(wrong.body.detail).toContain(foreign);
    expect((await put([a, b, c])).body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'choices' }] });
    expect((await put([a, a])).body.code).toBe('validation_failed');
    expect((await put([])).body.code).toBe('validation_failed');
    const single = await voter.agent.request('PUT', `/api/v1/polls/${other.id}/ballot`, { choices: other.options.slice(0, 2).map((o: any) => o.id) });
    expect(single.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'choices' }] });

    const sock = await server.socket(voter.agent);
    expect(await sock.timeout(5000).emitWithAck('poll:vote', { pollId: poll.id, choices: [foreign] })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await sock.timeout(5000).emitWithAck('poll:vote', { pollId: poll.id })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });

    const counts = (await planner.agent.request('GET', `/api/v1/polls/${poll.id}/results`)).body.results;
    expect(counts.ballots).toBe(0);
    expect((await planner.agent.request('GET', `/api/v1/polls/${other.id}/results`)).body.results.ballots).toBe(0);
    expect(await server.app.store.db.selectFrom('ballots').selectAll().where('user_id', '=', voter.id).execute()).toEqual([]);
  });

  it('needs an account, the right role, a phase that allows voting, and a visible plan', async () => {
    clock.at = null;
    const resident = await userWithRole(server, 'resident');
    const otherPlanner = await userWithRole(server, 'planner');
    expect((await resident.agent.request('POST', '/api/v1/polls', pollBody({ planId }))).body.code).toBe('forbidden');
    expect((await resident.agent.request('POST', '/api/v1/polls', pollBody(SPOT))).body.code).toBe('forbidden');
    expect((await otherPlanner.agent.request('POST', '/api/v1/polls', pollBody({ planId }))).body.code).toBe('forbidden');
    expect((await server.agent().request('POST', '/api/v1/polls', pollBody(SPOT))).status).toBe(401);
    expect((await planner.agent.request('POST', '/api/v1/polls', pollBody({ planId, scenarioId: 'nope' }))).body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'attachment.scenarioId' }] });
    expect((await planner.agent.request('POST', '/api/v1/polls', pollBody({ planId }, { options: [{ label: 'alleen' }] }))).body.code).toBe('validation_failed');

    const poll = await createPoll(planner, pollBody({ planId }));
    const a = poll.options[0].id;
    expect((await server.agent().request('PUT', `/api/v1/polls/${poll.id}/ballot`, { choices: [a] })).status).toBe(401);

    const commentOnly = await votingPlan(planner, ['comment']);
    const p2 = await createPoll(planner, pollBody({ planId: commentOnly }));
    const r = await resident.agent.request('PUT', `/api/v1/polls/${p2.id}/ballot`, { choices: [p2.options[0].id] });
    expect([r.status, r.body.code]).toEqual([403, 'phase_closed']);
    expect(p2.can.vote).toBe(false);

    const draft = (await planner.agent.request('POST', '/api/v1/plans', { title: 'Concept', area: { type: 'Polygon', coordinates: [[[5.12, 52.09], [5.121, 52.09], [5.121, 52.091], [5.12, 52.09]]] } })).body.plan;
    const hidden = await createPoll(planner, pollBody({ planId: draft.id }));
    expect((await resident.agent.request('GET', `/api/v1/polls/${hidden.id}`)).status).toBe(404);
    expect((await resident.agent.request('GET', `/api/v1/polls/${hidden.id}/results.csv`)).status).toBe(404);
    expect((await resident.agent.request('GET', `/api/v1/polls?planId=${draft.id}`)).status).toBe(404);
    const inView = (await resident.agent.request('GET', '/api/v1/polls?bbox=5.11,52.08,5.13,52.1')).body.polls.map((p: any) => p.id);
    expect(inView).toContain(poll.id);
    expect(inView).not.toContain(hidden.id);
    const sock = await server.socket(resident.agent);
    expect(await sock.timeout(5000).emitWithAck('poll:join', { pollId: hidden.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await sock.timeout(5000).emitWithAck('poll:vote', { pollId: 'nope', choices: ['x'] })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await resident.agent.request('PUT', '/api/v1/polls/nope/ballot', { choices: ['x'] })).status).toBe(404);
    expect((await resident.agent.request('GET', '/api/v1/polls')).body).toMatchObject({ status: 400, code: 'validation_failed' });
    expect((await resident.agent.request('GET', '/api/v1/polls?bbox=1,2,3')).body.code).toBe('validation_failed');
    const anonSock = await server.socket();
    expect(await anonSock.timeout(5000).emitWithAck('poll:vote', { pollId: poll.id, choices: [a] })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });
});
