/**
 * Accounts and sessions. Registration gives the role `resident`. A session is a random 32-byte token that
 * lives only in the client's cookie; the database keeps its SHA-256, so a leaked database holds no usable
 * session. Passwords: passwords.ts (scrypt).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ErrorCode, LoginBody, RegisterBody, type Me, type Role } from '../../../shared/index.js';
import type { Database } from '../store/schema.js';
import {
  deleteExpiredSessions,
  deleteSession,
  findSessionUser,
  findUserByEmail,
  insertSession,
  insertUser,
  type UserRow,
} from '../store/users.js';
import { DomainError, fieldErrorsFromIssues } from './errors.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.js';
import { activeSanction, untilField, untilPhrase } from './sanctions.js';
import { screenName } from './screening.js';

export interface AccountUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
}

export interface SignedIn {
  user: AccountUser;
  /** The session token for the cookie (base64url, 43 characters). */
  token: string;
  expiresAt: Date;
}

/** SHA-256 of a session token, hex: the only form stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function toUser(row: UserRow): AccountUser {
  return { id: row.id, email: row.email, displayName: row.display_name, role: row.role };
}

/** The signed-in user's own wire view (shared `Me`). */
export function toMe(u: AccountUser): Me {
  return { id: u.id, email: u.email, displayName: u.displayName, role: u.role };
}

export class AccountService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sessionTtlMs: number,
    private readonly now: () => Date = () => new Date(),
    /** The clock that decides whether a ban is in force (tests inject one; sessions keep `now`). */
    private readonly sanctionNow: () => Date = now,
  ) {}

  /**
   * Creates a resident account and signs it in. The display name is screened without the hold option
   * (screening.ts screenName): a blocked or held word → content_blocked, personal data → personal_data_detected
   * (path `displayName`).
   * @throws DomainError validation_failed, content_blocked, personal_data_detected, email_taken.
   */
  async register(input: unknown): Promise<SignedIn> {
    const parsed = RegisterBody.safeParse(input);
    if (!parsed.success) throw new DomainError(ErrorCode.validation, 'The registration is not valid.', fieldErrorsFromIssues(parsed.error.issues));
    const { email, password, displayName } = parsed.data;
    await screenName(this.db, 'displayName', displayName);
    const row: UserRow = {
      id: randomUUID(),
      email,
      display_name: displayName,
      password_hash: await hashPassword(password),
      role: 'resident',
      deleted_at: null,
      created_at: this.now().toISOString(),
    };
    if (!(await insertUser(this.db, row))) {
      throw new DomainError(ErrorCode.emailTaken, 'There is already an account with this e-mail address.', [
        { path: 'email', message: 'already registered' },
      ]);
    }
    return this.startSession(toUser(row));
  }

  /**
   * Checks e-mail and password and starts a new session.
   * @throws DomainError validation_failed, bad_credentials (without saying which of the two was wrong),
   *   account_banned (right password, but a ban is in force; the message says until when).
   */
  async login(input: unknown): Promise<SignedIn> {
    const parsed = LoginBody.safeParse(input);
    if (!parsed.success) throw new DomainError(ErrorCode.validation, 'The login is not valid.', fieldErrorsFromIssues(parsed.error.issues));
    const { email, password } = parsed.data;
    const row = await findUserByEmail(this.db, email);
    if (!row) {
      await burnPasswordCheck(password);
      throw new DomainError(ErrorCode.badCredentials, 'E-mail address or password is wrong.');
    }
    if (!(await verifyPassword(password, row.password_hash))) {
      throw new DomainError(ErrorCode.badCredentials, 'E-mail address or password is wrong.');
    }
    const ban = await activeSanction(this.db, row.id, 'ban', this.sanctionNow());
    if (ban) throw new DomainError(ErrorCode.accountBanned, `This account is banned ${untilPhrase(ban.until)}.`, untilField(ban.until));
    return this.startSession(toUser(row));
  }

  /** Ends the session of this token (no-op for unknown tokens). */
  async logout(token: string | undefined): Promise<void> {
    if (token) await deleteSession(this.db, hashToken(token));
  }

  /** The user of a valid, unexpired session token, or null (also while the account is banned). */
  async userForToken(token: string | undefined): Promise<AccountUser | null> {
    if (!token || token.length > 200) return null;
    const row = await findSessionUser(this.db, hashToken(token), this.now().toISOString());
    if (!row) return null;
    // A ban deletes the sessions at once; this keeps a session made in a race with the ban from working.
    if (await activeSanction(this.db, row.id, 'ban', this.sanctionNow())) return null;
    return toUser(row);
  }

  private async startSession(user: AccountUser): Promise<SignedIn> {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const expiresAt = new Date(now.getTime() + this.sessionTtlMs);
    await deleteExpiredSessions(this.db, now.toISOString());
    await insertSession(this.db, {
      token_hash: hashToken(token),
      user_id: user.id,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
    });
    return { user, token, expiresAt };
  }
}
