/**
 * THE poll results gate (issue 5: "results are hidden in every channel until allowed"). Every channel that could
 * reveal counts asks `canSeeResults`: REST `GET /polls`, `GET /polls/:id`, `PUT /polls/:id/ballot` answers,
 * `GET /polls/:id/results(.csv|.json)`, the socket `poll:join` ack, `poll:vote` ack and `poll:results`
 * broadcast. When it says no, no count, total or count-based ordering is sent (options keep their given order).
 *
 * Precondition: the viewer may see the poll (a plan poll: plan-access.ts `canSeePlan`; a spot poll: everyone).
 *
 * Rule (decided for issue 5, documented in shared/polls.ts):
 * - admins, and the poll's managers (plan poll: who may manage the plan, plan-access.ts `canManagePlan`; spot
 *   poll: its creator while planner or admin) see results at all times: they run the poll;
 * - once the poll has closed (server clock `now >= closesAt`) everyone who can see the poll sees them, whatever
 *   the setting, so every channel shows the same final numbers;
 * - before closing: `always` → everyone; `after_vote` → signed-in viewers who have a ballot (withdrawing it
 *   hides them again); `after_close` → nobody else.
 */
import type { ResultsVisibility } from '../../../shared/index.js';
import type { Viewer } from './viewer.js';

export interface ResultsGateInput {
  resultsVisibility: ResultsVisibility;
  /** UTC ISO instant. */
  closesAt: string;
  /** The viewer runs this poll (manager of its plan, or creator of a spot poll while planner/admin). */
  viewerManages: boolean;
  /** The viewer has a ballot on this poll now. */
  viewerHasVoted: boolean;
}

/** True once `now` has reached the closing time (voting refused from this instant on). */
export function isClosed(closesAt: string, now: Date): boolean {
  return now.getTime() >= Date.parse(closesAt);
}

/** Whether this viewer may see the counts of this poll at `now`. */
export function canSeeResults(viewer: Viewer, poll: ResultsGateInput, now: Date): boolean {
  if (viewer.user?.role === 'admin' || poll.viewerManages) return true;
  if (isClosed(poll.closesAt, now)) return true;
  switch (poll.resultsVisibility) {
    case 'always':
      return true;
    case 'after_vote':
      return viewer.user !== null && poll.viewerHasVoted;
    case 'after_close':
      return false;
  }
}
