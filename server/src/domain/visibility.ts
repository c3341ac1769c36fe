/**
 * THE visibility gate (DESIGN.md: "One visibility gate"). Every read path (REST lists and single reads,
 * socket broadcasts, reply counts, later exports, search and notifications) asks this module what a viewer
 * may see. Both forms below derive from one rule, `commentAudience`, so a SQL listing and an in-memory
 * check can never disagree.
 *
 * Rule (issue 2, issue 4, issue 6):
 * - deleted (removed) and hidden (held or hidden) comments: nobody in the normal read paths, moderators and admins
 *   neither (they use the moderation endpoints). Exception: a top-level comment with at least one visible reply is
 *   shown as a PLACEHOLDER (no text, no author; `commentView`), so its replies stay reachable;
 * - comments that belong to a plan: only viewers who may see the plan (plan-access.ts `canSeePlan`: a draft's
 *   comments only its creator, invited partners and admins), everywhere: bbox lists, by id, replies, broadcasts;
 * - everything else: everyone, signed in or not.
 */
import type { CommentAudience } from '../store/comments.js';
import type { PlansTable } from '../store/schema.js';
import { canSeePlan, planAudience } from './plan-access.js';
import type { Viewer } from './viewer.js';

/**
 * Which moderated states of comments, and comments of which plans, this viewer may see; store queries filter with it.
 * Hidden and deleted: never, whatever the role (issue 6: moderators read moderated content through the queue).
 */
export function commentAudience(viewer: Viewer): CommentAudience {
  return { hidden: false, deleted: false, plans: planAudience(viewer) };
}

/** The plan a comment belongs to, as the gate needs it. */
export interface CommentPlan {
  status: PlansTable['status'];
  createdBy: string;
  /** Whether the reader the record was loaded for is invited to the plan (false for broadcasts to the public). */
  readerIsPartner: boolean;
}

/** Moderation state and plan of one comment (the fields the gate looks at). */
export interface Moderated {
  hiddenAt: string | null;
  deletedAt: string | null;
  /** null: a comment on the city, not in a plan. */
  plan: CommentPlan | null;
}

/** True when the viewer may see this comment in full (text, author). Placeholders: see `commentView`. */
export function canSeeComment(viewer: Viewer, comment: Moderated): boolean {
  const audience = commentAudience(viewer);
  if (comment.deletedAt !== null && !audience.deleted) return false;
  if (comment.hiddenAt !== null && !audience.hidden) return false;
  return canSeeCommentPlan(viewer, comment);
}

function canSeeCommentPlan(viewer: Viewer, comment: Moderated): boolean {
  if (!comment.plan) return true;
  const { status, createdBy, readerIsPartner } = comment.plan;
  // readerIsPartner was computed for the record's reader; for another viewer only a non-draft plan counts.
  return canSeePlan(viewer, { status, created_by: createdBy }, readerIsPartner);
}

/**
 * How a comment may be shown to the viewer: 'full'; 'placeholder' (issue 6: a top-level comment that is hidden or
 * removed but has visible replies, `replyCount` > 0 counted through this same gate: listed and readable by id
 * without text or author, its replies reachable, never counted, never broadcast as new, never replied to); or
 * null (not at all).
 */
export function commentView(
  viewer: Viewer,
  comment: Moderated & { parentId: string | null; replyCount: number },
): 'full' | 'placeholder' | null {
  if (canSeeComment(viewer, comment)) return 'full';
  if (comment.parentId === null && comment.replyCount > 0 && canSeeCommentPlan(viewer, comment)) return 'placeholder';
  return null;
}
