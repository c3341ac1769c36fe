/**
 * Socket.IO on the app's HTTP server (default namespace).
 * - Handshake: refused when a browser connects from another origin (Origin / Sec-Fetch-Site, same rule as
 *   REST writes); the session cookie identifies the user. Anonymous sockets may look but not write.
 * - `viewport:subscribe {bbox}` → joins the tile rooms covering bbox (shared/geo.ts roomsForBBox).
 * - `comment:create {position, body, parentId?, clientId}` → ack after the commit.
 * - Domain event `comment:created` (from sockets or REST) → `comment:created {comment}` to the rooms of the
 *   comment's position (roomsForPoint), if the public may see it (domain/visibility.ts).
 * - Plan rooms: `plan:join` / `plan:leave` and the plan broadcasts, gated per socket (realtime/plans.ts).
 * - Poll rooms: `poll:join` / `poll:leave` / `poll:vote` and `poll:results` through the results gate; `poll:created`
 *   to the plan room (gated) or the tile rooms of a spot poll (realtime/polls.ts).
 * - Every signed-in socket joins its user room `user:<id>` on connect (notifications); thread rooms, presence and
 *   `thread:updated` / `sketch:changed` / `notification:created` (realtime/threads.ts).
 * - Moderation room `moderation:join {}` / `moderation:leave {}` and the public `content:moderated` (realtime/moderation.ts).
 * - Unknown events → `error:event {code: 'unknown_event', event, message}`.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { Logger } from 'pino';
import {
  CommentCreateCommand,
  ErrorCode,
  SocketEvents,
  ViewportSubscribe,
  roomsForBBox,
  roomsForPoint,
  roundPosition,
  type BBox,
} from '../../../shared/index.js';
import type { AccountService } from '../domain/accounts.js';
import type { CommentService } from '../domain/comments.js';
import type { EventBus } from '../domain/events.js';
import type { PlanService } from '../domain/plans.js';
import { canSeeComment } from '../domain/visibility.js';
import { PUBLIC_VIEWER } from '../domain/viewer.js';
import { crossOriginReason, type OriginPolicy } from '../http/origin.js';
import { sessionTokenFrom } from '../http/session-cookie.js';
import { ackFail, onCommand } from './ack.js';
import { attachPlanBroadcasts, PLAN_COMMANDS, registerPlanCommands } from './plans.js';
import { attachThreadBroadcasts, registerThreadCommands, THREAD_COMMANDS } from './threads.js';
import type { ThreadService } from '../domain/threads.js';
import { attachPolls, POLL_COMMANDS } from './polls.js';
import type { PollService } from '../domain/polls.js';
import { attachModerationBroadcasts, MODERATION_COMMANDS, registerModerationCommands } from './moderation.js';
import type { ModerationService } from '../domain/moderation.js';
import { attachRedisAdapter, type RedisAttachment } from './redis.js';

/** Largest socket message accepted, in bytes (a 2000-code-point comment fits many times over). */
export const MAX_SOCKET_MESSAGE = 64 * 1024;

export interface RealtimeDeps {
  httpServer: HttpServer;
  accounts: AccountService;
  comments: CommentService;
  plans: PlanService;
  polls: PollService;
  threads: ThreadService;
  moderation: ModerationService;
  bus: EventBus;
  logger: Logger;
  origin: OriginPolicy;
  redis?: { url: string; prefix: string };
}

export interface Realtime {
  io: Server;
  /** Disconnects every socket, stops broadcasting and closes the Redis clients. */
  close(): Promise<void>;
}

interface SocketData {
  /** Session token from the handshake cookie; the user is looked up again for every write. */
  token?: string;
  userId?: string;
}

const KNOWN_EVENTS = new Set<string>([SocketEvents.viewportSubscribe, SocketEvents.commentCreate, ...PLAN_COMMANDS, ...POLL_COMMANDS, ...THREAD_COMMANDS, ...MODERATION_COMMANDS]);
const TILE_ROOM = /^tile:/;

export async function createRealtime(deps: RealtimeDeps): Promise<Realtime> {
  const { logger, accounts, comments } = deps;
  const io = new Server<any, any, any, SocketData>(deps.httpServer, {
    serveClient: false,
    maxHttpBufferSize: MAX_SOCKET_MESSAGE,
    allowRequest: (req, callback) => {
      const encrypted = Boolean((req.socket as { encrypted?: boolean }).encrypted);
      const reason = crossOriginReason(req.headers, encrypted, deps.origin);
      if (reason) logger.info({ reason }, 'socket handshake refused');
      callback(reason ? `cross_origin_refused: ${reason}` : null, reason === null);
    },
  });

  let redis: RedisAttachment | undefined;
  if (deps.redis) {
    try {
      redis = await attachRedisAdapter(io, deps.redis.url, deps.redis.prefix, logger);
    } catch (err) {
      io.close();
      throw err;
    }
  }

  io.use((socket, next) => {
    const token = sessionTokenFrom(socket.request.headers);
    socket.data.token = token;
    accounts.userForToken(token).then(
      (user) => {
        socket.data.userId = user?.id;
        next();
      },
      (err) => {
        logger.error({ err }, 'session lookup failed during socket handshake');
        next(new Error('internal_error'));
      },
    );
  });

  const pollRealtime = attachPolls(io, { accounts, polls: deps.polls, bus: deps.bus, logger });

  io.on('connection', (socket: Socket<any, any, any, SocketData>) => {
    onCommand(socket, SocketEvents.viewportSubscribe, ViewportSubscribe, logger, async ({ bbox }) => {
      const rooms = roomsForBBox(bbox as BBox);
      for (const room of socket.rooms) if (TILE_ROOM.test(room)) socket.leave(room);
      socket.join(rooms);
      return { ok: true, rooms: rooms.length };
    });

    onCommand(socket, SocketEvents.commentCreate, CommentCreateCommand, logger, async (cmd) => {
      const user = await accounts.userForToken(socket.data.token);
      if (!user) return ackFail(ErrorCode.unauthenticated, 'Sign in to post comments.');
      const { comment, held } = await comments.create(user, cmd);
      if (held) return { ok: true, ...held }; // stored, held for review (issue 6): not published, not broadcast
      return { ok: true, comment: comments.toWire(comment) };
    });

    registerPlanCommands(socket, { accounts, plans: deps.plans, bus: deps.bus, logger });
    pollRealtime.register(socket);
    registerThreadCommands(io, socket, { accounts, threads: deps.threads, bus: deps.bus, logger });
    registerModerationCommands(socket, { accounts, moderation: deps.moderation, bus: deps.bus, logger });

    socket.onAny((event: unknown, ...args: unknown[]) => {
      if (typeof event === 'string' && KNOWN_EVENTS.has(event)) return;
      const name = String(event).slice(0, 100);
      const message = `Unknown event ${JSON.stringify(name)}.`;
      socket.emit(SocketEvents.error, { code: ErrorCode.unknownEvent, event: name, message });
      const ack = args[args.length - 1];
      if (typeof ack === 'function') {
        try {
          ack(ackFail(ErrorCode.unknownEvent, message));
        } catch (err) {
          logger.warn({ err, event: name }, 'ack callback failed');
        }
      }
    });

    socket.on('error', (err: Error) => logger.warn({ err: err.message }, 'socket error'));
  });

  let closing = false;
  const offThreads = attachThreadBroadcasts(io, { accounts, threads: deps.threads, bus: deps.bus, logger });
  const offModeration = attachModerationBroadcasts(io, { accounts, moderation: deps.moderation, bus: deps.bus, logger, precisionM: comments.publicPositionPrecisionM });
  const offPlans = attachPlanBroadcasts(io, { accounts, plans: deps.plans, bus: deps.bus, logger });
  const offCreated = deps.bus.on('comment:created', ({ comment }) => {
    if (closing || !canSeeComment(PUBLIC_VIEWER, comment)) return;
    // Tile rooms of the ROUNDED position (issue 6): room membership reveals no more than the public position.
    const pin = roundPosition(comment.position, comments.publicPositionPrecisionM);
    const rooms = roomsForPoint(pin.lon, pin.lat);
    io.to(rooms).emit(SocketEvents.commentCreated, { comment: comments.toWire(comment) });
  });

  // A deleted account (issue 6): its open sockets go at once (they carried the now-deleted session).
  const offUserDeleted = deps.bus.on('user:deleted', ({ userId }) => {
    if (!closing) io.in(`user:${userId}`).disconnectSockets(true);
  });
  // A ban (issue 6, domain/sanctions.ts): the sessions are deleted; the open sockets of the user go at once too.
  const offUserBanned = deps.bus.on('user:banned', ({ userId }) => {
    if (!closing) io.in(`user:${userId}`).disconnectSockets(true);
  });

  let closed: Promise<void> | undefined;
  return {
    io,
    close() {
      return (closed ??= (async () => {
        closing = true;
        offCreated();
        offUserDeleted();
        offUserBanned();
        offPlans();
        offModeration();
        offThreads();
        pollRealtime.close();
        io.disconnectSockets(true);
        await new Promise<void>((resolve) => {
          // io.close() also closes the HTTP server; its callback fires once no connection is left.
          io.close(() => resolve());
        });
        await redis?.close();
      })());
    },
  };
}
