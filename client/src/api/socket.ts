/**
 * The live connection (Socket.IO, default namespace, same origin; the handshake carries the
 * session cookie, so after logging in or out call `reconnect()`).
 *
 * - `viewport:subscribe {bbox}` is sent on every `subscribe()` and again after every (re)connect.
 * - `comment:create` carries a client-generated `clientId` (crypto.randomUUID()); retries after a
 *   timeout or a reconnect send the same id, so the server stores one comment (DESIGN.md: Habits).
 * - Incoming `comment:created` events are parsed with the shared schema and handed to listeners.
 * - After a reconnect listeners get `resync`, so the UI refetches what it may have missed.
 */
import { io, type Socket } from 'socket.io-client';
import {
  Comment,
  CommentCreateCommand,
  CommentCreatedEvent,
  SocketEvents,
  type BBox,
} from '../../../shared/index.js';
import { ApiError, ClientErrorCode, fieldErrorsOf, noticeSessionEnd } from './errors.js';
import { z } from 'zod';

export type RealtimeStatus = 'connecting' | 'online' | 'offline';

interface Listeners {
  commentCreated: Set<(c: Comment) => void>;
  resync: Set<() => void>;
  status: Set<(s: RealtimeStatus) => void>;
}

const AckSchema = z.union([
  z.object({ ok: z.literal(true), comment: Comment }),
  /** Stored but held for a moderator's review (issue 6: personal data posted anyway, or a word filter). */
  z.object({ ok: z.literal(true), held: z.literal(true), kind: z.string(), id: z.string() }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: z.string(), message: z.string().default(''), errors: z.array(z.unknown()).optional() }),
  }),
]);

/** How long one attempt of a command waits for its ack, and how many attempts are made. */
const ACK_TIMEOUT_MS = 8000;
const ATTEMPTS = 4;

/** A new idempotency key for one `comment:create` (kept across that command's retries). */
export function newClientId(): string {
  return crypto.randomUUID();
}

export class RealtimeClient {
  private readonly socket: Socket;
  private bbox: BBox | null = null;
  private connectedOnce = false;
  private _status: RealtimeStatus = 'connecting';
  private readonly listeners: Listeners = { commentCreated: new Set(), resync: new Set(), status: new Set() };

  /** Connects at once to the app's own origin (`/socket.io`). */
  constructor() {
    this.socket = io({ withCredentials: true, autoConnect: false });
    this.socket.on('connect', () => {
      this.setStatus('online');
      if (this.bbox) this.sendSubscribe(this.bbox);
      if (this.connectedOnce) for (const f of this.listeners.resync) f();
      this.connectedOnce = true;
    });
    this.socket.on('disconnect', (reason) => {
      // Our own reconnect (after logging in or out) is not an outage worth telling the user about.
      this.setStatus(reason === 'io client disconnect' ? 'connecting' : 'offline');
      // A server-side disconnect is not retried by socket.io itself.
      if (reason === 'io server disconnect') this.socket.connect();
    });
    this.socket.on('connect_error', () => {
      this.setStatus('offline');
      if (!this.socket.active) setTimeout(() => this.socket.connect(), 2000);
    });
    this.socket.on(SocketEvents.commentCreated, (payload: unknown) => {
      const parsed = CommentCreatedEvent.safeParse(payload);
      if (!parsed.success) {
        console.warn('comment:created with an unexpected shape', parsed.error.message);
        return;
      }
      for (const f of this.listeners.commentCreated) f(parsed.data.comment);
    });
    this.socket.connect();
  }

  get status(): RealtimeStatus {
    return this._status;
  }

  private setStatus(s: RealtimeStatus): void {
    if (s === this._status) return;
    this._status = s;
    for (const f of this.listeners.status) f(s);
  }

  /** Listen for `comment:created` (already schema-checked). Returns the unsubscribe function. */
  onCommentCreated(f: (c: Comment) => void): () => void {
    this.listeners.commentCreated.add(f);
    return () => this.listeners.commentCreated.delete(f);
  }

  /** Called after every reconnect (not the first connect): refetch whatever is on screen. */
  onResync(f: () => void): () => void {
    this.listeners.resync.add(f);
    return () => this.listeners.resync.delete(f);
  }

  onStatus(f: (s: RealtimeStatus) => void): () => void {
    this.listeners.status.add(f);
    return () => this.listeners.status.delete(f);
  }

  /** Follow what happens in bbox (degrees, [west, south, east, north]); replaces earlier subscriptions. */
  subscribe(bbox: BBox): void {
    this.bbox = bbox;
    if (this.socket.connected) this.sendSubscribe(bbox);
  }

  private sendSubscribe(bbox: BBox): void {
    this.socket.timeout(ACK_TIMEOUT_MS).emit(SocketEvents.viewportSubscribe, { bbox }, (err: unknown, ack: unknown) => {
      if (err) return; // resent on the next connect or view change
      if (ack && typeof ack === 'object' && (ack as { ok?: unknown }).ok === false) {
        console.warn('viewport:subscribe refused', ack);
      }
    });
  }

  /**
   * Listen to a server event by name; the payload arrives unparsed (callers check it with the shared schema,
   * e.g. api/planSocket.ts). Returns the unsubscribe function.
   */
  on(event: string, f: (payload: unknown) => void): () => void {
    this.socket.on(event, f);
    return () => {
      this.socket.off(event, f);
    };
  }

  /**
   * Emits `event` with `payload` and waits for its ack (one attempt of ACK_TIMEOUT_MS; emits made while
   * disconnected are sent on connect). Resolves the ack; throws ApiError `timeout`, or the ack's error code when
   * it is `{ ok: false, error }`.
   */
  async command(event: string, payload: unknown): Promise<unknown> {
    let ack: unknown;
    try {
      ack = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload);
    } catch {
      throw new ApiError(ClientErrorCode.timeout, `${event} got no ack`);
    }
    if (ack && typeof ack === 'object' && (ack as { ok?: unknown }).ok === false) {
      const e = (ack as { error?: { code?: unknown; message?: unknown } }).error ?? {};
      throw noticeSessionEnd(new ApiError(String(e.code ?? 'internal_error'), String(e.message ?? ''), 0, fieldErrorsOf(e)));
    }
    return ack;
  }

  /** Sends `event` without waiting for an answer (e.g. `plan:leave`). */
  send(event: string, payload: unknown): void {
    this.socket.emit(event, payload);
  }

  /** Drop and re-open the connection so the handshake carries the current session cookie. */
  reconnect(): void {
    this.socket.disconnect();
    this.socket.connect();
  }

  /**
   * `comment:create` → the stored comment (after the server's commit). The command is checked
   * with the shared schema first (ApiError `validation_failed` with field errors). Sends the same
   * `clientId` on every retry; throws ApiError with the server's code, or `timeout`.
   * Issue 6: `confirmPersonalData: true` posts a text with personal data anyway; the server then holds it and the
   * answer is `{held: true, kind, id}` instead of the comment. Errors `personal_data_detected` (with `errors`
   * naming field and kind), `content_blocked`, `account_muted`.
   */
  async createComment(cmd: CommentCreateCommand & { confirmPersonalData?: boolean }): Promise<Comment | { held: true; kind: string; id: string }> {
    const local = CommentCreateCommand.safeParse(cmd);
    if (!local.success) {
      const errors = local.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      throw new ApiError('validation_failed', local.error.message, 0, errors);
    }
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      let ack: unknown;
      try {
        const payload = cmd.confirmPersonalData ? { ...local.data, confirmPersonalData: true } : local.data;
        ack = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(SocketEvents.commentCreate, payload);
      } catch {
        continue; // no ack in time: send again with the same clientId
      }
      const parsed = AckSchema.safeParse(ack);
      if (!parsed.success) throw new ApiError(ClientErrorCode.invalidResponse, parsed.error.message);
      if (parsed.data.ok) return 'held' in parsed.data ? { held: true, kind: parsed.data.kind, id: parsed.data.id } : parsed.data.comment;
      const e = parsed.data.error;
      throw noticeSessionEnd(new ApiError(e.code, e.message, 0, fieldErrorsOf(e)));
    }
    throw new ApiError(ClientErrorCode.timeout, 'comment:create got no ack');
  }
}
