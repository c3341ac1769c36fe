/**
 * Live events of one open co-creation thread and of the signed-in user's notifications over the page's socket
 * (shared/threads.ts ThreadSocketEvents):
 *
 * - `followThread`: `thread:join {threadId}` (acked `{ok, thread, presence}`) when a thread is opened and again after
 *   every reconnect, `thread:leave {threadId}` when it is closed; incoming `thread:updated`, `sketch:changed` and
 *   `presence:changed` are checked with the shared schemas and handed on (events of other threads are ignored).
 * - `followNotifications`: `notification:created {notification}` (the server sends it to room `user:<id>`, joined on
 *   connect) and a resync after reconnects.
 */
import {
  NotificationCreatedEvent,
  PresenceChangedEvent,
  SketchChangedEvent,
  ThreadJoinAck,
  ThreadSocketEvents,
  ThreadUpdatedEvent,
  type Notification,
  type Thread,
} from '../../../shared/index.js';
import { followRoom, listenChecked } from './rooms.js';
import type { RealtimeClient } from './socket.js';

export interface ThreadEventHandlers {
  /** The joined thread and who is there (on join and every rejoin). */
  joined(thread: Thread, presence: PresenceChangedEvent['users']): void;
  thread(thread: Thread): void;
  sketch(e: SketchChangedEvent): void;
  presence(users: PresenceChangedEvent['users']): void;
  /** After a reconnect (events may have been missed): refetch posts. */
  resync(): void;
  /** The join was refused or timed out (the thread still works, only not live). */
  joinFailed?(error: unknown): void;
}

/** Follows thread `threadId` until the returned function is called (which leaves the room). */
export function followThread(realtime: RealtimeClient, threadId: string, h: ThreadEventHandlers): () => void {
  return followRoom(realtime, {
    join: () => realtime.command(ThreadSocketEvents.join, { threadId }),
    joined: (ack) => {
      const p = ThreadJoinAck.safeParse(ack);
      if (!p.success) return console.warn(`${ThreadSocketEvents.join} with an unexpected shape`, p.error.message);
      h.joined(p.data.thread, p.data.presence.users);
    },
    leave: () => realtime.send(ThreadSocketEvents.leave, { threadId }),
    resync: () => h.resync(),
    joinFailed: h.joinFailed,
    listeners: [
      listenChecked(realtime, ThreadSocketEvents.threadUpdated, ThreadUpdatedEvent, (e) => e.thread.id === threadId && h.thread(e.thread)),
      listenChecked(realtime, ThreadSocketEvents.sketchChanged, SketchChangedEvent, (e) => e.threadId === threadId && h.sketch(e)),
      listenChecked(realtime, ThreadSocketEvents.presenceChanged, PresenceChangedEvent, (e) => e.threadId === threadId && h.presence(e.users)),
    ],
  });
}

/** Listens for the user's new notifications; `resync` after reconnects. Returns the function that stops. */
export function followNotifications(realtime: RealtimeClient, h: { created(n: Notification): void; resync(): void }): () => void {
  const offs = [
    listenChecked(realtime, ThreadSocketEvents.notificationCreated, NotificationCreatedEvent, (e) => h.created(e.notification)),
    realtime.onResync(() => h.resync()),
  ];
  return () => {
    for (const off of offs) off();
  };
}
