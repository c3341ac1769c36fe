/**
 * Where an uploaded model's own coordinates say it belongs, and which way is up.
 *
 * - RD New (EPSG:28992): the horizontal bbox centre lies in x 0..300,000, y 289,000..629,000 (the RD area of use
 *   with margin), read as (x, −z) for a Y-up file (glTF's convention) or (x, y) for a Z-up file (CAD/GIS
 *   convention). Heights are NAP, used as ellipsoidal heights (DESIGN.md: NAP 0 = ellipsoid 0).
 * - ECEF (EPSG:4978): the bbox centre is 6,350–6,400 km from the Earth's centre. The file is read both as Z-up ECEF
 *   (x, y, z) and as a Y-up export of ECEF (x, −z, y); the reading whose centre lies nearer the ellipsoid wins.
 *   Coordinates are turned into the local east-north-up frame at the centre (tiler/frame.ts).
 * - Otherwise the model is local: Y-up by the glTF spec, unless it is clearly flat along Z (then Z-up, with a warning).
 *
 * Every frame maps the file's world coordinates to a local frame with x east, y north, z up (metres).
 */
import type { ModelGeoref, ModelWarning } from '../../../shared/index.js';
import { createTransformer, parseCrs, type GeodeticTransformer } from '../tiler/crs.js';
import { ecefToGeodetic, enuFrame, enuToEcef } from '../tiler/frame.js';
import { apply, IDENTITY, mul, rowsOf, translation, Y_UP_TO_Z_UP, type Mat4 } from './matrix.js';

export interface Box {
  min: number[];
  max: number[];
}

/** How the file's world coordinates become local east-north-up metres. */
export interface SourceFrame {
  upAxis: 'Y' | 'Z';
  crs: ModelGeoref['crs'] | null;
  /** File world → local (x east, y north, z up). */
  toLocal: Mat4;
  /** For ECEF: the ENU origin (the bbox centre). */
  ecefOrigin?: { lon: number; lat: number; height: number };
  warnings: ModelWarning[];
}

/** RD New bounds used for recognition (metres). */
export const RD_RANGE = { minX: 0, maxX: 300_000, minY: 289_000, maxY: 629_000 };
/** Distance from the Earth's centre (m) that marks ECEF coordinates. */
export const ECEF_RANGE = { min: 6_350_000, max: 6_400_000 };

const inRd = (x: number, y: number) => x >= RD_RANGE.minX && x <= RD_RANGE.maxX && y >= RD_RANGE.minY && y <= RD_RANGE.maxY;

/**
 * Picks the source frame from the world bbox of the file (glTF axes; node transforms applied, so an offset kept in
 * the root node's translation counts as well as one in the vertices).
 */
export function detectFrame(box: Box): SourceFrame {
  const c = [0, 1, 2].map((i) => (box.min[i] + box.max[i]) / 2);
  if (inRd(c[0], -c[2])) return { upAxis: 'Y', crs: 'EPSG:28992', toLocal: Y_UP_TO_Z_UP, warnings: [] };
  if (inRd(c[0], c[1])) return { upAxis: 'Z', crs: 'EPSG:28992', toLocal: IDENTITY, warnings: [] };
  const r = Math.hypot(c[0], c[1], c[2]);
  if (r >= ECEF_RANGE.min && r <= ECEF_RANGE.max) {
    const readings = [
      { upAxis: 'Z' as const, axes: IDENTITY },
      { upAxis: 'Y' as const, axes: Y_UP_TO_Z_UP },
    ].map((o) => {
      const e = [0, 0, 0];
      apply(o.axes, c[0], c[1], c[2], e);
      const [lon, lat, height] = ecefToGeodetic(e[0], e[1], e[2]);
      return { ...o, e, lon, lat, height };
    });
    const best = readings.sort((a, b) => Math.abs(a.height) - Math.abs(b.height))[0]!;
    const f = enuFrame(best.lon, best.lat, best.height);
    // ECEF → ENU: rows east, north, up, after moving the centre to the origin.
    const toEnu = mul(rowsOf(f.east, f.north, f.up), translation(-best.e[0], -best.e[1], -best.e[2]));
    return {
      upAxis: best.upAxis,
      crs: 'EPSG:4978',
      toLocal: mul(toEnu, best.axes),
      ecefOrigin: { lon: best.lon, lat: best.lat, height: best.height },
      warnings: [],
    };
  }
  const s = [0, 1, 2].map((i) => box.max[i] - box.min[i]);
  if (s[2] * 3 < s[0] && s[2] * 3 < s[1]) {
    return {
      upAxis: 'Z',
      crs: null,
      toLocal: IDENTITY,
      warnings: [{
        code: 'up_axis_z',
        message: 'The model is flat along its Z axis, so it was read as Z-up (the CAD/GIS habit) and turned to stand upright; if it now lies on its side, tilt it by 90° when placing it (roll +90°).',
      }],
    };
  }
  return { upAxis: 'Y', crs: null, toLocal: Y_UP_TO_Z_UP, warnings: [] };
}

let rd: GeodeticTransformer | undefined;
/** RD New (EPSG:28992) → WGS84 through proj4 (tiler/crs.ts); the height is kept (NAP as ellipsoidal). */
export function rdToWgs84(x: number, y: number, h: number): [number, number, number] {
  rd ??= createTransformer(parseCrs('EPSG:28992'));
  const p = new Float64Array([x, y, h]);
  rd.toGeodetic(p, p, 1);
  return [p[0], p[1], p[2]];
}

/**
 * The georeference of a model whose base centre is `base` in the source frame's local coordinates.
 * RD: position via proj4; heading = the bearing of RD grid north at that point (meridian convergence, about
 * −1.5°..+1.5° in the Netherlands), so the model's RD axes line up with the grid. ECEF: the ENU frame's position
 * of the base, heading 0.
 */
export function georefOf(frame: SourceFrame, base: number[]): ModelGeoref | null {
  if (frame.crs === 'EPSG:28992') {
    const [lon, lat, height] = rdToWgs84(base[0], base[1], base[2]);
    const [lon2, lat2] = rdToWgs84(base[0], base[1] + 100, base[2]);
    const heading = (Math.atan2((lon2 - lon) * Math.cos((lat * Math.PI) / 180), lat2 - lat) * 180) / Math.PI;
    return { crs: frame.crs, upAxis: frame.upAxis, position: { lon, lat, height }, heading: round(heading, 4) };
  }
  if (frame.crs === 'EPSG:4978' && frame.ecefOrigin) {
    const o = frame.ecefOrigin;
    const e = enuToEcef(enuFrame(o.lon, o.lat, o.height), base[0], base[1], base[2]);
    const [lon, lat, height] = ecefToGeodetic(e[0], e[1], e[2]);
    return { crs: frame.crs, upAxis: frame.upAxis, position: { lon, lat, height }, heading: 0 };
  }
  return null;
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

/**
 * Unit check on the normalised size (metres if the file is in metres): a model larger than 2 km whose size /1000
 * is 0.5..2000 m is likely in millimetres (suggest 0.001). Centimetres (0.01) only when the millimetre reading
 * would be lower than 2 m while the centimetre one is a building's height. Nothing is scaled here.
 * @param size [east, north, up] extents
 */
export function unitsCheck(size: number[]): { suggestedScale: number | null; warning: ModelWarning | null } {
  const largest = Math.max(...size);
  if (largest <= 2000 || largest / 1000 < 0.5 || largest / 1000 > 2000) return { suggestedScale: null, warning: null };
  const fmt = (v: number) => `${Math.round(v).toLocaleString('en')} m`;
  const mmHeight = size[2] / 1000;
  const cmHeight = size[2] / 100;
  if (mmHeight < 2 && cmHeight >= 2 && cmHeight <= 300 && largest / 100 <= 2000) {
    return {
      suggestedScale: 0.01,
      warning: { code: 'likely_centimetres', message: `The model is ${fmt(largest)} across: it is probably in centimetres (${fmt(largest / 100)} at scale 0.01).` },
    };
  }
  return {
    suggestedScale: 0.001,
    warning: { code: 'likely_millimetres', message: `The model is ${fmt(largest)} across: it is probably in millimetres (${fmt(largest / 1000)} at scale 0.001).` },
  };
}
