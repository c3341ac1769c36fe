/** shared/amsterdamTime.ts: zoned input, Amsterdam local input, and the two DST cases (EU rules, 2027). */
import { describe, expect, it } from 'vitest';
import { parseAmsterdamInstant, toAmsterdamLocal } from '../../../shared/amsterdamTime.js';

describe('parseAmsterdamInstant', () => {
  it.each([
    ['2027-03-28T01:30:00Z', '2027-03-28T01:30:00.000Z'],
    ['2027-10-31T02:30:00+01:00', '2027-10-31T01:30:00.000Z'],
    ['2027-10-31T02:30:00+02:00', '2027-10-31T00:30:00.000Z'],
    ['2027-10-31T02:30+02:00', '2027-10-31T00:30:00.000Z'],
    ['2027-01-15T09:00', '2027-01-15T08:00:00.000Z'], // winter, UTC+1
    ['2027-07-15T09:00:30', '2027-07-15T07:00:30.000Z'], // summer, UTC+2
    ['2027-03-28T01:59', '2027-03-28T00:59:00.000Z'], // last minute before the gap
    ['2027-03-28T03:00', '2027-03-28T01:00:00.000Z'], // first minute after the gap
    ['2027-10-31T03:00', '2027-10-31T02:00:00.000Z'], // after the overlap
  ])('%s → %s', (input, iso) => {
    expect(parseAmsterdamInstant(input)).toEqual({ ok: true, iso });
  });

  it('refuses the spring-forward gap and the autumn overlap with their codes', () => {
    expect(parseAmsterdamInstant('2027-03-28T02:30')).toMatchObject({ ok: false, code: 'nonexistent_local_time' });
    expect(parseAmsterdamInstant('2027-03-28T02:00')).toMatchObject({ ok: false, code: 'nonexistent_local_time' });
    const amb = parseAmsterdamInstant('2027-10-31T02:30');
    expect(amb).toMatchObject({ ok: false, code: 'ambiguous_local_time' });
    expect(amb.ok ? '' : amb.message).toMatch(/\+02:00.*\+01:00/);
    expect(parseAmsterdamInstant('2027-10-31T02:59:59')).toMatchObject({ ok: false, code: 'ambiguous_local_time' });
  });

  it.each(['2027-02-31T10:00', '2027-02-31T10:00:00Z', '2027-01-01 10:00', 'tomorrow', '2027-01-01T24:00', ''])('refuses %j as invalid_time', (input) => {
    expect(parseAmsterdamInstant(input)).toMatchObject({ ok: false, code: 'invalid_time' });
  });

  it('shows UTC instants as Amsterdam wall-clock time', () => {
    expect(toAmsterdamLocal('2027-10-31T00:30:00.000Z')).toBe('2027-10-31T02:30');
    expect(toAmsterdamLocal('2027-10-31T01:30:00.000Z')).toBe('2027-10-31T02:30');
    expect(toAmsterdamLocal('nonsense')).toBe('');
  });
});
