/**
 * Placement number fields (client/src/features/models/numbers.ts): what Dutch and English users type, clamping
 * to the protocol's ranges (shared/plans.ts CreatePlacementBody, shared/geo.ts Position), and formatting that
 * parses back to the same number.
 */
import { describe, expect, it } from 'vitest';
import {
  FIELD_SPECS,
  PLACEMENT_FIELDS,
  clamp,
  formatField,
  formatFields,
  parseNumber,
  readField,
  readFields,
  tiltQuarter,
  wrapDegrees,
} from '../../../client/src/features/models/numbers.js';

describe('parseNumber', () => {
  it('reads a decimal comma and a decimal point in both languages', () => {
    for (const lng of ['nl', 'en', 'en-GB', 'nl-NL']) {
      expect(parseNumber('4,4578', lng)).toBe(4.4578);
      expect(parseNumber('4.4578', lng)).toBe(4.4578);
      expect(parseNumber('51,9225', lng)).toBe(51.9225);
      expect(parseNumber('-0,001', lng)).toBe(-0.001);
      expect(parseNumber(',5', lng)).toBe(0.5);
      expect(parseNumber('.5', lng)).toBe(0.5);
      expect(parseNumber('5.', lng)).toBe(5);
    }
  });

  it('reads thousands grouping when both marks are present: the last one is the decimal mark', () => {
    expect(parseNumber('1.234,5', 'nl')).toBe(1234.5);
    expect(parseNumber('1,234.5', 'en')).toBe(1234.5);
    expect(parseNumber('1,234.5', 'nl')).toBe(1234.5);
    expect(parseNumber('12.345.678,25', 'nl')).toBe(12345678.25);
    expect(parseNumber('-1.234,5', 'nl')).toBe(-1234.5);
  });

  it('reads one repeated mark as grouping of three digits', () => {
    expect(parseNumber('1.000.000', 'nl')).toBe(1_000_000);
    expect(parseNumber('1,000,000', 'en')).toBe(1_000_000);
    expect(parseNumber('1.2.3', 'nl')).toBeNull();
    expect(parseNumber('4,45,78', 'en')).toBeNull();
  });

  it('reads a single English thousands comma before exactly three digits, but keeps 4,4578 a decimal', () => {
    expect(parseNumber('1,000', 'en')).toBe(1000);
    expect(parseNumber('1,000', 'nl')).toBe(1);
    expect(parseNumber('4,4578', 'en')).toBe(4.4578);
    expect(parseNumber('1234,567', 'en')).toBe(1234.567);
    expect(parseNumber('0,001', 'en')).toBe(0.001);
    expect(parseNumber('0.000.001', 'nl')).toBeNull();
  });

  it('keeps a single Dutch point a decimal point (degrees are written that way)', () => {
    expect(parseNumber('4.457', 'nl')).toBe(4.457);
    expect(parseNumber('52.370216', 'nl')).toBe(52.370216);
  });

  it('ignores spaces (also no-break spaces) and reads the Unicode minus', () => {
    expect(parseNumber(' 12 ', 'nl')).toBe(12);
    expect(parseNumber('1 234,5', 'nl')).toBe(1234.5);
    expect(parseNumber('1\u00a0234,5', 'nl')).toBe(1234.5);
    expect(parseNumber('\u221212,5', 'nl')).toBe(-12.5);
    expect(parseNumber('+3', 'en')).toBe(3);
  });

  it('accepts an exponent', () => {
    expect(parseNumber('1e-3', 'en')).toBe(0.001);
    expect(parseNumber('2,5E2', 'nl')).toBe(250);
  });

  it('refuses what is not a number', () => {
    for (const s of ['', '   ', 'abc', '0x10', 'Infinity', 'NaN', '1,2,3', '1.234,5,6', '12a', '--1', '1e', ',', '.', '1,5.2,3']) {
      expect(parseNumber(s, 'nl'), s).toBeNull();
      expect(parseNumber(s, 'en'), s).toBeNull();
    }
  });
});

describe('clamp and wrapDegrees', () => {
  it('clamps into [min, max]', () => {
    expect(clamp(5, 0, 3)).toBe(3);
    expect(clamp(-5, 0, 3)).toBe(0);
    expect(clamp(2, 0, 3)).toBe(2);
  });

  it('wraps degrees into [0, 360)', () => {
    expect(wrapDegrees(0)).toBe(0);
    expect(wrapDegrees(360)).toBe(0);
    expect(wrapDegrees(-90)).toBe(270);
    expect(wrapDegrees(725)).toBe(5);
    expect(Object.is(wrapDegrees(-360), -0)).toBe(false);
  });
});

describe('readField', () => {
  it('clamps to the protocol ranges and says so', () => {
    expect(readField('lat', '95', 'nl')).toEqual({ ok: true, value: 90, clamped: true });
    expect(readField('lon', '-181', 'nl')).toEqual({ ok: true, value: -180, clamped: true });
    expect(readField('height', '20000', 'en')).toEqual({ ok: true, value: 10000, clamped: true });
    expect(readField('scale', '0', 'en')).toEqual({ ok: true, value: 1e-4, clamped: true });
    expect(readField('scale', '0,001', 'nl')).toEqual({ ok: true, value: 0.001, clamped: false });
  });

  it('clamps pitch to −90…90 and roll to −180…180 (CreatePlacementBody), not wrapping them', () => {
    expect(readField('pitch', '95', 'nl')).toEqual({ ok: true, value: 90, clamped: true });
    expect(readField('pitch', '\u221290', 'nl')).toEqual({ ok: true, value: -90, clamped: false });
    expect(readField('roll', '-190', 'en')).toEqual({ ok: true, value: -180, clamped: true });
    expect(readField('roll', '90,5', 'nl')).toEqual({ ok: true, value: 90.5, clamped: false });
    expect(readField('roll', 'kantel', 'nl')).toEqual({ ok: false });
  });

  it('wraps the heading instead of clamping it', () => {
    expect(readField('heading', '-90', 'nl')).toEqual({ ok: true, value: 270, clamped: false });
    expect(readField('heading', '720', 'nl')).toEqual({ ok: true, value: 0, clamped: false });
  });

  it('is not ok for text that is no number', () => {
    expect(readField('lon', 'oost', 'nl')).toEqual({ ok: false });
  });
});

describe('formatField', () => {
  it('writes the UI language decimal mark, no grouping, lon/lat with 7 decimals', () => {
    expect(formatField('lon', 4.4578, 'nl')).toBe('4,4578000');
    expect(formatField('lon', 4.4578, 'en')).toBe('4.4578000');
    expect(formatField('height', 12345.678, 'nl')).toBe('12345,68');
    expect(formatField('height', 12345.678, 'en')).toBe('12345.68');
    expect(formatField('heading', 90, 'nl')).toBe('90');
    expect(formatField('scale', 0.001, 'nl')).toBe('0,001');
    expect(formatField('height', -0.0001, 'nl')).toBe('0');
    expect(formatField('height', -0, 'en')).toBe('0');
  });

  it('round-trips through parseNumber in both languages', () => {
    const samples: Record<string, number[]> = {
      lon: [4.4690123, -73.9857, 0, 180, -180],
      lat: [51.9225, -33.8688, 90, -90],
      height: [0, -3.25, 1234.5, 9999.99],
      heading: [0, 12.5, 359.9],
      pitch: [0, -90, 90, 12.5, -0.3],
      roll: [0, -180, 180, 90, -45.5],
      scale: [1, 0.001, 0.0001, 10000, 2.54],
    };
    for (const lng of ['nl', 'en']) {
      for (const f of PLACEMENT_FIELDS) {
        for (const n of samples[f]!) {
          const back = parseNumber(formatField(f, n, lng), lng);
          expect(back, `${f} ${n} ${lng}`).toBeCloseTo(n, FIELD_SPECS[f].digits);
        }
      }
    }
  });
});

describe('readFields / formatFields', () => {
  it('reads all seven fields or lists the bad ones; a start without pitch and roll stands upright', () => {
    const texts = formatFields({ lon: 4.47, lat: 51.92, height: 1.5, heading: -45, scale: 1 }, 'nl');
    expect(texts.heading).toBe('315');
    expect(texts.pitch).toBe('0');
    expect(texts.roll).toBe('0');
    expect(readFields(texts, 'nl')).toEqual({ ok: true, values: { lon: 4.47, lat: 51.92, height: 1.5, heading: 315, pitch: 0, roll: 0, scale: 1 } });
    expect(readFields({ ...texts, lat: '', scale: 'x' }, 'nl')).toEqual({ ok: false, invalid: ['lat', 'scale'] });
    expect(readFields({ ...texts, pitch: '?' }, 'nl')).toEqual({ ok: false, invalid: ['pitch'] });
    const tilted = formatFields({ lon: 4.47, lat: 51.92, height: 1.5, heading: 0, pitch: -12.25, roll: 90, scale: 1 }, 'en');
    expect([tilted.pitch, tilted.roll]).toEqual(['-12.3', '90']);
  });
});

describe('tiltQuarter ("90° kantelen" for up_axis_z models)', () => {
  const v = { lon: 4.47, lat: 51.92, height: 2, heading: 30, pitch: 0, roll: 0, scale: 2 };
  it('rolls by +90° about the east axis and lifts by half the north size × scale', () => {
    expect(tiltQuarter(v, 10)).toEqual({ ...v, roll: 90, height: 2 + 10 });
  });
  it('stands a model rolled by 90° back (roll 0, lowered again): two clicks are no change', () => {
    expect(tiltQuarter(tiltQuarter(v, 10), 10)).toEqual(v);
  });
});
