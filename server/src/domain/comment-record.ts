/**
 * The domain's view of a stored comment, and its serializer for the wire (shared/protocol.ts `Comment`).
 * Only comments that passed the visibility gate (visibility.ts `commentView`) may be serialized for a viewer;
 * a record with moderation flags that reaches the serializer is a placeholder and leaves without text or author.
 */
import { REMOVED_PARTICIPANT_NAME, roundPosition, type Comment } from '../../../shared/index.js';
import type { CommentRow } from '../store/comments.js';
import type { CommentPlan } from './visibility.js';

export interface CommentRecord {
  id: string;
  authorId: string;
  authorDisplayName: string;
  /** When the author's account was deleted (issue 6), else null: the wire shows a removed participant. */
  authorDeletedAt: string | null;
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
    authorDeletedAt: row.author_deleted_at ?? null,
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

/**
 * The public wire shape (no client id). The position is rounded to `precisionM` metres (shared/geo.ts
 * `roundPosition`; config PUBLIC_POSITION_PRECISION_M, issue 6): storage keeps the exact one.
 * - an author whose account was deleted → `{id: null, displayName: 'Verwijderde deelnemer'}`;
 * - a record with hiddenAt or deletedAt set (only a placeholder passes the gate) → body '', author
 *   `{id: null, displayName: ''}` and `moderated: {state: 'removed' | 'hidden', at}`.
 */
export function toWireComment(c: CommentRecord, precisionM: number): Comment {
  const base = {
    id: c.id,
    position: roundPosition({ lon: c.position.lon, lat: c.position.lat, height: c.position.height }, precisionM),
    createdAt: c.createdAt,
    parentId: c.parentId,
    replyCount: c.replyCount,
    planId: c.planId,
    scenarioId: c.scenarioId,
  };
  const moderatedAt = c.deletedAt ?? c.hiddenAt;
  if (moderatedAt !== null) {
    return {
      ...base,
      body: '',
      author: { id: null, displayName: '' },
      moderated: { state: c.deletedAt !== null ? 'removed' : 'hidden', at: moderatedAt },
    };
  }
  const author = c.authorDeletedAt !== null ? { id: null, displayName: REMOVED_PARTICIPANT_NAME } : { id: c.authorId, displayName: c.authorDisplayName };
  return { ...base, body: c.body, author };
}
