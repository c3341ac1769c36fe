/**
 * Redis adapter for Socket.IO (@socket.io/redis-adapter), used when REDIS_URL is set: broadcasts to rooms
 * reach the sockets of every server node attached to the same Redis (and prefix).
 */
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Server } from 'socket.io';
import type { Logger } from 'pino';

export interface RedisAttachment {
  close(): Promise<void>;
}

/**
 * Connects a publisher and a subscriber client and installs the adapter on `io`.
 * @throws Error naming the URL's host when Redis cannot be reached.
 */
export async function attachRedisAdapter(io: Server, url: string, prefix: string, logger: Logger): Promise<RedisAttachment> {
  const where = (() => {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 6379}`;
  })();
  const pub = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5000) } });
  const sub = pub.duplicate();
  let closing = false;
  const onError = (err: Error) => {
    if (!closing) logger.warn({ err: err.message, redis: where }, 'redis connection error');
  };
  pub.on('error', onError);
  sub.on('error', onError);
  try {
    await Promise.all([connectOnce(pub), connectOnce(sub)]);
  } catch (err) {
    closing = true;
    pub.destroy();
    sub.destroy();
    throw new Error(`cannot connect to Redis at ${where}: ${(err as Error).message}`);
  }
  io.adapter(createAdapter(pub, sub, { key: prefix }));
  logger.info({ redis: where, prefix }, 'socket.io uses the Redis adapter');
  return {
    async close() {
      if (closing) return;
      closing = true;
      await Promise.allSettled([pub.close(), sub.close()]);
    },
  };
}

/** connect(), but fail (instead of retrying forever) when the first attempt fails. */
interface Connectable {
  connect(): Promise<unknown>;
  once(event: 'error', fn: (err: Error) => void): unknown;
  off(event: 'error', fn: (err: Error) => void): unknown;
}
async function connectOnce(client: Connectable): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const fail = (err: Error) => reject(err);
    client.once('error', fail);
    client.connect().then(
      () => {
        client.off('error', fail);
        resolve();
      },
      reject,
    );
  });
}
