/**
 * A small in-process event bus. The domain emits after a commit (e.g. `comment:created`), the realtime layer
 * listens and broadcasts, so comments made over REST reach sockets too. Listeners run on a later turn of the
 * event loop (setImmediate): the command's own answer (ack or HTTP response) goes out first, and a failing
 * listener is reported to `onError` without touching the command or the other listeners.
 */
import type { CommentRecord } from './comment-record.js';

export interface DomainEvents {
  'comment:created': { comment: CommentRecord };
}

type Listener<K extends keyof DomainEvents> = (payload: DomainEvents[K]) => void | Promise<void>;

export class EventBus {
  private listeners = new Map<keyof DomainEvents, Set<Listener<any>>>();

  constructor(private readonly onError: (err: unknown, event: string) => void = () => {}) {}

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends keyof DomainEvents>(event: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set!.delete(listener);
  }

  /** Delivers the payload to every listener of `event` on the next turn of the event loop. */
  emit<K extends keyof DomainEvents>(event: K, payload: DomainEvents[K]): void {
    const set = this.listeners.get(event);
    if (!set || set.size === 0) return;
    for (const listener of [...set]) {
      setImmediate(() => {
        try {
          Promise.resolve(listener(payload)).catch((err) => this.onError(err, event));
        } catch (err) {
          this.onError(err, event);
        }
      });
    }
  }

  /** Drops every listener (on shutdown). */
  clear(): void {
    this.listeners.clear();
  }
}
