/**
 * Plans (issue 4): create, read, list, update (optimistic locking by `version`, status transitions), partners,
 * history. Every read and write asks the plan gate (plan-access.ts) through `access`; every change appends a
 * history row in its own transaction (plan-history.ts) and, after the commit, emits `plan:updated`.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import {
  CreatePlanBody,
  ErrorCode,
  InvitePartnerBody,
  LIMITS,
  PLAN_TRANSITIONS,
  PlansQuery,
  UpdatePlanBody,
  type Plan,
  type PlanChange,
  type PlanPartner,
} from '../../../shared/index.js';
import { listPlanChanges } from '../store/plan-changes.js';
import {
  deletePartner,
  findPlanById,
  insertPartner,
  insertPlan,
  isPlanPartner,
  listPartners,
  listPlans,
  updatePlan,
  type PlanRow,
} from '../store/plans.js';
import type { Database, PlansTable } from '../store/schema.js';
import { findUserByEmail } from '../store/users.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { DomainError, fieldErrorsFromIssues } from './errors.js';
import type { EventBus } from './events.js';
import { checkPlanArea } from './plan-area.js';
import { assertCan, canCreatePlans, canSeePlan, planAudience, planPermissions, type PlanAccess } from './plan-access.js';
import { diffFields, recordPlanChange, toWireChange } from './plan-history.js';
import { assertMayPost } from './sanctions.js';
import { toWirePartner, toWirePlan } from './plan-record.js';
import type { Viewer, ViewerUser } from './viewer.js';

/** Most plans one listing returns (newest first). */
export const MAX_PLANS_LISTED = 500;

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new DomainError(ErrorCode.validation, `The ${what} is not valid.`, fieldErrorsFromIssues(r.error.issues));
  return r.data;
}

/** The plan's editable fields as stored, for history diffs. */
function contentOf(row: Pick<PlansTable, 'title' | 'summary' | 'area' | 'home_view' | 'phases'>) {
  return {
    title: row.title,
    summary: row.summary,
    area: JSON.parse(row.area) as unknown,
    homeView: row.home_view === null ? null : (JSON.parse(row.home_view) as unknown),
    phases: JSON.parse(row.phases) as unknown,
  };
}

export class PlanService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly bus: EventBus,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * THE entry to a plan for a viewer: the row, whether the viewer is an invited partner, and what they may do
   * (plan-access.ts). `db` lets callers run it inside their own transaction.
   * @throws DomainError not_found when there is no such plan or the viewer may not see it (never forbidden).
   */
  async access(viewer: Viewer, planId: string, db: Kysely<Database> = this.db): Promise<PlanAccess> {
    const plan = await findPlanById(db, planId);
    const isPartner = plan ? await isPlanPartner(db, planId, viewer.user?.id) : false;
    const can = plan ? planPermissions(viewer, plan, isPartner, this.now()) : null;
    if (!plan || !can?.see) throw new DomainError(ErrorCode.notFound, `There is no plan ${JSON.stringify(planId)}.`);
    return { plan, isPartner, can };
  }

  /** The plan as the viewer sees it. @throws not_found. */
  async get(viewer: Viewer, planId: string): Promise<Plan> {
    const a = await this.access(viewer, planId);
    return toWirePlan(a.plan, a.can, this.now());
  }

  /**
   * The stored row of a plan without asking the gate, or null. Only for code that then gates per viewer itself
   * (realtime broadcasts call `viewFor` for every receiver); never send it anywhere as it is.
   */
  async findRow(planId: string): Promise<PlanRow | null> {
    return (await findPlanById(this.db, planId)) ?? null;
  }

  /** Serializes a plan row for a viewer, or null when the viewer may not see it (used by broadcasts). */
  async viewFor(viewer: Viewer, plan: PlanRow): Promise<Plan | null> {
    const isPartner = await isPlanPartner(this.db, plan.id, viewer.user?.id);
    const can = planPermissions(viewer, plan, isPartner, this.now());
    return can.see ? toWirePlan(plan, can, this.now()) : null;
  }

  /** Plans the viewer may see, newest first (at most MAX_PLANS_LISTED). `query`: shared `PlansQuery`. */
  async list(viewer: Viewer, query: unknown = {}): Promise<Plan[]> {
    const { status } = parse(PlansQuery, query, 'query');
    const rows = await listPlans(this.db, planAudience(viewer), { status, limit: MAX_PLANS_LISTED });
    const now = this.now();
    const out: Plan[] = [];
    for (const row of rows) {
      const isPartner = row.status === 'draft' ? await isPlanPartner(this.db, row.id, viewer.user?.id) : false;
      // The query already filtered by the audience; asking the gate again keeps "every read path asks it" literal.
      if (!canSeePlan(viewer, row, isPartner)) continue;
      out.push(toWirePlan(row, planPermissions(viewer, row, isPartner, now), now));
    }
    return out;
  }

  /**
   * Creates a draft plan (planners and admins). `input`: shared `CreatePlanBody`.
   * @throws forbidden (other roles), validation_failed, invalid_area (plan-area.ts), account_muted / account_banned.
   */
  async create(user: ViewerUser, input: unknown): Promise<Plan> {
    const viewer: Viewer = { user };
    if (!canCreatePlans(viewer)) throw new DomainError(ErrorCode.forbidden, 'Only planners and admins may create plans.');
    const body = parse(CreatePlanBody, input, 'plan');
    const { area, bbox } = checkPlanArea(body.area);
    const now = this.now();
    const at = now.toISOString();
    const id = randomUUID();
    const row = await this.db.transaction().execute(async (trx) => {
      await assertMayPost(trx, user.id, now); // a muted account publishes nothing (issue 6)
      await insertPlan(trx, {
        id,
        title: body.title,
        summary: body.summary,
        area: JSON.stringify(area),
        west: bbox[0],
        south: bbox[1],
        east: bbox[2],
        north: bbox[3],
        home_view: body.homeView ? JSON.stringify(body.homeView) : null,
        phases: JSON.stringify(body.phases),
        status: 'draft',
        created_by: user.id,
        created_at: at,
        updated_at: at,
        version: 1,
      });
      const created = (await findPlanById(trx, id))!;
      await recordPlanChange(trx, { planId: id, actorId: user.id, at: now, entity: 'plan', entityId: id, action: 'created', after: { ...contentOf(created), status: 'draft' } });
      return created;
    });
    this.bus.emit('plan:updated', { plan: row });
    return toWirePlan(row, planPermissions(viewer, row, false, now), now);
  }

  /**
   * Changes a plan. `input`: shared `UpdatePlanBody` (`version` = the version the editor saw).
   * Content fields need `edit` (manager, plan open); `status` needs `manage` and a transition of PLAN_TRANSITIONS.
   * @throws not_found, forbidden, phase_closed (closed/archived plan), invalid_transition, version_conflict,
   *   validation_failed, invalid_area, account_muted / account_banned (sanctions.ts).
   */
  async update(user: ViewerUser, planId: string, input: unknown): Promise<Plan> {
    const viewer: Viewer = { user };
    const body = parse(UpdatePlanBody, input, 'plan change');
    const checked = body.area ? checkPlanArea(body.area) : null;
    const now = this.now();
    const row = await this.db.transaction().execute(async (trx) => {
      const access = await this.access(viewer, planId, trx);
      const plan = access.plan;
      const content = {
        title: body.title,
        summary: body.summary,
        area: checked?.area,
        homeView: body.homeView,
        phases: body.phases,
      };
      const touchesContent = Object.values(content).some((v) => v !== undefined);
      const newStatus = body.status !== undefined && body.status !== plan.status ? body.status : undefined;
      if (touchesContent || body.status === undefined) assertCan(viewer, access, 'edit');
      if (body.status !== undefined) assertCan(viewer, access, 'manage');
      await assertMayPost(trx, user.id, now); // a muted account changes no shared content (issue 6)
      if (newStatus !== undefined) {
        if (!PLAN_TRANSITIONS[plan.status].includes(newStatus)) {
          const allowed = PLAN_TRANSITIONS[plan.status];
          throw new DomainError(
            ErrorCode.invalidTransition,
            `A ${plan.status} plan cannot become ${newStatus}${allowed.length ? `; it can become ${allowed.join(' or ')}` : ''}.`,
            [{ path: 'status', message: `not allowed from ${plan.status}` }],
          );
        }
      }
      if (body.version !== plan.version) {
        throw new DomainError(ErrorCode.versionConflict, `The plan was changed by someone else (version ${plan.version}, you sent ${body.version}); reload it.`, [
          { path: 'version', message: `stored version is ${plan.version}` },
        ]);
      }
      const diff = diffFields(contentOf(plan), content);
      if (!diff && newStatus === undefined) return plan; // nothing changes: no new version, no history row
      const ok = await updatePlan(trx, planId, plan.version, {
        ...(content.title !== undefined ? { title: content.title } : {}),
        ...(content.summary !== undefined ? { summary: content.summary } : {}),
        ...(checked ? { area: JSON.stringify(checked.area), west: checked.bbox[0], south: checked.bbox[1], east: checked.bbox[2], north: checked.bbox[3] } : {}),
        ...(content.homeView !== undefined ? { home_view: content.homeView === null ? null : JSON.stringify(content.homeView) } : {}),
        ...(content.phases !== undefined ? { phases: JSON.stringify(content.phases) } : {}),
        ...(newStatus !== undefined ? { status: newStatus } : {}),
        updated_at: now.toISOString(),
      });
      if (!ok) throw new DomainError(ErrorCode.versionConflict, 'The plan was changed by someone else at the same moment; reload it.');
      const base = { planId, actorId: user.id, at: now, entity: 'plan' as const, entityId: planId };
      if (diff) await recordPlanChange(trx, { ...base, action: 'updated', before: diff.before, after: diff.after });
      if (newStatus !== undefined) {
        await recordPlanChange(trx, { ...base, action: 'status_changed', before: { status: plan.status }, after: { status: newStatus } });
      }
      return (await findPlanById(trx, planId))!;
    });
    if (row.version !== body.version) this.bus.emit('plan:updated', { plan: row });
    const isPartner = await isPlanPartner(this.db, planId, user.id);
    return toWirePlan(row, planPermissions(viewer, row, isPartner, now), now);
  }

  /** Invited partners. Managers and the partners themselves may list them. @throws not_found, forbidden. */
  async partners(viewer: Viewer, planId: string): Promise<PlanPartner[]> {
    const access = await this.access(viewer, planId);
    if (!access.can.manage && !access.isPartner) assertCan(viewer, access, 'manage');
    return (await listPartners(this.db, planId)).map(toWirePartner);
  }

  /**
   * Invites a partner account by e-mail (`input`: shared `InvitePartnerBody`); the account must have the role
   * `partner`. Inviting someone twice returns the first invitation (`created: false`).
   * @throws not_found, forbidden, phase_closed, validation_failed (no such account, or not a partner: path `email`).
   */
  async invitePartner(user: ViewerUser, planId: string, input: unknown): Promise<{ partner: PlanPartner; created: boolean }> {
    const viewer: Viewer = { user };
    const { email } = parse(InvitePartnerBody, input, 'invitation');
    const now = this.now();
    return this.db.transaction().execute(async (trx) => {
      const access = await this.access(viewer, planId, trx);
      assertCan(viewer, access, 'edit');
      const invitee = await findUserByEmail(trx, email);
      if (!invitee) {
        throw new DomainError(ErrorCode.validation, `There is no account with the e-mail address ${email}.`, [{ path: 'email', message: 'no such account' }]);
      }
      if (invitee.role !== 'partner') {
        throw new DomainError(ErrorCode.validation, `The account ${email} has the role ${invitee.role}; only partner accounts can be invited.`, [
          { path: 'email', message: `account role is ${invitee.role}, not partner` },
        ]);
      }
      const created = await insertPartner(trx, { plan_id: planId, user_id: invitee.id, invited_by: user.id, invited_at: now.toISOString() });
      if (created) {
        await recordPlanChange(trx, { planId, actorId: user.id, at: now, entity: 'partner', entityId: invitee.id, action: 'invited', after: { userId: invitee.id, displayName: invitee.display_name } });
      }
      const row = (await listPartners(trx, planId)).find((p) => p.user_id === invitee.id)!;
      return { partner: toWirePartner(row), created };
    });
  }

  /** Withdraws an invitation. @throws not_found (plan, or no such partner), forbidden, phase_closed. */
  async removePartner(user: ViewerUser, planId: string, userId: string): Promise<void> {
    const viewer: Viewer = { user };
    const now = this.now();
    await this.db.transaction().execute(async (trx) => {
      const access = await this.access(viewer, planId, trx);
      assertCan(viewer, access, 'edit');
      if (!(await deletePartner(trx, planId, userId))) {
        throw new DomainError(ErrorCode.notFound, `The account ${JSON.stringify(userId)} is not a partner of this plan.`);
      }
      await recordPlanChange(trx, { planId, actorId: user.id, at: now, entity: 'partner', entityId: userId, action: 'removed', before: { userId } });
    });
  }

  /**
   * Who changed what, newest first, keyset-paginated. Managers only (plan-access.ts `manage`).
   * @throws not_found, unauthenticated, forbidden, validation_failed (cursor).
   */
  async history(viewer: Viewer, planId: string, opts: { cursor?: string; limit?: number } = {}): Promise<{ changes: PlanChange[]; nextCursor: string | null }> {
    const access = await this.access(viewer, planId);
    assertCan(viewer, access, 'manage');
    const before = decodeCursor(opts.cursor);
    const limit = Math.max(1, Math.min(LIMITS.pageSize.max, Math.floor(opts.limit ?? LIMITS.pageSize.default)));
    const rows = await listPlanChanges(this.db, planId, before, limit + 1);
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return { changes: page.map(toWireChange), nextCursor: more && last ? encodeCursor({ createdAt: last.at, id: last.id }) : null };
  }
}
