/**
 * Sanctions on accounts (issue 6): a *mute* (the account may read and vote but not post: comments, replies, threads,
 * posts, sketches, model uploads, and for planners and partners thread statuses with their public reason, plans,
 * polls, scenarios and placements → 403 `account_muted`) and a *ban* (the account cannot sign in:
 * login → 403 `account_banned`, every session ends in the same transaction, open sockets are disconnected through
 * the bus event `user:banned`). `until` null means for good; a sanction stops applying when the clock passes
 * `until` (no job needed) or when a moderator lifts it.
 *
 * Who may sanction whom: moderators and admins sanction residents, planners and partners; admins also moderators.
 * Nobody sanctions an admin or themselves (403 `forbidden`). Every imposition and lift is in the audit log
 * (`mute`, `ban`, `lift`; before/after carry sanction metadata only).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ErrorCode, SanctionBody, type ModeratedUser, type Role, type Sanction } from '../../../shared/index.js';
import { toAmsterdamLocal } from '../../../shared/amsterdamTime.js';
import type { Database } from '../store/schema.js';
import {
  activeSanctions,
  deleteUserSessions,
  findSanction,
  insertSanction,
  liftSanction,
  searchUsers,
  type SanctionWithActor,
} from '../store/sanctions.js';
import { findUserById } from '../store/users.js';
import { recordAction } from './audit.js';
import { DomainError, fieldErrorsFromIssues } from './errors.js';
import type { EventBus } from './events.js';
import type { ViewerUser } from './viewer.js';

/** Most users one search returns. */
export const MAX_USERS_LISTED = 50;

const STAFF: readonly Role[] = ['moderator', 'admin'];

/** How long a sanction lasts, for messages: `until 2026-12-03 14:00 Amsterdam time`, or `for good` (until null). */
export function untilPhrase(until: string | null): string {
  return until === null ? 'for good' : `until ${toAmsterdamLocal(until).replace('T', ' ')} Amsterdam time`;
}

/**
 * The end of a sanction for clients, as the problem's `errors: [{path: 'until', message}]`: a UTC ISO-8601 instant,
 * or `forever`; clients show it in their own language and time zone.
 */
export function untilField(until: string | null): { path: string; message: string }[] {
  return [{ path: 'until', message: until ?? 'forever' }];
}

/** The wire form of a sanction (shared `Sanction`). */
export function toWireSanction(r: SanctionWithActor): Sanction {
  return {
    id: r.id,
    userId: r.user_id,
    kind: r.kind,
    reason: r.reason,
    until: r.until,
    createdAt: r.created_at,
    createdBy: { id: r.created_by, displayName: r.created_by_name ?? '' },
    liftedAt: r.lifted_at,
  };
}

/** The sanction of `kind` in force for the user at `now` (the longest-lasting one), or undefined. */
export async function activeSanction(
  db: Kysely<Database>,
  userId: string,
  kind: 'mute' | 'ban',
  now: Date,
): Promise<SanctionWithActor | undefined> {
  return (await activeSanctions(db, [userId], now.toISOString(), kind))[0];
}

/**
 * Throws unless the user may post resident text now (call it inside the create's transaction).
 * @throws DomainError account_banned (an active ban; normally the session is gone already), account_muted (an
 *   active mute; the message says until when, in Amsterdam time, or "for good").
 */
export async function assertMayPost(db: Kysely<Database>, userId: string, now: Date): Promise<void> {
  const active = await activeSanctions(db, [userId], now.toISOString());
  const ban = active.find((s) => s.kind === 'ban');
  if (ban) throw new DomainError(ErrorCode.accountBanned, `This account is banned ${untilPhrase(ban.until)}.`, untilField(ban.until));
  const mute = active.find((s) => s.kind === 'mute');
  if (mute) throw new DomainError(ErrorCode.accountMuted, `This account is muted ${untilPhrase(mute.until)}: you can read and vote, but not post.`, untilField(mute.until));
}

function assertStaff(actor: ViewerUser): void {
  if (!STAFF.includes(actor.role)) throw new DomainError(ErrorCode.forbidden, 'Only moderators and admins can do this.');
}

/** Moderators may act on residents, planners and partners; admins also on moderators; nobody on admins or themselves. */
function assertMaySanction(actor: ViewerUser, target: { id: string; role: Role }): void {
  if (actor.id === target.id) throw new DomainError(ErrorCode.forbidden, 'You cannot sanction your own account.');
  if (target.role === 'admin') throw new DomainError(ErrorCode.forbidden, 'Admins cannot be sanctioned.');
  if (target.role === 'moderator' && actor.role !== 'admin') {
    throw new DomainError(ErrorCode.forbidden, 'Only admins can sanction moderators.');
  }
}

function metadata(r: { id: string; kind: string; until: string | null; lifted_at?: string | null }) {
  return { sanctionId: r.id, kind: r.kind, until: r.until, liftedAt: r.lifted_at ?? null };
}

export class SanctionService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly bus: EventBus,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Mutes or bans `userId` (SanctionBody: kind, reason, until or null). A ban deletes every session of the user in
   * the same transaction and, after the commit, emits `user:banned` (the realtime layer disconnects their sockets).
   * @throws DomainError validation_failed (body; `until` not in the future), forbidden (see assertMaySanction),
   *   not_found (no such user, or a deleted account).
   */
  async impose(actor: ViewerUser, userId: string, input: unknown): Promise<Sanction> {
    assertStaff(actor);
    const parsed = SanctionBody.safeParse(input);
    if (!parsed.success) throw new DomainError(ErrorCode.validation, 'The sanction is not valid.', fieldErrorsFromIssues(parsed.error.issues));
    const body = parsed.data;
    const now = this.now();
    const until = body.until === null ? null : new Date(body.until).toISOString();
    if (until !== null && Date.parse(until) <= now.getTime()) {
      throw new DomainError(ErrorCode.validation, 'The sanction is not valid.', [{ path: 'until', message: 'must be in the future' }]);
    }
    const id = randomUUID();
    const at = now.toISOString();
    await this.db.transaction().execute(async (trx) => {
      const target = await findUserById(trx, userId);
      if (!target || target.deleted_at !== null) throw new DomainError(ErrorCode.notFound, `There is no user ${JSON.stringify(userId)}.`);
      assertMaySanction(actor, { id: target.id, role: target.role });
      const before = (await activeSanctions(trx, [userId], at)).map((s) => metadata(s));
      await insertSanction(trx, {
        id, user_id: userId, kind: body.kind, reason: body.reason, until, created_by: actor.id, created_at: at, lifted_at: null, lifted_by: null,
      });
      if (body.kind === 'ban') await deleteUserSessions(trx, userId);
      await recordAction(trx, {
        actorId: actor.id, action: body.kind, targetKind: 'user', targetId: userId, reason: body.reason,
        before: { active: before }, after: metadata({ id, kind: body.kind, until }), at,
      });
    });
    if (body.kind === 'ban') this.bus.emit('user:banned', { userId });
    return toWireSanction((await findSanction(this.db, userId, id))!);
  }

  /**
   * Lifts one sanction of the user with a reason (audit `lift`).
   * @throws DomainError forbidden (as impose), not_found (no such sanction of this user), invalid_transition
   *   (lifted already), validation_failed (reason).
   */
  async lift(actor: ViewerUser, userId: string, sanctionId: string, reason: string): Promise<Sanction> {
    assertStaff(actor);
    const at = this.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const target = await findUserById(trx, userId);
      const s = target && (await findSanction(trx, userId, sanctionId));
      if (!target || !s) throw new DomainError(ErrorCode.notFound, `This user has no sanction ${JSON.stringify(sanctionId)}.`);
      assertMaySanction(actor, { id: target.id, role: target.role });
      if (!(await liftSanction(trx, sanctionId, at, actor.id))) {
        throw new DomainError(ErrorCode.invalidTransition, 'This sanction was lifted already.');
      }
      await recordAction(trx, {
        actorId: actor.id, action: 'lift', targetKind: 'user', targetId: userId, reason,
        before: metadata(s), after: metadata({ ...s, lifted_at: at }), at,
      });
    });
    return toWireSanction((await findSanction(this.db, userId, sanctionId))!);
  }

  /**
   * Users whose display name or e-mail contains `q` (case-insensitive), newest first, at most MAX_USERS_LISTED,
   * each with the sanctions in force now. @throws DomainError forbidden for non-staff.
   */
  async listUsers(actor: ViewerUser, q: string): Promise<ModeratedUser[]> {
    assertStaff(actor);
    const rows = await searchUsers(this.db, q.slice(0, 200), MAX_USERS_LISTED);
    const active = await activeSanctions(this.db, rows.map((r) => r.id), this.now().toISOString());
    return rows.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      email: r.email,
      role: r.role,
      createdAt: r.created_at,
      deleted: r.deleted_at !== null,
      active: active.filter((s) => s.user_id === r.id).map(toWireSanction),
    }));
  }
}
