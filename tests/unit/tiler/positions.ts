/**
 * Independent checks of output positions: input vertices taken to ECEF with proj4 alone (EPSG:28992 definition
 * written out here, NAP heights used as ellipsoidal heights as the tiler documents), compared with the decoded
 * tile positions through the tileset's root transform.
 */
import proj4 from 'proj4';
import { applyMatrix, type ReadTileset } from './helpers.js';

const RD =
  '+proj=sterea +lat_0=52.15616055555555 +lon_0=5.38763888888889 +k=0.9999079 +x_0=155000 +y_0=463000 +ellps=bessel ' +
  '+towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725 +units=m +no_defs';
const toEcef = proj4('EPSG:4326', '+proj=geocent +datum=WGS84 +units=m +no_defs');
const rdToLonLat = proj4(RD, 'EPSG:4326');

/** RD New x, y (m) → WGS84 lon, lat (degrees), independent of the tiler. */
export const rdToWgs84 = (x: number, y: number): [number, number] => rdToLonLat.forward([x, y]) as [number, number];

/** Real-world vertices (RD New + NAP, or lon/lat/h when `geographic`) → ECEF metres. */
export function expectedEcef(vertices: number[][], geographic = false): number[][] {
  return vertices.map(([x, y, z]) => {
    const [lon, lat] = geographic ? [x, y] : rdToWgs84(x, y);
    return toEcef.forward([lon, lat, z]) as number[];
  });
}

/** Decodes a CityJSON document's vertices (transform applied, CityJSON 2.0 §3.4). */
export function realVertices(doc: any): number[][] {
  const t = doc.transform ?? { scale: [1, 1, 1], translate: [0, 0, 0] };
  return (doc.vertices as number[][]).map((v) => v.map((c, k) => c * t.scale[k] + t.translate[k]));
}

/**
 * For every output vertex, the distance (m) to the nearest expected point, and the set of expected points hit.
 * Uses a 1 m hash grid so thousands of points stay fast.
 */
export function matchPositions(t: ReadTileset, expected: number[][]): { worst: number; hit: Set<number>; count: number } {
  const grid = new Map<string, number[]>();
  const key = (p: number[]) => `${Math.floor(p[0])},${Math.floor(p[1])},${Math.floor(p[2])}`;
  expected.forEach((p, j) => {
    const k = key(p);
    const list = grid.get(k);
    if (list) list.push(j);
    else grid.set(k, [j]);
  });
  const m = t.json.root.transform;
  let worst = 0;
  let count = 0;
  const hit = new Set<number>();
  for (const tile of t.tiles) {
    for (let i = 0; i < tile.positions.length; i += 3) {
      const p = applyMatrix(m, tile.positions[i], tile.positions[i + 1], tile.positions[i + 2]);
      let best = Infinity;
      let bestJ = -1;
      for (let dx = -1; dx <= 1; dx++)
        for (let dy = -1; dy <= 1; dy++)
          for (let dz = -1; dz <= 1; dz++) {
            for (const j of grid.get(`${Math.floor(p[0]) + dx},${Math.floor(p[1]) + dy},${Math.floor(p[2]) + dz}`) ?? []) {
              const q = expected[j];
              const d = Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
              if (d < best) (best = d), (bestJ = j);
            }
          }
      worst = Math.max(worst, best);
      if (bestJ >= 0) hit.add(bestJ);
      count++;
    }
  }
  return { worst, hit, count };
}
