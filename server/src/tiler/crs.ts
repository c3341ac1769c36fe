/**
 * Coordinate reference systems at the tiler's import boundary: which CRS a CityJSON file is in, and how its
 * coordinates become WGS84 longitude/latitude/height (DESIGN.md, Words: "position").
 *
 * Supported:
 * - EPSG:28992 (Amersfoort / RD New) and EPSG:7415 (RD New + NAP height). x, y go through proj4 with the standard
 *   EPSG:28992 definition, including its 7-parameter Bessel → WGS84 shift (+towgs84, EPSG transformation 15739
 *   family); accuracy against RDNAPTRANS™ is about 0.1–0.3 m. z is a NAP height and is used as a WGS84 ellipsoidal
 *   height unchanged (NAP 0 m = ellipsoid 0 m), so the buildings stand on Cesium's default ellipsoid terrain. With
 *   real terrain one would add the quasi-geoid height (NLGEO2018, about 40–45 m in the Netherlands) instead.
 * - EPSG:4326 / EPSG:4979 (WGS84 2D/3D) and EPSG:4258 / EPSG:4937 (ETRS89 2D/3D, taken as WGS84: they differ by
 *   well under a metre). x is the longitude and y the latitude in degrees (GIS axis order, as in GeoJSON);
 *   z is the ellipsoidal height in metres.
 * - Any other CRS given as a proj4 definition (`--crs EPSG:25831 --proj4 "+proj=utm +zone=31 +ellps=GRS80 …"`,
 *   definitions as published on epsg.io): x, y go through proj4 to WGS84; z is used as the height unchanged, as for
 *   RD New (so heights must be above the ellipsoid, or above a vertical datum near it).
 */
import proj4, { type Converter } from 'proj4';
import { TilerError } from './errors.js';

/** The EPSG:28992 proj4 definition as published by EPSG / epsg.io (oblique stereographic on Bessel 1841). */
export const RD_NEW_PROJ4 =
  '+proj=sterea +lat_0=52.15616055555555 +lon_0=5.38763888888889 +k=0.9999079 +x_0=155000 +y_0=463000 ' +
  '+ellps=bessel +towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725 +units=m +no_defs';

export type CrsKind = 'rd' | 'geographic' | 'proj4';

/** A supported CRS. */
export interface Crs {
  /** EPSG code of the horizontal (or compound / 3D) CRS, e.g. 28992. */
  epsg: number;
  /** `EPSG:<code>`. */
  name: string;
  kind: CrsKind;
  /** Human description, e.g. "RD New + NAP". */
  title: string;
  /** For kind 'proj4': the proj4 definition string. */
  proj4?: string;
}

const SUPPORTED: Record<number, { kind: CrsKind; title: string }> = {
  28992: { kind: 'rd', title: 'Amersfoort / RD New (heights taken as NAP)' },
  7415: { kind: 'rd', title: 'Amersfoort / RD New + NAP height' },
  4326: { kind: 'geographic', title: 'WGS 84 (lon, lat, ellipsoidal height)' },
  4979: { kind: 'geographic', title: 'WGS 84 3D' },
  4258: { kind: 'geographic', title: 'ETRS89 (taken as WGS 84)' },
  4937: { kind: 'geographic', title: 'ETRS89 3D (taken as WGS 84)' },
};

/** The CRS names `--crs` accepts, for help texts. */
export const SUPPORTED_CRS = [28992, 7415, 4326, 4979, 4258, 4937].map((c) => `EPSG:${c}`);

/**
 * Reads a CRS name in any of the forms CityJSON files and users write:
 * `https://www.opengis.net/def/crs/EPSG/0/7415` (CityJSON 1.1/2.0), `urn:ogc:def:crs:EPSG::28992` (CityJSON 1.0),
 * `EPSG:28992`, `epsg:28992` or `28992`. A compound URN (`urn:ogc:def:crs,crs:EPSG::28992,crs:EPSG::5709`) of RD New
 * and NAP (EPSG:5709) is read as EPSG:7415.
 * With `proj4Definition`, any CRS: `text` names it (e.g. `EPSG:25831`) and the definition says how to reach WGS84.
 * @throws TilerError CRS_UNSUPPORTED naming the CRS when it is not recognised or not supported, or when the proj4
 *   definition is not one proj4 can use
 */
export function parseCrs(text: string, proj4Definition?: string): Crs {
  const t = text.trim();
  if (proj4Definition !== undefined) return proj4Crs(t, proj4Definition);
  const codes = [...t.matchAll(/EPSG(?::+|\/0\/|\/)(\d+)/gi)].map((m) => Number(m[1]));
  if (codes.length === 0 && /^\d+$/.test(t)) codes.push(Number(t));
  let code: number | undefined = codes[0];
  if (codes.length === 2 && codes[0] === 28992 && codes[1] === 5709) code = 7415;
  else if (codes.length > 1) code = undefined;
  if (code === undefined || !(code in SUPPORTED)) {
    throw new TilerError(
      'CRS_UNSUPPORTED',
      `unsupported coordinate reference system "${t}"; supported: ${SUPPORTED_CRS.join(', ')}`,
    );
  }
  return { epsg: code, name: `EPSG:${code}`, ...SUPPORTED[code] };
}

/** A CRS defined by a proj4 string (`--proj4`). @throws TilerError CRS_UNSUPPORTED for a definition proj4 refuses. */
function proj4Crs(name: string, definition: string): Crs {
  const def = definition.trim();
  try {
    const probe = proj4(def, 'EPSG:4326').forward([0, 0]);
    if (!Number.isFinite(probe[0]) && !Number.isFinite(probe[1])) throw new Error('it maps nothing to WGS84');
  } catch (err) {
    throw new TilerError('CRS_UNSUPPORTED', `--proj4 ${JSON.stringify(def)} is not a proj4 definition proj4 can use (${(err as Error).message}); copy one from epsg.io, e.g. "+proj=utm +zone=31 +ellps=GRS80 +units=m +no_defs"`);
  }
  const code = /EPSG(?::+|\/0\/|\/)(\d+)/i.exec(name)?.[1] ?? (/^\d+$/.test(name) ? name : undefined);
  return { epsg: code ? Number(code) : 0, name: code ? `EPSG:${code}` : name || 'proj4', kind: 'proj4', title: def, proj4: def };
}

/** Moves geographic or RD coordinates to WGS84 and back. */
export interface GeodeticTransformer {
  readonly crs: Crs;
  /**
   * Transforms `count` points from `src` (x, y, z triples in the CRS) into `dst` as WGS84 longitude (degrees),
   * latitude (degrees) and ellipsoidal height (metres) triples. `src` and `dst` may be the same array.
   */
  toGeodetic(src: Float64Array, dst: Float64Array, count?: number): void;
  /** The inverse for one point: WGS84 lon/lat (degrees), height (m) → CRS x, y, z. */
  fromGeodetic(lon: number, lat: number, height: number): [number, number, number];
}

let rdConverter: Converter | undefined;
function rd(): Converter {
  rdConverter ??= proj4(RD_NEW_PROJ4, 'EPSG:4326');
  return rdConverter;
}

/** Returns the transformer for a supported CRS (see the module comment for the height convention). */
export function createTransformer(crs: Crs): GeodeticTransformer {
  if (crs.kind === 'geographic') {
    return {
      crs,
      toGeodetic(src, dst, count = src.length / 3) {
        if (src !== dst) dst.set(src.subarray(0, count * 3));
      },
      fromGeodetic: (lon, lat, h) => [lon, lat, h],
    };
  }
  const conv = crs.kind === 'proj4' ? proj4(crs.proj4!, 'EPSG:4326') : rd();
  const p: [number, number] = [0, 0];
  return {
    crs,
    toGeodetic(src, dst, count = src.length / 3) {
      for (let i = 0, o = 0; i < count; i++, o += 3) {
        p[0] = src[o];
        p[1] = src[o + 1];
        // 2D on purpose: the height is NAP and stays as it is (module comment).
        const r = conv.forward(p);
        dst[o + 2] = src[o + 2];
        dst[o] = r[0];
        dst[o + 1] = r[1];
      }
    },
    fromGeodetic(lon, lat, h) {
      const r = conv.inverse([lon, lat]);
      return [r[0], r[1], h];
    },
  };
}

/** Rough validity area of RD New in metres (EPSG:28992 area of use, with margin). */
const RD_BOUNDS = { minX: -30_000, maxX: 320_000, minY: 260_000, maxY: 650_000 };

/**
 * Checks that a bounding box of source coordinates is plausible for the CRS, to catch a wrong `--crs`.
 * Returns a warning text, or null when the box looks right.
 */
export function plausibilityWarning(crs: Crs, min: ArrayLike<number>, max: ArrayLike<number>): string | null {
  if (crs.kind === 'rd') {
    if (min[0] < RD_BOUNDS.minX || max[0] > RD_BOUNDS.maxX || min[1] < RD_BOUNDS.minY || max[1] > RD_BOUNDS.maxY) {
      return `coordinates x ${min[0].toFixed(0)}..${max[0].toFixed(0)}, y ${min[1].toFixed(0)}..${max[1].toFixed(0)} lie outside the Netherlands in ${crs.name}: is this the right --crs?`;
    }
  } else if (crs.kind === 'geographic' && (min[0] < -180 || max[0] > 180 || min[1] < -90 || max[1] > 90)) {
    throw new TilerError(
      'CRS_UNSUPPORTED',
      `coordinates x ${min[0]}..${max[0]}, y ${min[1]}..${max[1]} are not longitudes/latitudes, so the data is not in ${crs.name}; pass the right --crs (e.g. --crs EPSG:28992)`,
    );
  }
  return null;
}
