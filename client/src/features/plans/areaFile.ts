/**
 * A plan area from what a planner supplies: an uploaded GeoJSON file (RFC 7946) or a ring drawn in the 3D view.
 * Accepted files: a Polygon geometry, a MultiPolygon with one polygon, a Feature with one of those, or a
 * FeatureCollection holding exactly one such Feature. Coordinates must be WGS84 lon/lat degrees (RFC 7946 §4;
 * RD New metres are recognised and refused with their own reason). Rings are closed when the file left them open.
 * The server checks the rest (self-intersection, area: `invalid_area`).
 */
import { PLAN_LIMITS, PlanArea } from '../../../../shared/index.js';

export type AreaProblem =
  /** Not JSON at all. */
  | 'not_json'
  /** JSON, but no polygon in it (a point, a line, an empty collection, something else). */
  | 'no_polygon'
  /** More than one polygon: the plan area is one polygon. */
  | 'many_polygons'
  /** Coordinates that look like metres (e.g. RD New, EPSG:28992) rather than degrees. */
  | 'not_wgs84'
  /** Too few or too many vertices, or coordinates that are not numbers. */
  | 'bad_coordinates';

export type AreaResult = { ok: true; area: PlanArea } | { ok: false; problem: AreaProblem; detail?: string };

type Json = Record<string, unknown>;
const isObj = (x: unknown): x is Json => !!x && typeof x === 'object' && !Array.isArray(x);

/** Polygon coordinate arrays found in a GeoJSON object (Polygon, MultiPolygon, Feature, FeatureCollection). */
function polygonsIn(g: unknown): unknown[] {
  if (!isObj(g)) return [];
  switch (g.type) {
    case 'Polygon':
      return [g.coordinates];
    case 'MultiPolygon':
      return Array.isArray(g.coordinates) ? g.coordinates : [];
    case 'Feature':
      return polygonsIn(g.geometry);
    case 'FeatureCollection':
      return Array.isArray(g.features) ? g.features.flatMap(polygonsIn) : [];
    case 'GeometryCollection':
      return Array.isArray(g.geometries) ? g.geometries.flatMap(polygonsIn) : [];
    default:
      return [];
  }
}

function closeRing(ring: number[][]): number[][] {
  if (ring.length === 0) return ring;
  const a = ring[0]!;
  const b = ring[ring.length - 1]!;
  return a[0] === b[0] && a[1] === b[1] ? ring : [...ring, a];
}

/** Checks polygon coordinates (rings of [lon, lat(, h)]) and returns the PlanArea, closing open rings. */
export function areaFromCoordinates(coords: unknown): AreaResult {
  if (!Array.isArray(coords) || coords.length === 0 || !coords.every(Array.isArray)) return { ok: false, problem: 'bad_coordinates' };
  const rings = (coords as unknown[][]).map((r) => r as unknown[]);
  for (const r of rings) {
    for (const p of r) {
      if (!Array.isArray(p) || p.length < 2 || !p.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        return { ok: false, problem: 'bad_coordinates' };
      }
      if (Math.abs(p[0] as number) > 180 || Math.abs(p[1] as number) > 90) return { ok: false, problem: 'not_wgs84' };
    }
  }
  const closed = (rings as number[][][]).map((r) => closeRing(r.map((p) => p.slice(0, 2))));
  const parsed = PlanArea.safeParse({ type: 'Polygon', coordinates: closed });
  if (!parsed.success) {
    const n = closed[0]?.length ?? 0;
    return { ok: false, problem: 'bad_coordinates', detail: `${n} / ${PLAN_LIMITS.areaVertices.min}–${PLAN_LIMITS.areaVertices.max}` };
  }
  return { ok: true, area: parsed.data };
}

/** The text of a .geojson / .json file → the plan area, or why it cannot be one. */
export function parseAreaFile(text: string): AreaResult {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, problem: 'not_json' };
  }
  const polys = polygonsIn(json);
  if (polys.length === 0) return { ok: false, problem: 'no_polygon' };
  if (polys.length > 1) return { ok: false, problem: 'many_polygons', detail: String(polys.length) };
  return areaFromCoordinates(polys[0]);
}

/** A ring drawn in the view (`[lon, lat]` pairs, not closed) → the plan area. */
export function areaFromRing(ring: [number, number][]): AreaResult {
  return areaFromCoordinates([ring]);
}

/** The outer ring of an area as `[lon, lat]` pairs (closing vertex included, as stored). */
export function outerRing(area: PlanArea): [number, number][] {
  return (area.coordinates[0] ?? []).map((p) => [p[0]!, p[1]!] as [number, number]);
}
