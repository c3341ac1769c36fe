/**
 * Delivery through the visibility gate, shared by the plan, poll and thread rooms: every socket in the rooms is
 * asked afresh who it is (its session token → viewer) and gets its own payload, or nothing when the gate says no.
 * Sockets are fetched with `fetchSockets()`, so with the Redis adapter the sockets of every node are reached.
 */
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import type { AccountService } from '../domain/accounts.js';
import { viewerOf, type Viewer } from '../domain/viewer.js';

interface RoomSocket {
  data: { token?: string };
  emit(event: string, payload: unknown): unknown;
}

/**
 * Sends `event` to every socket in `rooms` with the payload `payloadFor(viewer)` builds for that socket's viewer;
 * null skips the socket. A failure for one socket is logged and does not stop the others.
 */
export async function sendGated(
  io: Server,
  accounts: AccountService,
  logger: Logger,
  rooms: string | string[],
  event: string,
  payloadFor: (viewer: Viewer) => Promise<unknown | null>,
): Promise<void> {
  const sockets = (await io.in(rooms).fetchSockets()) as unknown as RoomSocket[];
  await Promise.all(
    sockets.map(async (s) => {
      try {
        const payload = await payloadFor(viewerOf(await accounts.userForToken(s.data.token)));
        if (payload !== null) s.emit(event, payload);
      } catch (err) {
        logger.error({ err, event, rooms }, 'gated broadcast to one socket failed');
      }
    }),
  );
}

/**
 * Runs jobs one after another per key (a plan, poll or thread), so its sockets get its events in commit order.
 * A failing job is logged; the queue goes on.
 */
export class KeyedQueue {
  private tails = new Map<string, Promise<void>>();

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  enqueue(key: string, job: () => Promise<void>): Promise<void> {
    const run = (this.tails.get(key) ?? Promise.resolve()).then(job).catch((err) => this.logger.error({ err, key }, `${this.what} broadcast failed`));
    this.tails.set(key, run);
    void run.then(() => {
      if (this.tails.get(key) === run) this.tails.delete(key);
    });
    return run;
  }
}
