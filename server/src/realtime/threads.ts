/**
 * Thread rooms, presence and notifications over Socket.IO (issue 5).
 * - Every authenticated socket joins its user room `user:<id>` on connect; `notification:created {notification}`
 *   goes there (the notification was checked through the gate for that user when it was stored).
 * - `thread:join {threadId}` → joins room `thread:<id>`; ack `{ok: true, thread, presence}` (the thread as this
 *   viewer sees it; `not_found` exactly as REST for threads the viewer may not see). `thread:leave {threadId}` →
 *   leaves; ack `{ok: true}`.
 * - Presence: the signed-in accounts with at least one socket in the room (each account once, however many
 *   sockets or tabs; anonymous sockets may watch but are not listed). Computed from the room itself
 *   (`fetchSockets`, so with the Redis adapter every node counts) and sent as `presence:changed
 *   {threadId, users}` to the room after every join, leave and disconnect.
 * - Domain events `thread:updated` (the thread serialized per receiving socket) and `sketch:changed` go to the
 *   sockets in the thread's room, each checked through the thread gate with its current session at send time
 *   (a thread or sketch under moderation is not delivered: the gate answers not_found for it).
 *   The events of one thread are sent in the order the domain emitted them.
 */
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import { ThreadJoin, ThreadSocketEvents, type PresenceChangedEvent } from '../../../shared/index.js';
import type { AccountService } from '../domain/accounts.js';
import type { EventBus } from '../domain/events.js';
import type { ThreadService } from '../domain/threads.js';
import { viewerOf } from '../domain/viewer.js';
import { onCommand } from './ack.js';
import { KeyedQueue, sendGated } from './gated.js';

export interface ThreadRealtimeDeps {
  accounts: AccountService;
  threads: ThreadService;
  bus: EventBus;
  logger: Logger;
}

/** Socket events this module handles (for the unknown-event check). */
export const THREAD_COMMANDS = [ThreadSocketEvents.join, ThreadSocketEvents.leave] as const;

export function threadRoom(threadId: string): string {
  return `thread:${threadId}`;
}

export function userRoom(userId: string): string {
  return `user:${userId}`;
}

const THREAD_ROOM = /^thread:(.+)$/;

interface RoomSocket {
  data: { token?: string; userId?: string; displayName?: string };
  emit(event: string, payload: unknown): unknown;
}

/** Who is in a thread's room now: each signed-in account once, ordered by display name. */
export async function presenceOf(io: Server, threadId: string): Promise<PresenceChangedEvent> {
  const sockets = (await io.in(threadRoom(threadId)).fetchSockets()) as unknown as RoomSocket[];
  const users = new Map<string, string>();
  for (const s of sockets) if (s.data.userId) users.set(s.data.userId, s.data.displayName ?? '');
  const list = [...users].map(([id, displayName]) => ({ id, displayName }));
  list.sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));
  return { threadId, users: list };
}

/**
 * Registers thread:join / thread:leave on a connected socket, joins its user room and sends presence updates
 * when it leaves or disconnects. `socket.data.token` / `socket.data.userId` come from the handshake.
 */
export function registerThreadCommands(io: Server, socket: Socket, deps: ThreadRealtimeDeps): void {
  const { logger } = deps;
  if (socket.data.userId) void socket.join(userRoom(socket.data.userId));

  const announce = async (threadId: string) => {
    try {
      io.to(threadRoom(threadId)).emit(ThreadSocketEvents.presenceChanged, await presenceOf(io, threadId));
    } catch (err) {
      logger.error({ err, threadId }, 'presence broadcast failed');
    }
  };

  onCommand(socket, ThreadSocketEvents.join, ThreadJoin, logger, async ({ threadId }) => {
    const user = await deps.accounts.userForToken(socket.data.token);
    const thread = await deps.threads.get(viewerOf(user), threadId); // not_found for threads the viewer may not see
    socket.data.displayName = user?.displayName;
    await socket.join(threadRoom(threadId));
    const presence = await presenceOf(io, threadId);
    socket.to(threadRoom(threadId)).emit(ThreadSocketEvents.presenceChanged, presence);
    return { ok: true, thread, presence };
  });

  onCommand(socket, ThreadSocketEvents.leave, ThreadJoin, logger, async ({ threadId }) => {
    const was = socket.rooms.has(threadRoom(threadId));
    await socket.leave(threadRoom(threadId));
    if (was) await announce(threadId);
    return { ok: true };
  });

  let leaving: string[] = [];
  socket.on('disconnecting', () => {
    leaving = [...socket.rooms].map((r) => THREAD_ROOM.exec(r)?.[1]).filter((id): id is string => id !== undefined);
  });
  socket.on('disconnect', () => {
    for (const threadId of leaving) void announce(threadId);
  });
}

/** Forwards thread domain events to thread rooms and user rooms through the gate. Returns the unsubscriber. */
export function attachThreadBroadcasts(io: Server, deps: ThreadRealtimeDeps): () => void {
  const { threads, accounts, logger } = deps;

  const toRoom = (threadId: string, event: string, payloadFor: (viewer: ReturnType<typeof viewerOf>) => Promise<unknown | null>) =>
    sendGated(io, accounts, logger, threadRoom(threadId), event, payloadFor);
  const queue = new KeyedQueue(logger, 'thread');
  const enqueue = (threadId: string, job: () => Promise<void>) => queue.enqueue(threadId, job);

  const offUpdated = deps.bus.on('thread:updated', ({ threadId }) =>
    enqueue(threadId, () =>
      toRoom(threadId, ThreadSocketEvents.threadUpdated, async (viewer) => {
        const thread = await threads.viewFor(viewer, threadId);
        return thread && { thread };
      }),
    ),
  );
  const offSketch = deps.bus.on('sketch:changed', ({ threadId, event }) =>
    enqueue(threadId, () =>
      toRoom(threadId, ThreadSocketEvents.sketchChanged, async (viewer) => {
        if (!(await threads.viewFor(viewer, threadId))) return null;
        // A sketch put under moderation meanwhile (held, hidden, removed) is not delivered (issue 6).
        if ('sketch' in event && event.sketch && !(await threads.sketches.isVisible(event.sketch.id))) return null;
        return event;
      }),
    ),
  );
  // The receiver was checked through the gate when the notification was stored; each socket's session is checked
  // again here, so a socket whose session ended (logout) gets nothing.
  const offNote = deps.bus.on('notification:created', async ({ userId, notification }) => {
    const sockets = (await io.in(userRoom(userId)).fetchSockets()) as unknown as RoomSocket[];
    for (const s of sockets) {
      const user = await accounts.userForToken(s.data.token);
      if (user?.id === userId) s.emit(ThreadSocketEvents.notificationCreated, { notification });
    }
  });

  return () => {
    offUpdated();
    offSketch();
    offNote();
  };
}
