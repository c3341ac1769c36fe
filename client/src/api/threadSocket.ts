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

const warn = (event: string, msg: string) => console.warn(`${event} with an unexpected shape`, msg);

/** Follows thread `threadId` until the returned function is called (which leaves the room). */
export function followThread(realtime: RealtimeClient, threadId: string, h: ThreadEventHandlers): () => void {
  let live = true;
  const join = () => {
    realtime
      .command(ThreadSocketEvents.join, { threadId })
      .then((ack) => {
        if (!live) return;
        const p = ThreadJoinAck.safeParse(ack);
        if (!p.success) return warn(ThreadSocketEvents.join, p.error.message);
        h.joined(p.data.thread, p.data.presence.users);
      })
      .catch((e: unknown) => live && h.joinFailed?.(e));
  };
  const offs = [
    realtime.on(ThreadSocketEvents.threadUpdated, (payload) => {
      const p = ThreadUpdatedEvent.safeParse(payload);
      if (!p.success) return warn(ThreadSocketEvents.threadUpdated, p.error.message);
      if (p.data.thread.id === threadId) h.thread(p.data.thread);
    }),
    realtime.on(ThreadSocketEvents.sketchChanged, (payload) => {
      const p = SketchChangedEvent.safeParse(payload);
      if (!p.success) return warn(ThreadSocketEvents.sketchChanged, p.error.message);
      if (p.data.threadId === threadId) h.sketch(p.data);
    }),
    realtime.on(ThreadSocketEvents.presenceChanged, (payload) => {
      const p = PresenceChangedEvent.safeParse(payload);
      if (!p.success) return warn(ThreadSocketEvents.presenceChanged, p.error.message);
      if (p.data.threadId === threadId) h.presence(p.data.users);
    }),
    realtime.onResync(() => {
      join();
      h.resync();
    }),
  ];
  join();
  return () => {
    live = false;
    for (const off of offs) off();
    realtime.send(ThreadSocketEvents.leave, { threadId });
  };
}

/** Listens for the user's new notifications; `resync` after reconnects. Returns the function that stops. */
export function followNotifications(realtime: RealtimeClient, h: { created(n: Notification): void; resync(): void }): () => void {
  const offs = [
    realtime.on(ThreadSocketEvents.notificationCreated, (payload) => {
      const p = NotificationCreatedEvent.safeParse(payload);
      if (!p.success) return warn(ThreadSocketEvents.notificationCreated, p.error.message);
      h.created(p.data.notification);
    }),
    realtime.onResync(() => h.resync()),
  ];
  return () => {
    for (const off of offs) off();
  };
}
