/** The poll form's draft → POST /polls body, and where the server's DST errors are shown (features/polls/pollDraft.ts). */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../client/src/api/errors.js';
import { draftReady, dstErrorFor, emptyPollDraft, pollBodyFromDraft, timeForWire, type PollDraft } from '../../../client/src/features/polls/pollDraft.js';
import { CreatePollBody } from '../../../shared/index.js';

function draft(over: Partial<PollDraft> = {}): PollDraft {
  const d = emptyPollDraft();
  return {
    ...d,
    question: ' Wat komt er op het plein? ',
    options: [
      { ...d.options[0]!, label: 'Park ' },
      { ...d.options[1]!, label: 'Woningen', scenarioId: 's-1' },
    ],
    opensAt: '2027-10-30T09:00',
    closesAt: '2027-10-31T02:30',
    ...over,
  };
}

describe('pollBodyFromDraft', () => {
  it('sends local times as typed, trimmed texts, scenario only where chosen, after_close by default', () => {
    const body = pollBodyFromDraft(draft(), 'plan-1');
    expect(body).toEqual({
      question: 'Wat komt er op het plein?',
      options: [{ label: 'Park' }, { label: 'Woningen', scenarioId: 's-1' }],
      kind: 'single',
      opensAt: '2027-10-30T09:00',
      closesAt: '2027-10-31T02:30',
      resultsVisibility: 'after_close',
      attachment: { planId: 'plan-1' },
    });
    expect(CreatePollBody.safeParse(body).success).toBe(true);
  });
  it('appends the chosen side of the autumn overlap', () => {
    expect(pollBodyFromDraft(draft({ closesOffset: '+01:00' }), 'p').closesAt).toBe('2027-10-31T02:30+01:00');
    expect(timeForWire('2027-10-31T02:30', '+02:00')).toBe('2027-10-31T02:30+02:00');
    expect(CreatePollBody.safeParse(pollBodyFromDraft(draft({ closesOffset: '+02:00' }), 'p')).success).toBe(true);
  });
  it('multiple choice sends maxChoices clamped to the options', () => {
    expect(pollBodyFromDraft(draft({ kind: 'multiple', maxChoices: 5 }), 'p').maxChoices).toBe(2);
    expect(pollBodyFromDraft(draft({ kind: 'multiple', maxChoices: 1 }), 'p').maxChoices).toBe(1);
    expect('maxChoices' in pollBodyFromDraft(draft({ maxChoices: 5 }), 'p')).toBe(false);
  });
});

describe('draftReady', () => {
  it('needs a question, two labelled options and both times', () => {
    expect(draftReady(draft())).toBe(true);
    expect(draftReady(emptyPollDraft())).toBe(false);
    expect(draftReady(draft({ question: '  ' }))).toBe(false);
    expect(draftReady(draft({ closesAt: '' }))).toBe(false);
    const d = draft();
    expect(draftReady({ ...d, options: [d.options[0]!] })).toBe(false);
  });
});

describe('dstErrorFor', () => {
  const ambiguous = new ApiError('ambiguous_local_time', 'happens twice: add +02:00 or +01:00', 422);
  it('puts an error without field paths next to the time the shared parser refuses the same way', () => {
    expect(dstErrorFor(ambiguous, 'closesAt', '2027-10-31T02:30')).toEqual({ code: 'ambiguous_local_time', message: 'happens twice: add +02:00 or +01:00' });
    expect(dstErrorFor(ambiguous, 'opensAt', '2027-10-30T09:00')).toBeNull();
    const gap = new ApiError('nonexistent_local_time', 'does not exist', 422);
    expect(dstErrorFor(gap, 'opensAt', '2027-03-28T02:30')).toEqual({ code: 'nonexistent_local_time', message: 'does not exist' });
    expect(dstErrorFor(gap, 'closesAt', '2027-10-31T02:30')).toBeNull();
  });
  it('uses the field errors when the server names the field', () => {
    const e = new ApiError('nonexistent_local_time', 'x', 422, [{ path: 'closesAt', message: 'closing time does not exist' }]);
    expect(dstErrorFor(e, 'closesAt', 'whatever')).toEqual({ code: 'nonexistent_local_time', message: 'closing time does not exist' });
    expect(dstErrorFor(e, 'opensAt', '2027-03-28T02:30')).toBeNull();
  });
  it('ignores other errors', () => {
    expect(dstErrorFor(new ApiError('validation_failed', 'x', 422), 'opensAt', '2027-03-28T02:30')).toBeNull();
    expect(dstErrorFor(null, 'opensAt', '2027-03-28T02:30')).toBeNull();
  });
});
