/** CityJSON input: every geometry type, every version, every CRS form, and every kind of dirty data. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildTileset } from '../../../server/src/tiler/index.js';
import { fixture, readTileset, tmpDir, failure } from './helpers.js';
import { expectedEcef, matchPositions, rdToWgs84, realVertices } from './positions.js';

let dir: string;
beforeAll(async () => {
  dir = await tmpDir('tiler-cjinput-');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ids = (t: Awaited<ReturnType<typeof readTileset>>) => t.tiles.flatMap((x) => x.table.columns.id as string[]);
/** Vertices per feature id over all tiles. */
function verticesById(t: Awaited<ReturnType<typeof readTileset>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const tile of t.tiles) {
    const names = tile.table.columns.id as string[];
    for (const f of tile.featureIds) out[names[f]] = (out[names[f]] ?? 0) + 1;
  }
  return out;
}


describe('geometry types (CityJSON 2.0 §3.2)', () => {
  it('draws MultiSurface, CompositeSurface, Solid, MultiSolid and CompositeSolid, each face with its own 4 vertices', async () => {
    const s = await buildTileset({ input: fixture('geometry-types.city.json'), name: 'types', tilesetsDir: dir, register: false });
    expect(s.featuresWritten).toBe(5);
    expect(s.skipped).toEqual([]);
    const t = await readTileset(path.join(dir, 'types'));
    expect(verticesById(t)).toEqual({
      'multi-surface': 24,
      'composite-surface': 24,
      solid: 24,
      'multi-solid': 48,
      'composite-solid': 48,
    });
    const doc = JSON.parse(await readFile(fixture('geometry-types.city.json'), 'utf8'));
    const m = matchPositions(t, expectedEcef(realVertices(doc)));
    expect(m.worst).toBeLessThan(0.01);
    expect(m.hit.size).toBe(doc.vertices.length);
  });
});

describe('versions', () => {
  it('upgrades CityJSON 1.0 on the fly (URN CRS, numeric lod, no transform) and says so', async () => {
    const warnings: string[] = [];
    const s = await buildTileset({ input: fixture('v1.0.city.json'), name: 'v10', tilesetsDir: dir, register: false, onWarning: (w) => warnings.push(w) });
    expect(s.cityJsonVersion).toBe('1.0');
    expect(s.crs).toBe('EPSG:7415');
    expect(warnings.some((w) => /CityJSON 1\.0 upgraded/.test(w))).toBe(true);
    const t = await readTileset(path.join(dir, 'v10'));
    // the highest LoD (2, a solid of 6 quads) is chosen from numeric lods, not the LoD1 footprint
    expect(verticesById(t)).toEqual({ 'v10-house': 24, 'v10-shed': 24 });
    const doc = JSON.parse(await readFile(fixture('v1.0.city.json'), 'utf8'));
    expect(matchPositions(t, expectedEcef(realVertices(doc))).worst).toBeLessThan(0.01);
  });

  it('reads 1.1 and 2.0 as they are', async () => {
    const a = await buildTileset({ input: fixture('parts-1.1.city.json'), name: 'v11', tilesetsDir: dir, register: false });
    const b = await buildTileset({ input: fixture('geometry-types.city.json'), name: 'v20', tilesetsDir: dir, register: false });
    expect([a.cityJsonVersion, b.cityJsonVersion]).toEqual(['1.1', '2.0']);
    expect(a.warnings.concat(b.warnings).filter((w) => /version|upgrad/i.test(w))).toEqual([]);
  });

  it('refuses CityJSON 0.9 with a clear message and writes nothing', async () => {
    const e = await failure(buildTileset({ input: fixture('v0.9.city.json'), name: 'v09', tilesetsDir: dir, register: false }));
    expect(e.code).toBe('VERSION_UNSUPPORTED');
    expect(e.file).toBe(fixture('v0.9.city.json'));
    expect(e.message).toMatch(/CityJSON 0\.9 is too old.*1\.0, 1\.1 and 2\.0.*cjio/);
    await expect(readFile(path.join(dir, 'v09', 'tileset.json'))).rejects.toThrow();
  });

  it('refuses a CityJSONSeq whose header is older than 1.0', async () => {
    const file = path.join(dir, 'old.city.jsonl');
    await writeFile(file, '{"type":"CityJSON","version":"0.6","CityObjects":{},"vertices":[]}\n');
    const e = await failure(buildTileset({ input: file, name: 'oldseq', tilesetsDir: dir, register: false }));
    expect(e.code).toBe('VERSION_UNSUPPORTED');
  });
});

describe('CRS forms (metadata.referenceSystem)', () => {
  const forms: [string, string][] = [
    ['https://www.opengis.net/def/crs/EPSG/0/7415', 'EPSG:7415'],
    ['http://www.opengis.net/def/crs/EPSG/0/28992', 'EPSG:28992'],
    ['urn:ogc:def:crs:EPSG::28992', 'EPSG:28992'],
    ['urn:ogc:def:crs,crs:EPSG::28992,crs:EPSG::5709', 'EPSG:7415'],
    ['EPSG:7415', 'EPSG:7415'],
  ];
  it.each(forms)('reads %s as %s and puts vertices within 1 cm of proj4', async (form, crs) => {
    const doc = JSON.parse(await readFile(fixture('geometry-types.city.json'), 'utf8'));
    doc.metadata.referenceSystem = form;
    const file = path.join(dir, `crs-${crs.replace(':', '')}-${forms.findIndex((f) => f[0] === form)}.city.json`);
    await writeFile(file, JSON.stringify(doc));
    const name = path.basename(file, '.city.json').toLowerCase();
    const s = await buildTileset({ input: file, name, tilesetsDir: dir, register: false });
    expect(s.crs).toBe(crs);
    const m = matchPositions(await readTileset(path.join(dir, name)), expectedEcef(realVertices(doc)));
    expect(m.worst).toBeLessThan(0.01);
    expect(m.hit.size).toBe(doc.vertices.length);
  });

  it('reads WGS84 lon/lat/h (EPSG:4979) with a degree transform', async () => {
    const doc = JSON.parse(await readFile(fixture('geometry-types.city.json'), 'utf8'));
    const lonlat = realVertices(doc).map(([x, y, z]) => [...rdToWgs84(x, y), z]);
    doc.metadata.referenceSystem = 'https://www.opengis.net/def/crs/EPSG/0/4979';
    doc.transform = { scale: [1e-9, 1e-9, 0.001], translate: [4, 51, 0] };
    doc.vertices = lonlat.map(([lon, lat, h]) => [Math.round((lon - 4) / 1e-9), Math.round((lat - 51) / 1e-9), Math.round(h / 0.001)]);
    const file = path.join(dir, 'wgs84.city.json');
    await writeFile(file, JSON.stringify(doc));
    const s = await buildTileset({ input: file, name: 'wgs84', tilesetsDir: dir, register: false });
    expect(s.crs).toBe('EPSG:4979');
    const m = matchPositions(await readTileset(path.join(dir, 'wgs84')), expectedEcef(realVertices(doc), true));
    expect(m.worst).toBeLessThan(0.01);
  });
});

describe('dirty data', () => {
  it('repairs or skips each dirty object, names it with the reason, and writes the rest', async () => {
    const warnings: string[] = [];
    const s = await buildTileset({ input: fixture('dirty-repair.city.json'), name: 'dirty2', tilesetsDir: dir, register: false, onWarning: (w) => warnings.push(w) });
    const skipped = Object.fromEntries(s.skipped.map((x) => [x.id, x.reason]));
    const repaired = Object.fromEntries(s.repaired.map((x) => [x.id, x.reason]));
    expect(Object.keys(skipped).sort()).toEqual(['only-self-intersecting', 'out-of-range']);
    expect(skipped['out-of-range']).toMatch(/vertex index 999 out of range/);
    expect(skipped['only-self-intersecting']).toMatch(/self-intersecting/);
    expect(repaired['repeated-vertex']).toBe('1 repeated vertex removed');
    expect(repaired['closed-ring']).toBe('1 ring unclosed (first vertex repeated at the end)');
    expect(repaired['self-intersecting-surface']).toBe('1 self-intersecting surface left out');
    expect(repaired['missing-texture']).toMatch(/texture images missing/);
    expect(repaired.good).toBeUndefined();
    expect(warnings.some((w) => /1 of 1 texture images are missing \(e\.g\. missing\/roof\.png\)/.test(w))).toBe(true);
    const t = await readTileset(path.join(dir, 'dirty2'));
    // repaired objects keep all their good faces: 6 quads each; the bowtie is left out
    expect(verticesById(t)).toEqual({ 'repeated-vertex': 24, 'closed-ring': 24, 'self-intersecting-surface': 24, 'missing-texture': 24, good: 24 });
    expect(ids(t)).toHaveLength(5);
  });
});
