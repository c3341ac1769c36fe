/** Reading CityJSON: versions, parts, dirty objects, textures, and the errors a user sees. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { buildTileset, TilerError } from '../../../server/src/tiler/index.js';
import { parseJson } from '../../../server/src/tiler/json.js';
import { fixture, readTileset, tmpDir, failure } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await tmpDir('tiler-input-');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});


const allIds = (t: Awaited<ReturnType<typeof readTileset>>) => t.tiles.flatMap((x) => x.table.columns.id as string[]);

describe('reading CityJSON', () => {
  it('reports broken JSON with the file name, line and column', async () => {
    const file = fixture('broken.city.json');
    const e = await failure(buildTileset({ input: file, name: 'broken', tilesetsDir: dir }));
    const line6 = (await readFile(file, 'utf8')).split('\n')[5];
    expect(e.code).toBe('JSON_SYNTAX');
    expect(e.file).toBe(file);
    expect(e.line).toBe(6);
    expect(e.column).toBe(line6.indexOf('"geometry"') + 1);
    expect(e.describe()).toContain(`broken.city.json:6:${line6.indexOf('"geometry"') + 1}`);
  });

  it.each([
    ['{"a": 1,\n "b": }', 2, 7],
    ['{"a": [1, 2,, 3]}', 1, 13],
    ['{"a": 1', 1, 8],
    ['\n\n  {"a": "x\ty"}', 3, 11],
    ['{"a": 1} x', 1, 10],
    ['{a: 1}', 1, 2],
  ])('locates the error in %j at line %i, column %i', (text, line, column) => {
    try {
      parseJson(text, 'x.json');
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(TilerError);
      expect({ line: (e as TilerError).line, column: (e as TilerError).column }).toEqual({ line, column });
    }
  });

  it('asks for --crs when the file names no CRS, and builds with it', async () => {
    const e = await failure(buildTileset({ input: fixture('no-crs.city.json'), name: 'nocrs', tilesetsDir: dir }));
    expect(e.code).toBe('CRS_MISSING');
    expect(e.file).toBe(fixture('no-crs.city.json'));
    expect(e.message).toContain('--crs EPSG:28992');
    const s = await buildTileset({ input: fixture('no-crs.city.json'), name: 'nocrs', tilesetsDir: dir, crs: 'EPSG:28992' });
    expect(s.featuresWritten).toBe(2);
    expect(s.crs).toBe('EPSG:28992');
  });

  it('refuses an unsupported --crs and names it', async () => {
    const e = await failure(buildTileset({ input: fixture('no-crs.city.json'), name: 'nocrs2', tilesetsDir: dir, crs: 'EPSG:3857' }));
    expect(e.code).toBe('CRS_UNSUPPORTED');
    expect(e.message).toContain('EPSG:3857');
  });

  it('says so when the file is not CityJSON', async () => {
    const e = await failure(buildTileset({ input: fixture('README.md'), name: 'readme', tilesetsDir: dir }));
    expect(e.code).toBe('JSON_SYNTAX');
    const e2 = await failure(buildTileset({ input: path.join(dir, 'nope.city.json'), name: 'nope', tilesetsDir: dir }));
    expect(e2.code).toBe('FILE_NOT_FOUND');
    expect(e2.describe()).toContain('nope.city.json');
  });

  it('warns once about missing texture images and still succeeds', async () => {
    const warnings: string[] = [];
    const s = await buildTileset({ input: fixture('two-buildings.city.json'), name: 'tex', tilesetsDir: dir, onWarning: (w) => warnings.push(w) });
    const about = warnings.filter((w) => /texture images are missing/.test(w));
    expect(about).toHaveLength(1);
    expect(about[0]).toMatch(/^2 of 2 texture images are missing/);
    expect(s.featuresWritten).toBe(2);
    expect(s.warnings).toEqual(warnings);
  });

  it('merges BuildingParts into one feature with the parent id (CityJSON 1.1, Solid, MultiSolid)', async () => {
    const s = await buildTileset({ input: fixture('parts-1.1.city.json'), name: 'parts', tilesetsDir: dir });
    expect(s.cityJsonVersion).toBe('1.1');
    expect(s.crs).toBe('EPSG:28992');
    expect(s.objectsRead).toBe(4);
    expect(s.featuresWritten).toBe(2);
    const t = await readTileset(path.join(dir, 'parts'));
    expect(allIds(t).sort()).toEqual(['building-with-parts', 'two-solids']);
    // the merged feature holds both parts (two boxes of 6 quads), not the parent's coarser LoD0 footprint
    const tile = t.tiles[0];
    const fid = (tile.table.columns.id as string[]).indexOf('building-with-parts');
    const verts = tile.featureIds.filter((f) => f === fid).length;
    expect(verts).toBe(2 * 6 * 4);
    expect(tile.table.columns.roofType[fid]).toBe('1000');
  });

  it('skips dirty objects, names them, and goes on', async () => {
    const s = await buildTileset({ input: fixture('dirty.city.json'), name: 'dirty', tilesetsDir: dir });
    expect(s.featuresWritten).toBe(2);
    const skipped = Object.fromEntries(s.skipped.map((x) => [x.id, x.reason]));
    expect(Object.keys(skipped).sort()).toEqual(['all-degenerate', 'no-geometry', 'out-of-range']);
    expect(skipped['out-of-range']).toMatch(/vertex index 99999 out of range/);
    expect(s.surfacesDropped).toBeGreaterThanOrEqual(1);
    const t = await readTileset(path.join(dir, 'dirty'));
    expect(allIds(t).sort()).toEqual(['good', 'one-degenerate-surface']);
  });

  it('reads CityJSONSeq (.city.jsonl)', async () => {
    const s = await buildTileset({ input: fixture('seq.city.jsonl'), name: 'seq', tilesetsDir: dir });
    expect(s.crs).toBe('EPSG:7415');
    expect(s.featuresWritten).toBe(2);
    const t = await readTileset(path.join(dir, 'seq'));
    expect(allIds(t).sort()).toEqual(['seq-0', 'seq-1']);
  });

  it('refuses names that could leave the tilesets folder', async () => {
    for (const name of ['../evil', 'a/b', '', 'Upper', '.hidden']) {
      const e = await failure(buildTileset({ input: fixture('two-buildings.city.json'), name, tilesetsDir: dir }));
      expect(e.code).toBe('BAD_NAME');
    }
  });
});
