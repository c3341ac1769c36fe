import { z } from 'zod';

/**
 * A position: WGS84 longitude and latitude in degrees (GeoJSON order, lon first, RFC 7946 §3.1.1)
 * and height in metres above the WGS84 ellipsoid (EPSG:4979).
 */
export const Position = z.object({
  lon: z.number().finite().min(-180).max(180),
  lat: z.number().finite().min(-90).max(90),
  height: z.number().finite().min(-1000).max(10000),
}).strict();
export type Position = z.infer<typeof Position>;

/**
 * A bounding box `[west, south, east, north]` in degrees (RFC 7946 §5). `west > east` means the box
 * crosses the antimeridian. south must not exceed north.
 */
export type BBox = [west: number, south: number, east: number, north: number];

export const BBoxSchema = z
  .tuple([
    z.number().finite().min(-180).max(180),
    z.number().finite().min(-90).max(90),
    z.number().finite().min(-180).max(180),
    z.number().finite().min(-90).max(90),
  ])
  .refine(([, s, , n]) => s <= n, { message: 'south must not be greater than north' });

/** Parses the query form `west,south,east,north` into a BBox schema input (strings to numbers). */
export const BBoxQuery = z
  .string()
  .transform((s) => s.split(',').map((p) => (p.trim() === '' ? NaN : Number(p))))
  .pipe(BBoxSchema);

/** True when `lon,lat` lies inside the bbox (edges included; antimeridian-crossing boxes handled). */
export function bboxContains(b: BBox, lon: number, lat: number): boolean {
  const [w, s, e, n] = b;
  if (lat < s || lat > n) return false;
  return w <= e ? lon >= w && lon <= e : lon >= w || lon <= e;
}

// --- Map tiles for realtime rooms -------------------------------------------------------------
// Web Mercator "slippy map" tiles (OSM / XYZ scheme, EPSG:3857 tiling). Latitude is clamped to
// ±85.0511°, the square Web Mercator limit. Rooms are named `tile:z/x/y`.

/** The zoom levels at which comments are broadcast; a subscriber joins rooms at one of them. */
export const ROOM_ZOOMS = [2, 6, 10, 13, 15] as const;
/** At most this many rooms per subscription; coarser zooms are used for larger views. */
export const MAX_ROOMS_PER_SUBSCRIPTION = 64;

const MAX_LAT = 85.0511287798066;

/** Tile column and row containing lon/lat at zoom z (integer, 0..2^z-1). */
export function lonLatToTile(lon: number, lat: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const la = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * (Math.PI / 180);
  let x = Math.floor(((lon + 180) / 360) * n);
  let y = Math.floor(((1 - Math.log(Math.tan(la) + 1 / Math.cos(la)) / Math.PI) / 2) * n);
  x = Math.min(n - 1, Math.max(0, x));
  y = Math.min(n - 1, Math.max(0, y));
  return { x, y };
}

/** Room name of the tile at zoom z that contains lon/lat. */
export function tileRoom(z: number, x: number, y: number): string {
  return `tile:${z}/${x}/${y}`;
}

/** Every room a thing at lon/lat is broadcast to: one per zoom in ROOM_ZOOMS. */
export function roomsForPoint(lon: number, lat: number): string[] {
  return ROOM_ZOOMS.map((z) => {
    const { x, y } = lonLatToTile(lon, lat, z);
    return tileRoom(z, x, y);
  });
}

/**
 * The rooms covering a bbox: the finest zoom in ROOM_ZOOMS whose cover has at most
 * MAX_ROOMS_PER_SUBSCRIPTION tiles (the coarsest, z2, covers the whole world in 16 tiles, so a
 * subscription never joins more than 64 rooms). Antimeridian-crossing boxes are split in two.
 */
export function roomsForBBox(b: BBox): string[] {
  const [w, s, e, n] = b;
  const spans: [number, number][] = w <= e ? [[w, e]] : [[w, 180], [-180, e]];
  for (let i = ROOM_ZOOMS.length - 1; i >= 0; i--) {
    const z = ROOM_ZOOMS[i];
    const ranges = spans.map(([a, c]) => [lonLatToTile(a, n, z), lonLatToTile(c, s, z)] as const);
    const count = ranges.reduce((sum, [tl, br]) => sum + (br.x - tl.x + 1) * (br.y - tl.y + 1), 0);
    if (count > MAX_ROOMS_PER_SUBSCRIPTION && i > 0) continue;
    const rooms: string[] = [];
    for (const [tl, br] of ranges) {
      for (let x = tl.x; x <= br.x; x++) for (let y = tl.y; y <= br.y; y++) rooms.push(tileRoom(z, x, y));
    }
    return rooms;
  }
  return [];
}

/** Metres per degree of latitude (mean, WGS84); enough for rounding to a public precision. */
const METRES_PER_DEGREE = 111_320;

/**
 * Rounds a position for the public (issue 6: the public API and exports round positions of resident content):
 * latitude to a multiple of `precisionM` metres, longitude to a multiple of `precisionM` metres at that latitude,
 * height to a multiple of `precisionM` metres. The stored position is never changed.
 * Shape: Position (WGS84 degrees, EPSG:4979; height in metres). Units: precisionM in metres (> 0).
 * The result lies within precisionM·√3/2 of the input (half a grid step on each axis).
 */
export function roundPosition<P extends { lon: number; lat: number; height: number }>(p: P, precisionM: number): P {
  if (!(precisionM > 0)) return { ...p };
  const latStep = precisionM / METRES_PER_DEGREE;
  const lat = Math.max(-90, Math.min(90, Math.round(p.lat / latStep) * latStep));
  const cos = Math.max(Math.cos((lat * Math.PI) / 180), 1e-6);
  const lonStep = precisionM / (METRES_PER_DEGREE * cos);
  const lon = Math.max(-180, Math.min(180, Math.round(p.lon / lonStep) * lonStep));
  const height = Math.round(p.height / precisionM) * precisionM;
  // Trim floating noise: 1e-9 degrees is about 0.1 mm.
  const trim = (v: number) => Math.round(v * 1e9) / 1e9;
  return { ...p, lon: trim(lon), lat: trim(lat), height: Math.round(height * 1000) / 1000 };
}

/** roundPosition for a [lon, lat] or [lon, lat, height] GeoJSON coordinate. */
export function roundCoordinate(c: number[], precisionM: number): number[] {
  const r = roundPosition({ lon: c[0]!, lat: c[1]!, height: c[2] ?? 0 }, precisionM);
  return c.length > 2 ? [r.lon, r.lat, r.height] : [r.lon, r.lat];
}

/** Slack added to a widened bbox, degrees (about 1 cm): covers the 1e-9 trim and floating noise of roundPosition. */
const WIDEN_EPSILON_DEG = 1e-7;

/**
 * The bbox a store query must scan so that every point whose ROUNDED position (roundPosition at `precisionM`)
 * lies in `b` is found (issue 6: public spatial filters decide on the rounded position, never the exact one).
 * Widens by one full grid step plus WIDEN_EPSILON_DEG: latitude by precisionM / 111,320 m, longitude by
 * precisionM / (111,320 m · cos φ) at the largest |φ| of the box (the rounded point lies inside it). Latitude is
 * clamped to ±90; when the widened longitude span reaches 360° the result spans the whole world (-180..180);
 * edges past ±180 wrap (the result then crosses the antimeridian, west > east). The caller must still keep only
 * the rows whose rounded position lies in `b` (`roundedInBBox`). precisionM ≤ 0: `b` unchanged.
 * Shapes: BBox `[west, south, east, north]`, degrees (WGS84). Units: precisionM in metres.
 */
export function widenBBoxForRounding(b: BBox, precisionM: number): BBox {
  if (!(precisionM > 0)) return [...b] as BBox;
  const [w, s, e, n] = b;
  const dLat = precisionM / METRES_PER_DEGREE + WIDEN_EPSILON_DEG;
  const maxAbsLat = Math.min(90, Math.max(Math.abs(s), Math.abs(n)));
  const cos = Math.max(Math.cos((maxAbsLat * Math.PI) / 180), 1e-6);
  const dLon = precisionM / (METRES_PER_DEGREE * cos) + WIDEN_EPSILON_DEG;
  const south = Math.max(-90, s - dLat);
  const north = Math.min(90, n + dLat);
  const span = w <= e ? e - w : e - w + 360;
  if (span + 2 * dLon >= 360) return [-180, south, 180, north];
  const wrap = (x: number) => (x < -180 ? x + 360 : x > 180 ? x - 360 : x);
  return [wrap(w - dLon), south, wrap(e + dLon), north];
}

/**
 * True when the position, rounded for the public (roundPosition at `precisionM` metres), lies in `b` (edges
 * included, antimeridian-crossing boxes handled): the public bbox filter of resident content (issue 6).
 */
export function roundedInBBox(b: BBox, p: { lon: number; lat: number; height?: number }, precisionM: number): boolean {
  const r = roundPosition({ lon: p.lon, lat: p.lat, height: p.height ?? 0 }, precisionM);
  return bboxContains(b, r.lon, r.lat);
}
