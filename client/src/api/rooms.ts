/**
 * Following a socket room (plans, threads, the moderation room): one way to join now and again after every
 * reconnect, to listen to checked events, and to leave. Events whose payload does not match the shared schema are
 * dropped with a console warning (a newer server, or a bug), never handed to the UI.
 */
import type { z } from 'zod';
import type { RealtimeClient } from './socket.js';

/** Subscribes to `event`, parses every payload with `schema` and hands valid ones to `handle`. Returns the unsubscriber. */
export function listenChecked<S extends z.ZodType>(
  realtime: RealtimeClient,
  event: string,
  schema: S,
  handle: (payload: z.output<S>) => void,
): () => void {
  return realtime.on(event, (payload: unknown) => {
    const p = schema.safeParse(payload);
    if (!p.success) {
      console.warn(`${event} with an unexpected shape`, p.error.message);
      return;
    }
    handle(p.data);
  });
}

export interface RoomFollow {
  /** Sends the acked join; resolves with the ack (rejects when refused or timed out). */
  join(): Promise<unknown>;
  /** Sends the leave (fire and forget). */
  leave(): void;
  /** The subscriptions (each returns its unsubscriber), made once. */
  listeners: (() => void)[];
  /** After a reconnect (events may have been missed): refetch. */
  resync(): void;
  /** A join ack (first join or rejoin), while still following. */
  joined?(ack: unknown): void;
  /** The join was refused or timed out (the page still works, only not live). */
  joinFailed?(error: unknown): void;
}

/** Joins now and after every reconnect until the returned function is called (which unsubscribes and leaves). */
export function followRoom(realtime: RealtimeClient, room: RoomFollow): () => void {
  let live = true;
  const join = () => {
    room.join().then(
      (ack) => live && room.joined?.(ack),
      (e: unknown) => live && room.joinFailed?.(e),
    );
  };
  const offs = [
    ...room.listeners,
    realtime.onResync(() => {
      join();
      room.resync();
    }),
  ];
  join();
  return () => {
    live = false;
    for (const off of offs) off();
    room.leave();
  };
}
