/**
 * Sketches as number fields (issue 5: "editable as numbers for those who cannot use the canvas"). Pure functions,
 * no React, no Cesium:
 *
 * - `parseCoord(text, axis)`: one field → degrees. Accepts a decimal point or a Dutch decimal comma ("4,4712"),
 *   surrounding spaces; refuses empty, non-numbers, non-finite values and values outside ±180 (lon) / ±90 (lat).
 * - `parseHeight(text)`: metres, 0..THREAD_LIMITS.sketchHeight.max.
 * - `fieldsFromSketch(sketch)`: a stored sketch (GeoJSON, shared/threads.ts) → editable fields (a polygon's outer ring
 *   without its closing vertex; heights of 3D coordinates are dropped).
 * - `buildGeometry(fields)`: fields → `{ok: true, geometry, height}` (GeoJSON Point / LineString / closed Polygon) or
 *   `{ok: false, errors}` naming each bad field (vertex index + axis, or 'height' / 'vertices').
 * - `geometryVertices(geometry)`: the [lon, lat] vertices a viewer draws (polygon: outer ring, not closed).
 */
import { THREAD_LIMITS, type Sketch, type SketchGeometry } from '../../../../shared/index.js';

export type SketchKind = 'point' | 'line' | 'polygon';

/** Why a field was refused (the UI shows `threads.fieldError.<code>`). */
export type FieldErrorCode = 'empty' | 'not_a_number' | 'out_of_range' | 'too_few_vertices';

export type Parsed = { ok: true; value: number } | { ok: false; error: FieldErrorCode };

export interface VertexFields {
  lon: string;
  lat: string;
}

export interface SketchFields {
  kind: SketchKind;
  vertices: VertexFields[];
  /** Metres; only polygons are extruded (the server refuses a height on points and lines). */
  height: string;
}

export interface FieldError {
  /** Vertex index, or null for 'height' and 'vertices' errors. */
  index: number | null;
  field: 'lon' | 'lat' | 'height' | 'vertices';
  code: FieldErrorCode;
}

export const MIN_VERTICES: Record<SketchKind, number> = { point: 1, line: 2, polygon: 3 };

function parseNumber(text: string): Parsed {
  const s = text.trim().replace(/\s+/g, '');
  if (s === '') return { ok: false, error: 'empty' };
  // One decimal separator, point or comma; optional sign; optional exponent.
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)(e[+-]?\d+)?$/i.test(s)) return { ok: false, error: 'not_a_number' };
  const v = Number(s.replace(',', '.'));
  if (!Number.isFinite(v)) return { ok: false, error: 'out_of_range' };
  return { ok: true, value: v };
}

/** One coordinate field → degrees (see the file comment). */
export function parseCoord(text: string, axis: 'lon' | 'lat'): Parsed {
  const p = parseNumber(text);
  if (!p.ok) return p;
  const limit = axis === 'lon' ? 180 : 90;
  return Math.abs(p.value) <= limit ? p : { ok: false, error: 'out_of_range' };
}

/** The height field → metres (0..300). */
export function parseHeight(text: string): Parsed {
  const p = parseNumber(text);
  if (!p.ok) return p;
  const { min, max } = THREAD_LIMITS.sketchHeight;
  return p.value >= min && p.value <= max ? p : { ok: false, error: 'out_of_range' };
}

const sameXY = (a: readonly number[], b: readonly number[]) => a[0] === b[0] && a[1] === b[1];

/** The [lon, lat] vertices of a geometry (polygon: outer ring without the closing vertex). */
export function geometryVertices(g: SketchGeometry): [number, number][] {
  const pts: number[][] = g.type === 'Point' ? [g.coordinates] : g.type === 'LineString' ? g.coordinates : (g.coordinates[0] ?? []);
  const out = pts.map((p) => [p[0]!, p[1]!] as [number, number]);
  if (g.type === 'Polygon' && out.length > 1 && sameXY(out[0]!, out[out.length - 1]!)) out.pop();
  return out;
}

export function kindOf(g: SketchGeometry): SketchKind {
  return g.type === 'Point' ? 'point' : g.type === 'LineString' ? 'line' : 'polygon';
}

/** A number as a field shows it: up to 8 decimals for degrees (~1 mm), no trailing zeros. */
export function formatNumber(v: number, decimals = 8): string {
  return String(Number(v.toFixed(decimals)));
}

export function fieldsFromSketch(s: Pick<Sketch, 'geometry' | 'height'>): SketchFields {
  return {
    kind: kindOf(s.geometry),
    vertices: geometryVertices(s.geometry).map(([lon, lat]) => ({ lon: formatNumber(lon), lat: formatNumber(lat) })),
    height: formatNumber(s.height, 2),
  };
}

export function fieldsFromVertices(kind: SketchKind, vertices: [number, number][], height = 0): SketchFields {
  return { kind, vertices: vertices.map(([lon, lat]) => ({ lon: formatNumber(lon), lat: formatNumber(lat) })), height: formatNumber(height, 2) };
}

export type Built = { ok: true; geometry: SketchGeometry; height: number } | { ok: false; errors: FieldError[] };

/** Fields → GeoJSON geometry and height (see the file comment). Points and lines always get height 0. */
export function buildGeometry(f: SketchFields): Built {
  const errors: FieldError[] = [];
  const coords: [number, number][] = [];
  f.vertices.forEach((v, index) => {
    const lon = parseCoord(v.lon, 'lon');
    const lat = parseCoord(v.lat, 'lat');
    if (!lon.ok) errors.push({ index, field: 'lon', code: lon.error });
    if (!lat.ok) errors.push({ index, field: 'lat', code: lat.error });
    if (lon.ok && lat.ok) coords.push([lon.value, lat.value]);
  });
  const vertexCount = f.kind === 'point' ? Math.min(f.vertices.length, 1) : f.vertices.length;
  if (vertexCount < MIN_VERTICES[f.kind]) errors.push({ index: null, field: 'vertices', code: 'too_few_vertices' });
  let height = 0;
  if (f.kind === 'polygon') {
    const h = parseHeight(f.height);
    if (h.ok) height = h.value;
    else errors.push({ index: null, field: 'height', code: h.error });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (f.kind === 'point') return { ok: true, geometry: { type: 'Point', coordinates: coords[0]! }, height: 0 };
  if (f.kind === 'line') return { ok: true, geometry: { type: 'LineString', coordinates: coords }, height: 0 };
  const ring = sameXY(coords[0]!, coords[coords.length - 1]!) ? coords : [...coords, coords[0]!];
  return { ok: true, geometry: { type: 'Polygon', coordinates: [ring] }, height };
}
