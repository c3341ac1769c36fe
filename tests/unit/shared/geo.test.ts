import { describe, expect, it } from 'vitest';
import {
  bboxContains,
  BBoxQuery,
  lonLatToTile,
  MAX_ROOMS_PER_SUBSCRIPTION,
  roomsForBBox,
  roomsForPoint,
  roundCoordinate,
  roundPosition,
  type BBox,
} from '../../../shared/geo.js';
import { codePointLength } from '../../../shared/text.js';
import { mulberry32 as rng } from '../../../server/src/tiler/random.js';


describe('map-tile rooms for live updates', () => {
  it('puts Rotterdam Centraal in the OSM tile that contains it', () => {
    // z15 tile of lon 4.4690, lat 51.9244 is x=16790, y=10834 (OSM slippy-map scheme: y = (1 − asinh(tan φ)/π)/2 · 2^z).
    expect(lonLatToTile(4.469, 51.9244, 15)).toEqual({ x: 16790, y: 10834 });
  });

  it('every point inside a subscribed bbox shares a room with it, at any view size', () => {
    const r = rng(42);
    const sizes = [0.002, 0.05, 1, 20, 170];
    for (let i = 0; i < 400; i++) {
      const size = sizes[i % sizes.length];
      const w = -179 + r() * (358 - size);
      const s = -80 + r() * Math.max(0, 160 - size);
      const b: BBox = [w, s, w + size, Math.min(85, s + size)];
      const subscribed = new Set(roomsForBBox(b));
      expect(subscribed.size).toBeLessThanOrEqual(MAX_ROOMS_PER_SUBSCRIPTION);
      const lon = b[0] + r() * (b[2] - b[0]);
      const lat = b[1] + r() * (b[3] - b[1]);
      expect(roomsForPoint(lon, lat).some((room) => subscribed.has(room))).toBe(true);
    }
  });

  it('bounds the whole world to a few rooms', () => {
    expect(roomsForBBox([-180, -90, 180, 90]).length).toBeLessThanOrEqual(16);
  });

  it('handles a view across the antimeridian', () => {
    const b: BBox = [179.9, -17, -179.9, -16.9];
    expect(bboxContains(b, 179.95, -16.95)).toBe(true);
    expect(bboxContains(b, 0, -16.95)).toBe(false);
    const subscribed = new Set(roomsForBBox(b));
    expect(roomsForPoint(-179.95, -16.95).some((room) => subscribed.has(room))).toBe(true);
    expect(roomsForPoint(179.95, -16.95).some((room) => subscribed.has(room))).toBe(true);
  });

  it('a point far away shares no room with a small view', () => {
    const subscribed = new Set(roomsForBBox([4.46, 51.92, 4.48, 51.93]));
    expect(roomsForPoint(5.12, 52.09).some((room) => subscribed.has(room))).toBe(false);
  });
});

describe('bbox query parsing', () => {
  it('reads west,south,east,north', () => {
    expect(BBoxQuery.parse('4.4,51.9,4.5,51.95')).toEqual([4.4, 51.9, 4.5, 51.95]);
  });
  it.each(['4.4,51.9,4.5', '4.4,,4.5,51.95', 'a,b,c,d', '4.4,95,4.5,96', '4.4,51.95,4.5,51.9', '200,0,0,0'])(
    'refuses %s',
    (q) => {
      expect(BBoxQuery.safeParse(q).success).toBe(false);
    },
  );
});

describe('text length', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(codePointLength('😀'.repeat(2000))).toBe(2000);
    expect('😀'.repeat(2000).length).toBe(4000);
    expect(codePointLength('straße')).toBe(6);
  });
});

describe('roundPosition (public precision of resident content)', () => {
  const metres = (a: { lon: number; lat: number }, b: { lon: number; lat: number }) => {
    const dy = (a.lat - b.lat) * 111_320;
    const dx = (a.lon - b.lon) * 111_320 * Math.cos((a.lat * Math.PI) / 180);
    return Math.hypot(dx, dy);
  };
  it.each([1, 10, 0.5])('moves a pin by at most half a %s m grid step on each axis', (p) => {
    for (let i = 0; i < 200; i++) {
      const pos = { lon: 4.4 + i * 0.0001234567, lat: 51.9 + i * 0.0000987654, height: 12.3456 + i };
      const r = roundPosition(pos, p);
      expect(metres(r, pos)).toBeLessThanOrEqual((p * Math.SQRT2) / 2 + 1e-6);
      expect(Math.abs(r.height - pos.height)).toBeLessThanOrEqual(p / 2 + 1e-9);
    }
  });
  it('snaps nearby pins to the same public position and keeps other fields', () => {
    const a = roundPosition({ lon: 4.4777123, lat: 51.9225111, height: 3.2, id: 'x' }, 10);
    const b = roundPosition({ lon: 4.4777150, lat: 51.9225140, height: 3.4, id: 'x' }, 10);
    expect(a).toEqual(b);
    expect(a.id).toBe('x');
    expect(a.lat).not.toBe(51.9225111);
  });
  it('rounds GeoJSON coordinates with and without height', () => {
    expect(roundCoordinate([4.47771234, 51.92251234], 1)).toHaveLength(2);
    const c = roundCoordinate([4.47771234, 51.92251234, 7.6], 1);
    expect(c[2]).toBe(8);
  });
});
