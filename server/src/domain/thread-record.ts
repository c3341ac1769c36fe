/**
 * The thread gate and the wire forms of threads, posts, sketches, sketch versions and notifications (issue 5).
 *
 * Rules (THE thread gate; every read and write of threads asks it):
 * - see: a thread without a plan is public; a thread of a plan is visible exactly when its plan is (plan gate,
 *   plan-access.ts). Threads the viewer may not see are answered `not_found`, never 403.
 * - participate (reply, support, add/edit/delete sketches): signed in, the thread is not closed and, for a thread
 *   of a plan, the plan is published and its current phase allows `cocreate`.
 *   Closed means: status adopted / not_adopted, or the plan is closed / archived → `thread_closed`.
 *   A plan that is a draft, or published outside a `cocreate` phase → `phase_closed`.
 * - manage (set status with a public reason, post an answer): for a thread of a plan the plan's managers (its
 *   creator while planner, and admins); for a thread without a plan every planner and admin. Managers may answer
 *   and change the status also on closed threads (they explain decisions after the fact).
 */
import {
  CLOSED_THREAD_STATUSES,
  ErrorCode,
  MODERATION_ACTOR,
  type Notification,
  type Post,
  type Sketch,
  type SketchGeometry,
  type SketchVersion,
  type Thread,
  type ThreadAnchor,
  type ThreadStatus,
  roundCoordinate,
  roundPosition,
} from '../../../shared/index.js';
import type { NotificationRow, PostRow, SketchRow, SketchVersionRow, ThreadRow } from '../store/threads.js';
import { DomainError } from './errors.js';
import { canManagePlan, currentAllows, isOpen, type PlanAccess } from './plan-access.js';
import type { Viewer } from './viewer.js';

export interface ThreadPermissions {
  reply: boolean;
  support: boolean;
  sketch: boolean;
  setStatus: boolean;
  answer: boolean;
}

/** A thread as the gate sees it for one viewer. `plan` is null for threads without a plan. */
export interface ThreadAccess {
  thread: ThreadRow;
  plan: PlanAccess | null;
  can: ThreadPermissions;
}

/** Why the viewer may not take part now, or null when they may. */
export function participationProblem(viewer: Viewer, thread: Pick<ThreadRow, 'status'>, plan: PlanAccess | null, now: Date): DomainError | null {
  if (!viewer.user) return new DomainError(ErrorCode.unauthenticated, 'Sign in to take part in this thread.');
  if (CLOSED_THREAD_STATUSES.includes(thread.status)) {
    return new DomainError(ErrorCode.threadClosed, `This thread is closed (${thread.status.replace('_', ' ')}).`);
  }
  if (plan) {
    if (!isOpen(plan.plan)) return new DomainError(ErrorCode.threadClosed, `This thread is closed: its plan is ${plan.plan.status}.`);
    if (!currentAllows(plan.plan, now).includes('cocreate')) {
      return new DomainError(ErrorCode.phaseClosed, 'The current phase of the plan does not allow co-creation.');
    }
  }
  return null;
}

/** Planners of the plan (or admins); without a plan: planners and admins. */
export function canManageThread(viewer: Viewer, plan: PlanAccess | null): boolean {
  const u = viewer.user;
  if (!u) return false;
  if (plan) return canManagePlan(viewer, plan.plan);
  return u.role === 'planner' || u.role === 'admin';
}

export function threadPermissions(viewer: Viewer, thread: Pick<ThreadRow, 'status'>, plan: PlanAccess | null, now: Date): ThreadPermissions {
  const take = participationProblem(viewer, thread, plan, now) === null;
  const manage = canManageThread(viewer, plan);
  return { reply: take, support: take, sketch: take, setStatus: manage, answer: manage };
}

/** @throws the participation problem (unauthenticated, thread_closed, phase_closed). */
export function assertParticipate(viewer: Viewer, access: ThreadAccess, now: Date): void {
  const p = participationProblem(viewer, access.thread, access.plan, now);
  if (p) throw p;
}

/** @throws unauthenticated / forbidden unless the viewer manages the thread. */
export function assertManage(viewer: Viewer, access: ThreadAccess, what: string): void {
  if (!viewer.user) throw new DomainError(ErrorCode.unauthenticated, `Sign in to ${what}.`);
  if (!canManageThread(viewer, access.plan)) {
    throw new DomainError(ErrorCode.forbidden, `Only the plan's planners (or, for threads without a plan, planners) may ${what}.`);
  }
}

/** How a deleted account (users.deleted_at set) appears as an author: the link to the person is gone. */
export const REMOVED_PARTICIPANT = 'Verwijderde deelnemer';

/**
 * The wire author of a user row: `{id, displayName}`, or `{id: null, displayName: 'Verwijderde deelnemer'}` when the
 * account was deleted (`deletedAt` set; issue 6). The client shows its own i18n text (`author.removed`) for id null.
 */
export function wireAuthor(id: string, displayName: string, deletedAt: string | null | undefined): { id: string | null; displayName: string } {
  return deletedAt ? { id: null, displayName: REMOVED_PARTICIPANT } : { id, displayName };
}

/**
 * A stored sketch or area geometry as the public sees it: every coordinate rounded to `precisionM` metres
 * (shared/geo.ts roundCoordinate; issue 6 public position precision). The stored geometry keeps its exact values.
 */
export function roundGeometry<G extends { type: string; coordinates: unknown }>(g: G, precisionM: number): G {
  const round = (c: unknown): unknown =>
    Array.isArray(c) && typeof c[0] === 'number' ? roundCoordinate(c as number[], precisionM) : Array.isArray(c) ? c.map(round) : c;
  return { ...g, coordinates: round(g.coordinates) };
}

/** A thread anchor (a position or a Polygon area) rounded to `precisionM` metres for the public. */
export function roundAnchor(a: ThreadAnchor, precisionM: number): ThreadAnchor {
  return 'type' in a ? roundGeometry(a, precisionM) : roundPosition(a, precisionM);
}

/** A sketch on the wire; `precisionM`: public position precision (config PUBLIC_POSITION_PRECISION_M), metres. */
export function toWireSketch(r: SketchRow, precisionM: number): Sketch {
  return {
    id: r.id,
    threadId: r.thread_id,
    geometry: roundGeometry(JSON.parse(r.geometry) as SketchGeometry, precisionM),
    height: r.height,
    label: r.label,
    version: r.version,
    createdBy: wireAuthor(r.created_by, r.creator_display_name, r.creator_deleted_at),
    updatedBy: wireAuthor(r.updated_by, r.updater_display_name, r.updater_deleted_at),
    updatedAt: r.updated_at,
  };
}

/** A kept sketch version on the wire (geometry rounded like toWireSketch). */
export function toWireSketchVersion(r: SketchVersionRow, precisionM: number): SketchVersion {
  return {
    sketchId: r.sketch_id,
    version: r.version,
    geometry: r.geometry === null ? null : roundGeometry(JSON.parse(r.geometry) as SketchGeometry, precisionM),
    height: r.height,
    label: r.label,
    action: r.action,
    author: wireAuthor(r.author_id, r.author_display_name, r.author_deleted_at),
    at: r.at,
  };
}

export function toWirePost(r: PostRow): Post {
  return {
    id: r.id,
    threadId: r.thread_id,
    text: r.text,
    author: wireAuthor(r.author_id, r.author_display_name, r.author_deleted_at),
    answer: r.answer === 1,
    createdAt: r.created_at,
  };
}

/**
 * A thread for one viewer. `sketches`: live sketches (of this and other threads; filtered here). Positions (pin,
 * anchor, sketch geometry) are rounded to `precisionM` metres (config PUBLIC_POSITION_PRECISION_M).
 */
export function toWireThread(
  r: ThreadRow,
  sketches: SketchRow[],
  me: { supported: boolean; following: boolean },
  can: ThreadPermissions,
  precisionM: number,
): Thread {
  return {
    id: r.id,
    title: r.title,
    text: r.text,
    anchor: roundAnchor(JSON.parse(r.anchor) as ThreadAnchor, precisionM),
    position: roundPosition({ lon: r.lon, lat: r.lat, height: r.height }, precisionM),
    planId: r.plan_id,
    scenarioId: r.scenario_id,
    author: wireAuthor(r.author_id, r.author_display_name, r.author_deleted_at),
    status: r.status,
    statusReason: r.status_reason,
    statusChangedBy: r.status_by ? wireAuthor(r.status_by, r.status_by_display_name ?? '', r.status_by_deleted_at) : null,
    statusChangedAt: r.status_at,
    supportCount: r.support_count,
    supportedByMe: me.supported,
    followedByMe: me.following,
    postCount: r.post_count,
    sketches: sketches.filter((s) => s.thread_id === r.id).map((s) => toWireSketch(s, precisionM)),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    can,
  };
}

/** A notification as its receiver sees it; the actor of a `moderation` notice is always MODERATION_ACTOR. */
export function toWireNotification(r: NotificationRow): Notification {
  return {
    id: r.id,
    kind: r.kind,
    threadId: r.thread_id,
    threadTitle: r.thread_title,
    planId: r.plan_id,
    postId: r.post_id,
    status: (r.status as ThreadStatus | null) ?? null,
    // Moderators stay anonymous to authors: a moderation notice never names (or identifies) its actor.
    actor: r.kind === 'moderation' ? { ...MODERATION_ACTOR } : wireAuthor(r.actor_id, r.actor_display_name, r.actor_deleted_at),
    createdAt: r.created_at,
    readAt: r.read_at,
    moderation:
      r.kind === 'moderation' && r.content_kind !== null && r.content_id !== null
        ? { contentKind: r.content_kind, contentId: r.content_id, action: r.action ?? '', reason: r.reason }
        : null,
  };
}
