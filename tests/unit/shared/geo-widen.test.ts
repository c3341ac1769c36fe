/**
 * widenBBoxForRounding / roundedInBBox (issue 6): every point whose ROUNDED position lies in a box lies in the
 * widened box the store scans, also at high latitudes and across the antimeridian; points far outside do not.
 */
import { describe, expect, it } from 'vitest';
import { bboxContains, roundPosition, roundedInBBox, widenBBoxForRounding, type BBox } from '../../../shared/index.js';

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('widenBBoxForRounding', () => {
  it('covers every point whose rounded position is in the box (random boxes, 1 m and 10 m, poles and antimeridian)', () => {
    const r = rng(6);
    let hits = 0;
    for (let i = 0; i < 20000; i++) {
      const precisionM = i % 2 === 0 ? 1 : 10;
      const lat = i % 5 === 0 ? 89.99 - r() * 0.02 : -80 + r() * 160;
      const lon = i % 7 === 0 ? 179.9999 + r() * 0.0002 - (r() < 0.5 ? 360 : 0) : -180 + r() * 360;
      const p = { lon: Math.max(-180, Math.min(180, lon)), lat, height: 0 };
      const q = roundPosition(p, precisionM);
      // A small box with an edge right at the rounded point (either side), sometimes crossing the antimeridian.
      const size = r() * 0.0002;
      const w = r() < 0.5 ? q.lon : q.lon - size;
      const s = r() < 0.5 ? q.lat : q.lat - size;
      const wrap = (x: number) => (x > 180 ? x - 360 : x < -180 ? x + 360 : x);
      const b: BBox = [wrap(w), Math.max(-90, s), wrap(w + size), Math.min(90, s + size)];
      if (!roundedInBBox(b, p, precisionM)) continue;
      hits++;
      const wide = widenBBoxForRounding(b, precisionM);
      expect(bboxContains(wide, p.lon, p.lat), JSON.stringify({ p, b, wide, precisionM })).toBe(true);
    }
    expect(hits).toBeGreaterThan(5000);
  });

  it('widens by about one grid step only, and wraps at ±180', () => {
    const b: BBox = [4.47, 51.92, 4.48, 51.93];
    const wide = widenBBoxForRounding(b, 1);
    expect(wide[1]).toBeCloseTo(51.92 - 1 / 111_320, 6);
    expect(wide[0]).toBeGreaterThan(4.47 - 0.00003);
    expect(bboxContains(wide, 4.4699, 51.925)).toBe(false);
    const edge = widenBBoxForRounding([179.99999, 0, 180, 1], 10);
    expect(edge[0]).toBeGreaterThan(edge[2]); // crosses the antimeridian
    expect(bboxContains(edge, -179.99995, 0.5)).toBe(true);
    expect(widenBBoxForRounding([-180, 89.9999, 180, 90], 1)).toEqual([-180, expect.any(Number), 180, 90]);
    expect(widenBBoxForRounding(b, 0)).toEqual(b);
  });
});
