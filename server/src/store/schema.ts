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
  /** The plan (and scenario) the comment belongs to, or null for a comment on the city. */
  plan_id: string | null;
  scenario_id: string | null;
}

/** A development plan. JSON columns hold text parsed with shared/plans.ts schemas. */
export interface PlansTable {
  id: string;
  title: string;
  summary: string;
  /** GeoJSON Polygon (WGS84) as JSON text. */
  area: string;
  /** bbox of the area, degrees. */
  west: number;
  south: number;
  east: number;
  north: number;
  /** CameraView JSON or null. */
  home_view: string | null;
  /** Phase[] JSON (UTC ISO-8601 instants). */
  phases: string;
  status: 'draft' | 'published' | 'closed' | 'archived';
  created_by: string;
  created_at: string;
  updated_at: string;
  /** Optimistic-locking counter, starts at 1. */
  version: number;
}

export interface PlanPartnersTable {
  plan_id: string;
  user_id: string;
  invited_by: string;
  invited_at: string;
}

export interface ScenariosTable {
  id: string;
  plan_id: string;
  name: string;
  description: string;
  /** ReplacedBuilding[] JSON. */
  replaced: string;
  /** 0 or 1: clip the city tilesets by the plan area. */
  replace_area: number;
  created_at: string;
  updated_at: string;
  version: number;
  deleted_at: string | null;
}

export interface ModelsTable {
  id: string;
  plan_id: string;
  name: string;
  uploaded_by: string;
  created_at: string;
  /** {name, bytes}[] JSON. */
  original_files: string;
  /** Model['stats'] JSON. */
  stats: string;
  /** ModelWarning[] JSON. */
  warnings: string;
  /** ModelGeoref JSON or null. */
  georef: string | null;
  suggested_scale: number | null;
  deleted_at: string | null;
}

export interface PlacementsTable {
  id: string;
  scenario_id: string;
  model_id: string;
  lon: number;
  lat: number;
  height: number;
  heading: number;
  pitch: number;
  roll: number;
  scale: number;
  updated_by: string;
  created_at: string;
  updated_at: string;
  version: number;
  deleted_at: string | null;
}

/** Append-only history of a plan: who changed what (entity, action), before and after as JSON text. */
export interface PlanChangesTable {
  id: string;
  plan_id: string;
  actor_id: string;
  at: string;
  entity: string;
  entity_id: string;
  action: string;
  before: string | null;
  after: string | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  comments: CommentsTable;
  plans: PlansTable;
  plan_partners: PlanPartnersTable;
  scenarios: ScenariosTable;
  models: ModelsTable;
  placements: PlacementsTable;
  plan_changes: PlanChangesTable;
}

/** The two supported SQL dialects. */
export type DialectName = 'sqlite' | 'postgres';
