/**
 * A small in-process event bus. The domain emits after a commit (e.g. `comment:created`), the realtime layer
 * listens and broadcasts, so comments made over REST reach sockets too. Listeners run on a later turn of the
 * event loop (setImmediate): the command's own answer (ack or HTTP response) goes out first, and a failing
 * listener is reported to `onError` without touching the command or the other listeners.
 */
import type { Model, Placement, Scenario } from '../../../shared/index.js';
import type { Notification, SketchChangedEvent } from '../../../shared/index.js';
import type { ContentKind, ContentModerated, ModerationState } from '../../../shared/index.js';
import type { PlanRow } from '../store/plans.js';
import type { CommentRecord } from './comment-record.js';

export interface DomainEvents {
  'comment:created': { comment: CommentRecord };
  /** After any committed change of a plan row (the realtime layer serializes it per viewer, through the gate). */
  'plan:updated': { plan: PlanRow };
  /** After a scenario was created, changed (also its placements) or deleted. */
  'scenario:updated': { planId: string; event: { scenario: Scenario } | { scenarioId: string; deleted: true } };
  /** After a placement was made, moved or removed. */
  'model:placed': { planId: string; event: { placement: Placement } | { placementId: string; scenarioId: string; deleted: true } };
  /** After a model was uploaded to a plan (committed, blobs in place). */
  'model:uploaded': { planId: string; event: { model: Model } };
  /** After a model was deleted (after the `scenario:updated` of each scenario that had a placement of it). */
  'model:deleted': { planId: string; event: { planId: string; modelId: string } };
  /** After a ballot of the poll was stored, replaced or withdrawn (realtime/polls.ts sends `poll:results` through the results gate). */
  'poll:voted': { pollId: string; closesAt: string };
  /**
   * After a poll was created (committed). `planId` for a plan poll (realtime/polls.ts sends `poll:created` to the
   * plan room through the plan gate), else `position` (WGS84 degrees) of a spot poll (sent to its tile rooms).
   */
  'poll:created': { pollId: string; planId: string | null; position: { lon: number; lat: number } | null };
  /** After a thread changed (reply, support, status); the realtime layer serializes it per receiver through the gate. */
  'thread:updated': { threadId: string };
  /** After a sketch of a thread was created, edited or deleted (committed). */
  'sketch:changed': { threadId: string; event: SketchChangedEvent };
  /** After a notification was stored for `userId` (already checked through the gate for that user). */
  'notification:created': { userId: string; notification: Notification };
  /** After an account was deleted (committed): the realtime layer disconnects the sockets of room `user:<id>`. */
  'user:deleted': { userId: string };
  /** After a ban was committed (its sessions are gone): the realtime layer disconnects the sockets in room `user:<id>`. */
  'user:banned': { userId: string };
  /** After content entered the moderation queue (report, hold, flag); sent to the `moderation` room. */
  'moderation:queued': { kind: ContentKind; id: string };
  /** A moderator decided on the content (it left the pending queue); sent to the `moderation` room. */
  'moderation:resolved': { kind: ContentKind; id: string; state: ModerationState };
  /** Content became invisible, visible again or was redacted: the public event (no text) to the rooms that showed it. */
  'content:moderated': ContentModerated & { position: { lon: number; lat: number } | null };
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
