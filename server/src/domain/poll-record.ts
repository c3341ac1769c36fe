/**
 * Serializers of polls for the wire (shared/polls.ts `Poll`, `Ballot`, `PollResults`) and the CSV export.
 * Counts are only ever passed in after the results gate (poll-results-gate.ts) said yes; `toWirePoll` with
 * `counts: null` sends `results: null` and nothing count-derived. CSV cells: csv.ts (the server's one neutraliser).
 */
import type { Ballot, Poll, PollResults } from '../../../shared/index.js';
import type { BallotRow, PollCounts, PollOptionRow, PollRow } from '../store/polls.js';
import { csvCell } from './csv.js';
import { isClosed } from './poll-results-gate.js';

/** `upcoming` before opensAt, `open` in [opensAt, closesAt), `closed` from closesAt on (server clock). */
export function pollState(row: Pick<PollRow, 'opens_at' | 'closes_at'>, now: Date): Poll['state'] {
  if (now.getTime() < Date.parse(row.opens_at)) return 'upcoming';
  return isClosed(row.closes_at, now) ? 'closed' : 'open';
}

export function toWireBallot(b: BallotRow): Ballot {
  return { pollId: b.poll_id, choices: [...b.choices], updatedAt: b.updated_at };
}

export function toWireResults(pollId: string, options: PollOptionRow[], counts: PollCounts, final: boolean): PollResults {
  return {
    pollId,
    counts: options.map((o) => ({ optionId: o.id, count: counts.perOption.get(o.id) ?? 0 })),
    ballots: counts.ballots,
    final,
  };
}

export interface PollView {
  row: PollRow;
  options: PollOptionRow[];
  ballot: BallotRow | null;
  /** Null unless the results gate allowed them for this viewer. */
  counts: PollCounts | null;
  canVote: boolean;
}

export function toWirePoll(v: PollView, now: Date): Poll {
  const { row, options } = v;
  const state = pollState(row, now);
  return {
    id: row.id,
    question: row.question,
    options: options.map((o) => ({ id: o.id, label: o.label, scenarioId: o.scenario_id })),
    kind: row.kind,
    maxChoices: row.max_choices,
    opensAt: row.opens_at,
    closesAt: row.closes_at,
    state,
    resultsVisibility: row.results_visibility,
    planId: row.plan_id,
    scenarioId: row.scenario_id,
    position: row.plan_id === null && row.lon !== null && row.lat !== null ? { lon: row.lon, lat: row.lat, height: row.height ?? 0 } : null,
    createdBy: { id: row.created_by, displayName: row.creator_display_name },
    createdAt: row.created_at,
    myBallot: v.ballot ? toWireBallot(v.ballot) : null,
    results: v.counts ? toWireResults(row.id, options, v.counts, state === 'closed') : null,
    can: { vote: v.canVote, seeResults: v.counts !== null },
  };
}

/** The results as CSV: header `option_id,label,count`, one row per option in the poll's order, then `ballots`. */
export function resultsCsv(poll: Poll, results: PollResults): string {
  const lines = [['option_id', 'label', 'count'].join(',')];
  for (const o of poll.options) {
    const c = results.counts.find((x) => x.optionId === o.id)?.count ?? 0;
    lines.push([csvCell(o.id), csvCell(o.label), csvCell(c)].join(','));
  }
  lines.push([csvCell(''), csvCell('ballots'), csvCell(results.ballots)].join(','));
  return lines.join('\r\n') + '\r\n';
}
