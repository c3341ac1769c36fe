/** A CRS the tiler does not know by code, given as a proj4 definition (`--proj4`), and errors that name the file. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import proj4 from 'proj4';
import { buildTileset } from '../../../server/src/tiler/index.js';
import { fixture, readTileset, tmpDir } from './helpers.js';
import { expectedEcef, matchPositions, realVertices, rdToWgs84 } from './positions.js';

// ETRS89 / UTM zone 31N as published for EPSG:25831 (GRS80, no datum shift: ETRS89 taken as WGS84).
const UTM31 = '+proj=utm +zone=31 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

let dir: string;
let utmFile: string;
let rdVertices: number[][];

beforeAll(async () => {
  dir = await tmpDir('tiler-proj4-');
  // The two-buildings fixture (RD New) rewritten in UTM 31N: same buildings, other coordinates.
  const doc = JSON.parse(await readFile(fixture('two-buildings.city.json'), 'utf8'));
  rdVertices = realVertices(doc);
  const toUtm = proj4('EPSG:4326', UTM31);
  doc.vertices = rdVertices.map(([x, y, z]) => {
    const [e, n] = toUtm.forward(rdToWgs84(x, y));
    return [Math.round(e * 1000), Math.round(n * 1000), Math.round(z * 1000)];
  });
  doc.transform = { scale: [0.001, 0.001, 0.001], translate: [0, 0, 0] };
  doc.metadata = { ...doc.metadata, referenceSystem: 'https://www.opengis.net/def/crs/EPSG/0/25831' };
  utmFile = path.join(dir, 'utm.city.json');
  await writeFile(utmFile, JSON.stringify(doc));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('--proj4', () => {
  it('places a file in a CRS known only by its proj4 definition where the same buildings in RD New stand', async () => {
    const s = await buildTileset({ input: utmFile, name: 'utm', tilesetsDir: dir, proj4: UTM31, register: false });
    expect(s.featuresWritten).toBe(2);
    expect(s.crs).toBe('EPSG:25831');
    const t = await readTileset(path.join(dir, 'utm'));
    const { worst, hit } = matchPositions(t, expectedEcef(rdVertices));
    expect(worst).toBeLessThan(0.01);
    expect(hit.size).toBeGreaterThan(0);
  });

  it('refuses the same file without a definition, naming the file and the CRS', async () => {
    await expect(buildTileset({ input: utmFile, name: 'utm2', tilesetsDir: dir, register: false })).rejects.toMatchObject({
      code: 'CRS_UNSUPPORTED',
      file: utmFile,
      message: expect.stringContaining('25831'),
    });
  });

  it('refuses a definition proj4 cannot use, naming the file', async () => {
    await expect(
      buildTileset({ input: utmFile, name: 'utm3', tilesetsDir: dir, crs: 'EPSG:25831', proj4: '+proj=nonsense', register: false }),
    ).rejects.toMatchObject({ code: 'CRS_UNSUPPORTED', file: utmFile, message: expect.stringContaining('--proj4') });
  });

  it('names the file when --crs is not supported', async () => {
    await expect(
      buildTileset({ input: fixture('two-buildings.city.json'), name: 'x', tilesetsDir: dir, crs: 'EPSG:3857', register: false }),
    ).rejects.toMatchObject({ code: 'CRS_UNSUPPORTED', file: fixture('two-buildings.city.json') });
  });
});
