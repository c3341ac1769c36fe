/**
 * The generated demo district: about 170 made-up buildings in street blocks just south of Rotterdam Centraal,
 * written as CityJSON 2.0 in RD New + NAP (EPSG:7415) and tiled through the same pipeline as real data. Used on
 * first start when no tileset is registered, and by e2e tests (demoBuildings gives clickable roof points).
 * Deterministic: the same buildings every time.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { TilesetInfo } from '../../../shared/index.js';
import { createTransformer, parseCrs } from './crs.js';
import { buildFromCityModel } from './build.js';
import { cityModelFromObject } from './cityjson.js';
import { readManifest, registerTileset, tilesetUrl } from './manifest.js';
import { withLock } from './atomic.js';
import { mulberry32 as rng } from './random.js';

/** Centre of the demo district (WGS84 degrees): about 250 m south of Rotterdam Centraal (4.4690 E, 51.9244 N). */
export const DEMO_CENTER = { lon: 4.469, lat: 51.9222 } as const;
export const DEMO_TILESET_ID = 'demo';
const DEMO_INFO: TilesetInfo = {
  id: DEMO_TILESET_ID,
  name: 'Demo district (generated)',
  url: tilesetUrl(DEMO_TILESET_ID),
  demo: true,
  attribution: 'Generated demo data, not real buildings',
};

const COLS = 4;
const ROWS = 3;
const BLOCK_W = 80; // east-west, m
const BLOCK_H = 70; // north-south, m
const STREET = 18;

interface DemoBuilding {
  id: string;
  /** Footprint in RD metres. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  height: number;
  gabled: boolean;
  attributes: Record<string, unknown>;
}


function layout(): DemoBuilding[] {
  const rd = createTransformer(parseCrs('EPSG:7415'));
  const [cx, cy] = rd.fromGeodetic(DEMO_CENTER.lon, DEMO_CENTER.lat, 0);
  const left = cx - (COLS * BLOCK_W + (COLS - 1) * STREET) / 2;
  const top = cy + (ROWS * BLOCK_H + (ROWS - 1) * STREET) / 2;
  const rand = rng(20240229);
  const uses = ['woning', 'kantoor', 'winkel', 'gemengd'];
  const out: DemoBuilding[] = [];
  const add = (x0: number, y0: number, x1: number, y1: number, row: number) => {
    const n = out.length + 1;
    const tall = rand() < (row === 0 ? 0.35 : 0.12);
    const height = Math.round((tall ? 24 + rand() * 16 : 6 + rand() * 16) * 10) / 10;
    const gabled = height < 16 && rand() < 0.55;
    const storeys = Math.max(1, Math.floor(height / 3.2));
    out.push({
      id: `demo-${String(n).padStart(3, '0')}`,
      x0, y0, x1, y1, height, gabled,
      attributes: {
        function: uses[Math.floor(rand() * uses.length)],
        height,
        roofType: gabled ? 'gabled' : 'flat',
        storeys,
        yearOfConstruction: 1950 + Math.floor(rand() * 70),
      },
    });
  };
  for (let r = 0; r < ROWS; r++) {
    for (let c = 0; c < COLS; c++) {
      const bx0 = left + c * (BLOCK_W + STREET);
      const by1 = top - r * (BLOCK_H + STREET);
      const by0 = by1 - BLOCK_H;
      // Rows of houses along the north and south street, front on the pavement, back towards the courtyard.
      for (const north of [true, false]) {
        let x = bx0;
        while (x < bx0 + BLOCK_W - 6) {
          const w = Math.min(9 + Math.floor(rand() * 8), bx0 + BLOCK_W - x);
          const depth = 11 + Math.floor(rand() * 5);
          if (north) add(x, by1 - depth, x + w, by1, r);
          else add(x, by0, x + w, by0 + depth, r);
          x += w;
        }
      }
      // One building on the east side between the rows, leaving the courtyard open.
      add(bx0 + BLOCK_W - 14, by0 + 20, bx0 + BLOCK_W, by1 - 20, r);
    }
  }
  return out;
}

/** Solid (CityJSON 2.0 §3.2) of a box or gable-roofed house with Ground/Wall/Roof semantics, as real coordinates. */
function solid(b: DemoBuilding): { points: number[][]; faces: number[][]; sem: number[] } {
  const { x0, y0, x1, y1, height: h } = b;
  const ym = (y0 + y1) / 2;
  const eave = b.gabled ? Math.max(3, h - Math.min(6, (y1 - y0) / 2)) : h;
  // 0-3 ground, 4-7 eaves (a, b, c, d = SW, SE, NE, NW), 8-9 ridge (W, E)
  const points = [[x0, y0, 0], [x1, y0, 0], [x1, y1, 0], [x0, y1, 0], [x0, y0, eave], [x1, y0, eave], [x1, y1, eave], [x0, y1, eave]];
  const faces = [[0, 3, 2, 1], [0, 1, 5, 4], [2, 3, 7, 6]];
  const sem = [0, 1, 1];
  if (b.gabled) {
    points.push([x0, ym, h], [x1, ym, h]);
    faces.push([1, 2, 6, 9, 5], [3, 0, 4, 8, 7], [4, 5, 9, 8], [6, 7, 8, 9]);
    sem.push(1, 1, 2, 2);
  } else {
    faces.push([1, 2, 6, 5], [3, 0, 4, 7], [4, 5, 6, 7]);
    sem.push(1, 1, 2);
  }
  return { points, faces, sem };
}

/** The demo district as a CityJSON 2.0 object (EPSG:7415, transform scale 1 mm). */
export function demoCityJSON(): Record<string, unknown> {
  const buildings = layout();
  const all = buildings.map(solid);
  let minX = Infinity;
  let minY = Infinity;
  for (const s of all) for (const p of s.points) (minX = Math.min(minX, p[0])), (minY = Math.min(minY, p[1]));
  const translate = [Math.floor(minX), Math.floor(minY), 0];
  const vertices: number[][] = [];
  const CityObjects: Record<string, unknown> = {};
  buildings.forEach((b, i) => {
    const { points, faces, sem } = all[i];
    const base = vertices.length;
    for (const p of points) vertices.push([Math.round((p[0] - translate[0]) * 1000), Math.round((p[1] - translate[1]) * 1000), Math.round(p[2] * 1000)]);
    CityObjects[b.id] = {
      type: 'Building',
      attributes: b.attributes,
      geometry: [
        {
          type: 'Solid',
          lod: '2.2',
          boundaries: [faces.map((f) => [f.map((v) => v + base)])],
          semantics: { surfaces: [{ type: 'GroundSurface' }, { type: 'WallSurface' }, { type: 'RoofSurface' }], values: [sem] },
        },
      ],
    };
  });
  return {
    type: 'CityJSON',
    version: '2.0',
    transform: { scale: [0.001, 0.001, 0.001], translate },
    metadata: { referenceSystem: 'https://www.opengis.net/def/crs/EPSG/0/7415', title: 'Demo district (generated)' },
    CityObjects,
    vertices,
  };
}

/**
 * The demo buildings with the centre of each roof in WGS84 (degrees) and ellipsoidal height (m; NAP 0 = 0): the
 * middle of the ridge for gabled roofs, the middle of the roof for flat ones. For tests that click a building.
 */
export function demoBuildings(): { id: string; lon: number; lat: number; height: number }[] {
  const rd = createTransformer(parseCrs('EPSG:7415'));
  const buildings = layout();
  const xyz = new Float64Array(buildings.length * 3);
  buildings.forEach((b, i) => xyz.set([(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2, b.height], i * 3));
  rd.toGeodetic(xyz, xyz);
  return buildings.map((b, i) => ({ id: b.id, lon: xyz[i * 3], lat: xyz[i * 3 + 1], height: xyz[i * 3 + 2] }));
}

const exists = (p: string) => stat(p).then(() => true, () => false);

/**
 * Makes sure there is something to look at: when the manifest lists no tileset, generates the demo district into
 * `<tilesetsDir>/demo/`, registers it (`demo: true`) and returns its manifest entry. Also rebuilds the demo when
 * it is listed but its files are gone. Otherwise returns null and changes nothing.
 * @throws TilerError MANIFEST_CORRUPT when the manifest exists but cannot be read
 */
export async function ensureDemoTileset(tilesetsDir: string): Promise<TilesetInfo | null> {
  const needed = async () => {
    const list = await readManifest(tilesetsDir);
    if (list.length === 0) return true;
    const demo = list.find((t) => t.id === DEMO_TILESET_ID && t.demo);
    return demo !== undefined && !(await exists(path.join(tilesetsDir, DEMO_TILESET_ID, 'tileset.json')));
  };
  if (!(await needed())) return null;
  return withLock(path.join(tilesetsDir, '.demo.lock'), async () => {
    if (!(await needed())) return null; // another process made it meanwhile
    const model = cityModelFromObject(demoCityJSON(), 'demo district (generated)');
    await buildFromCityModel(model, { tilesetsDir, name: DEMO_TILESET_ID });
    await registerTileset(tilesetsDir, DEMO_INFO);
    return { ...DEMO_INFO };
  });
}
