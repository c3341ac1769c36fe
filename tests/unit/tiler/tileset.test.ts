/** What a 3D Tiles client gets: tileset.json, GLB content, positions, features and their properties. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import proj4 from 'proj4';
import validator from 'gltf-validator';
import { buildFromCityJSON, buildTileset, demoCityJSON } from '../../../server/src/tiler/index.js';
import { ecefToGeodetic } from '../../../server/src/tiler/frame.js';
import { applyMatrix, fixture, inBox, readTileset, tmpDir, type ReadTileset } from './helpers.js';

let dir: string;
let district: ReadTileset;
let two: ReadTileset;
const doc = demoCityJSON();

beforeAll(async () => {
  dir = await tmpDir('tiler-tileset-');
  // Small tiles so that the quadtree has several levels.
  await buildFromCityJSON(doc, { tilesetsDir: dir, name: 'district', maxFeatures: 12 });
  district = await readTileset(path.join(dir, 'district'));
  await buildTileset({ input: fixture('two-buildings.city.json'), name: 'two', tilesetsDir: dir });
  two = await readTileset(path.join(dir, 'two'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('tileset.json', () => {
  it('is 3D Tiles 1.1 with an ENU→ECEF root transform near Rotterdam and a quadtree of several levels', () => {
    const t = district.json;
    expect(t.asset.version).toBe('1.1');
    expect(t.root.transform).toHaveLength(16);
    const [lon, lat] = ecefToGeodetic(t.root.transform[12], t.root.transform[13], t.root.transform[14]);
    expect(lon).toBeCloseTo(4.469, 2);
    expect(lat).toBeCloseTo(51.922, 2);
    const depth = (tile: any): number => 1 + Math.max(0, ...(tile.children ?? []).map(depth));
    expect(depth(t.root)).toBeGreaterThanOrEqual(3);
    expect(district.tiles.length).toBeGreaterThan(10);
  });

  it('has geometric errors that shrink from the root to leaves of 0', () => {
    expect(district.json.geometricError).toBeGreaterThanOrEqual(district.json.root.geometricError);
    for (const { tile, parent } of district.all) {
      if (parent) expect(tile.geometricError).toBeLessThanOrEqual(parent.geometricError);
      if (!tile.children) expect(tile.geometricError).toBe(0);
      else expect(tile.geometricError).toBeGreaterThan(0);
    }
  });

  it('loads buildings only near the camera: no empty tile refines from further than about 2 km', () => {
    // Cesium refines a tile when e · h / (d · 2 tan(fov/2)) > 16 px; at h = 800 px and fov = 60° that is d < 43 e.
    const refineDistance = (e: number) => (e * 800) / (16 * 2 * Math.tan(Math.PI / 6));
    for (const { tile } of district.all) {
      if (!tile.content) expect(refineDistance(tile.geometricError)).toBeLessThan(2000);
    }
  });

  it('has bounding boxes that contain their content and their children', () => {
    let checked = 0;
    for (const tile of district.tiles) {
      for (let i = 0; i < tile.positions.length; i += 3) {
        expect(inBox(tile.box, tile.positions[i], tile.positions[i + 1], tile.positions[i + 2])).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
    for (const { tile, parent } of district.all) {
      if (!parent) continue;
      const b = tile.boundingVolume.box;
      for (const sx of [-1, 1]) for (const sy of [-1, 1]) for (const sz of [-1, 1]) {
        expect(inBox(parent.boundingVolume.box, b[0] + sx * b[3], b[1] + sy * b[7], b[2] + sz * b[11])).toBe(true);
      }
    }
  });

  it('leaves no temporary folders behind', async () => {
    expect((await readdir(dir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});

describe('GLB content', () => {
  it('passes gltf-validator with no errors', async () => {
    const all = [...district.tiles, ...two.tiles];
    for (const tile of all) {
      const bytes = await readFile(path.join(dir, tile === two.tiles[0] ? 'two' : 'district', tile.uri));
      const report = await validator.validateBytes(new Uint8Array(bytes), { maxIssues: 100 });
      const errors = report.issues.messages.filter((m: { severity: number }) => m.severity === 0);
      expect(errors, `${tile.uri}: ${JSON.stringify(errors)}`).toEqual([]);
      expect(report.issues.numErrors).toBe(0);
    }
  });

  it('has one feature per CityObject, each id present once in the property tables', () => {
    const ids = district.tiles.flatMap((t) => t.table.columns.id as string[]);
    expect(ids.sort()).toEqual(Object.keys(doc.CityObjects as object).sort());
    for (const tile of district.tiles) {
      const ext = tile.json.meshes[0].primitives[0].extensions.EXT_mesh_features.featureIds[0];
      expect(ext).toEqual({ featureCount: tile.table.count, attribute: 0, propertyTable: 0 });
      expect(tile.json.extensionsUsed).toEqual(expect.arrayContaining(['EXT_mesh_features', 'EXT_structural_metadata']));
      const used = new Set(tile.featureIds);
      expect(used.size).toBe(tile.table.count); // every feature has geometry
      for (const f of used) expect(Number.isInteger(f) && f >= 0 && f < tile.table.count).toBe(true);
    }
  });

  it('carries every attribute, with property ids a client accepts and the original names kept', () => {
    const tile = two.tiles[0];
    const props = tile.table.classDef.properties;
    for (const id of Object.keys(props)) expect(id).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*$/);
    const byName = Object.fromEntries(Object.entries<any>(props).map(([id, p]) => [p.name, { id, ...p }]));
    expect(byName['hoogte m']).toMatchObject({ id: 'hoogte_m', type: 'SCALAR', componentType: 'FLOAT64' });
    expect(byName['3d-status']).toMatchObject({ id: '_3d_status', type: 'STRING' });
    expect(byName.bouwjaar).toMatchObject({ type: 'SCALAR', componentType: 'INT32' });
    expect(byName.monument).toMatchObject({ type: 'BOOLEAN' });
    expect(props.id).toMatchObject({ type: 'STRING' });
    const row = (cityId: string) => {
      const i = (tile.table.columns.id as string[]).indexOf(cityId);
      return Object.fromEntries(Object.entries(tile.table.columns).map(([k, v]) => [props[k].name, v[i]]));
    };
    expect(row('NL.TEST.L-block')).toEqual({
      'CityJSON id': 'NL.TEST.L-block',
      bouwjaar: 1931,
      naam: 'Hoekpand',
      'hoogte m': 10.5,
      '3d-status': 'ok',
      monument: true,
      extra: '{"bron":"handwerk","n":2}',
      id: 'BAG-0001', // an attribute called "id" gets its own property and does not overwrite the CityJSON id
      measuredHeight: 10.5, // highest minus lowest point (CityGML measuredHeight), added by the tiler
    });
    expect(byName.measuredHeight).toMatchObject({ type: 'SCALAR', componentType: 'FLOAT64' });
    expect(props.id_2).toMatchObject({ name: 'id', type: 'STRING' });
    expect(row('NL.TEST.gable-house')).toMatchObject({ 'CityJSON id': 'NL.TEST.gable-house', id: null, bouwjaar: 1965, 'hoogte m': null, '3d-status': null, monument: false });
  });

  it('puts every vertex within 1 cm of an independent proj4 transformation of the input (RD + NAP → ECEF)', async () => {
    const input = JSON.parse(await readFile(fixture('two-buildings.city.json'), 'utf8'));
    // EPSG:28992 as published by EPSG (epsg.io/28992.proj4), written out here rather than taken from the tiler
    const rdNew =
      '+proj=sterea +lat_0=52.15616055555555 +lon_0=5.38763888888889 +k=0.9999079 +x_0=155000 +y_0=463000 +ellps=bessel ' +
      '+towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725 +units=m +no_defs';
    const toLonLat = proj4(rdNew, 'EPSG:4326');
    const toEcef = proj4('EPSG:4326', '+proj=geocent +datum=WGS84 +units=m +no_defs');
    const { scale, translate } = input.transform;
    const expected = (input.vertices as number[][]).map(([x, y, z]) => {
      const [lon, lat] = toLonLat.forward([x * scale[0] + translate[0], y * scale[1] + translate[1]]);
      return toEcef.forward([lon, lat, z * scale[2] + translate[2]]) as number[];
    });
    const m = two.json.root.transform;
    const tile = two.tiles[0];
    const hit = new Set<number>();
    for (let i = 0; i < tile.positions.length; i += 3) {
      const p = applyMatrix(m, tile.positions[i], tile.positions[i + 1], tile.positions[i + 2]);
      let best = Infinity;
      let bestJ = -1;
      expected.forEach((q, j) => {
        const d = Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
        if (d < best) (best = d), (bestJ = j);
      });
      expect(best).toBeLessThan(0.01);
      hit.add(bestJ);
    }
    // every input vertex is used by some surface and must appear
    expect(hit.size).toBe(expected.length);
  });

  it('colours roofs, walls and ground by their semantic type, with flat normals facing out', () => {
    const tile = two.tiles[0];
    const g = tile.json;
    const prim = g.meshes[0].primitives[0];
    expect(g.accessors[prim.attributes.COLOR_0]).toMatchObject({ type: 'VEC4', componentType: 5121, normalized: true });
    const { normals, colors } = tile; // decoded, in the z-up root frame
    const seen = { roof: 0, wall: 0, ground: 0 };
    for (let v = 0; v < normals.length / 3; v++) {
      const up = normals[v * 3 + 2];
      const [r, gr, b] = colors.slice(v * 4, v * 4 + 3);
      const z = tile.positions[v * 3 + 2];
      if (up < -0.99) {
        seen.ground++;
        expect(Math.max(r, gr, b)).toBeLessThan(40); // dark
        expect(Math.abs(z)).toBeLessThan(0.01); // ground floor at NAP 0, facing down
      } else if (Math.abs(up) < 0.02) {
        seen.wall++;
        expect(Math.min(r, gr, b)).toBeGreaterThan(150); // light
      } else if (up > 0.3) {
        seen.roof++;
        expect(r).toBeGreaterThan(1.5 * gr); // reddish
        expect(z).toBeGreaterThan(5.9); // roofs are above the eaves
      }
    }
    expect(seen.roof).toBeGreaterThanOrEqual(6 + 8); // flat L roof + two gable slopes
    expect(seen.wall).toBeGreaterThan(20);
    expect(seen.ground).toBe(6 + 4);
    // only the highest LoD (2.2) of the L-block: roof 6 + ground 6 + 6 walls of 4 vertices, not its LoD1 roof too
    const lBlock = (tile.table.columns.id as string[]).indexOf('NL.TEST.L-block');
    expect(tile.featureIds.filter((f) => f === lBlock)).toHaveLength(6 + 6 + 6 * 4);
  });
});

describe('replacing a tileset', () => {
  it('keeps the old tileset intact when a new build of the same name fails', async () => {
    const before = await readFile(path.join(dir, 'two', 'tileset.json'));
    const contentBefore = await readdir(path.join(dir, 'two', 'content'));
    await expect(buildTileset({ input: fixture('broken.city.json'), name: 'two', tilesetsDir: dir })).rejects.toThrow(/line 6/);
    await expect(buildTileset({ input: fixture('no-crs.city.json'), name: 'two', tilesetsDir: dir })).rejects.toThrow(/--crs/);
    expect(await readFile(path.join(dir, 'two', 'tileset.json'))).toEqual(before);
    expect(await readdir(path.join(dir, 'two', 'content'))).toEqual(contentBefore);
    expect((await readdir(dir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('replaces it completely when the new build succeeds', async () => {
    await buildFromCityJSON(doc, { tilesetsDir: dir, name: 'swap', maxFeatures: 12 });
    expect((await readdir(path.join(dir, 'swap', 'content'))).length).toBeGreaterThan(1);
    await buildFromCityJSON(doc, { tilesetsDir: dir, name: 'swap' });
    expect(await readdir(path.join(dir, 'swap', 'content'))).toEqual(['0_0_0.glb']);
  });
});
