/**
 * Sketches of a co-creation thread (issue 5): points, lines and polygons (GeoJSON, WGS84) that polygons may
 * extrude to a height (metres, 0..300). Any participant adds, edits or deletes any sketch of the thread (the
 * thread gate's participate rule); every state is kept in `sketch_versions` with its author. Edits carry the
 * `version` last seen (optimistic locking: `version_conflict`). After the commit `sketch:changed` is emitted.
 *
 * Geometry checks beyond the schema (shared/threads.ts `SketchGeometry` already refuses non-finite numbers,
 * out-of-range lon/lat, more than 2,000 vertices and heights outside 0..300):
 * - Coordinates are stored as [lon, lat] (a third value is dropped: sketches stand on the ground and are
 *   extruded by `height`); repeated consecutive vertices are dropped.
 * - Polygons: checked like a plan area (plan-area.ts, turf `kinks`): a ring crossing itself or another ring,
 *   fewer than 3 distinct points, no surface, or a hole outside the outer ring → `invalid_sketch` with the path
 *   `geometry.coordinates.<ring>` (prefixed by the list index on thread creation). An open ring is closed.
 * - Lines: at least 2 distinct points (`invalid_sketch`). Lines may cross themselves (a route can loop).
 * - `height` is only for polygons (`validation_failed` on `height` otherwise).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  CreateSketchBody,
  ErrorCode,
  THREAD_LIMITS,
  UpdateSketchBody,
  type Sketch,
  type SketchGeometry,
  type SketchVersion,
} from '../../../shared/index.js';
import type { Database } from '../store/schema.js';
import {
  countSketches,
  findSketch,
  insertSketch,
  insertSketchVersion,
  listSketches,
  listSketchVersions,
  sketchThreadId,
  touchThread,
  updateSketchIfVersion,
} from '../store/threads.js';
import { DomainError, fieldErrorsFromIssues } from './errors.js';
import type { EventBus } from './events.js';
import { checkPlanArea } from './plan-area.js';
import { assertMayPost } from './sanctions.js';
import { emitQueued, enqueueScreened, screen, type HeldContent } from './screening.js';
import { assertParticipate, toWireSketch, toWireSketchVersion, type ThreadAccess } from './thread-record.js';
import { viewerOf, type Viewer, type ViewerUser } from './viewer.js';

type Access = (viewer: Viewer, threadId: string, db?: Kysely<Database>) => Promise<ThreadAccess>;

function invalid(message: string, path: string): never {
  throw new DomainError(ErrorCode.invalidSketch, message, [{ path, message }]);
}

function dedupe(coords: number[][]): [number, number][] {
  const out: [number, number][] = [];
  for (const p of coords) {
    const q: [number, number] = [p[0]!, p[1]!];
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  return out;
}

/**
 * Normalises a sketch geometry and refuses shapes that are not simple (see the module comment).
 * `prefix`: prepended to field paths (e.g. `sketches.0.`).
 * @throws DomainError invalid_sketch.
 */
export function checkSketchGeometry(g: SketchGeometry, prefix = ''): SketchGeometry {
  const path = `${prefix}geometry`;
  if (g.type === 'Point') return { type: 'Point', coordinates: [g.coordinates[0]!, g.coordinates[1]!] };
  if (g.type === 'LineString') {
    const line = dedupe(g.coordinates);
    if (line.length < 2) invalid('a line needs at least 2 distinct points', `${path}.coordinates`);
    return { type: 'LineString', coordinates: line };
  }
  try {
    const { area } = checkPlanArea({ type: 'Polygon', coordinates: g.coordinates });
    return { type: 'Polygon', coordinates: area.coordinates };
  } catch (err) {
    if (err instanceof DomainError && err.code === ErrorCode.invalidArea) {
      const message = err.message.replace(/^the area/, 'the polygon');
      throw new DomainError(
        ErrorCode.invalidSketch,
        message,
        (err.errors ?? [{ path: 'area', message }]).map((f) => ({ path: f.path.replace(/^area/, path), message: f.message.replace(/^the area/, 'the polygon') })),
      );
    }
    throw err;
  }
}

function parseBody<T>(schema: { safeParse(x: unknown): { success: true; data: T } | { success: false; error: { issues: any[] } } }, input: unknown, prefix = ''): T {
  const r = schema.safeParse(input);
  if (!r.success) throw new DomainError(ErrorCode.validation, 'The sketch is not valid.', fieldErrorsFromIssues(r.error.issues, prefix.replace(/\.$/, '')));
  return r.data;
}

/**
 * Inserts a new sketch (version 1) and its first kept version in `trx`. `body` is a parsed CreateSketchBody.
 * @throws invalid_sketch.
 */
export async function insertNewSketch(
  trx: Kysely<Database>,
  threadId: string,
  userId: string,
  body: { geometry: SketchGeometry; height: number; label?: string | null },
  at: string,
  prefix = '',
  /** Set when the sketch is stored held for review (screening.ts); a sketch inside a held thread needs none. */
  hiddenAt: string | null = null,
): Promise<string> {
  const geometry = checkSketchGeometry(body.geometry, prefix);
  const id = randomUUID();
  const label = body.label ? body.label : null;
  const g = JSON.stringify(geometry);
  await insertSketch(trx, {
    id, thread_id: threadId, geometry: g, height: body.height, label, version: 1,
    created_by: userId, updated_by: userId, created_at: at, updated_at: at, deleted_at: null, hidden_at: hiddenAt,
  });
  await insertSketchVersion(trx, { sketch_id: id, version: 1, thread_id: threadId, geometry: g, height: body.height, label, action: 'created', author_id: userId, at });
  return id;
}

export class SketchService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly access: Access,
    private readonly bus: EventBus,
    private readonly now: () => Date = () => new Date(),
    /** Public position precision, metres: sketch geometry on the wire is rounded to it (the stored one is exact). */
    private readonly precisionM: number = 1,
  ) {}

  /** A sketch row on the wire, rounded to the public precision. */
  private wire(r: Parameters<typeof toWireSketch>[0]): Sketch {
    return toWireSketch(r, this.precisionM);
  }

  /** Live sketches of a visible thread, oldest first. @throws not_found. */
  async list(viewer: Viewer, threadId: string): Promise<Sketch[]> {
    await this.access(viewer, threadId);
    return (await listSketches(this.db, [threadId])).map((r) => this.wire(r));
  }

  /**
   * Adds a sketch. A label is screened (screening.ts): when held, the sketch is stored hidden, nothing is broadcast
   * and the answer is `{held: true, kind: 'sketch', id}`.
   * @throws validation_failed, invalid_sketch, not_found, unauthenticated, thread_closed, phase_closed,
   *   account_muted, content_blocked, personal_data_detected.
   */
  async create(user: ViewerUser, threadId: string, input: unknown): Promise<Sketch | HeldContent> {
    const body = parseBody(CreateSketchBody, input);
    checkSketchGeometry(body.geometry); // refuse before touching the database
    const viewer = viewerOf(user);
    const at = this.now().toISOString();
    const { id, screening } = await this.db.transaction().execute(async (trx) => {
      await assertMayPost(trx, user.id, this.now());
      const a = await this.access(viewer, threadId, trx);
      assertParticipate(viewer, a, this.now());
      if ((await countSketches(trx, threadId)) >= THREAD_LIMITS.sketchesPerThread.max) {
        throw new DomainError(ErrorCode.validation, `A thread has at most ${THREAD_LIMITS.sketchesPerThread.max} sketches.`, [{ path: '', message: 'too many sketches' }]);
      }
      const screening = body.label ? await screen(trx, { label: body.label }, body.confirmPersonalData === true, at) : null;
      const id = await insertNewSketch(trx, threadId, user.id, body, at, '', screening?.hiddenAt ?? null);
      if (screening) await enqueueScreened(trx, screening, { kind: 'sketch', id, authorId: user.id, planId: a.thread.plan_id, at });
      await touchThread(trx, threadId, at);
      return { id, screening };
    });
    if (screening) emitQueued(this.bus, screening, 'sketch', id);
    if (screening?.outcome === 'hold') return { held: true, kind: 'sketch', id };
    const sketch = this.wire((await findSketch(this.db, threadId, id))!);
    this.bus.emit('sketch:changed', { threadId, event: { threadId, sketch } });
    return sketch;
  }

  /**
   * Edits geometry, height or label; `version` as last seen. A new label is screened without the hold option
   * (screening.ts ScreenOptions `edit`): an edit is never held, since that would hide a sketch someone else drew and
   * put the edit under their name. A `hold` word → 422 content_blocked, personal data (even with
   * confirmPersonalData) → 422 personal_data_detected; nothing is stored. A `flag` word publishes the edit and
   * queues the sketch. @throws version_conflict, content_blocked, personal_data_detected and as create.
   */
  async update(user: ViewerUser, threadId: string, sketchId: string, input: unknown): Promise<Sketch> {
    const body = parseBody(UpdateSketchBody, input);
    const geometry = body.geometry ? checkSketchGeometry(body.geometry) : undefined;
    const viewer = viewerOf(user);
    const at = this.now().toISOString();
    const screening = await this.db.transaction().execute(async (trx) => {
      await assertMayPost(trx, user.id, this.now());
      const a = await this.access(viewer, threadId, trx);
      assertParticipate(viewer, a, this.now());
      const cur = await findSketch(trx, threadId, sketchId);
      if (!cur) throw new DomainError(ErrorCode.notFound, `This thread has no sketch ${JSON.stringify(sketchId)}.`);
      const type = geometry?.type ?? (JSON.parse(cur.geometry) as SketchGeometry).type;
      const height = body.height ?? (geometry && type !== 'Polygon' ? 0 : cur.height);
      if (type !== 'Polygon' && height !== 0) {
        throw new DomainError(ErrorCode.validation, 'The sketch is not valid.', [{ path: 'height', message: 'only polygons can have a height' }]);
      }
      const g = geometry ? JSON.stringify(geometry) : cur.geometry;
      const label = body.label === undefined ? cur.label : body.label || null;
      const next = cur.version + 1;
      const screening = body.label ? await screen(trx, { label: body.label }, body.confirmPersonalData === true, at, { refuseHold: 'edit' }) : null;
      const ok = await updateSketchIfVersion(trx, sketchId, body.version, { geometry: g, height, label, version: next, updated_by: user.id, updated_at: at, deleted_at: null });
      if (!ok) throw conflict(cur.version, body.version);
      await insertSketchVersion(trx, { sketch_id: sketchId, version: next, thread_id: threadId, geometry: g, height, label, action: 'updated', author_id: user.id, at });
      // Outcome publish or flag only (refuseHold): a flag puts the sketch in the queue, under its author (created_by).
      if (screening) await enqueueScreened(trx, screening, { kind: 'sketch', id: sketchId, authorId: cur.created_by, planId: a.thread.plan_id, at });
      await touchThread(trx, threadId, at);
      return screening;
    });
    if (screening) emitQueued(this.bus, screening, 'sketch', sketchId);
    const sketch = this.wire((await findSketch(this.db, threadId, sketchId))!);
    this.bus.emit('sketch:changed', { threadId, event: { threadId, sketch } });
    return sketch;
  }

  /** Deletes a sketch (kept as a `deleted` version). `version` as last seen, when given. */
  async remove(user: ViewerUser, threadId: string, sketchId: string, version: number | undefined): Promise<void> {
    const viewer = viewerOf(user);
    const at = this.now().toISOString();
    const next = await this.db.transaction().execute(async (trx) => {
      await assertMayPost(trx, user.id, this.now()); // a muted account changes no shared content
      assertParticipate(viewer, await this.access(viewer, threadId, trx), this.now());
      const cur = await findSketch(trx, threadId, sketchId);
      if (!cur) throw new DomainError(ErrorCode.notFound, `This thread has no sketch ${JSON.stringify(sketchId)}.`);
      const expected = version ?? cur.version;
      const next = cur.version + 1;
      const ok = await updateSketchIfVersion(trx, sketchId, expected, {
        geometry: cur.geometry, height: cur.height, label: cur.label, version: next, updated_by: user.id, updated_at: at, deleted_at: at,
      });
      if (!ok) throw conflict(cur.version, expected);
      await insertSketchVersion(trx, { sketch_id: sketchId, version: next, thread_id: threadId, geometry: null, height: cur.height, label: cur.label, action: 'deleted', author_id: user.id, at });
      await touchThread(trx, threadId, at);
      return next;
    });
    this.bus.emit('sketch:changed', { threadId, event: { threadId, sketchId, deleted: true, version: next } });
  }

  /**
   * False when the sketch is under moderation (held, hidden, removed by a moderator) or unknown; true for live
   * sketches and for sketches a participant deleted. Realtime deliveries of `sketch:changed` ask it at send time.
   */
  async isVisible(sketchId: string): Promise<boolean> {
    return (await sketchThreadId(this.db, sketchId)) !== undefined;
  }

  /**
   * Every version of a sketch of a visible thread (also of a sketch a participant deleted), oldest first.
   * @throws not_found (also for a sketch under moderation: held, hidden or removed by a moderator).
   */
  async versions(viewer: Viewer, threadId: string, sketchId: string): Promise<SketchVersion[]> {
    await this.access(viewer, threadId);
    if ((await sketchThreadId(this.db, sketchId)) !== threadId) {
      throw new DomainError(ErrorCode.notFound, `This thread has no sketch ${JSON.stringify(sketchId)}.`);
    }
    return (await listSketchVersions(this.db, sketchId)).map((r) => toWireSketchVersion(r, this.precisionM));
  }
}

function conflict(stored: number, sent: number): DomainError {
  return new DomainError(ErrorCode.versionConflict, `The sketch was changed by someone else (version ${stored}, you sent ${sent}); reload it.`, [
    { path: 'version', message: `stored version is ${stored}` },
  ]);
}
