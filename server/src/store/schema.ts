/**
 * Table types of the database, as Kysely sees them (snake_case columns, the same in SQLite and PostgreSQL).
 * Times are UTC ISO-8601 strings with milliseconds (`2026-11-29T20:11:55.123Z`): they sort as text in both
 * dialects (PostgreSQL columns use the "C" collation so the order is byte order, like SQLite's BINARY).
 */
import type { Role } from '../../../shared/index.js';

export interface UsersTable {
  id: string;
  /** Lower-cased, trimmed; unique. */
  email: string;
  display_name: string;
  /** PHC string `$scrypt$ln=…,r=…,p=…$salt$hash` (domain/passwords.ts). */
  password_hash: string;
  role: Role;
  created_at: string;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the cookie token; the token itself is never stored. */
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface CommentsTable {
  id: string;
  author_id: string;
  /** Client-generated command id; unique per author so a retried command never duplicates. */
  client_id: string | null;
  body: string;
  /** WGS84 degrees (EPSG:4979) and metres above the ellipsoid. */
  lon: number;
  lat: number;
  height: number;
  parent_id: string | null;
  created_at: string;
  /** Set by moderation (later issues); the visibility gate decides who still sees it. */
  hidden_at: string | null;
  deleted_at: string | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  comments: CommentsTable;
}

/** The two supported SQL dialects. */
export type DialectName = 'sqlite' | 'postgres';
