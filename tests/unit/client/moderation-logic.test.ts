/** The pure pieces of the moderator panel: highlight slices (client/src/features/moderation/highlight.ts) and logic.ts. */
import { describe, expect, it } from 'vitest';
import { sliceText } from '../../../client/src/features/moderation/highlight.js';
import { actionsFor, itemKey, jsonText, matchesFilter, redactError, redactPart, untilFor } from '../../../client/src/features/moderation/logic.js';

describe('sliceText', () => {
  it('cuts plain and marked slices that join back to the text', () => {
    const text = 'Bel 0612345678 of mail a@b.nl, knollenpraat!';
    const s = sliceText(text, [
      { start: 23, end: 29, tag: 'pii', label: 'e-mailadres' },
      { start: 4, end: 14, tag: 'pii', label: 'telefoonnummer' },
      { start: 31, end: 43, tag: 'hold', label: 'knollenpraat' },
    ]);
    expect(s.map((x) => x.text).join('')).toBe(text);
    expect(s.filter((x) => x.mark).map((x) => [x.text, x.mark!.tag])).toEqual([
      ['0612345678', 'pii'],
      ['a@b.nl', 'pii'],
      ['knollenpraat', 'hold'],
    ]);
  });

  it('keeps the first of overlapping ranges, clamps to the text and drops empty ones', () => {
    const s = sliceText('abcdefgh', [
      { start: 2, end: 6, tag: 'a', label: '' },
      { start: 4, end: 99, tag: 'b', label: '' },
      { start: 5, end: 5, tag: 'c', label: '' },
      { start: -3, end: 1, tag: 'd', label: '' },
    ]);
    expect(s.map((x) => [x.text, x.mark?.tag ?? null])).toEqual([
      ['a', 'd'],
      ['b', null],
      ['cdef', 'a'],
      ['gh', 'b'],
    ]);
  });

  it('passes markup through as plain text', () => {
    const text = '<img src=x onerror=alert(1)>';
    expect(sliceText(text, [])).toEqual([{ text, mark: null }]);
  });
});

describe('queue logic', () => {
  const item = (state: 'visible' | 'held' | 'hidden' | 'removed', pending: 'reports' | null, openReports = 0) => ({
    kind: 'comment' as const,
    state,
    pending,
    openReports,
  });

  it('puts items in the list their filter asks for', () => {
    expect(matchesFilter(item('visible', 'reports'), { status: 'pending', kind: '' })).toBe(true);
    expect(matchesFilter(item('hidden', null), { status: 'pending', kind: '' })).toBe(false);
    expect(matchesFilter(item('hidden', null), { status: 'hidden', kind: '' })).toBe(true);
    expect(matchesFilter(item('hidden', null), { status: 'hidden', kind: 'thread' })).toBe(false);
    expect(matchesFilter(item('removed', null), { status: 'all', kind: 'comment' })).toBe(true);
    expect(itemKey({ kind: 'reply', id: 'x' })).toBe('reply:x');
  });

  it('offers the decisions a state allows', () => {
    expect(actionsFor(item('visible', null))).toEqual(['hide', 'remove']);
    expect(actionsFor(item('visible', 'reports', 1))).toEqual(['hide', 'dismiss', 'remove']);
    expect(actionsFor(item('held', 'reports', 3))).toEqual(['restore', 'hide', 'remove']);
    expect(actionsFor(item('hidden', null))).toEqual(['restore', 'remove']);
    expect(actionsFor(item('removed', null))).toEqual([]);
  });

  it('turns periods into until instants', () => {
    const now = new Date('2026-11-30T01:00:00.000Z');
    expect(untilFor('day1', now)).toBe('2026-12-01T01:00:00.000Z');
    expect(untilFor('day30', now)).toBe('2026-12-30T01:00:00.000Z');
    expect(untilFor('forever', now)).toBeNull();
  });

  it('shows JSON as indented text', () => {
    expect(jsonText({ state: 'visible' })).toBe('{\n  "state": "visible"\n}');
    expect(jsonText(null)).toBe('—');
  });
});

describe('redaction parts and errors', () => {
  it('a part carries the text the moderator selected as `expected`', () => {
    expect(redactPart('Mijn buur, Hendrik, maakt lawaai', 11, 18)).toEqual({ start: 11, end: 18, expected: 'Hendrik' });
  });

  it('409 version_conflict → reload message; 422 validation_failed → longer part with the numbers; others → generic', () => {
    expect(redactError({ code: 'version_conflict', status: 409 })).toEqual({ key: 'moderation.redact.changed', vars: {} });
    expect(
      redactError({ code: 'validation_failed', status: 422, errors: [{ path: 'parts', message: 'select a longer part: the result would be 670 characters, at most 120' }] }),
    ).toEqual({ key: 'moderation.redact.tooLong', vars: { n: 670, max: 120 } });
    expect(redactError({ code: 'validation_failed', status: 422, errors: [] })).toEqual({ key: 'moderation.redact.tooLongPlain', vars: {} });
    expect(redactError({ code: 'validation_failed', status: 400, errors: [{ path: 'parts', message: 'each part must lie within 0..4' }] })).toBeNull();
    expect(redactError({ code: 'forbidden', status: 403 })).toBeNull();
    expect(redactError(null)).toBeNull();
  });
});
