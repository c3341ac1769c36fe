import { describe, expect, it } from 'vitest';
import { triangulatePolygon, cleanRing } from '../../../server/src/tiler/triangulate.js';

type P = [number, number, number];

function coordsOf(points: P[]): Float64Array {
  return new Float64Array(points.flat());
}

function triangleArea(c: Float64Array, a: number, b: number, d: number): { area: number; normal: P } {
  const ax = c[b * 3] - c[a * 3];
  const ay = c[b * 3 + 1] - c[a * 3 + 1];
  const az = c[b * 3 + 2] - c[a * 3 + 2];
  const bx = c[d * 3] - c[a * 3];
  const by = c[d * 3 + 1] - c[a * 3 + 1];
  const bz = c[d * 3 + 2] - c[a * 3 + 2];
  const n: P = [ay * bz - az * by, az * bx - ax * bz, ax * by - ay * bx];
  return { area: Math.hypot(...n) / 2, normal: n };
}

/** Even-odd point-in-polygon test in 2D. */
function inside2d(x: number, y: number, ring: [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Triangulates rings given in 2D (x, y) after lifting them onto a tilted plane z = slope · y + 10. */
function run(rings2d: [number, number][][], slope = 0, reverse = false) {
  const pts: P[] = [];
  const rings: number[][] = [];
  for (const r of rings2d) {
    const ring: number[] = [];
    for (const [x, y] of reverse ? [...r].reverse() : r) {
      ring.push(pts.length);
      pts.push([x, y, 10 + slope * y]);
    }
    rings.push(ring);
  }
  const c = coordsOf(pts);
  const t = triangulatePolygon(c, rings);
  return { c, t };
}

const L: [number, number][] = [[0, 0], [20, 0], [20, 8], [8, 8], [8, 20], [0, 20]];
const U: [number, number][] = [[0, 0], [30, 0], [30, 20], [20, 20], [20, 8], [10, 8], [10, 20], [0, 20]];

describe('triangulatePolygon', () => {
  for (const [name, ring, area] of [['L-shaped', L, 20 * 8 + 8 * 12], ['U-shaped', U, 30 * 8 + 2 * 10 * 12]] as const) {
    for (const slope of [0, 0.75]) {
      it(`covers a concave ${name} roof exactly (slope ${slope})`, () => {
        const { c, t } = run([ring as [number, number][]], slope);
        expect(t).not.toBeNull();
        const tri = t!.triangles.map((i) => t!.vertices[i]);
        let sum = 0;
        for (let k = 0; k < tri.length; k += 3) {
          sum += triangleArea(c, tri[k], tri[k + 1], tri[k + 2]).area;
          // centroid, measured in the 2D plan, must lie inside the polygon
          const cx = (c[tri[k] * 3] + c[tri[k + 1] * 3] + c[tri[k + 2] * 3]) / 3;
          const cy = (c[tri[k] * 3 + 1] + c[tri[k + 1] * 3 + 1] + c[tri[k + 2] * 3 + 1]) / 3;
          expect(inside2d(cx, cy, ring as [number, number][])).toBe(true);
        }
        // sloped: the true area is the plan area divided by cos(slope angle)
        expect(sum).toBeCloseTo(area * Math.sqrt(1 + slope * slope), 6);
        expect(tri.length / 3).toBe(ring.length - 2);
      });
    }
  }

  it('subtracts holes', () => {
    const { c, t } = run([[[0, 0], [10, 0], [10, 10], [0, 10]], [[2, 2], [2, 5], [5, 5], [5, 2]]]);
    const tri = t!.triangles.map((i) => t!.vertices[i]);
    let sum = 0;
    for (let k = 0; k < tri.length; k += 3) sum += triangleArea(c, tri[k], tri[k + 1], tri[k + 2]).area;
    expect(sum).toBeCloseTo(100 - 9, 9);
  });

  it('winds every triangle the way the ring faces, whichever way that is', () => {
    for (const reverse of [false, true]) {
      const { c, t } = run([L], 0.5, reverse);
      const tri = t!.triangles.map((i) => t!.vertices[i]);
      expect(t!.normal[2] > 0).toBe(!reverse);
      for (let k = 0; k < tri.length; k += 3) {
        const { normal } = triangleArea(c, tri[k], tri[k + 1], tri[k + 2]);
        const dot = normal[0] * t!.normal[0] + normal[1] * t!.normal[1] + normal[2] * t!.normal[2];
        expect(dot).toBeGreaterThan(0);
      }
    }
  });

  it('handles vertical walls (dominant axis x or y) and keeps a unit normal', () => {
    const wall = coordsOf([[0, 0, 0], [0, 10, 0], [0, 10, 5], [0, 0, 5]]);
    const t = triangulatePolygon(wall, [[0, 1, 2, 3]])!;
    expect(t.normal[0]).toBeCloseTo(1, 12);
    expect(Math.hypot(...t.normal)).toBeCloseTo(1, 12);
    expect(t.triangles).toHaveLength(6);
    expect(t.outerArea).toBeCloseTo(50, 9);
  });

  it('cleans repeated vertices and rejects degenerate rings', () => {
    const c = coordsOf([[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 0, 0], [2, 0, 0]]);
    expect(cleanRing(c, [0, 1, 1, 2, 0])).toEqual([0, 1, 2]);
    expect(cleanRing(c, [0, 1, 2, 3])).toEqual([0, 1, 2]); // 3 is at the same place as 0
    expect(triangulatePolygon(c, [[0, 0, 1, 1]])).toBeNull(); // two distinct vertices
    expect(triangulatePolygon(c, [[0, 1, 4]])).toBeNull(); // collinear: no area
    expect(triangulatePolygon(c, [[0, 1, 2]])?.triangles).toEqual([0, 1, 2]);
  });
});

describe('quadrilaterals', () => {
  it('splits a concave quad (arrowhead) along the diagonal inside it', () => {
    // the reflex vertex (3, 3) is at index 2, then at index 1: the 0–2, then the 1–3 diagonal is the one inside
    for (const ring of [
      [[0, 0], [10, 0], [3, 3], [0, 10]],
      [[10, 0], [3, 3], [0, 10], [0, 0]],
    ] as [number, number][][]) {
      const { c, t } = run([ring], 0.3);
      const tri = t!.triangles.map((i) => t!.vertices[i]);
      let sum = 0;
      for (let k = 0; k < tri.length; k += 3) {
        sum += triangleArea(c, tri[k], tri[k + 1], tri[k + 2]).area;
        const cx = (c[tri[k] * 3] + c[tri[k + 1] * 3] + c[tri[k + 2] * 3]) / 3;
        const cy = (c[tri[k] * 3 + 1] + c[tri[k + 1] * 3 + 1] + c[tri[k + 2] * 3 + 1]) / 3;
        expect(inside2d(cx, cy, ring)).toBe(true);
      }
      expect(sum).toBeCloseTo(30 * Math.sqrt(1 + 0.09), 6); // two triangles of 15 m² in plan
    }
  });
});
