/**
 * THE audit log of moderator and admin actions (issue 6) and the removed-ids feed for open-data mirrors.
 * Both are append-only: this module only inserts; the database refuses UPDATE and DELETE on moderation_actions
 * (triggers, migration 0005). An entry never holds content text (a redaction must not have to edit the log):
 * `before` and `after` carry state and metadata (e.g. `{ state: 'visible' }`, `{ role: 'planner' }`,
 * `{ redacted: [{ field: 'body', start: 4, end: 19 }] }`).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ContentKind } from '../../../shared/index.js';
import type { Database } from '../store/schema.js';

export interface AuditInput {
  /** null: the system (threshold hiding, holds by filters or personal data). */
  actorId: string | null;
  /** e.g. hide, restore, remove, redact, dismiss, auto_hide, hold, mute, ban, lift, filter_create, filter_update, filter_delete, role, account_delete. */
  action: string;
  targetKind: string;
  targetId: string;
  reason: string | null;
  before: unknown;
  after: unknown;
  /** UTC ISO-8601 with milliseconds. */
  at: string;
}

/** Appends one entry (inside the caller's transaction, so the action and its record commit together). */
export async function recordAction(db: Kysely<Database>, e: AuditInput): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('moderation_actions')
    .values({
      id,
      actor_id: e.actorId,
      action: e.action,
      target_kind: e.targetKind,
      target_id: e.targetId,
      reason: e.reason,
      before: e.before === undefined || e.before === null ? null : JSON.stringify(e.before),
      after: e.after === undefined || e.after === null ? null : JSON.stringify(e.after),
      at: e.at,
    })
    .execute();
  return id;
}

/** Appends to the removed-ids feed (GET /api/v1/open-data/removed): content that became invisible or was redacted. */
export async function recordRemoval(
  db: Kysely<Database>,
  r: { kind: ContentKind; id: string; planId: string | null; action: 'hidden' | 'removed' | 'redacted'; at: string },
): Promise<void> {
  await db
    .insertInto('content_removals')
    .values({ id: randomUUID(), content_kind: r.kind, content_id: r.id, plan_id: r.planId, action: r.action, at: r.at })
    .execute();
}
