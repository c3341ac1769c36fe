/**
 * Checks and normalises a plan area (GeoJSON Polygon, RFC 7946 §3.1.6, WGS84 degrees) beyond its shape
 * (shared/plans.ts `PlanArea` checks the shape). Uses @turf/turf.
 *
 * Decisions:
 * - Heights (a third coordinate) are dropped: the area is drawn on the ground.
 * - Repeated consecutive vertices are dropped.
 * - A ring that is not closed (last vertex ≠ first) is closed by repeating its first vertex: drawing tools
 *   often leave that off, and closing it cannot change the shape the user meant.
 * - Refused with `invalid_area` (field path `area.coordinates.<ring>`): a ring with fewer than 3 distinct
 *   vertices; a ring that crosses itself or another ring (turf `kinks`; the message names the first crossing
 *   point, lon/lat); an outer ring without area (all vertices on one line); a hole not inside the outer ring.
 */
import { area as turfArea, booleanPointInPolygon, kinks, polygon as turfPolygon } from '@turf/turf';
import { ErrorCode, type BBox, type PlanArea } from '../../../shared/index.js';
import { DomainError } from './errors.js';

type Ring = [number, number][];

/** Smallest accepted outer-ring area, m² (anything smaller is a degenerate drawing). */
export const MIN_AREA_M2 = 1;

function fail(message: string, ring: number | null): never {
  throw new DomainError(ErrorCode.invalidArea, message, [
    { path: ring === null ? 'area' : `area.coordinates.${ring}`, message },
  ]);
}

function fmt(p: number[]): string {
  return `${p[0]!.toFixed(7)}, ${p[1]!.toFixed(7)}`;
}

function normaliseRing(raw: number[][], index: number): Ring {
  const ring: Ring = [];
  for (const p of raw) {
    const q: [number, number] = [p[0]!, p[1]!];
    if (!Number.isFinite(q[0]) || !Number.isFinite(q[1])) fail(`ring ${index} has a coordinate that is not a number`, index);
    const last = ring[ring.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) ring.push(q);
  }
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) ring.push([first[0], first[1]]);
  const distinct = new Set(ring.map((p) => `${p[0]},${p[1]}`)).size;
  if (distinct < 3) fail(`ring ${index} needs at least 3 distinct points (it has ${distinct})`, index);
  return ring;
}

/**
 * Returns the normalised area and its bbox `[west, south, east, north]` (degrees).
 * @throws DomainError invalid_area as described above.
 */
export function checkPlanArea(input: PlanArea): { area: PlanArea; bbox: BBox } {
  const rings = input.coordinates.map((r, i) => normaliseRing(r, i));
  const outer = rings[0]!;
  const poly = turfPolygon(rings);
  const crossings = kinks(poly).features;
  if (crossings.length > 0) {
    const p = crossings[0]!.geometry.coordinates;
    fail(
      `the area crosses itself at ${fmt(p)} (lon, lat)${crossings.length > 1 ? ` and at ${crossings.length - 1} more point(s)` : ''}`,
      ringAt(rings, p),
    );
  }
  if (turfArea(turfPolygon([outer])) < MIN_AREA_M2) fail('the area has no surface: its points lie on one line', 0);
  for (let i = 1; i < rings.length; i++) {
    const outside = rings[i]!.find((pt) => !booleanPointInPolygon(pt, turfPolygon([outer]), { ignoreBoundary: false }));
    if (outside) fail(`hole ${i} is not inside the outer ring (point ${fmt(outside)})`, i);
  }
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of outer) {
    w = Math.min(w, lon);
    e = Math.max(e, lon);
    s = Math.min(s, lat);
    n = Math.max(n, lat);
  }
  return { area: { type: 'Polygon', coordinates: rings }, bbox: [w, s, e, n] };
}

/** The ring that has a vertex or segment nearest the crossing point (for the error's field path). */
function ringAt(rings: Ring[], p: number[]): number | null {
  if (rings.length === 1) return 0;
  let best: number | null = null;
  let bestD = Infinity;
  rings.forEach((ring, i) => {
    for (let k = 1; k < ring.length; k++) {
      const d = segDist(p, ring[k - 1]!, ring[k]!);
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
  });
  return best;
}

function segDist(p: number[], a: number[], b: number[]): number {
  const dx = b[0]! - a[0]!;
  const dy = b[1]! - a[1]!;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((p[0]! - a[0]!) * dx + (p[1]! - a[1]!) * dy) / len));
  return Math.hypot(p[0]! - (a[0]! + t * dx), p[1]! - (a[1]! + t * dy));
}
