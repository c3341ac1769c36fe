import { describe, expect, it } from 'vitest';
import proj4 from 'proj4';
import { createTransformer, parseCrs } from '../../../server/src/tiler/crs.js';
import { ecefToGeodetic, enuFrame, enuToEcef, geodeticToEcef, geodeticToEnu } from '../../../server/src/tiler/frame.js';
import { TilerError } from '../../../server/src/tiler/errors.js';

/** Horizontal distance in metres between two lon/lat points (equirectangular, fine for metres-scale checks). */
function metres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const k = Math.PI / 180;
  const dy = (lat2 - lat1) * k * 6_371_000;
  const dx = (lon2 - lon1) * k * 6_371_000 * Math.cos(((lat1 + lat2) / 2) * k);
  return Math.hypot(dx, dy);
}

const rd = createTransformer(parseCrs('EPSG:28992'));
function toWgs84(x: number, y: number, z = 0): [number, number, number] {
  const a = new Float64Array([x, y, z]);
  rd.toGeodetic(a, a);
  return [a[0], a[1], a[2]];
}

describe('RD New → WGS84 (EPSG:28992 with proj4 and its +towgs84 parameters)', () => {
  // Why the tolerances: proj4 applies EPSG:28992's 7-parameter Helmert shift (Bessel → WGS84) without the
  // RDNAPTRANS™ correction grid, which is good to a few decimetres across the Netherlands; ETRS89 (what the
  // RDNAPTRANS tables give) and WGS84 also differ by well under a metre. So we ask for 0.5 m, not millimetres.
  it('puts the Amersfoort tower (RD origin 155000, 463000) at 52.15517440 N, 5.38720621 E', () => {
    const [lon, lat] = toWgs84(155000, 463000);
    expect(metres(lon, lat, 5.38720621, 52.1551744)).toBeLessThan(0.5);
  });

  // RDNAPTRANS™2008 self-validation points (Kadaster/NSGI), ETRS89 latitude/longitude for exact RD coordinates.
  const points: [string, number, number, number, number][] = [
    ['Texel', 117380.12, 575040.34, 53.160753042, 4.824761912],
    ['Noord-Groningen', 247380.56, 604580.78, 53.41948205, 6.776726674],
    ['Zeeuws-Vlaanderen', 16460.91, 377380.23, 51.368607152, 3.397588595],
    ['Zuid-Limburg', 182260.45, 311480.67, 50.792584916, 5.773795548],
    ['Maasvlakte', 64640.89, 440700.01, 51.947393898, 4.072887101],
  ];
  for (const [name, x, y, lat, lon] of points) {
    it(`puts ${name} (RD ${x}, ${y}) within 0.5 m of its published position`, () => {
      const [lo, la] = toWgs84(x, y);
      expect(metres(lo, la, lon, lat)).toBeLessThan(0.5);
    });
  }

  it('keeps the NAP height as the ellipsoidal height (NAP 0 m = ellipsoid 0 m)', () => {
    expect(toWgs84(92000, 437000, 12.345)[2]).toBe(12.345);
  });

  it('goes back from WGS84 to RD to the millimetre', () => {
    const [lon, lat] = toWgs84(92123.456, 437654.321);
    const [x, y] = rd.fromGeodetic(lon, lat, 0);
    expect(Math.abs(x - 92123.456)).toBeLessThan(0.001);
    expect(Math.abs(y - 437654.321)).toBeLessThan(0.001);
  });
});

describe('parseCrs', () => {
  it.each([
    ['https://www.opengis.net/def/crs/EPSG/0/7415', 7415],
    ['http://www.opengis.net/def/crs/EPSG/0/28992', 28992],
    ['urn:ogc:def:crs:EPSG::28992', 28992],
    ['urn:ogc:def:crs,crs:EPSG::28992,crs:EPSG::5709', 7415],
    ['EPSG:28992', 28992],
    ['epsg:4979', 4979],
    ['4326', 4326],
  ])('reads %s as EPSG:%i', (text, code) => {
    expect(parseCrs(text).epsg).toBe(code);
  });

  it('refuses an unsupported CRS and names it', () => {
    let error: unknown;
    try {
      parseCrs('https://www.opengis.net/def/crs/EPSG/0/3857');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TilerError);
    expect((error as TilerError).code).toBe('CRS_UNSUPPORTED');
    expect((error as Error).message).toContain('EPSG/0/3857');
    expect(() => parseCrs('nonsense')).toThrow(/unsupported coordinate reference system "nonsense"/);
  });
});

describe('geodetic ↔ ECEF (EPSG:4979 ↔ EPSG:4978) and the ENU frame', () => {
  const geocent = proj4('EPSG:4326', '+proj=geocent +datum=WGS84 +units=m +no_defs');
  it.each([
    [4.469, 51.9244, 0],
    [4.45, 51.9, 41.2],
    [-70, -33, 2500],
    [179.9, 0.1, -20],
  ])('agrees with proj4 geocent at %f, %f, %f m to the millimetre', (lon, lat, h) => {
    const mine = [0, 0, 0];
    geodeticToEcef(lon, lat, h, mine);
    const ref = geocent.forward([lon, lat, h]) as number[];
    for (let k = 0; k < 3; k++) expect(Math.abs(mine[k] - ref[k])).toBeLessThan(0.001);
    const [lo, la, hh] = ecefToGeodetic(mine[0], mine[1], mine[2]);
    expect(metres(lo, la, lon, lat)).toBeLessThan(0.001);
    expect(Math.abs(hh - h)).toBeLessThan(0.001);
  });

  it('has east, north and up pointing the right way', () => {
    const f = enuFrame(4.469, 51.9244, 0);
    const pts = new Float64Array([4.469 + 0.001, 51.9244, 0, 4.469, 51.9244 + 0.001, 0, 4.469, 51.9244, 10]);
    geodeticToEnu(f, pts, pts);
    expect(pts[0]).toBeGreaterThan(68); // 0.001° of longitude at 51.9° N ≈ 68.9 m east
    expect(Math.abs(pts[1])).toBeLessThan(0.01);
    expect(pts[4]).toBeGreaterThan(111); // 0.001° of latitude ≈ 111.3 m north
    expect(Math.abs(pts[6])).toBeLessThan(1e-6);
    expect(pts[8]).toBeCloseTo(10, 6);
    const back = enuToEcef(f, pts[0], pts[1], pts[2]);
    const [lon, lat] = ecefToGeodetic(...back);
    expect(metres(lon, lat, 4.47, 51.9244)).toBeLessThan(0.001);
  });
});
