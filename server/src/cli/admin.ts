/**
 * `npm run admin -- role <email> <role>`: gives an account a role (resident, planner, partner, moderator, admin).
 * Uses the server's configuration (DATA_DIR, or DATABASE_URL / DATABASE_SCHEMA for PostgreSQL; config.ts).
 * Exit codes: 0 done, 1 unknown e-mail address or the database failed, 2 bad command line (unknown role).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { ROLES, Role } from '../../../shared/index.js';
import { ConfigError, loadConfig } from '../config.js';
import { openStore } from '../store/db.js';
import type { Database } from '../store/schema.js';
import { recordAction } from '../domain/audit.js';

const USAGE = `Usage: npm run admin -- role <email> <role>

Sets the role of the account with this e-mail address. Roles: ${ROLES.join(', ')}.
The database is the server's: DATA_DIR (SQLite) or DATABASE_URL (PostgreSQL).`;

/** Thrown by setRole: `exitCode` 1 (no such account) or 2 (bad role). */
export class AdminError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2) {
    super(message);
    this.name = 'AdminError';
  }
}

/**
 * Sets the role of the account with `email` (trimmed, lower-cased as at registration). Returns the previous role.
 * @throws AdminError for an unknown role (exit 2) or an unknown e-mail address (exit 1).
 */
export async function setRole(db: Kysely<Database>, email: string, role: string): Promise<{ id: string; previous: Role }> {
  const parsed = Role.safeParse(role);
  if (!parsed.success) throw new AdminError(`unknown role ${JSON.stringify(role)}; use one of ${ROLES.join(', ')}`, 2);
  const address = email.trim().toLowerCase();
  const user = await db.selectFrom('users').select(['id', 'role']).where('email', '=', address).executeTakeFirst();
  if (!user) throw new AdminError(`no account with the e-mail address ${JSON.stringify(address)}`, 1);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ role: parsed.data }).where('id', '=', user.id).execute();
    // THE audit log (issue 6): role changes are admin actions; the CLI has no signed-in actor.
    await recordAction(trx, {
      actorId: null, action: 'role', targetKind: 'user', targetId: user.id, reason: null,
      before: { role: user.role }, after: { role: parsed.data }, at: new Date().toISOString(),
    });
  });
  return { id: user.id, previous: user.role };
}

/** Runs the command line `args` (without node and script); returns the exit code. */
export async function main(
  args: string[],
  env: Record<string, string | undefined> = process.env,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const [command, email, role, ...rest] = args;
  if (command === '--help' || command === '-h') {
    out.write(`${USAGE}\n`);
    return 0;
  }
  if (command !== 'role' || !email || !role || rest.length > 0) {
    err.write(`${USAGE}\n`);
    return 2;
  }
  if (!Role.safeParse(role).success) {
    err.write(`error: unknown role ${JSON.stringify(role)}; use one of ${ROLES.join(', ')}\n`);
    return 2;
  }
  let config;
  try {
    config = loadConfig(env);
  } catch (e) {
    err.write(`error: ${e instanceof ConfigError ? e.message : String(e)}\n`);
    return 2;
  }
  let store;
  try {
    store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, databaseSchema: config.databaseSchema });
  } catch (e) {
    err.write(`error: ${(e as Error).message}\n`);
    return 1;
  }
  try {
    const r = await setRole(store.db, email, role);
    out.write(`${email.trim().toLowerCase()}: ${r.previous} → ${role} (${store.location})\n`);
    return 0;
  } catch (e) {
    err.write(`error: ${(e as Error).message}\n`);
    return e instanceof AdminError ? e.exitCode : 1;
  } finally {
    await store.destroy();
  }
}

const isMain =
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]).replace(/\.[cm]?[jt]s$/, '') === fileURLToPath(import.meta.url).replace(/\.[cm]?[jt]s$/, '');
if (isMain) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`error: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
