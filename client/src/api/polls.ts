/**
 * The REST API and socket events of polls (issue 5, shared/polls.ts), one function per route. Responses are parsed
 * with the shared zod schemas; every function throws ApiError (errors.ts): `validation_failed` with field paths,
 * `nonexistent_local_time` / `ambiguous_local_time` (422) for Amsterdam local times in the DST gap / overlap,
 * `poll_not_open` / `poll_closed` (409) for votes outside `[opensAt, closesAt)` by the server's clock,
 * `forbidden`, `not_found`, `phase_closed`.
 *
 * Live: `followPolls` joins `poll:<id>` for each poll (`poll:join {pollId}`, acked; again after a reconnect) and
 * hands every `poll:results {results}` (sent only to viewers who may see them) to the caller; `onPollCreated` hands
 * every `poll:created {poll}` (plan rooms and viewport tile rooms this socket is in) to the caller.
 */
import {
  BallotResponse,
  PollCreatedEvent,
  PollResponse,
  PollResultsEvent,
  PollResultsResponse,
  PollSocketEvents,
  PollsResponse,
  type Ballot,
  type CreatePollBody,
  type Poll,
  type PollResults,
} from '../../../shared/index.js';
import { API_BASE, request } from './http.js';
import type { RealtimeClient } from './socket.js';

const enc = encodeURIComponent;

/** GET /polls?planId= → the plan's polls the viewer may see (results null where the gate hides them). */
export async function listPlanPolls(planId: string): Promise<Poll[]> {
  return (await request('GET', `/polls?planId=${enc(planId)}`, PollsResponse)).polls;
}

/**
 * GET /polls?bbox=west,south,east,north (degrees) → spot polls in the box and polls of plans whose area meets it,
 * newest first, as the viewer sees them.
 */
export async function listPollsInBBox(bbox: readonly number[]): Promise<Poll[]> {
  return (await request('GET', `/polls?bbox=${bbox.join(',')}`, PollsResponse)).polls;
}

/** GET /polls/:id → one poll as the viewer sees it. */
export async function getPoll(pollId: string): Promise<Poll> {
  return (await request('GET', `/polls/${enc(pollId)}`, PollResponse)).poll;
}

/**
 * POST /polls → the new poll. `opensAt` / `closesAt` may be Amsterdam local `YYYY-MM-DDTHH:mm` (as a
 * `datetime-local` input gives it) or carry an explicit offset (`…+02:00`) to pick one side of the autumn overlap.
 */
export async function createPoll(body: CreatePollBody): Promise<Poll> {
  return (await request('POST', '/polls', PollResponse, body)).poll;
}

/** PUT /polls/:id/ballot {choices} → the stored ballot and the poll as the voter now sees it (replaces a ballot). */
export async function putBallot(pollId: string, choices: string[]): Promise<{ ballot: Ballot; poll: Poll }> {
  return request('PUT', `/polls/${enc(pollId)}/ballot`, BallotResponse, { choices });
}

/** DELETE /polls/:id/ballot: withdraws the viewer's ballot (until closing). */
export async function deleteBallot(pollId: string): Promise<void> {
  await request('DELETE', `/polls/${enc(pollId)}/ballot`, null);
}

/** GET /polls/:id/results → the counts (`forbidden` while the results gate hides them). */
export async function getPollResults(pollId: string): Promise<PollResults> {
  return (await request('GET', `/polls/${enc(pollId)}/results`, PollResultsResponse)).results;
}

/** URL of the results export (`csv` or `json`), behind the same results gate: `/api/v1/polls/:id/results.csv`. */
export function pollExportUrl(pollId: string, format: 'csv' | 'json' = 'csv'): string {
  return `${API_BASE}/polls/${enc(pollId)}/results.${format}`;
}

export interface PollEventHandlers {
  /** New counts of one of the followed polls (schema-checked). */
  results(results: PollResults): void;
  /** After a reconnect (events may have been missed): refetch. */
  resync(): void;
  /** A join was refused or timed out (the poll still works, only not live). */
  joinFailed?(pollId: string, error: unknown): void;
}

/** Joins the rooms of `pollIds` until the returned function is called (which leaves them). */
export function followPolls(realtime: RealtimeClient, pollIds: string[], h: PollEventHandlers): () => void {
  let live = true;
  const ids = new Set(pollIds);
  const joinAll = () => {
    for (const pollId of ids) {
      realtime.command(PollSocketEvents.join, { pollId }).catch((e: unknown) => live && h.joinFailed?.(pollId, e));
    }
  };
  const offs = [
    realtime.on(PollSocketEvents.results, (payload) => {
      const p = PollResultsEvent.safeParse(payload);
      if (!p.success) return console.warn(`${PollSocketEvents.results} with an unexpected shape`, p.error.message);
      if (ids.has(p.data.results.pollId)) h.results(p.data.results);
    }),
    realtime.onResync(() => {
      joinAll();
      h.resync();
    }),
  ];
  joinAll();
  return () => {
    live = false;
    for (const off of offs) off();
    for (const pollId of ids) realtime.send(PollSocketEvents.leave, { pollId });
  };
}

/** Hands every schema-checked `poll:created {poll}` to `f` until the returned function is called. */
export function onPollCreated(realtime: RealtimeClient, f: (poll: Poll) => void): () => void {
  return realtime.on(PollSocketEvents.pollCreated, (payload) => {
    const p = PollCreatedEvent.safeParse(payload);
    if (!p.success) return console.warn(`${PollSocketEvents.pollCreated} with an unexpected shape`, p.error.message);
    f(p.data.poll);
  });
}
