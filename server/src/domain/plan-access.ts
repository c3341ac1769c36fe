/**
 * THE plan visibility and permission gate (DESIGN.md: "One visibility gate"), the plan counterpart of
 * visibility.ts. Every read or write of a plan, its scenarios, models, placements, partners, history and the
 * comments that belong to it asks this module. The SQL form (`planAudience` → store/plans.ts `planVisibleTo`)
 * and the in-memory form (`canSeePlan`) derive from the same rule below, so listings and single reads agree.
 *
 * Rules (issue 4):
 * - see: a draft only by its creator, admins and invited partners (other planners, moderators and residents
 *   do not see someone else's draft); published, closed and archived plans by everyone, signed in or not.
 *   A plan the viewer may not see does not exist for them: `not_found`, never 403.
 * - manage (status changes, history): the creator while their role is planner or admin, and every admin.
 * - edit (title, summary, area, phases, home view, scenarios, partners): the managers, while the plan is open
 *   (draft or published). Closed and archived plans are read-only for everyone (only status changes remain).
 * - uploadModels / placeModels: invited partners (role partner), the creator and admins, while the plan is open.
 *   Any of them may move any placement of the plan (the history records who did).
 * - comment: any signed-in viewer who can see the plan, when it is published and the current phase (server
 *   clock) allows `comment`.
 */
import type { Selectable } from 'kysely';
import { ErrorCode, type Phase, type PhaseAction } from '../../../shared/index.js';
import type { PlanAudience, PlanRow } from '../store/plans.js';
import type { PlansTable } from '../store/schema.js';
import { DomainError } from './errors.js';
import type { Viewer } from './viewer.js';

/** The plan columns the gate looks at (a full row also fits). */
export type PlanGateRow = Pick<Selectable<PlansTable>, 'id' | 'status' | 'created_by' | 'phases'>;

/** What a viewer may do with one plan. */
export interface PlanPermissions {
  see: boolean;
  /** Change title, summary, area, phases, home view, scenarios and partners. */
  edit: boolean;
  /** Change the status, read the history. */
  manage: boolean;
  uploadModels: boolean;
  placeModels: boolean;
  comment: boolean;
}

export type PlanCapability = Exclude<keyof PlanPermissions, 'see'>;

/** Result of `PlanService.access`: the plan row, whether the viewer is an invited partner, and what they may do. */
export interface PlanAccess<Row extends PlanGateRow = PlanRow> {
  plan: Row;
  isPartner: boolean;
  can: PlanPermissions;
}

export type { PlanAudience };

/**
 * The SQL form of the `see` rule (store/plans.ts `planVisibleTo` turns it into a WHERE): `all` for admins,
 * else the viewer's user id (their own drafts and the drafts they are invited to; null for anonymous).
 */
export function planAudience(viewer: Viewer): PlanAudience {
  return { all: viewer.user?.role === 'admin', userId: viewer.user?.id ?? null };
}

/** True while the plan can still be changed (draft or published). */
export function isOpen(plan: Pick<PlanGateRow, 'status'>): boolean {
  return plan.status === 'draft' || plan.status === 'published';
}

/** The `see` rule. `isPartner`: the viewer is invited to this plan. */
export function canSeePlan(viewer: Viewer, plan: Pick<PlanGateRow, 'status' | 'created_by'>, isPartner: boolean): boolean {
  if (plan.status !== 'draft') return true;
  const u = viewer.user;
  if (!u) return false;
  return u.role === 'admin' || u.id === plan.created_by || isPartner;
}

/** Status changes and history: the creator (while planner or admin) and every admin. */
export function canManagePlan(viewer: Viewer, plan: Pick<PlanGateRow, 'created_by'>): boolean {
  const u = viewer.user;
  if (!u) return false;
  return u.role === 'admin' || (u.id === plan.created_by && u.role === 'planner');
}

/** Content edits: the managers while the plan is open. */
export function canEditPlan(viewer: Viewer, plan: Pick<PlanGateRow, 'status' | 'created_by'>): boolean {
  return isOpen(plan) && canManagePlan(viewer, plan);
}

/** Uploading and placing models: invited partners (role partner), the creator and admins, while open. */
export function canWorkOnModels(viewer: Viewer, plan: Pick<PlanGateRow, 'status' | 'created_by'>, isPartner: boolean): boolean {
  if (!isOpen(plan) || !viewer.user) return false;
  return canManagePlan(viewer, plan) || (isPartner && viewer.user.role === 'partner');
}

/**
 * Index of the phase whose `[startsAt, endsAt)` holds `now`, or null. `phases` as stored (JSON text) or parsed.
 */
export function currentPhaseIndex(phases: string | Phase[], now: Date): number | null {
  const list: Phase[] = typeof phases === 'string' ? JSON.parse(phases) : phases;
  const t = now.toISOString();
  const i = list.findIndex((p) => p.startsAt <= t && t < p.endsAt);
  return i < 0 ? null : i;
}

/** What residents may do now: the current phase's `allows` while published, else nothing. */
export function currentAllows(plan: Pick<PlanGateRow, 'status' | 'phases'>, now: Date): PhaseAction[] {
  if (plan.status !== 'published') return [];
  const list: Phase[] = JSON.parse(plan.phases);
  const i = currentPhaseIndex(list, now);
  return i === null ? [] : [...list[i]!.allows];
}

/** Every permission of one viewer on one plan at `now`. */
export function planPermissions(viewer: Viewer, plan: PlanGateRow, isPartner: boolean, now: Date): PlanPermissions {
  const see = canSeePlan(viewer, plan, isPartner);
  if (!see) return { see, edit: false, manage: false, uploadModels: false, placeModels: false, comment: false };
  const models = canWorkOnModels(viewer, plan, isPartner);
  return {
    see,
    edit: canEditPlan(viewer, plan),
    manage: canManagePlan(viewer, plan),
    uploadModels: models,
    placeModels: models,
    comment: viewer.user !== null && currentAllows(plan, now).includes('comment'),
  };
}

const WHAT: Record<PlanCapability, string> = {
  edit: 'change this plan',
  manage: 'manage this plan',
  uploadModels: 'upload models to this plan',
  placeModels: 'place models in this plan',
  comment: 'comment on this plan',
};

/**
 * Throws unless `access.can[capability]`. The error says why:
 * - unauthenticated for anonymous viewers;
 * - phase_closed when the viewer's role would allow it but the plan is closed or archived (or, for comments,
 *   not published or not in a phase that allows comments);
 * - forbidden otherwise (a resident calling a planner endpoint, a partner not invited, another planner).
 * Callers have already answered not_found for plans the viewer cannot see (PlanService.access).
 */
export function assertCan(viewer: Viewer, access: PlanAccess<PlanGateRow>, capability: PlanCapability): void {
  if (access.can[capability]) return;
  if (!viewer.user) throw new DomainError(ErrorCode.unauthenticated, `Sign in to ${WHAT[capability]}.`);
  const plan = access.plan;
  const wouldBeAllowed =
    capability === 'comment'
      ? true
      : capability === 'uploadModels' || capability === 'placeModels'
        ? canManagePlan(viewer, plan) || (access.isPartner && viewer.user.role === 'partner')
        : canManagePlan(viewer, plan);
  if (wouldBeAllowed) {
    const why =
      capability === 'comment'
        ? plan.status !== 'published'
          ? `the plan is ${plan.status}`
          : 'the current phase of the plan does not allow comments'
        : `the plan is ${plan.status} (read-only)`;
    throw new DomainError(ErrorCode.phaseClosed, `You cannot ${WHAT[capability]} now: ${why}.`);
  }
  throw new DomainError(ErrorCode.forbidden, `Your account may not ${WHAT[capability]}.`);
}

/** The roles that may create plans. */
export function canCreatePlans(viewer: Viewer): boolean {
  return viewer.user?.role === 'planner' || viewer.user?.role === 'admin';
}
