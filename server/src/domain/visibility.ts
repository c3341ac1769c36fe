/**
 * THE visibility gate (DESIGN.md: "One visibility gate"). Every read path (REST lists and single reads,
 * socket broadcasts, reply counts, later exports, search and notifications) asks this module what a viewer
 * may see. Both forms below derive from one rule, `commentAudience`, so a SQL listing and an in-memory
 * check can never disagree.
 *
 * Rule (issue 2, issue 4; moderation comes later):
 * - deleted comments: nobody;
 * - hidden comments: moderators and admins only;
 * - comments that belong to a plan: only viewers who may see the plan (plan-access.ts `canSeePlan`: a draft's
 *   comments only its creator, invited partners and admins), everywhere: bbox lists, by id, replies, broadcasts;
 * - everything else: everyone, signed in or not.
 */
import type { CommentAudience } from '../store/comments.js';
import type { PlansTable } from '../store/schema.js';
import { canSeePlan, planAudience } from './plan-access.js';
import type { Viewer } from './viewer.js';

/** Which moderated states of comments, and comments of which plans, this viewer may see; store queries filter with it. */
export function commentAudience(viewer: Viewer): CommentAudience {
  const role = viewer.user?.role;
  return { hidden: role === 'moderator' || role === 'admin', deleted: false, plans: planAudience(viewer) };
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

/** True when the viewer may see this comment. */
export function canSeeComment(viewer: Viewer, comment: Moderated): boolean {
  const audience = commentAudience(viewer);
  if (comment.deletedAt !== null && !audience.deleted) return false;
  if (comment.hiddenAt !== null && !audience.hidden) return false;
  if (comment.plan) {
    const { status, createdBy, readerIsPartner } = comment.plan;
    // readerIsPartner was computed for the record's reader; for another viewer only a non-draft plan counts.
    if (!canSeePlan(viewer, { status, created_by: createdBy }, readerIsPartner)) return false;
  }
  return true;
}
