/**
 * Opens the database: embedded SQLite (better-sqlite3, WAL) by default, PostgreSQL (pg Pool) when a
 * `postgres://` URL is given. Both go through the same Kysely query code; only migrations know the dialect.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { Database, DialectName } from './schema.js';
import { migrateToLatest } from './migrations.js';

export type { DialectName };

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  /** PostgreSQL: the schema the tables live in (current_schema()); undefined for SQLite. */
  schema?: string;
  /** Human-readable location for logs (file path or host/database, never a password). */
  location: string;
  /** Closes every connection; safe to call twice. */
  destroy(): Promise<void>;
  /**
   * After a redaction or removal committed: SQLite moves the WAL into the database file and truncates the WAL
   * (`PRAGMA wal_checkpoint(TRUNCATE)`; with `secure_delete` on, the old bytes are then gone from both files).
   * PostgreSQL: nothing (its storage is the operator's; VACUUM runs there).
   */
  checkpoint(): Promise<void>;
}

export interface StoreOptions {
  /** Folder of the SQLite file `digitale-stad.sqlite` (created if missing). */
  dataDir: string;
  /** `postgres://…` → PostgreSQL. */
  databaseUrl?: string;
  /** PostgreSQL: schema used as search_path (created if missing). */
  databaseSchema?: string;
  /** Called for errors of idle PostgreSQL connections (they must not crash the process). */
  onPoolError?: (err: Error) => void;
}

/** File name of the embedded database inside DATA_DIR. */
export const SQLITE_FILE = 'digitale-stad.sqlite';

/**
 * Opens the store and runs pending migrations.
 * @throws when the database cannot be reached or a migration fails (the message says which).
 */
export async function openStore(opts: StoreOptions): Promise<Store> {
  const store = opts.databaseUrl ? await openPostgres(opts) : openSqlite(opts.dataDir);
  try {
    await migrateToLatest(store.db, store.dialect, store.schema);
  } catch (err) {
    await store.destroy();
    throw err;
  }
  return store;
}

function openSqlite(dataDir: string): Store {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, SQLITE_FILE);
  const database = new BetterSqlite3(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL'); // durable across process crashes in WAL mode
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('secure_delete = ON'); // freed space is zeroed: redacted and removed text leaves the file
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  const checkpoint = async () => {
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
  };
  return { db, dialect: 'sqlite', location: file, destroy: once(() => db.destroy()), checkpoint };
}

async function openPostgres(opts: StoreOptions): Promise<Store> {
  const url = new URL(opts.databaseUrl!);
  const schema = opts.databaseSchema;
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
  pool.on('error', (err) => opts.onPoolError?.(err));
  if (schema) {
    // Every new connection first sets the search_path; pg queues it before any other query.
    pool.on('connect', (client) => {
      client.query(`SET search_path TO "${schema}"`).catch((err: Error) => opts.onPoolError?.(err));
    });
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const location = `postgres ${url.hostname}:${url.port || 5432}${url.pathname}${schema ? ` schema ${schema}` : ''}`;
  let current: string;
  try {
    if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    const res = await sql<{ s: string | null }>`select current_schema() as s`.execute(db);
    current = res.rows[0]?.s ?? '';
  } catch (err) {
    await db.destroy();
    throw new Error(`cannot connect to PostgreSQL at ${location}: ${(err as Error).message}`);
  }
  if (!current) {
    await db.destroy();
    throw new Error(`PostgreSQL at ${location} has no current schema (search_path names no existing schema)`);
  }
  return { db, dialect: 'postgres', schema: current, location, destroy: once(() => db.destroy()), checkpoint: async () => {} };
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let p: Promise<void> | undefined;
  return () => (p ??= fn());
}
