/**
 * Table types of the database, as Kysely sees them (snake_case columns, the same in SQLite and PostgreSQL).
 * Times are UTC ISO-8601 strings with milliseconds (`2026-11-29T20:11:55.123Z`): they sort as text in both
 * dialects (PostgreSQL columns use the "C" collation so the order is byte order, like SQLite's BINARY).
 */
import type { ContentKind, ReportReason, Role } from '../../../shared/index.js';

export interface UsersTable {
  id: string;
  /** Lower-cased, trimmed; unique. */
  email: string;
  display_name: string;
  /** PHC string `$scrypt$ln=…,r=…,p=…$salt$hash` (domain/passwords.ts). */
  password_hash: string;
  role: Role;
  created_at: string;
  /** Set when the account was deleted: the row stays, anonymised ("removed participant"); nobody can sign in. */
  deleted_at: string | null;
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
  hidden_at: string | null;
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

/** A co-creation thread (issue 5). `anchor` is a Position or GeoJSON Polygon as JSON text; lon/lat/height the pin. */
export interface ThreadsTable {
  id: string;
  plan_id: string | null;
  scenario_id: string | null;
  author_id: string;
  title: string;
  text: string;
  anchor: string;
  lon: number;
  lat: number;
  height: number;
  status: 'open' | 'under_consideration' | 'adopted' | 'not_adopted';
  status_reason: string | null;
  status_by: string | null;
  status_at: string | null;
  created_at: string;
  updated_at: string;
  /** Moderation (issue 6): hidden pending review or by a moderator / removed; the gates hide both. */
  hidden_at: string | null;
  deleted_at: string | null;
}

export interface ThreadPostsTable {
  id: string;
  thread_id: string;
  author_id: string;
  text: string;
  /** 1: a planner's answer. */
  answer: number;
  created_at: string;
  hidden_at: string | null;
  deleted_at: string | null;
}

/** Primary key (thread_id, user_id): one support per account. */
export interface ThreadSupportsTable {
  thread_id: string;
  user_id: string;
  created_at: string;
}

export interface SketchesTable {
  id: string;
  thread_id: string;
  /** GeoJSON Point / LineString / Polygon (WGS84) as JSON text. */
  geometry: string;
  /** Extrusion height, metres (0..300). */
  height: number;
  label: string | null;
  version: number;
  created_by: string;
  updated_by: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  hidden_at: string | null;
}

/** Every state of a sketch (primary key sketch_id, version) with its author; geometry null for `deleted`. */
export interface SketchVersionsTable {
  sketch_id: string;
  version: number;
  thread_id: string;
  geometry: string | null;
  height: number;
  label: string | null;
  action: 'created' | 'updated' | 'deleted';
  author_id: string;
  at: string;
}

/** A user follows a plan or a thread (exactly one of the two). */
export interface FollowsTable {
  user_id: string;
  plan_id: string | null;
  thread_id: string | null;
  created_at: string;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: 'reply' | 'answer' | 'status_changed' | 'moderation';
  /** null for `moderation` notices. */
  thread_id: string | null;
  plan_id: string | null;
  post_id: string | null;
  status: string | null;
  actor_id: string;
  created_at: string;
  read_at: string | null;
  /** `moderation` notices: which content of the receiver, what was done and why. */
  content_kind: ContentKind | null;
  content_id: string | null;
  action: string | null;
  reason: string | null;
}

/** A poll (issue 5): attached to a plan (plan_id) or a spot (lon/lat/height). Times are UTC ISO strings. */
export interface PollsTable {
  id: string;
  question: string;
  kind: 'single' | 'multiple';
  max_choices: number;
  /** Voting while opens_at <= now < closes_at (server clock). */
  opens_at: string;
  closes_at: string;
  results_visibility: 'always' | 'after_vote' | 'after_close';
  plan_id: string | null;
  scenario_id: string | null;
  lon: number | null;
  lat: number | null;
  height: number | null;
  created_by: string;
  created_at: string;
}

export interface PollOptionsTable {
  id: string;
  poll_id: string;
  /** 0-based order the planner gave. */
  position: number;
  label: string;
  scenario_id: string | null;
}

/** One per (poll_id, user_id): UNIQUE key ballots_poll_user. */
export interface BallotsTable {
  id: string;
  poll_id: string;
  user_id: string;
  created_at: string;
  updated_at: string;
}

export interface BallotChoicesTable {
  ballot_id: string;
  poll_id: string;
  option_id: string;
}

/** A user's report of content (issue 6); UNIQUE (content_kind, content_id, reporter_id). */
export interface ReportsTable {
  id: string;
  content_kind: ContentKind;
  content_id: string;
  reporter_id: string;
  reason: ReportReason;
  note: string | null;
  created_at: string;
  /** Set when a moderator decided on the content (hide, restore, remove, redact, dismiss). */
  resolved_at: string | null;
  resolution: string | null;
}

/** The moderation state of one piece of content; a row exists once it was reported, held, flagged or acted on. */
export interface ModerationItemsTable {
  content_kind: ContentKind;
  content_id: string;
  state: 'visible' | 'held' | 'hidden' | 'removed';
  /** Why it waits in the queue: reports, personal_data, word_filter, moderator (null: nothing pending). */
  pending: 'reports' | 'personal_data' | 'word_filter' | null;
  /** JSON: { matches?: WordFilterMatch[], personalData?: PiiKind[] }. */
  detail: string | null;
  author_id: string;
  plan_id: string | null;
  /** Unresolved reports from distinct accounts. */
  open_reports: number;
  created_at: string;
  updated_at: string;
  reviewed_at: string | null;
  reviewed_by: string | null;
}

/** THE audit log: append-only (database triggers refuse UPDATE and DELETE); never holds content text. */
export interface ModerationActionsTable {
  id: string;
  /** null: the system (threshold hiding, holds). */
  actor_id: string | null;
  action: string;
  target_kind: string;
  target_id: string;
  reason: string | null;
  /** JSON text (state and metadata, never content text). */
  before: string | null;
  after: string | null;
  at: string;
}

export interface SanctionsTable {
  id: string;
  user_id: string;
  kind: 'mute' | 'ban';
  reason: string;
  /** null: for good. */
  until: string | null;
  created_by: string;
  created_at: string;
  lifted_at: string | null;
  lifted_by: string | null;
}

export interface WordFiltersTable {
  id: string;
  pattern: string;
  is_regex: number;
  action: 'hold' | 'block' | 'flag';
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** The removed-ids feed for mirrors of the open data. */
export interface ContentRemovalsTable {
  id: string;
  content_kind: ContentKind;
  content_id: string;
  plan_id: string | null;
  action: 'hidden' | 'removed' | 'redacted';
  at: string;
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
  polls: PollsTable;
  poll_options: PollOptionsTable;
  ballots: BallotsTable;
  ballot_choices: BallotChoicesTable;
  threads: ThreadsTable;
  thread_posts: ThreadPostsTable;
  thread_supports: ThreadSupportsTable;
  sketches: SketchesTable;
  sketch_versions: SketchVersionsTable;
  follows: FollowsTable;
  notifications: NotificationsTable;
  reports: ReportsTable;
  moderation_items: ModerationItemsTable;
  moderation_actions: ModerationActionsTable;
  sanctions: SanctionsTable;
  word_filters: WordFiltersTable;
  content_removals: ContentRemovalsTable;
}

/** The two supported SQL dialects. */
export type DialectName = 'sqlite' | 'postgres';
