/**
 * THE visibility gate (DESIGN.md: "One visibility gate"). Every read path (REST lists and single reads,
 * socket broadcasts, reply counts, later exports, search and notifications) asks this module what a viewer
 * may see. Both forms below derive from one rule, `commentAudience`, so a SQL listing and an in-memory
 * check can never disagree.
 *
 * Rule (issue 2; moderation comes later):
 * - deleted comments: nobody;
 * - hidden comments: moderators and admins only;
 * - everything else: everyone, signed in or not.
 */
import type { CommentAudience } from '../store/comments.js';
import type { Viewer } from './viewer.js';

/** Which moderated states of comments this viewer may see; store queries filter with it. */
export function commentAudience(viewer: Viewer): CommentAudience {
  const role = viewer.user?.role;
  return { hidden: role === 'moderator' || role === 'admin', deleted: false };
}

/** Moderation state of one comment (the fields the gate looks at). */
export interface Moderated {
  hiddenAt: string | null;
  deletedAt: string | null;
}

/** True when the viewer may see this comment. */
export function canSeeComment(viewer: Viewer, comment: Moderated): boolean {
  const audience = commentAudience(viewer);
  if (comment.deletedAt !== null && !audience.deleted) return false;
  if (comment.hiddenAt !== null && !audience.hidden) return false;
  return true;
}
