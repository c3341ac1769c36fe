/**
 * The view in the URL (client/src/viewer/urlState.ts): the BRIEF's format, round trips, and tolerance of bad
 * values (left out, never thrown).
 */
import { describe, expect, it } from 'vitest';
import { formatViewUrl, parseViewUrl, TODAY, type ViewUrlState } from '../../../client/src/viewer/urlState.js';

const camera = { position: { lon: 4.4690123456, lat: 51.9222987654, height: 312.345 }, heading: 15.04, pitch: -35.55, roll: 0 };

describe('formatViewUrl', () => {
  it('writes the camera with 6/6/1/1/1/1 decimals and the other keys in a fixed order', () => {
    const s = formatViewUrl({ comment: 'c1', split: 0.5, compare: TODAY, scenario: 's-1', plan: 'p_1', camera });
    expect(s).toBe('?cam=4.469012,51.922299,312.3,15,-35.5,0&plan=p_1&scenario=s-1&compare=today&split=0.5&comment=c1');
  });

  it('is empty for an empty state', () => {
    expect(formatViewUrl({})).toBe('');
  });

  it('normalises heading into [0, 360) and roll into [-180, 180]', () => {
    expect(formatViewUrl({ camera: { ...camera, heading: -90, roll: 270 } })).toContain(',270,-35.5,-90');
    expect(formatViewUrl({ camera: { ...camera, heading: 359.97 } })).toContain(',312.3,0,');
  });

  it('leaves out what it cannot write', () => {
    expect(formatViewUrl({ camera: { ...camera, heading: NaN }, plan: 'a b', split: 2, comment: '' })).toBe('');
  });
});

describe('parseViewUrl', () => {
  it('reads every key, with or without the leading "?"', () => {
    const q = 'cam=4.469012,51.922299,312.3,15,-35.5,0&plan=p1&scenario=today&compare=s2&split=0.25&comment=c9';
    const want: ViewUrlState = {
      camera: { position: { lon: 4.469012, lat: 51.922299, height: 312.3 }, heading: 15, pitch: -35.5, roll: 0 },
      plan: 'p1',
      scenario: 'today',
      compare: 's2',
      split: 0.25,
      comment: 'c9',
    };
    expect(parseViewUrl(`?${q}`)).toEqual(want);
    expect(parseViewUrl(q)).toEqual(want);
  });

  it('round-trips what formatViewUrl writes', () => {
    const state: ViewUrlState = {
      camera: { position: { lon: -73.985, lat: 40.758, height: 1500 }, heading: 270, pitch: -89.9, roll: -10 },
      plan: '0b9f6c1e-7f8a-4c55-9c51-1f9a2c3d4e5f',
      scenario: 'abc',
      compare: 'today',
      split: 0.333,
      comment: 'xyz',
    };
    expect(parseViewUrl(formatViewUrl(state))).toEqual(state);
  });

  it('ignores bad values and keeps the good ones', () => {
    expect(parseViewUrl('?cam=1,2,3&plan=ok')).toEqual({ plan: 'ok' });
    expect(parseViewUrl('?cam=200,0,10,0,0,0')).toEqual({});
    expect(parseViewUrl('?cam=4,52,10,0,-95,0')).toEqual({});
    expect(parseViewUrl('?cam=4,52,,0,0,0')).toEqual({});
    expect(parseViewUrl('?cam=4,52,NaN,0,0,0')).toEqual({});
    expect(parseViewUrl('?cam=4,52,Infinity,0,0,0')).toEqual({});
    expect(parseViewUrl('?split=1.5&scenario=%3Cscript%3E&compare=&comment=' + 'x'.repeat(101))).toEqual({});
    expect(parseViewUrl('?split=abc')).toEqual({});
    expect(parseViewUrl('?split=0')).toEqual({ split: 0 });
  });

  it('never throws on garbage', () => {
    for (const s of ['', '?', '%', '?%E0%A4%A', '?cam=%%%', '&&&=', '?plan=' + '%FF'.repeat(10), '?cam=' + ','.repeat(5)]) {
      expect(() => parseViewUrl(s)).not.toThrow();
    }
    expect(parseViewUrl('?unknown=1&cam=4.5,52,100,400,0,0')).toEqual({
      camera: { position: { lon: 4.5, lat: 52, height: 100 }, heading: 40, pitch: 0, roll: 0 },
    });
  });
});

describe('sun (the sun and shadow study)', () => {
  it('writes the instant as UTC ISO-8601 with whole seconds, after the other keys', () => {
    expect(formatViewUrl({ sun: '2025-12-21T09:00:00.000Z', plan: 'p1' })).toBe('?plan=p1&sun=2025-12-21T09:00:00Z');
    expect(formatViewUrl({ sun: '2025-06-21T12:30:15.789Z' })).toBe('?sun=2025-06-21T12:30:15Z');
    // an offset is turned into the same instant in UTC
    expect(formatViewUrl({ sun: '2025-06-21T14:00:00+02:00' })).toBe('?sun=2025-06-21T12:00:00Z');
  });

  it('round-trips', () => {
    const state: ViewUrlState = { camera: { position: { lon: 4.469, lat: 51.9222, height: 300 }, heading: 10, pitch: -30, roll: 0 }, sun: '2025-03-21T11:00:00Z' };
    expect(parseViewUrl(formatViewUrl(state))).toEqual(state);
  });

  it('parses tolerantly: seconds and fractions optional, lower case, offsets (also a + decoded to a space)', () => {
    expect(parseViewUrl('?sun=2025-12-21T09:00:00Z')).toEqual({ sun: '2025-12-21T09:00:00Z' });
    expect(parseViewUrl('?sun=2025-12-21T09:00Z')).toEqual({ sun: '2025-12-21T09:00:00Z' });
    expect(parseViewUrl('?sun=2025-12-21t09:00:00.123456z')).toEqual({ sun: '2025-12-21T09:00:00Z' });
    expect(parseViewUrl('?sun=2025-12-21T10:00:00%2B01:00')).toEqual({ sun: '2025-12-21T09:00:00Z' });
    expect(parseViewUrl('?sun=2025-12-21T10:00:00+01:00')).toEqual({ sun: '2025-12-21T09:00:00Z' });
    expect(parseViewUrl('?sun=2025-12-21T10:00:00+0100')).toEqual({ sun: '2025-12-21T09:00:00Z' });
    expect(parseViewUrl('?sun=2025-06-21T00:30:00-02:00')).toEqual({ sun: '2025-06-21T02:30:00Z' });
    // crossing midnight and the year through the offset
    expect(parseViewUrl('?sun=2026-01-01T00:30:00%2B01:00')).toEqual({ sun: '2025-12-31T23:30:00Z' });
  });

  it('leaves out what is not an instant, never throws', () => {
    for (const bad of [
      '',
      'now',
      'today',
      '2025-12-21', // a date without a time
      '2025-12-21T09:00', // no zone: which instant is meant is unknown
      '2025-02-30T12:00:00Z', // no such day
      '2025-13-01T12:00:00Z',
      '2025-12-21T24:00:00Z',
      '2025-12-21T09:60:00Z',
      '1700-06-21T12:00:00Z', // outside the years the sun study accepts
      '2025-12-21T09:00:00Z<script>',
      '1766305200000', // epoch milliseconds
      '%FF%FE',
    ]) {
      expect(() => parseViewUrl(`?sun=${bad}`)).not.toThrow();
      expect(parseViewUrl(`?sun=${bad}&plan=ok`)).toEqual({ plan: 'ok' });
    }
    expect(formatViewUrl({ sun: 'not a date' })).toBe('');
  });

  it('accepts a leap day', () => {
    expect(parseViewUrl('?sun=2028-02-29T12:00:00Z')).toEqual({ sun: '2028-02-29T12:00:00Z' });
    expect(parseViewUrl('?sun=2027-02-29T12:00:00Z')).toEqual({});
  });
});
