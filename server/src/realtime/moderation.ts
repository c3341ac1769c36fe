/**
 * The moderation room and the public moderation event over Socket.IO (issue 6).
 * - `moderation:join` → moderators and admins join room `moderation`, ack `{ok: true}`; everyone else
 *   `{ok: false, error: {code: 'forbidden'}}` (anonymous: `unauthenticated`). `moderation:leave` → ack `{ok: true}`.
 * - Domain `moderation:queued {kind, id}` → `moderation:queued {item}` (the QueueItem as it is now) and
 *   `moderation:resolved {kind, id, state}` to the room. The role is checked again for every socket at every
 *   delivery (its session → accounts.userForToken), so a demoted or signed-out socket gets nothing.
 * - Domain `content:moderated` → the public `content:moderated` (ContentModerated, no text) to the rooms where the
 *   content was shown: the tile rooms of its position (comments, replies, threads), `plan:<id>` for plan content
 *   and `thread:<id>` for threads, posts and sketches. Each socket gets it once.
 */
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import { ErrorCode, ModerationSocketEvents, roomsForPoint, roundPosition } from '../../../shared/index.js';
import type { AccountService } from '../domain/accounts.js';
import type { EventBus } from '../domain/events.js';
import { isModerator, type ModerationService } from '../domain/moderation.js';
import { ackFail, onCommand } from './ack.js';
import { KeyedQueue } from './gated.js';
import { planRoom } from './plans.js';
import { threadRoom } from './threads.js';

export interface ModerationRealtimeDeps {
  accounts: AccountService;
  moderation: ModerationService;
  bus: EventBus;
  logger: Logger;
  /** Public position precision, metres (config PUBLIC_POSITION_PRECISION_M): tile rooms use the rounded position. */
  precisionM?: number;
}

/** The room of moderators' sockets. */
export const MODERATION_ROOM = 'moderation';

/** Socket events this module handles (for the unknown-event check). */
export const MODERATION_COMMANDS = [ModerationSocketEvents.join, ModerationSocketEvents.leave] as const;

const Empty = z.unknown();

interface RoomSocket {
  data: { token?: string };
  emit(event: string, payload: unknown): unknown;
}

/** Registers moderation:join / moderation:leave on a connected socket. */
export function registerModerationCommands(socket: Socket, deps: ModerationRealtimeDeps): void {
  onCommand(socket, ModerationSocketEvents.join, Empty, deps.logger, async () => {
    const user = await deps.accounts.userForToken(socket.data.token);
    if (!user) return ackFail(ErrorCode.unauthenticated, 'Sign in as a moderator to follow the moderation queue.');
    if (!isModerator(user)) return ackFail(ErrorCode.forbidden, 'Only moderators and admins may follow the moderation queue.');
    await socket.join(MODERATION_ROOM);
    return { ok: true };
  });
  onCommand(socket, ModerationSocketEvents.leave, Empty, deps.logger, async () => {
    await socket.leave(MODERATION_ROOM);
    return { ok: true };
  });
}

/** Forwards the moderation domain events; returns the unsubscriber. */
export function attachModerationBroadcasts(io: Server, deps: ModerationRealtimeDeps): () => void {
  const { accounts, logger, moderation } = deps;
  const queue = new KeyedQueue(logger, 'moderation');

  const toModerators = async (event: string, payload: unknown) => {
    const sockets = (await io.in(MODERATION_ROOM).fetchSockets()) as unknown as RoomSocket[];
    await Promise.all(
      sockets.map(async (s) => {
        try {
          if (isModerator(await accounts.userForToken(s.data.token))) s.emit(event, payload);
        } catch (err) {
          logger.error({ err, event }, 'moderation delivery to one socket failed');
        }
      }),
    );
  };

  const offQueued = deps.bus.on('moderation:queued', ({ kind, id }) =>
    queue.enqueue(MODERATION_ROOM, async () => {
      const item = await moderation.itemFor(kind, id);
      if (item) await toModerators(ModerationSocketEvents.queued, { item });
    }),
  );
  const offResolved = deps.bus.on('moderation:resolved', (payload) =>
    queue.enqueue(MODERATION_ROOM, () => toModerators(ModerationSocketEvents.resolved, { kind: payload.kind, id: payload.id, state: payload.state })),
  );
  const offPublic = deps.bus.on('content:moderated', ({ position, ...event }) => {
    const rooms = new Set<string>();
    if (position && (event.kind === 'comment' || event.kind === 'reply' || event.kind === 'thread')) {
      // The ROUNDED position (issue 6), as comment:created used: membership leaks no more than the public pin.
      const pin = roundPosition({ lon: position.lon, lat: position.lat, height: 0 }, deps.precisionM ?? 1);
      for (const r of roomsForPoint(pin.lon, pin.lat)) rooms.add(r);
    }
    if (event.planId !== null) rooms.add(planRoom(event.planId));
    if (event.threadId !== null) rooms.add(threadRoom(event.threadId));
    if (rooms.size > 0) io.to([...rooms]).emit(ModerationSocketEvents.contentChanged, event);
  });

  return () => {
    offQueued();
    offResolved();
    offPublic();
  };
}
