/**
 * The history of a plan: who changed what. `recordPlanChange` appends one plan_changes row and must be called
 * with the transaction of the change itself, so a change and its history row commit together or not at all.
 * Reading the history is for the plan's managers (plan-access.ts `manage`), through PlanService.history.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { PlanChange } from '../../../shared/index.js';
import { insertPlanChange, type PlanChangeRow } from '../store/plan-changes.js';
import type { Database } from '../store/schema.js';

export type PlanChangeEntity = PlanChange['entity'];
export type PlanChangeAction = PlanChange['action'];

export interface NewPlanChange {
  planId: string;
  actorId: string;
  /** UTC instant of the change (the same `now` the change itself used). */
  at: Date;
  entity: PlanChangeEntity;
  entityId: string;
  action: PlanChangeAction;
  /** What changed, before and after (JSON-serialisable; only the changed fields for updates); null when none. */
  before?: unknown;
  after?: unknown;
}

let seq = 0;

/**
 * Id that sorts in the order changes were made within this process: `<at ISO>_<sequence>_<random>`
 * (at most 44 characters, so it fits history cursors).
 */
function changeId(at: string): string {
  seq = (seq + 1) % 36 ** 6;
  return `${at}_${seq.toString(36).padStart(6, '0')}_${randomBytes(6).toString('base64url')}`;
}

/** Appends one change to the plan's history, inside the caller's transaction `trx`. */
export async function recordPlanChange(trx: Kysely<Database>, c: NewPlanChange): Promise<void> {
  const at = c.at.toISOString();
  await insertPlanChange(trx, {
    id: changeId(at),
    plan_id: c.planId,
    actor_id: c.actorId,
    at,
    entity: c.entity,
    entity_id: c.entityId,
    action: c.action,
    before: c.before === undefined || c.before === null ? null : JSON.stringify(c.before),
    after: c.after === undefined || c.after === null ? null : JSON.stringify(c.after),
  });
}

/** A history row on the wire. */
export function toWireChange(r: PlanChangeRow): PlanChange {
  return {
    id: r.id,
    planId: r.plan_id,
    actor: { id: r.actor_id, displayName: r.actor_display_name },
    at: r.at,
    entity: r.entity as PlanChangeEntity,
    entityId: r.entity_id,
    action: r.action as PlanChangeAction,
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
  };
}

/**
 * The fields of `after` that differ from `before` (compared as JSON), as `{before, after}` objects holding only
 * those fields; null when nothing differs.
 */
export function diffFields<T extends Record<string, unknown>>(before: T, after: Partial<T>): { before: Partial<T>; after: Partial<T> } | null {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const k of Object.keys(after) as (keyof T)[]) {
    if (after[k] === undefined) continue;
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
      b[k] = before[k];
      a[k] = after[k];
    }
  }
  return Object.keys(a).length ? { before: b, after: a } : null;
}
