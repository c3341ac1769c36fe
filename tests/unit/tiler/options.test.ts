/** What to draw: --lod, --parts, --types, and colours from CityJSON materials, semantics and object types. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { buildTileset, type ExtractOptions } from '../../../server/src/tiler/index.js';
import { SURFACE_COLORS } from '../../../server/src/tiler/mesh.js';
import { main } from '../../../server/src/cli/tiles.js';
import { fixture, readTileset, tmpDir } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await tmpDir('tiler-options-');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function build(input: string, name: string, options: ExtractOptions = {}) {
  const summary = await buildTileset({ input: fixture(input), name, tilesetsDir: dir, register: false, ...options });
  return { summary, tileset: await readTileset(path.join(dir, name)) };
}

/** Per feature id: vertex count and the distinct RGB colours of its vertices. */
function byFeature(t: Awaited<ReturnType<typeof readTileset>>) {
  const out: Record<string, { vertices: number; colors: Set<string>; up: number[] }> = {};
  for (const tile of t.tiles) {
    const names = tile.table.columns.id as string[];
    tile.featureIds.forEach((f, v) => {
      const e = (out[names[f]] ??= { vertices: 0, colors: new Set(), up: [] });
      e.vertices++;
      e.colors.add(tile.colors.slice(v * 4, v * 4 + 3).join(','));
      e.up.push(tile.normals[v * 3 + 2]);
    });
  }
  return out;
}

/** sRGB 0–1 → linear 0–255, as glTF vertex colours are stored. */
const lin = (s: number) => Math.round((s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4) * 255);
const rgb = (c: ArrayLike<number>) => `${c[0]},${c[1]},${c[2]}`;

describe('--lod', () => {
  it('defaults to each object’s highest LoD', async () => {
    const { tileset } = await build('two-buildings.city.json', 'lod-default');
    const f = byFeature(tileset);
    expect(f['NL.TEST.L-block'].vertices).toBe(6 + 6 + 6 * 4); // LoD 2.2
  });

  it('draws the chosen LoD and skips objects without it, naming the LoDs they have', async () => {
    const { summary, tileset } = await build('two-buildings.city.json', 'lod-1', { lod: '1' });
    const f = byFeature(tileset);
    expect(Object.keys(f)).toEqual(['NL.TEST.L-block']);
    expect(f['NL.TEST.L-block'].vertices).not.toBe(6 + 6 + 6 * 4);
    expect(summary.skipped).toEqual([{ id: 'NL.TEST.gable-house', reason: 'no geometry at LoD 1 (has LoD 2.2)' }]);
  });

  it('takes "2" as the highest of the LoD 2 family and "2.2" exactly', async () => {
    const a = byFeature((await build('two-buildings.city.json', 'lod-2', { lod: '2' })).tileset);
    const b = byFeature((await build('two-buildings.city.json', 'lod-22', { lod: '2.2' })).tileset);
    expect(Object.keys(a).sort()).toEqual(['NL.TEST.L-block', 'NL.TEST.gable-house']);
    expect(a['NL.TEST.L-block'].vertices).toBe(b['NL.TEST.L-block'].vertices);
  });
});

describe('--parts', () => {
  it('merges BuildingParts into the parent by default and keeps them apart with parts', async () => {
    const merged = byFeature((await build('parts-1.1.city.json', 'merged')).tileset);
    expect(Object.keys(merged).sort()).toEqual(['building-with-parts', 'two-solids']);
    const { summary, tileset } = await build('parts-1.1.city.json', 'parts', { parts: true });
    const f = byFeature(tileset);
    expect(Object.keys(f).sort()).toEqual(['building-with-parts_1', 'building-with-parts_2', 'two-solids']);
    expect(f['building-with-parts_1'].vertices).toBe(24);
    expect(summary.skipped).toEqual([]); // the parent's LoD0 footprint is not drawn under its LoD2 parts
    const storeys = tileset.tiles.flatMap((t) => (t.table.columns.id as string[]).map((id, i) => [id, t.table.columns.storeys?.[i]]));
    expect(Object.fromEntries(storeys)['building-with-parts_1']).toBe(4); // each part keeps its own attributes
    const parents = tileset.tiles.flatMap((t) => (t.table.columns.id as string[]).map((id, i) => [id, t.table.columns.parent?.[i]]));
    expect(Object.fromEntries(parents)).toEqual({ 'building-with-parts_1': 'building-with-parts', 'building-with-parts_2': 'building-with-parts', 'two-solids': null });
  });
});

describe('--types and colours', () => {
  it('draws every type with geometry by default, coloured by type, and filters with types', async () => {
    const all = await build('types-materials.city.json', 'types-all');
    const f = byFeature(all.tileset);
    expect(Object.keys(f).sort()).toEqual(['bridge', 'grass', 'material-value', 'material-values', 'no-material', 'road', 'terrain', 'water']);
    const [wr, wg, wb] = [...f.water.colors][0].split(',').map(Number);
    expect(wb).toBeGreaterThan(wr + 40); // water is blue
    const [gr, gg, gb] = [...f.grass.colors][0].split(',').map(Number);
    expect(gg).toBeGreaterThan(Math.max(gr, gb)); // plant cover is green
    const [rr, rg, rb] = [...f.road.colors][0].split(',').map(Number);
    expect(Math.max(rr, rg, rb) - Math.min(rr, rg, rb)).toBeLessThan(10); // road is grey
    const some = await build('types-materials.city.json', 'types-some', { types: new Set(['Road', 'WaterBody']) });
    expect(Object.keys(byFeature(some.tileset)).sort()).toEqual(['road', 'water']);
    expect(some.summary.filtered).toBe(6);
  });

  it('warns when a --types entry matches nothing, listing the types the file has', async () => {
    const warnings: string[] = [];
    await buildTileset({ input: fixture('types-materials.city.json'), name: 'types-warn', tilesetsDir: dir, register: false, types: new Set(['Road', 'Tunel']), onWarning: (w) => warnings.push(w) });
    expect(warnings.find((w) => w.startsWith('--types'))).toMatch(/--types Tunel matched no top-level object; the file has .*Road \(1\)/);
  });

  it('uses CityJSON materials (value and values) for colour, else semantic surface colours', async () => {
    const f = byFeature((await build('types-materials.city.json', 'materials')).tileset);
    const red = `${lin(1)},0,0`;
    const blue = `0,0,${lin(1)}`;
    expect([...f['material-value'].colors]).toEqual([red]); // "value": the whole solid
    // "values": walls and ground blue, the roof (null) by its semantics
    expect(new Set(f['material-values'].colors)).toEqual(new Set([blue, rgb(SURFACE_COLORS.RoofSurface)]));
    // a material without diffuseColor falls back to semantic colours
    expect(new Set(f['no-material'].colors)).toEqual(new Set([rgb(SURFACE_COLORS.RoofSurface), rgb(SURFACE_COLORS.WallSurface), rgb(SURFACE_COLORS.GroundSurface)]));
  });
});

describe('CLI options', () => {
  const run = async (...args: string[]) => {
    let out = '';
    let err = '';
    const o: any = { write: (s: string) => ((out += s), true) };
    const e: any = { write: (s: string) => ((err += s), true) };
    const code = await main(args, o, e);
    return { code, out, err };
  };

  it('takes --lod, --parts, --types and --no-compress, and refuses bad values with exit code 2', async () => {
    const ok = await run('build', fixture('parts-1.1.city.json'), '--name', 'cli-opts', '--tilesets', dir, '--parts', '--lod', '2', '--types', 'Building', '--no-compress', '-q');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/3 written/);
    const t = await readTileset(path.join(dir, 'cli-opts'));
    expect(t.tiles[0].json.extensionsUsed).not.toContain('EXT_meshopt_compression');
    for (const bad of [['--lod', 'high'], ['--types', 'Building,<b>'], ['--max-bytes', '12']]) {
      const r = await run('build', fixture('parts-1.1.city.json'), '--name', 'cli-bad', '--tilesets', dir, ...bad);
      expect(r.code, bad.join(' ')).toBe(2);
      expect(r.err).toContain(bad[0]);
    }
  });
});
