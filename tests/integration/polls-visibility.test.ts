/**
 * The results-visibility matrix (issue 5): each resultsVisibility × role (anonymous, resident who voted,
 * resident who did not, the plan's planner, admin) × channel (REST poll, REST results, CSV export, JSON export,
 * socket poll:results), before and after closing, as one table per setting compared with the expected table.
 * Also: identical numbers in every channel after closing, live updates between two real clients, CSV cells that
 * could run as formulas are neutralised.
 *
 * The server clock is injected: "before closing" is one second before closesAt; "after closing" moves it past
 * closesAt, and the closing broadcast (a timer armed by the service clock) reaches every socket in the room.
 * Sockets that must NOT get poll:results are checked without sleeping: the same voter votes twice; once an admin
 * socket has both broadcasts, the first broadcast's sends are all done (one queue per poll), and an acked round
 * trip on each other socket arrives after anything the server sent it before.
 */
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithRole, type RoleUser } from '../helpers/plans.js';
import { createPoll, pollBody, startPollServer, testClock, votingPlan } from '../helpers/polls.js';
import { collect, nextEvent, type Agent, type TestServer } from '../helpers/server.js';

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

const ROLES = ['anonymous', 'voted', 'notVoted', 'planner', 'admin'] as const;
type RoleName = (typeof ROLES)[number];
const CHANNELS = ['restPoll', 'restList', 'restResults', 'csv', 'json', 'socket'] as const;
type Table = Record<RoleName, Record<(typeof CHANNELS)[number], boolean>>;

function table(visible: Record<RoleName, boolean>): Table {
  return Object.fromEntries(ROLES.map((r) => [r, Object.fromEntries(CHANNELS.map((c) => [c, visible[r]]))])) as Table;
}
const all = table({ anonymous: true, voted: true, notVoted: true, planner: true, admin: true });
const EXPECTED: Record<string, { before: Table; after: Table }> = {
  always: { before: all, after: all },
  after_vote: { before: table({ anonymous: false, voted: true, notVoted: false, planner: true, admin: true }), after: all },
  after_close: { before: table({ anonymous: false, voted: false, notVoted: false, planner: true, admin: true }), after: all },
};

interface Seat {
  agent: Agent;
  socket: Socket;
  events: any[];
}

/** REST channels for one viewer: does any of them show counts? Hidden ones must not leak a number. */
async function restChannels(agent: Agent, pollId: string) {
  const poll = (await agent.request('GET', `/api/v1/polls/${pollId}`)).body.poll;
  const list = (await agent.request('GET', `/api/v1/polls?planId=${planId}`)).body.polls.find((p: any) => p.id === pollId);
  const results = await agent.request('GET', `/api/v1/polls/${pollId}/results`);
  const csv = await agent.fetch(`/api/v1/polls/${pollId}/results.csv`);
  const csvText = await csv.text();
  const json = await agent.request('GET', `/api/v1/polls/${pollId}/results.json`);
  for (const hidden of [poll, list].filter((p) => p.results === null)) {
    expect(JSON.stringify(hidden)).not.toMatch(/count|ballots"/);
  }
  if (results.status !== 200) expect([results.status, results.body.code]).toEqual([403, 'results_hidden']);
  if (csv.status !== 200) expect(csv.status).toBe(403);
  return {
    channels: {
      restPoll: poll.results !== null,
      restList: list.results !== null,
      restResults: results.status === 200,
      csv: csv.status === 200,
      json: json.status === 200,
    },
    numbers: { poll: poll.results, results: results.body.results, csv: csvText, json: json.body.results },
  };
}

describe.each(Object.keys(EXPECTED))('resultsVisibility %s', (visibility) => {
  it('shows counts exactly to the expected roles in every channel, before and after closing', async () => {
    clock.at = null;
    const poll = await createPoll(planner, pollBody({ planId }, { resultsVisibility: visibility }));
    const [a, b] = poll.options.map((o: any) => o.id);
    const closesAt = Date.parse(poll.closesAt);
    clock.at = closesAt - 1000; // one second before closing, for the rest of "before"

    const voted = await userWithRole(server, 'resident', 'Stemmer');
    const notVoted = await userWithRole(server, 'resident', 'Kijker');
    const trigger = await userWithRole(server, 'resident', 'Aanjager');
    const agents: Record<RoleName, Agent> = { anonymous: server.agent(), voted: voted.agent, notVoted: notVoted.agent, planner: planner.agent, admin: admin.agent };
    expect((await voted.agent.request('PUT', `/api/v1/polls/${poll.id}/ballot`, { choices: [a] })).status).toBe(200);

    const seats = {} as Record<RoleName, Seat>;
    for (const r of ROLES) {
      const socket = await server.socket(r === 'anonymous' ? undefined : agents[r]);
      const events = collect(socket, 'poll:results');
      const ack = await socket.timeout(5000).emitWithAck('poll:join', { pollId: poll.id });
      expect(ack.ok).toBe(true);
      expect(ack.poll.results !== null).toBe(EXPECTED[visibility]!.before[r].restPoll); // the join ack is gated too
      seats[r] = { agent: agents[r], socket, events };
    }
    const watcher = await server.socket(admin.agent);
    const watched = collect(watcher, 'poll:results');
    await watcher.timeout(5000).emitWithAck('poll:join', { pollId: poll.id });

    // --- before closing
    const before = {} as Table;
    for (const r of ROLES) before[r] = { ...(await restChannels(agents[r], poll.id)).channels, socket: false };
    await trigger.agent.request('PUT', `/api/v1/polls/${poll.id}/ballot`, { choices: [a] });
    await trigger.agent.request('PUT', `/api/v1/polls/${poll.id}/ballot`, { choices: [b] });
    while (watched.filter((e) => e.results.pollId === poll.id).length < 2) await nextEvent(watcher, 'poll:results');
    for (const r of ROLES) {
      await seats[r].socket.timeout(5000).emitWithAck('poll:join', { pollId: poll.id }); // round trip: earlier sends have arrived
      before[r].socket = seats[r].events.length > 0;
      if (seats[r].events.length > 0) expect(seats[r].events.at(-1).results).toMatchObject({ ballots: 2, final: false });
    }
    expect(before).toEqual(EXPECTED[visibility]!.before);

    // --- after closing: the closing broadcast reaches everyone in the room, and every channel agrees
    const finals = ROLES.map((r) => nextEvent(seats[r].socket, 'poll:results', (e) => e.results.pollId === poll.id && e.results.final));
    clock.at = closesAt;
    const finalEvents = await Promise.all(finals);
    const after = {} as Table;
    const expectedCounts = poll.options.map((o: any) => ({ optionId: o.id, count: o.id === a ? 1 : o.id === b ? 1 : 0 }));
    for (const [i, r] of ROLES.entries()) {
      const { channels, numbers } = await restChannels(agents[r], poll.id);
      after[r] = { ...channels, socket: true };
      const final = { pollId: poll.id, counts: expectedCounts, ballots: 2, final: true };
      expect(finalEvents[i].results).toEqual(final);
      expect(numbers.poll).toEqual(final);
      expect(numbers.results).toEqual(final);
      expect(numbers.json).toEqual(final);
      expect(numbers.csv).toBe(`option_id,label,count\r\n${poll.options.map((o: any) => `${o.id},${o.label},${o.id === a || o.id === b ? 1 : 0}`).join('\r\n')}\r\n,ballots,2\r\n`);
    }
    expect(after).toEqual(EXPECTED[visibility]!.after);
    clock.at = null;
  });
});

describe('live results and exports', () => {
  it('a vote in one client updates the counts in another within the same broadcast', async () => {
    clock.at = null;
    const poll = await createPoll(planner, pollBody({ planId }, { resultsVisibility: 'always' }));
    const one = await userWithRole(server, 'resident');
    const two = await userWithRole(server, 'resident');
    const s1 = await server.socket(one.agent);
    const s2 = await server.socket(two.agent);
    await s1.timeout(5000).emitWithAck('poll:join', { pollId: poll.id });
    await s2.timeout(5000).emitWithAck('poll:join', { pollId: poll.id });
    const seen = nextEvent(s2, 'poll:results', (e) => e.results.pollId === poll.id);
    const started = Date.now();
    const ack = await s1.timeout(5000).emitWithAck('poll:vote', { pollId: poll.id, choices: [poll.options[2].id] });
    expect(ack.ok).toBe(true);
    const e = await seen;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(e.results.counts.map((c: any) => c.count)).toEqual([0, 0, 1]);
  });

  it('neutralises CSV cells that start with = + - @', async () => {
    clock.at = null;
    const poll = await createPoll(planner, pollBody({ planId }, { resultsVisibility: 'always', options: [{ label: '=HYPERLINK("x")' }, { label: '+1' }, { label: '-2' }, { label: '@SUM(A1)' }, { label: 'gewoon, met komma' }] }));
    const csv = await (await server.agent().fetch(`/api/v1/polls/${poll.id}/results.csv`)).text();
    const labels = csv.split('\r\n').slice(1, 6).map((l) => l.slice(l.indexOf(',') + 1, l.lastIndexOf(',')));
    expect(labels).toEqual([`"'=HYPERLINK(""x"")"`, `'+1`, `'-2`, `'@SUM(A1)`, '"gewoon, met komma"']);
  });
});
