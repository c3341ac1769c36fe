/**
 * The domain's view of a stored comment, and its serializer for the wire (shared/protocol.ts `Comment`).
 * Only comments that passed the visibility gate (visibility.ts) may be serialized for a viewer.
 */
import type { Comment } from '../../../shared/index.js';
import type { CommentRow } from '../store/comments.js';
import type { CommentPlan } from './visibility.js';

export interface CommentRecord {
  id: string;
  authorId: string;
  authorDisplayName: string;
  clientId: string | null;
  body: string;
  /** WGS84 degrees and metres above the ellipsoid (EPSG:4979). */
  position: { lon: number; lat: number; height: number };
  parentId: string | null;
  /** UTC ISO-8601 with milliseconds. */
  createdAt: string;
  hiddenAt: string | null;
  deletedAt: string | null;
  /** Replies the reader may see (counted through the same gate). */
  replyCount: number;
  planId: string | null;
  scenarioId: string | null;
  /** The plan's status and creator, for the gate (null for comments on the city). */
  plan: CommentPlan | null;
}

export function recordFromRow(row: CommentRow): CommentRecord {
  return {
    id: row.id,
    authorId: row.author_id,
    authorDisplayName: row.author_display_name,
    clientId: row.client_id,
    body: row.body,
    position: { lon: row.lon, lat: row.lat, height: row.height },
    parentId: row.parent_id,
    createdAt: row.created_at,
    hiddenAt: row.hidden_at,
    deletedAt: row.deleted_at,
    replyCount: row.reply_count,
    planId: row.plan_id,
    scenarioId: row.scenario_id,
    plan:
      row.plan_id !== null && row.plan_status !== null && row.plan_created_by !== null
        ? { status: row.plan_status, createdBy: row.plan_created_by, readerIsPartner: row.plan_partner }
        : null,
  };
}

/** The public wire shape (no client id, no moderation fields). */
export function toWireComment(c: CommentRecord): Comment {
  return {
    id: c.id,
    body: c.body,
    position: { ...c.position },
    author: { id: c.authorId, displayName: c.authorDisplayName },
    createdAt: c.createdAt,
    parentId: c.parentId,
    replyCount: c.replyCount,
    planId: c.planId,
    scenarioId: c.scenarioId,
  };
}
