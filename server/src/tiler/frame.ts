/**
 * WGS84 geodetic ↔ ECEF (EPSG:4979 ↔ EPSG:4978) and the local east-north-up (ENU) frame in which tile content is
 * stored. Formulas: NIMA TR8350.2 "Department of Defense World Geodetic System 1984", 3rd ed., §4 (ellipsoid
 * parameters) and Hofmann-Wellenhof, Lichtenegger & Wasle, "GNSS" (2008), §5.6.1 / §5.6.2 (geodetic ↔ Cartesian,
 * local level frame).
 */

/** WGS84 semi-major axis a (m). */
export const WGS84_A = 6378137.0;
/** WGS84 flattening f. */
export const WGS84_F = 1 / 298.257223563;
/** First eccentricity squared e² = f(2 − f). */
export const WGS84_E2 = WGS84_F * (2 - WGS84_F);
const DEG = Math.PI / 180;

/**
 * Geodetic → ECEF: X = (N + h) cos φ cos λ, Y = (N + h) cos φ sin λ, Z = (N(1 − e²) + h) sin φ with the prime vertical
 * radius N = a / √(1 − e² sin² φ).
 * @param lon longitude λ in degrees; @param lat latitude φ in degrees; @param h ellipsoidal height in metres
 * @param out receives X, Y, Z in metres at `offset`
 */
export function geodeticToEcef(lon: number, lat: number, h: number, out: Float64Array | number[], offset = 0): void {
  const la = lat * DEG;
  const lo = lon * DEG;
  const sl = Math.sin(la);
  const cl = Math.cos(la);
  const n = WGS84_A / Math.sqrt(1 - WGS84_E2 * sl * sl);
  out[offset] = (n + h) * cl * Math.cos(lo);
  out[offset + 1] = (n + h) * cl * Math.sin(lo);
  out[offset + 2] = (n * (1 - WGS84_E2) + h) * sl;
}

/**
 * ECEF → geodetic by fixed-point iteration on the latitude (converges to < 1e-12 rad in a few steps near the
 * Earth's surface). Returns [lon°, lat°, h m].
 */
export function ecefToGeodetic(x: number, y: number, z: number): [number, number, number] {
  const p = Math.hypot(x, y);
  const lon = Math.atan2(y, x);
  let lat = Math.atan2(z, p * (1 - WGS84_E2));
  let h = 0;
  for (let i = 0; i < 10; i++) {
    const sl = Math.sin(lat);
    const n = WGS84_A / Math.sqrt(1 - WGS84_E2 * sl * sl);
    h = p / Math.cos(lat) - n;
    const next = Math.atan2(z, p * (1 - (WGS84_E2 * n) / (n + h)));
    if (Math.abs(next - lat) < 1e-14) {
      lat = next;
      break;
    }
    lat = next;
  }
  return [lon / DEG, lat / DEG, h];
}

/**
 * A local east-north-up frame at a geodetic origin. `matrix` is the 4×4 local → ECEF transform in column-major
 * order (glTF / 3D Tiles `transform`): columns east, north, up, origin.
 */
export interface EnuFrame {
  origin: { lon: number; lat: number; height: number };
  ecefOrigin: [number, number, number];
  east: [number, number, number];
  north: [number, number, number];
  up: [number, number, number];
  matrix: number[];
}

/** Builds the ENU frame at lon/lat (degrees) and ellipsoidal height (m). */
export function enuFrame(lon: number, lat: number, height: number): EnuFrame {
  const o = [0, 0, 0];
  geodeticToEcef(lon, lat, height, o);
  const sl = Math.sin(lat * DEG);
  const cl = Math.cos(lat * DEG);
  const so = Math.sin(lon * DEG);
  const co = Math.cos(lon * DEG);
  const east: [number, number, number] = [-so, co, 0];
  const north: [number, number, number] = [-sl * co, -sl * so, cl];
  const up: [number, number, number] = [cl * co, cl * so, sl];
  return {
    origin: { lon, lat, height },
    ecefOrigin: [o[0], o[1], o[2]],
    east,
    north,
    up,
    matrix: [...east, 0, ...north, 0, ...up, 0, o[0], o[1], o[2], 1],
  };
}

/**
 * Converts geodetic triples (lon°, lat°, h) in `src` to ENU coordinates (metres) of `frame` in `dst`
 * (east, north, up triples). `src` and `dst` may be the same array.
 */
export function geodeticToEnu(frame: EnuFrame, src: Float64Array, dst: Float64Array, count = src.length / 3): void {
  const [ox, oy, oz] = frame.ecefOrigin;
  const [ex, ey, ez] = frame.east;
  const [nx, ny, nz] = frame.north;
  const [ux, uy, uz] = frame.up;
  const e = [0, 0, 0];
  for (let i = 0, o = 0; i < count; i++, o += 3) {
    geodeticToEcef(src[o], src[o + 1], src[o + 2], e);
    const dx = e[0] - ox;
    const dy = e[1] - oy;
    const dz = e[2] - oz;
    dst[o] = ex * dx + ey * dy + ez * dz;
    dst[o + 1] = nx * dx + ny * dy + nz * dz;
    dst[o + 2] = ux * dx + uy * dy + uz * dz;
  }
}

/** ENU (east, north, up) of `frame` → ECEF, for one point. */
export function enuToEcef(frame: EnuFrame, e: number, n: number, u: number): [number, number, number] {
  const m = frame.matrix;
  return [m[0] * e + m[4] * n + m[8] * u + m[12], m[1] * e + m[5] * n + m[9] * u + m[13], m[2] * e + m[6] * n + m[10] * u + m[14]];
}
