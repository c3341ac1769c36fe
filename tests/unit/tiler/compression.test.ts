/**
 * Output: meshopt compression (EXT_meshopt_compression + KHR_mesh_quantization) by default and plain buffers with
 * compress: false; read back with glTF-Transform's reader and meshoptimizer's decoder, positions compared with an
 * independent proj4 transformation of the generated input, every feature id present; bounded tile sizes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import validator from 'gltf-validator';
import { buildTileset } from '../../../server/src/tiler/index.js';
import { generateCitySeq, generatedBuilding, generatedId } from '../../fixtures/generate-city.js';
import { readTileset, tmpDir, type ReadTileset } from './helpers.js';
import { expectedEcef, matchPositions } from './positions.js';

const N = 300;
let dir: string;
let input: string;
let packed: ReadTileset;
let plain: ReadTileset;
let packedBytes = 0;
let plainBytes = 0;
let expected: number[][];

beforeAll(async () => {
  dir = await tmpDir('tiler-compress-');
  input = path.join(dir, 'city.city.jsonl');
  generateCitySeq(input, { buildings: N });
  expected = expectedEcef(Array.from({ length: N }, (_, i) => generatedBuilding(i, { buildings: N }).vertices).flat());
  packedBytes = (await buildTileset({ input, name: 'packed', tilesetsDir: dir, register: false, maxFeatures: 60 })).bytes;
  plainBytes = (await buildTileset({ input, name: 'plain', tilesetsDir: dir, register: false, maxFeatures: 60, compress: false })).bytes;
  packed = await readTileset(path.join(dir, 'packed'));
  plain = await readTileset(path.join(dir, 'plain'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function checkFeatures(t: ReadTileset) {
  const ids = t.tiles.flatMap((x) => x.table.columns.id as string[]);
  expect(ids.sort()).toEqual(Array.from({ length: N }, (_, i) => generatedId(i)).sort());
  for (const tile of t.tiles) {
    const used = new Set(tile.featureIds);
    expect(used.size).toBe(tile.table.count);
    for (const f of used) expect(Number.isInteger(f) && f >= 0 && f < tile.table.count).toBe(true);
  }
}

describe('meshopt compression (default)', () => {
  it('declares EXT_meshopt_compression and KHR_mesh_quantization, with 16-bit positions and exact UNSIGNED_SHORT feature ids', () => {
    for (const tile of packed.tiles) {
      const g = tile.json;
      expect(g.extensionsRequired).toEqual(expect.arrayContaining(['EXT_meshopt_compression', 'KHR_mesh_quantization']));
      const prim = g.meshes[0].primitives[0];
      expect(g.accessors[prim.attributes.POSITION]).toMatchObject({ componentType: 5122, normalized: true });
      expect(g.accessors[prim.attributes._FEATURE_ID_0]).toMatchObject({ componentType: 5123 });
      expect(g.accessors[prim.attributes._FEATURE_ID_0].normalized).not.toBe(true);
      expect(prim.extensions.EXT_mesh_features.featureIds[0]).toEqual({ featureCount: tile.table.count, attribute: 0, propertyTable: 0 });
    }
  });

  it('decodes to positions within 1 cm of proj4 and has every feature id', () => {
    const m = matchPositions(packed, expected);
    expect(m.worst).toBeLessThan(0.01);
    expect(m.hit.size).toBe(expected.length);
    checkFeatures(packed);
  });

  it('keeps each vertex with its own feature through reordering', () => {
    for (const tile of packed.tiles) {
      const ids = tile.table.columns.id as string[];
      const m = packed.json.root.transform;
      // building i's vertices are the ones closest to building i's input: check through the hit set per feature
      const perFeature = new Map<number, number[]>();
      tile.featureIds.forEach((f, v) => perFeature.set(f, [...(perFeature.get(f) ?? []), v]));
      for (const [f, verts] of perFeature) {
        const i = Number(ids[f].split('.').pop());
        const own = expectedEcef(generatedBuilding(i, { buildings: N }).vertices);
        for (const v of verts) {
          const x = tile.positions[v * 3];
          const y = tile.positions[v * 3 + 1];
          const z = tile.positions[v * 3 + 2];
          const p = [m[0] * x + m[4] * y + m[8] * z + m[12], m[1] * x + m[5] * y + m[9] * z + m[13], m[2] * x + m[6] * y + m[10] * z + m[14]];
          expect(Math.min(...own.map((q) => Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2])))).toBeLessThan(0.01);
        }
      }
    }
  });

  it('keeps flat normals that make roofs read as roofs (octahedral 8-bit)', () => {
    let roofs = 0;
    let walls = 0;
    for (const tile of packed.tiles) {
      for (let v = 0; v < tile.normals.length / 3; v++) {
        const up = tile.normals[v * 3 + 2];
        const c = tile.colors.slice(v * 4, v * 4 + 3);
        if (up > 0.3) (roofs++, expect(c[0]).toBeGreaterThan(1.5 * c[1]));
        else if (Math.abs(up) < 0.02) (walls++, expect(Math.min(...c)).toBeGreaterThan(150));
        else expect(up).toBeLessThan(-0.99);
      }
    }
    expect(roofs).toBe(N * 8);
    expect(walls).toBe(N * (4 + 4 + 5 + 5));
  });

  it('passes gltf-validator with no errors', async () => {
    for (const tile of [...packed.tiles.slice(0, 3), ...plain.tiles.slice(0, 3)]) {
      const t = packed.tiles.includes(tile) ? 'packed' : 'plain';
      const report = await validator.validateBytes(new Uint8Array(await readFile(path.join(dir, t, tile.uri))), { maxIssues: 100 });
      expect(report.issues.messages.filter((m: { severity: number }) => m.severity === 0)).toEqual([]);
    }
  });
});

describe('compress: false', () => {
  it('writes plain float attributes, the same geometry and features, and is at least twice as large', () => {
    for (const tile of plain.tiles) {
      expect(tile.json.extensionsUsed).not.toContain('EXT_meshopt_compression');
      expect(tile.json.accessors[tile.json.meshes[0].primitives[0].attributes.POSITION].componentType).toBe(5126);
    }
    const m = matchPositions(plain, expected);
    expect(m.worst).toBeLessThan(0.01);
    expect(m.hit.size).toBe(expected.length);
    checkFeatures(plain);
    expect(plainBytes).toBeGreaterThan(2 * packedBytes);
  });
});

describe('tile sizes', () => {
  it('keeps float positions (still meshopt-compressed) in a tile too wide for 1 cm quantization', async () => {
    const wide = path.join(dir, 'wide.city.jsonl');
    generateCitySeq(wide, { buildings: 1100 }); // 34 × 25 m = 850 m across
    await buildTileset({ input: wide, name: 'wide', tilesetsDir: dir, register: false, maxFeatures: 5000 });
    const t = await readTileset(path.join(dir, 'wide'));
    expect(t.tiles).toHaveLength(1);
    const g = t.tiles[0].json;
    expect(g.extensionsRequired).toContain('EXT_meshopt_compression');
    expect(g.accessors[g.meshes[0].primitives[0].attributes.POSITION].componentType).toBe(5126);
    const exp = expectedEcef(Array.from({ length: 1100 }, (_, i) => generatedBuilding(i, { buildings: 1100 }).vertices).flat());
    expect(matchPositions(t, exp).worst).toBeLessThan(0.01);
  });

  it('bounds features and bytes per tile', async () => {
    await buildTileset({ input, name: 'small-tiles', tilesetsDir: dir, register: false, maxFeatures: 25, maxBytes: 16_000, compress: false });
    const t = await readTileset(path.join(dir, 'small-tiles'));
    expect(t.tiles.length).toBeGreaterThan(N / 25);
    for (const tile of t.tiles) {
      expect(tile.table.count).toBeLessThanOrEqual(25);
      expect((await stat(path.join(dir, 'small-tiles', tile.uri))).size).toBeLessThanOrEqual(16_000 + 4096);
    }
  });
});
