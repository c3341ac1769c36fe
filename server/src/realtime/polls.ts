/**
 * Poll rooms over Socket.IO (issue 5).
 * - `poll:join {pollId}` → joins room `poll:<id>`; ack `{ok: true, poll}` (the poll as this viewer sees it, with
 *   `results` only when the results gate allows) or `{ok: false, error}` (`not_found` exactly as REST).
 * - `poll:leave {pollId}` → leaves the room; ack `{ok: true}`.
 * - `poll:vote {pollId, choices}` → PollService.vote; ack `{ok: true, ballot, poll}` or the same errors as
 *   `PUT /polls/:id/ballot` (`unauthenticated`, `poll_not_open`, `poll_closed`, `phase_closed`, `validation_failed`).
 * - `poll:results {results}` → after every committed vote or withdrawal (REST or socket), and once when the poll
 *   closes, to each socket in the room whose viewer may see the results at that moment
 *   (domain/poll-results-gate.ts via PollService.resultsFor, with the socket's current session). Sockets that
 *   may not see them get nothing, not even a total. Closing: one timer per poll that has had a room member or a
 *   vote, armed for `closesAt` by the service clock (re-armed when longer than setTimeout allows).
 * - `poll:created {poll}` → after a committed create (domain event `poll:created`): a plan poll to the sockets in
 *   `plan:<id>` (realtime/plans.ts planRoom) whose viewer may see it, checked per socket at send time through the
 *   plan gate (PollService.viewFor); a spot poll to the sockets in the tile rooms of its position
 *   (shared/geo.ts roomsForPoint, each socket once). Every socket gets the poll serialized for its own viewer, so
 *   `results` is null wherever the results gate hides them. All creations share one queue: sockets get them in
 *   commit order (tests use a later creation as a marker that an earlier one was not sent).
 */
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import { ErrorCode, PollJoin, PollSocketEvents, PollVote, roomsForPoint } from '../../../shared/index.js';
import type { AccountService } from '../domain/accounts.js';
import type { EventBus } from '../domain/events.js';
import type { PollService } from '../domain/polls.js';
import { viewerOf } from '../domain/viewer.js';
import { ackFail, onCommand } from './ack.js';
import { sendGated } from './gated.js';
import { planRoom } from './plans.js';

export interface PollRealtimeDeps {
  accounts: AccountService;
  polls: PollService;
  bus: EventBus;
  logger: Logger;
}

/** Socket events this module handles (for the unknown-event check). */
export const POLL_COMMANDS = [PollSocketEvents.join, PollSocketEvents.leave, PollSocketEvents.vote] as const;

/** Room of one poll. */
export function pollRoom(pollId: string): string {
  return `poll:${pollId}`;
}

/** Longest delay setTimeout accepts (ms); longer waits are re-armed. */
const MAX_TIMEOUT = 2 ** 31 - 1;

export interface PollRealtime {
  /** Registers poll:join, poll:leave and poll:vote on a connected socket. */
  register(socket: Socket): void;
  /** Stops broadcasting and clears the closing timers. */
  close(): void;
}

export function attachPolls(io: Server, deps: PollRealtimeDeps): PollRealtime {
  const { polls, accounts, logger } = deps;
  let closed = false;

  /** Sends the results to every socket in the room that may see them now. */
  function broadcast(pollId: string): Promise<void> {
    return sendGated(io, accounts, logger, pollRoom(pollId), PollSocketEvents.results, async (viewer) => {
      const results = await polls.resultsFor(viewer, pollId);
      return results ? { results } : null;
    });
  }

  /** Per poll, the tail of its queue of broadcasts (results arrive in commit order). */
  const queues = new Map<string, Promise<void>>();
  function enqueue(pollId: string): Promise<void> {
    const run = (queues.get(pollId) ?? Promise.resolve())
      .then(() => (closed ? undefined : broadcast(pollId)))
      .catch((err) => logger.error({ err, pollId }, 'poll broadcast failed'));
    queues.set(pollId, run);
    void run.then(() => {
      if (queues.get(pollId) === run) queues.delete(pollId);
    });
    return run;
  }

  const timers = new Map<string, NodeJS.Timeout>();
  /** Arms the closing broadcast of a poll (once); nothing when it has closed already. */
  function armClosing(pollId: string, closesAt: string): void {
    if (closed || timers.has(pollId)) return;
    const wait = Date.parse(closesAt) - polls.now().getTime();
    if (!(wait >= 0)) return;
    const t = setTimeout(() => {
      timers.delete(pollId);
      if (polls.now().getTime() < Date.parse(closesAt)) return armClosing(pollId, closesAt);
      void enqueue(pollId);
    }, Math.min(wait, MAX_TIMEOUT));
    t.unref();
    timers.set(pollId, t);
  }

  const offVoted = deps.bus.on('poll:voted', ({ pollId, closesAt }) => {
    armClosing(pollId, closesAt);
    return enqueue(pollId);
  });

  /** Sends `poll:created` to each socket of `rooms` that may see the poll, in its own viewer's shape. */
  function announce(pollId: string, rooms: string | string[]): Promise<void> {
    return sendGated(io, accounts, logger, rooms, PollSocketEvents.pollCreated, async (viewer) => {
      const poll = await polls.viewFor(viewer, pollId);
      return poll ? { poll } : null;
    });
  }
  let createdTail: Promise<void> = Promise.resolve();
  const offCreated = deps.bus.on('poll:created', ({ pollId, planId, position }) => {
    const rooms = planId !== null ? planRoom(planId) : position ? roomsForPoint(position.lon, position.lat) : null;
    if (rooms === null) return undefined;
    createdTail = createdTail
      .then(() => (closed ? undefined : announce(pollId, rooms)))
      .catch((err) => logger.error({ err, pollId }, 'poll:created broadcast failed'));
    return createdTail;
  });

  return {
    register(socket: Socket) {
      onCommand(socket, PollSocketEvents.join, PollJoin, logger, async ({ pollId }) => {
        const viewer = viewerOf(await accounts.userForToken(socket.data.token));
        const poll = await polls.get(viewer, pollId); // not_found for polls the viewer may not see
        await socket.join(pollRoom(pollId));
        armClosing(pollId, poll.closesAt);
        return { ok: true, poll };
      });
      onCommand(socket, PollSocketEvents.leave, PollJoin, logger, async ({ pollId }) => {
        await socket.leave(pollRoom(pollId));
        return { ok: true };
      });
      onCommand(socket, PollSocketEvents.vote, PollVote, logger, async ({ pollId, choices }) => {
        const user = await accounts.userForToken(socket.data.token);
        if (!user) return ackFail(ErrorCode.unauthenticated, 'Sign in to vote.');
        const { ballot, poll } = await polls.vote(user, pollId, { choices });
        return { ok: true, ballot, poll };
      });
    },
    close() {
      closed = true;
      offVoted();
      offCreated();
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
