/**
 * Polygon triangulation for CityJSON surfaces: a surface (outer ring plus holes, rings of vertex indices) is
 * projected on the coordinate plane its normal points along most (dominant axis of the Newell normal), triangulated
 * there with earcut (mapbox/earcut, ear clipping with hole bridging), and the triangles are wound so that they face
 * the way the ring's own normal does (CityJSON 2.0 §3.2: outer rings counter-clockwise seen from outside).
 *
 * Newell's method: N = Σ (yᵢ − yᵢ₊₁)(zᵢ + zᵢ₊₁), (zᵢ − zᵢ₊₁)(xᵢ + xᵢ₊₁), (xᵢ − xᵢ₊₁)(yᵢ + yᵢ₊₁); |N| is twice the
 * polygon's area (M. E. Newell; see Sutherland, Sproull & Schumacker 1974, and F. S. Hill, "The Pleasures of 'Perp
 * Dot' Products", Graphics Gems IV).
 */
import earcut from 'earcut';

export interface PolygonTriangulation {
  /** Unit normal (Newell) of the outer ring, in the coordinates' frame. */
  normal: [number, number, number];
  /** Area of the outer ring in square units, holes not subtracted. */
  outerArea: number;
  /** The polygon's vertices used, as indices into `coords` (outer ring then holes, cleaned). */
  vertices: number[];
  /** Triangles as triples of positions in `vertices`, wound counter-clockwise around `normal`. */
  triangles: number[];
}

/** Surfaces smaller than this (m²) are treated as degenerate. */
export const MIN_AREA = 1e-6;

/** Rings with more vertices than this are not checked for self-intersection (the check is quadratic). */
export const MAX_CHECKED_RING = 512;

/** Repairs made while reading rings (counters the caller sums per object). */
export interface RingReport {
  /** Repeated consecutive vertices removed (same index or same position). */
  repeated: number;
  /** Rings whose first vertex was repeated at the end (CityJSON rings are implicitly closed), repeat removed. */
  closing: number;
  /** Surfaces left out because their outer ring crosses itself. */
  selfIntersecting: number;
}

export const newRingReport = (): RingReport => ({ repeated: 0, closing: 0, selfIntersecting: 0 });

/**
 * Removes repeated consecutive vertices (same index or same position) and the closing repeat of the first vertex.
 * Returns the cleaned ring; fewer than 3 vertices means the ring is degenerate.
 */
export function cleanRing(coords: Float64Array, ring: ArrayLike<number>, report?: RingReport): number[] {
  const out: number[] = [];
  let repeated = 0;
  for (let i = 0; i < ring.length; i++) {
    const v = ring[i];
    if (out.length > 0 && samePoint(coords, out[out.length - 1], v)) {
      repeated++;
      continue;
    }
    out.push(v);
  }
  let closing = 0;
  while (out.length > 1 && samePoint(coords, out[0], out[out.length - 1])) (out.pop(), closing++);
  if (report) {
    if (closing > 0 && out.length >= 3) (report.closing++, (repeated += closing - 1));
    else repeated += closing;
    report.repeated += repeated;
  }
  return out;
}

/** True when two non-adjacent edges of the closed 2D ring `flat[2·from .. 2·to)` cross (touching is not crossing). */
export function ringSelfIntersects(flat: Float64Array, from: number, to: number): boolean {
  const n = to - from;
  if (n < 4 || n > MAX_CHECKED_RING) return false;
  for (let i = 0; i < n; i++) {
    const a = 2 * (from + i);
    const b = 2 * (from + ((i + 1) % n));
    const ax = flat[a];
    const ay = flat[a + 1];
    const bx = flat[b];
    const by = flat[b + 1];
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // adjacent through the closing edge
      const c = 2 * (from + j);
      const d = 2 * (from + ((j + 1) % n));
      const cx = flat[c];
      const cy = flat[c + 1];
      const dx = flat[d];
      const dy = flat[d + 1];
      const d1 = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
      const d2 = (bx - ax) * (dy - ay) - (by - ay) * (dx - ax);
      if (!((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0))) continue;
      const d3 = (dx - cx) * (ay - cy) - (dy - cy) * (ax - cx);
      const d4 = (dx - cx) * (by - cy) - (dy - cy) * (bx - cx);
      if ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) return true;
    }
  }
  return false;
}

/** (b − a) × (c − a) · n for vertices a, b, c (positions in `vertices`, indices into `coords`). */
function facing(coords: Float64Array, vertices: number[], a: number, b: number, c: number, nx: number, ny: number, nz: number): number {
  const i = vertices[a] * 3;
  const j = vertices[b] * 3;
  const k = vertices[c] * 3;
  const ux = coords[j] - coords[i];
  const uy = coords[j + 1] - coords[i + 1];
  const uz = coords[j + 2] - coords[i + 2];
  const vx = coords[k] - coords[i];
  const vy = coords[k + 1] - coords[i + 1];
  const vz = coords[k + 2] - coords[i + 2];
  return (uy * vz - uz * vy) * nx + (uz * vx - ux * vz) * ny + (ux * vy - uy * vx) * nz;
}

function samePoint(c: Float64Array, a: number, b: number): boolean {
  if (a === b) return true;
  const i = a * 3;
  const j = b * 3;
  return c[i] === c[j] && c[i + 1] === c[j + 1] && c[i + 2] === c[j + 2];
}

/** Newell normal (not normalised) of a ring; its length is twice the ring's area. */
export function newellNormal(coords: Float64Array, ring: ArrayLike<number>): [number, number, number] {
  let nx = 0;
  let ny = 0;
  let nz = 0;
  const n = ring.length;
  if (n === 0) return [0, 0, 0];
  // Relative to the first vertex, for precision far from the origin.
  const o = ring[0] * 3;
  const ox = coords[o];
  const oy = coords[o + 1];
  const oz = coords[o + 2];
  for (let i = 0; i < n; i++) {
    const a = ring[i] * 3;
    const b = ring[(i + 1) % n] * 3;
    const ax = coords[a] - ox;
    const ay = coords[a + 1] - oy;
    const az = coords[a + 2] - oz;
    const bx = coords[b] - ox;
    const by = coords[b + 1] - oy;
    const bz = coords[b + 2] - oz;
    nx += (ay - by) * (az + bz);
    ny += (az - bz) * (ax + bx);
    nz += (ax - bx) * (ay + by);
  }
  return [nx, ny, nz];
}

/**
 * Triangulates one polygon. `coords` holds x, y, z triples; `rings[0]` is the outer ring and the rest are holes,
 * each a list of vertex indices (closed implicitly). Repeated vertices and a repeated closing vertex are removed
 * (counted in `report`); degenerate holes are dropped.
 * @returns null when the outer ring is degenerate (fewer than 3 distinct vertices, or area below MIN_AREA), crosses
 *   itself in its projection (counted in `report.selfIntersecting`; rings of at most MAX_CHECKED_RING vertices), or
 *   earcut yields no triangle.
 */
export function triangulatePolygon(coords: Float64Array, rings: ArrayLike<ArrayLike<number>>, report?: RingReport): PolygonTriangulation | null {
  if (rings.length === 0) return null;
  const outer = cleanRing(coords, rings[0], report);
  if (outer.length < 3) return null;
  const [nx, ny, nz] = newellNormal(coords, outer);
  const len = Math.hypot(nx, ny, nz);
  if (!(len / 2 >= MIN_AREA)) return null;
  const normal: [number, number, number] = [nx / len, ny / len, nz / len];

  const vertices = outer;
  const holes: number[] = [];
  for (let r = 1; r < rings.length; r++) {
    const hole = cleanRing(coords, rings[r], report);
    if (hole.length < 3) continue;
    holes.push(vertices.length);
    for (const v of hole) vertices.push(v);
  }

  // Fast paths (most faces of real city models): a triangle, or a quadrilateral split along the diagonal whose two
  // triangles both face along the normal (the other one, for a concave quad; earcut for a self-intersecting one).
  if (vertices.length === 3) return { normal, outerArea: len / 2, vertices, triangles: [0, 1, 2] };
  if (vertices.length === 4) {
    if (facing(coords, vertices, 0, 1, 2, nx, ny, nz) > 0 && facing(coords, vertices, 0, 2, 3, nx, ny, nz) > 0) return { normal, outerArea: len / 2, vertices, triangles: [0, 1, 2, 0, 2, 3] };
    if (facing(coords, vertices, 0, 1, 3, nx, ny, nz) > 0 && facing(coords, vertices, 1, 2, 3, nx, ny, nz) > 0) return { normal, outerArea: len / 2, vertices, triangles: [0, 1, 3, 1, 2, 3] };
  }

  // Drop the dominant axis; (u, v) = cyclic successors keep the projection's handedness, so a counter-clockwise
  // triangle in (u, v) has a positive normal component along the dropped axis.
  const ax = Math.abs(nx);
  const ay = Math.abs(ny);
  const az = Math.abs(nz);
  const axis = az >= ax && az >= ay ? 2 : ax >= ay ? 0 : 1;
  const u = (axis + 1) % 3;
  const w = (axis + 2) % 3;
  const sign = (axis === 0 ? nx : axis === 1 ? ny : nz) > 0 ? 1 : -1;
  const flat = new Float64Array(vertices.length * 2);
  const b = vertices[0] * 3;
  for (let i = 0; i < vertices.length; i++) {
    const o = vertices[i] * 3;
    flat[2 * i] = coords[o + u] - coords[b + u];
    flat[2 * i + 1] = coords[o + w] - coords[b + w];
  }
  if (ringSelfIntersects(flat, 0, holes.length > 0 ? holes[0] : vertices.length)) {
    if (report) report.selfIntersecting++;
    return null;
  }
  const tri = earcut(flat, holes.length > 0 ? holes : undefined, 2);
  if (tri.length === 0) return null;
  for (let t = 0; t < tri.length; t += 3) {
    const i = tri[t] * 2;
    const j = tri[t + 1] * 2;
    const k = tri[t + 2] * 2;
    const cross = (flat[j] - flat[i]) * (flat[k + 1] - flat[i + 1]) - (flat[j + 1] - flat[i + 1]) * (flat[k] - flat[i]);
    if (cross * sign < 0) {
      const s = tri[t + 1];
      tri[t + 1] = tri[t + 2];
      tri[t + 2] = s;
    }
  }
  return { normal, outerArea: len / 2, vertices, triangles: tri };
}
