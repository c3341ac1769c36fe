/** GeoJSON footprints → extruded LoD1 buildings → 3D Tiles (tiler/geojson.ts, footprints.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import proj4 from 'proj4';
import { buildFootprintTileset, buildTileset, geojsonToCityModel, isGeoJSONFile, readManifest, TilerError, type GeoJSONModel } from '../../../server/src/tiler/index.js';
import { newellNormal } from '../../../server/src/tiler/triangulate.js';
import { applyMatrix, readTileset, tmpDir, runTilesCli } from './helpers.js';

const GEOJSON = fileURLToPath(new URL('../../fixtures/geojson', import.meta.url));
const rdFile = path.join(GEOJSON, 'footprints-rd.geojson');
const wgsFile = path.join(GEOJSON, 'footprints-wgs84.geojson');
const load = async (f: string) => JSON.parse(await readFile(f, 'utf8'));

type Surface = { rings: number[][]; semantic: string };

/** Every surface of an object's geometry with its semantic type (Solid or MultiSolid, CityJSON 2.0 §3.2). */
function surfaces(model: GeoJSONModel, id: string): Surface[][] {
  const g = model.chunks[0].objects[id].geometry![0] as any;
  const solids = g.type === 'Solid' ? [g.boundaries] : g.boundaries;
  const values = g.type === 'Solid' ? [g.semantics.values] : g.semantics.values;
  return solids.map((solid: number[][][][], so: number) =>
    solid[0].map((rings, s) => ({ rings, semantic: g.semantics.surfaces[values[so][0][s]].type })),
  );
}

function centroid(v: Float64Array, ring: number[]): number[] {
  const c = [0, 0, 0];
  for (const i of ring) for (let k = 0; k < 3; k++) c[k] += v[i * 3 + k] / ring.length;
  return c;
}

let model: GeoJSONModel;
beforeAll(async () => {
  model = geojsonToCityModel(await load(rdFile), { heightAttr: 'hoogte', heightMin: 'b3_h_maaiveld', heightMax: 'b3_h_dak_max' }, rdFile);
});

describe('extruding footprints', () => {
  it('makes one Building per good feature, with its properties as attributes, and skips bad ones with id and reason', () => {
    expect(Object.keys(model.chunks[0].objects).sort()).toEqual(['A-square-cw', 'B-courtyard', 'C-multi']);
    expect(model.chunks[0].objects['A-square-cw']).toMatchObject({ type: 'Building', attributes: { identificatie: 'A-square-cw', hoogte: 6, bouwjaar: 1932, height: 6 } });
    const reasons = Object.fromEntries(model.skipped.map((s) => [s.id, s.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['D-bowtie', 'E-line', 'F-no-height', 'G-null']);
    expect(reasons['D-bowtie']).toMatch(/intersects itself/);
    expect(reasons['E-line']).toMatch(/LineString.*not a Polygon or MultiPolygon/);
    expect(reasons['F-no-height']).toMatch(/no height.*"hoogte"/);
    expect(reasons['G-null']).toMatch(/no geometry/);
    expect(model.featuresRead).toBe(7);
    expect(model.referenceSystem).toBe('urn:ogc:def:crs:EPSG::28992');
  });

  it('gives each solid one floor, one roof and a wall per ring edge (holes included)', () => {
    const count = (s: Surface[]) => ({
      floor: s.filter((x) => x.semantic === 'GroundSurface').length,
      roof: s.filter((x) => x.semantic === 'RoofSurface').length,
      wall: s.filter((x) => x.semantic === 'WallSurface').length,
    });
    expect(surfaces(model, 'A-square-cw').map(count)).toEqual([{ floor: 1, roof: 1, wall: 4 }]);
    expect(surfaces(model, 'B-courtyard').map(count)).toEqual([{ floor: 1, roof: 1, wall: 8 }]);
    expect(surfaces(model, 'C-multi').map(count)).toEqual([{ floor: 1, roof: 1, wall: 4 }, { floor: 1, roof: 1, wall: 3 }]);
    // The courtyard's roof and floor keep the hole as a second ring.
    const b = surfaces(model, 'B-courtyard')[0];
    expect(b.find((s) => s.semantic === 'RoofSurface')!.rings).toHaveLength(2);
  });

  it('points every normal outward: roofs up, floors down, walls away from the solid (into the courtyard for the hole)', () => {
    const v = model.chunks[0].vertices;
    for (const id of ['A-square-cw', 'B-courtyard', 'C-multi']) {
      for (const solid of surfaces(model, id)) {
        const roof = solid.find((s) => s.semantic === 'RoofSurface')!;
        const outer = centroid(v, roof.rings[0]);
        const hole = roof.rings[1] ? centroid(v, roof.rings[1]) : null;
        for (const s of solid) {
          const n = newellNormal(v, s.rings[0]);
          const len = Math.hypot(...n);
          if (s.semantic === 'RoofSurface') expect(n[2] / len, id).toBeCloseTo(1, 9);
          else if (s.semantic === 'GroundSurface') expect(n[2] / len, id).toBeCloseTo(-1, 9);
          else {
            expect(Math.abs(n[2] / len)).toBeLessThan(1e-9);
            const m = centroid(v, s.rings[0]);
            const inHole = hole !== null && Math.abs(m[0] - hole[0]) <= 5 && Math.abs(m[1] - hole[1]) <= 5;
            const from = inHole ? hole! : outer;
            const dot = n[0] * (m[0] - from[0]) + n[1] * (m[1] - from[1]);
            expect(inHole ? dot < 0 : dot > 0, `${id} wall at ${m}`).toBe(true);
          }
        }
      }
    }
  });

  it('takes heights from --height-attr, from --height-min/--height-max, or --default-height', () => {
    const zs = (m: GeoJSONModel, id: string) => {
      const v = m.chunks[0].vertices;
      const idx = surfaces(m, id).flat().flatMap((s) => s.rings.flat());
      const z = idx.map((i) => v[i * 3 + 2]);
      return [Math.min(...z), Math.max(...z)];
    };
    expect(zs(model, 'A-square-cw')).toEqual([0, 6]);
    expect(zs(model, 'B-courtyard')).toEqual([0, 9]); // "9" as a string counts
    expect(zs(model, 'C-multi')).toEqual([1.5, 12.5]); // min/max win over hoogte
    expect(model.chunks[0].objects['C-multi'].attributes!.height).toBe(11);
  });

  it('uses --default-height for features without a height, and only for them', async () => {
    const m = geojsonToCityModel(await load(rdFile), { heightAttr: 'hoogte', defaultHeight: 4 }, rdFile);
    expect(Object.keys(m.chunks[0].objects)).toContain('F-no-height');
    expect(m.chunks[0].objects['F-no-height'].attributes!.height).toBe(4);
    expect(m.chunks[0].objects['A-square-cw'].attributes!.height).toBe(6);
    expect(m.chunks[0].objects['C-multi'].attributes!.height).toBe(3); // no heightMax given: hoogte above base 0
  });

  it('refuses what is not GeoJSON footprints with a clear error', () => {
    expect(() => geojsonToCityModel({ type: 'CityJSON' }, {}, 'x.json')).toThrow(/not GeoJSON footprints: "type" is "CityJSON"/);
    expect(() => geojsonToCityModel([], {}, 'x.json')).toThrow(TilerError);
    expect(() => geojsonToCityModel({ type: 'FeatureCollection' }, {}, 'x.json')).toThrow(/needs a "features" array/);
  });

  it('recognises GeoJSON by extension and by content', async () => {
    expect(await isGeoJSONFile(rdFile)).toBe(true);
    const dir = await tmpDir('tiler-gj-sniff-');
    try {
      const { writeFile } = await import('node:fs/promises');
      await writeFile(path.join(dir, 'a.json'), JSON.stringify(await load(wgsFile)));
      await writeFile(path.join(dir, 'b.json'), JSON.stringify({ type: 'CityJSON', version: '2.0' }));
      expect(await isGeoJSONFile(path.join(dir, 'a.json'))).toBe(true);
      expect(await isGeoJSONFile(path.join(dir, 'b.json'))).toBe(false);
      await writeFile(path.join(dir, 'c.json'), '{"crs": {"type": "name", "properties": {"name": "EPSG:28992"}}, "type": "FeatureCollection", "features": []}');
      expect(await isGeoJSONFile(path.join(dir, 'c.json'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('building a tileset from footprints', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tmpDir('tiler-geojson-');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a run without any height option (NO_HEIGHT), registering nothing', async () => {
    await expect(buildTileset({ input: rdFile, name: 'noh', tilesetsDir: dir })).rejects.toMatchObject({ code: 'NO_HEIGHT' });
    expect(await readManifest(dir)).toEqual([]);
  });

  it('writes RD footprints within 1 cm of an independent proj4 transformation (RD New → WGS84 → ECEF)', async () => {
    // Uncompressed, so the test reads plain float positions.
    const s = await buildFootprintTileset({ input: rdFile, name: 'rd', tilesetsDir: dir, compress: false, extrude: { heightAttr: 'hoogte', heightMin: 'b3_h_maaiveld', heightMax: 'b3_h_dak_max' } });
    expect(s.crs).toBe('EPSG:28992');
    expect(s.featuresWritten).toBe(3);
    expect(s.skipped.map((x) => x.id).sort()).toEqual(['D-bowtie', 'E-line', 'F-no-height', 'G-null']);
    expect((await readManifest(dir)).map((t) => t.id)).toEqual(['rd']);
    const t = await readTileset(path.join(dir, 'rd'));
    const out: number[][] = [];
    for (const tile of t.tiles) {
      for (let i = 0; i < tile.positions.length; i += 3) out.push(applyMatrix(t.json.root.transform, tile.positions[i], tile.positions[i + 1], tile.positions[i + 2]));
    }
    // EPSG:28992 as published by EPSG / epsg.io, written here independently of the tiler.
    const rd = '+proj=sterea +lat_0=52.15616055555555 +lon_0=5.38763888888889 +k=0.9999079 +x_0=155000 +y_0=463000 +ellps=bessel +towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725 +units=m +no_defs';
    const toLonLat = proj4(rd, 'EPSG:4326');
    const toEcef = proj4('EPSG:4326', '+proj=geocent +datum=WGS84 +units=m +no_defs');
    const doc = await load(rdFile);
    let checked = 0;
    for (const [f, base, roof] of [[0, 0, 6], [1, 0, 9], [2, 1.5, 12.5]] as const) {
      const g = doc.features[f].geometry;
      const rings: number[][][] = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
      for (const ring of rings) {
        for (const [x, y] of ring) {
          for (const z of [base, roof]) {
            const [lon, lat] = toLonLat.forward([x, y]);
            const e = toEcef.forward([lon, lat, z]);
            const d = Math.min(...out.map((p) => Math.hypot(p[0] - e[0], p[1] - e[1], p[2] - e[2])));
            expect(d, `${x}, ${y}, ${z}`).toBeLessThan(0.01);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
  }, 60_000);

  it('reads GeoJSON without a crs member as WGS84 lon/lat (RFC 7946), and --crs overrides', async () => {
    const s = await buildTileset({ input: wgsFile, name: 'wgs', tilesetsDir: dir, extrude: { heightAttr: 'h' } });
    expect(s.crs).toBe('EPSG:4326');
    expect(s.bounds.west).toBeCloseTo(4.477, 6);
    expect(s.bounds.maxHeight).toBeCloseTo(10, 6);
    const o = await buildTileset({ input: rdFile, name: 'rd2', tilesetsDir: dir, crs: 'EPSG:7415', extrude: { defaultHeight: 3 } });
    expect(o.crs).toBe('EPSG:7415');
    await expect(buildTileset({ input: rdFile, name: 'rd3', tilesetsDir: dir, crs: 'EPSG:3857', extrude: { defaultHeight: 3 } })).rejects.toMatchObject({ code: 'CRS_UNSUPPORTED' });
  }, 60_000);
});

describe('npm run tiles -- build footprints.geojson', () => {
  const run = runTilesCli;

  it('builds by file extension with --height-attr, lists skipped footprints, and exits 2 on a bad --default-height', async () => {
    const dir = await tmpDir('tiler-gj-cli-');
    try {
      const ok = await run(['build', rdFile, '--name', 'fp', '--height-attr', 'hoogte', '--tilesets', dir, '-q']);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/GeoJSON footprints, EPSG:28992/);
      expect(ok.stderr).toMatch(/skipped D-bowtie: .*intersects itself/);
      expect((await readManifest(dir)).map((t) => t.id)).toEqual(['fp']);
      const bad = await run(['build', rdFile, '--name', 'fp2', '--default-height', 'tall', '--tilesets', dir]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--default-height must be a number of metres/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
