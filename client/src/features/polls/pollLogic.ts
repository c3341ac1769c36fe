/**
 * Pure pieces of the polls UI (no React, no I/O), unit-tested in tests/unit/client/polls-logic.test.ts:
 * - the poll's state by a clock (`upcoming` before `opensAt`, `open` in `[opensAt, closesAt)`, `closed` after);
 * - choosing options: radio (single) or checkboxes with the maximum enforced;
 * - result rows (counts and percentages of ballots, in the poll's option order) and why results are hidden;
 * - when to re-fetch (the next opening or closing instant).
 * Times are UTC ISO-8601 strings as the server sends them; clocks are ms since the epoch.
 */
import type { Poll, PollOption, PollResults } from '../../../../shared/index.js';

export type PollState = 'upcoming' | 'open' | 'closed';

/** The poll's state at `nowMs` by its UTC `opensAt` / `closesAt` (voting while opensAt <= now < closesAt). */
export function pollStateAt(poll: Pick<Poll, 'opensAt' | 'closesAt'>, nowMs: number): PollState {
  const opens = Date.parse(poll.opensAt);
  const closes = Date.parse(poll.closesAt);
  if (nowMs < opens) return 'upcoming';
  if (nowMs >= closes) return 'closed';
  return 'open';
}

/** Longest delay setTimeout takes (2^31 − 1 ms, ~24.8 days); longer waits are re-armed. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * Milliseconds from `nowMs` until the earliest `opensAt` or `closesAt` still ahead among `polls` (plus `slackMs`, so
 * the server's clock has surely passed it too), capped at MAX_TIMER_MS; null when no instant lies ahead.
 */
export function nextBoundaryDelay(polls: Pick<Poll, 'opensAt' | 'closesAt'>[], nowMs: number, slackMs = 250): number | null {
  let best: number | null = null;
  for (const p of polls) {
    for (const iso of [p.opensAt, p.closesAt]) {
      const t = Date.parse(iso);
      if (Number.isNaN(t) || t <= nowMs) continue;
      if (best === null || t < best) best = t;
    }
  }
  return best === null ? null : Math.min(best - nowMs + slackMs, MAX_TIMER_MS);
}

/**
 * The new selection after the voter toggles `optionId`: single → just that option; multiple → added when fewer
 * than `maxChoices` are chosen, removed when it was chosen, unchanged when the maximum is reached.
 * The result keeps the poll's option order.
 */
export function toggleChoice(poll: Pick<Poll, 'kind' | 'maxChoices' | 'options'>, selected: readonly string[], optionId: string): string[] {
  if (!poll.options.some((o) => o.id === optionId)) return [...selected];
  if (poll.kind === 'single') return [optionId];
  const set = new Set(selected);
  if (set.has(optionId)) set.delete(optionId);
  else if (set.size < poll.maxChoices) set.add(optionId);
  return poll.options.map((o) => o.id).filter((id) => set.has(id));
}

/** Whether option `optionId` can be ticked now (false for an unticked box once the maximum is reached). */
export function choiceEnabled(poll: Pick<Poll, 'kind' | 'maxChoices'>, selected: readonly string[], optionId: string): boolean {
  if (poll.kind === 'single' || selected.includes(optionId)) return true;
  return selected.length < poll.maxChoices;
}

/** Whether two selections hold the same options (order ignored). */
export function sameChoices(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
}

export interface ResultRow {
  option: PollOption;
  count: number;
  /** Share of ballots that chose this option, 0–100 (multiple choice: shares may add up to more than 100). */
  percent: number;
}

/** One row per option in the poll's own order (never sorted by count); options missing from `counts` count 0. */
export function resultRows(options: readonly PollOption[], results: PollResults): ResultRow[] {
  const counts = new Map(results.counts.map((c) => [c.optionId, c.count]));
  return options.map((option) => {
    const count = counts.get(option.id) ?? 0;
    return { option, count, percent: results.ballots > 0 ? (100 * count) / results.ballots : 0 };
  });
}

/** Percentage for display: whole numbers, except below 1 % (but above 0) one decimal. */
export function percentDigits(percent: number): number {
  return percent > 0 && percent < 1 ? 1 : 0;
}

export type HiddenReason = 'after_vote' | 'after_close';

/**
 * Why a poll's results are not shown (`results` null): `after_vote` (vote first), `after_close` (wait for the
 * closing time; also for `after_vote` polls the viewer can no longer vote on); null when results are present.
 */
export function hiddenReason(poll: Pick<Poll, 'results' | 'resultsVisibility' | 'myBallot'>, state: PollState): HiddenReason | null {
  if (poll.results) return null;
  if (poll.resultsVisibility === 'after_vote' && !poll.myBallot && state !== 'closed') return 'after_vote';
  return 'after_close';
}

/**
 * Merges live counts into a poll: only into a poll whose results the viewer already sees or may see (the server
 * sends `poll:results` only to such viewers), and never older non-final counts over final ones.
 */
export function withResults<P extends Pick<Poll, 'id' | 'results'>>(poll: P, results: PollResults): P {
  if (poll.id !== results.pollId) return poll;
  if (poll.results?.final && !results.final) return poll;
  return { ...poll, results };
}
