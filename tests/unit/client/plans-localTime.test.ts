/** Europe/Amsterdam wall-clock time ↔ UTC for the phase fields (features/plans/localTime.ts), across DST. */
import { describe, expect, it } from 'vitest';
import { amsterdamOffsetMs, localInputToUtc, utcToLocalInput } from '../../../client/src/features/plans/localTime.js';

describe('localInputToUtc', () => {
  it('reads winter times as UTC+1 and summer times as UTC+2', () => {
    expect(localInputToUtc('2026-01-15T09:00')).toEqual({ ok: true, iso: '2026-01-15T08:00:00.000Z', ambiguous: false });
    expect(localInputToUtc('2026-07-01T09:30')).toEqual({ ok: true, iso: '2026-07-01T07:30:00.000Z', ambiguous: false });
  });

  it('refuses a time in the spring gap (last Sunday of March, 02:00–02:59 does not exist)', () => {
    expect(localInputToUtc('2026-03-29T02:30')).toEqual({ ok: false, reason: 'nonexistent' });
    expect(localInputToUtc('2026-03-29T02:00')).toEqual({ ok: false, reason: 'nonexistent' });
    // Either side of the gap is fine.
    expect(localInputToUtc('2026-03-29T01:59')).toMatchObject({ ok: true, iso: '2026-03-29T00:59:00.000Z' });
    expect(localInputToUtc('2026-03-29T03:00')).toMatchObject({ ok: true, iso: '2026-03-29T01:00:00.000Z' });
  });

  it('takes the first (summer time) instant of an hour that happens twice in autumn, and says so', () => {
    // 2026-10-25: clocks go back from 03:00 CEST to 02:00 CET.
    expect(localInputToUtc('2026-10-25T02:30')).toEqual({ ok: true, iso: '2026-10-25T00:30:00.000Z', ambiguous: true });
    expect(localInputToUtc('2026-10-25T03:00')).toEqual({ ok: true, iso: '2026-10-25T02:00:00.000Z', ambiguous: false });
    expect(localInputToUtc('2026-10-25T01:59')).toEqual({ ok: true, iso: '2026-10-24T23:59:00.000Z', ambiguous: false });
  });

  it('refuses malformed values and dates that do not exist', () => {
    for (const v of ['', 'tomorrow', '2026-02-30T10:00', '2026-13-01T10:00', '2026-01-01T24:00', '2026-01-01 10:00']) {
      expect(localInputToUtc(v)).toEqual({ ok: false, reason: 'invalid' });
    }
  });

  it('accepts seconds as datetime-local may send them', () => {
    expect(localInputToUtc('2026-01-15T09:00:30')).toMatchObject({ ok: true, iso: '2026-01-15T08:00:30.000Z' });
  });
});

describe('utcToLocalInput', () => {
  it('shows UTC instants as Amsterdam wall-clock time', () => {
    expect(utcToLocalInput('2026-01-15T08:00:00.000Z')).toBe('2026-01-15T09:00');
    expect(utcToLocalInput('2026-07-01T22:30:00Z')).toBe('2026-07-02T00:30');
    expect(utcToLocalInput('2026-10-25T00:30:00Z')).toBe('2026-10-25T02:30');
    expect(utcToLocalInput('2026-10-25T01:30:00Z')).toBe('2026-10-25T02:30');
    expect(utcToLocalInput('not a date')).toBe('');
  });

  it('round-trips every 90 minutes of a year (except the gap)', () => {
    const start = Date.UTC(2026, 0, 1);
    for (let ms = start; ms < start + 366 * 86400_000; ms += 5400_000) {
      const local = utcToLocalInput(new Date(ms).toISOString());
      const back = localInputToUtc(local);
      expect(back.ok).toBe(true);
      if (back.ok && !back.ambiguous) expect(back.iso).toBe(new Date(ms).toISOString());
    }
  });

  it('knows the offsets', () => {
    expect(amsterdamOffsetMs(Date.UTC(2026, 0, 1))).toBe(3600_000);
    expect(amsterdamOffsetMs(Date.UTC(2026, 6, 1))).toBe(7200_000);
  });
});
