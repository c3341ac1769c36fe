/** The pure pieces of the polls UI (client/src/features/polls/pollLogic.ts): states, choosing, results, timers. */
import { describe, expect, it } from 'vitest';
import type { Poll, PollResults } from '../../../shared/index.js';
import {
  MAX_TIMER_MS,
  choiceEnabled,
  hiddenReason,
  nextBoundaryDelay,
  percentDigits,
  pollStateAt,
  resultRows,
  sameChoices,
  toggleChoice,
  withResults,
} from '../../../client/src/features/polls/pollLogic.js';

const options = [
  { id: 'a', label: 'Park', scenarioId: null },
  { id: 'b', label: 'Woningen', scenarioId: 's1' },
  { id: 'c', label: 'Parkeren', scenarioId: null },
  { id: 'd', label: 'Niets', scenarioId: null },
];
const OPENS = '2027-05-01T07:00:00.000Z';
const CLOSES = '2027-05-08T07:00:00.000Z';
const single = { kind: 'single' as const, maxChoices: 1, options };
const multi = { kind: 'multiple' as const, maxChoices: 2, options };

function poll(over: Partial<Poll> = {}): Pick<Poll, 'id' | 'results' | 'resultsVisibility' | 'myBallot'> {
  return { id: 'p1', results: null, resultsVisibility: 'after_close', myBallot: null, ...over };
}
const results = (counts: number[], ballots: number, final = false): PollResults => ({
  pollId: 'p1',
  counts: counts.map((count, i) => ({ optionId: options[i]!.id, count })),
  ballots,
  final,
});

describe('pollStateAt', () => {
  const p = { opensAt: OPENS, closesAt: CLOSES };
  it('is upcoming before opening, open from opening, closed from closing (closing itself is closed)', () => {
    expect(pollStateAt(p, Date.parse(OPENS) - 1)).toBe('upcoming');
    expect(pollStateAt(p, Date.parse(OPENS))).toBe('open');
    expect(pollStateAt(p, Date.parse(CLOSES) - 1000)).toBe('open');
    expect(pollStateAt(p, Date.parse(CLOSES))).toBe('closed');
  });
});

describe('nextBoundaryDelay', () => {
  const p = { opensAt: OPENS, closesAt: CLOSES };
  it('waits for the next opening or closing still ahead, plus the slack', () => {
    expect(nextBoundaryDelay([p], Date.parse(OPENS) - 5000, 250)).toBe(5250);
    expect(nextBoundaryDelay([p], Date.parse(CLOSES) - 2000, 0)).toBe(2000);
  });
  it('takes the earliest of several polls and is null when nothing lies ahead', () => {
    const q = { opensAt: '2027-05-01T06:00:00.000Z', closesAt: '2027-05-01T06:30:00.000Z' };
    expect(nextBoundaryDelay([p, q], Date.parse('2027-05-01T06:10:00.000Z'), 0)).toBe(20 * 60_000);
    expect(nextBoundaryDelay([p, q], Date.parse(CLOSES), 0)).toBeNull();
  });
  it('caps far-away instants at the longest setTimeout delay', () => {
    expect(nextBoundaryDelay([p], Date.parse(OPENS) - 60 * 86_400_000)).toBe(MAX_TIMER_MS);
  });
});

describe('toggleChoice / choiceEnabled', () => {
  it('single choice: the clicked option replaces the choice', () => {
    expect(toggleChoice(single, ['a'], 'b')).toEqual(['b']);
    expect(choiceEnabled(single, ['a'], 'b')).toBe(true);
  });
  it('multiple choice: adds up to the maximum in option order, then refuses more; unticking frees a place', () => {
    let s = toggleChoice(multi, [], 'c');
    s = toggleChoice(multi, s, 'a');
    expect(s).toEqual(['a', 'c']);
    expect(toggleChoice(multi, s, 'b')).toEqual(['a', 'c']);
    expect(choiceEnabled(multi, s, 'b')).toBe(false);
    expect(choiceEnabled(multi, s, 'a')).toBe(true);
    s = toggleChoice(multi, s, 'a');
    expect(s).toEqual(['c']);
    expect(choiceEnabled(multi, s, 'b')).toBe(true);
  });
  it('ignores options of another poll', () => {
    expect(toggleChoice(multi, ['a'], 'zz')).toEqual(['a']);
  });
  it('sameChoices ignores order', () => {
    expect(sameChoices(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameChoices(['a'], ['a', 'b'])).toBe(false);
  });
});

describe('resultRows', () => {
  it('keeps the option order, counts missing options as 0, percentages of ballots', () => {
    const r = { pollId: 'p1', counts: [{ optionId: 'c', count: 1 }, { optionId: 'a', count: 2 }], ballots: 3, final: true };
    const rows = resultRows(options, r);
    expect(rows.map((x) => [x.option.id, x.count])).toEqual([['a', 2], ['b', 0], ['c', 1], ['d', 0]]);
    expect(rows[0]!.percent).toBeCloseTo(66.667, 2);
    expect(rows[2]!.percent).toBeCloseTo(33.333, 2);
  });
  it('multiple choice shares may add up to more than 100; no ballots gives 0 %', () => {
    expect(resultRows(options, results([2, 2, 0, 0], 2)).map((x) => x.percent)).toEqual([100, 100, 0, 0]);
    expect(resultRows(options, results([0, 0, 0, 0], 0)).map((x) => x.percent)).toEqual([0, 0, 0, 0]);
  });
  it('shows one decimal only for shares under 1 %', () => {
    expect(percentDigits(0.4)).toBe(1);
    expect(percentDigits(0)).toBe(0);
    expect(percentDigits(12.5)).toBe(0);
  });
});

describe('hiddenReason', () => {
  it('is null when results are there', () => {
    expect(hiddenReason(poll({ results: results([1, 0, 0, 0], 1) }), 'open')).toBeNull();
  });
  it('after_vote polls say "vote first" while one can still vote, else wait for closing', () => {
    expect(hiddenReason(poll({ resultsVisibility: 'after_vote' }), 'open')).toBe('after_vote');
    expect(hiddenReason(poll({ resultsVisibility: 'after_vote' }), 'closed')).toBe('after_close');
  });
  it('after_close polls wait for closing', () => {
    expect(hiddenReason(poll(), 'open')).toBe('after_close');
    expect(hiddenReason(poll({ myBallot: { pollId: 'p1', choices: ['a'], updatedAt: OPENS } }), 'open')).toBe('after_close');
  });
});

describe('withResults', () => {
  it('merges counts of the same poll only', () => {
    const p = poll();
    expect(withResults(p, results([1, 0, 0, 0], 1)).results?.ballots).toBe(1);
    expect(withResults(p, { ...results([1, 0, 0, 0], 1), pollId: 'other' })).toBe(p);
  });
  it('never replaces final counts with live ones', () => {
    const p = poll({ results: results([3, 1, 0, 0], 4, true) });
    expect(withResults(p, results([2, 1, 0, 0], 3))).toBe(p);
    expect(withResults(p, results([3, 1, 0, 0], 4, true)).results?.final).toBe(true);
  });
});
