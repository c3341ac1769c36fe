/**
 * The model upload pipeline on generated fixtures (tests/fixtures/models/generate.ts): good models come out as
 * valid, meshopt-compressed GLBs, Y-up with the base centre at the origin; georeferenced ones carry their position;
 * bad ones are refused with their stable code and a message that says why.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processModelUpload } from '../../../server/src/models/pipeline.js';
import { RD_NEW_PROJ4 } from '../../../server/src/tiler/crs.js';
import { ECEF_BUILDING, RD_BUILDING, generateModelFixtures, type ModelFixtures } from '../../fixtures/models/generate.js';
import { readBack, uploads, validatorErrors } from './helpers.js';

let dir: string;
let fx: ModelFixtures;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-models-'));
  fx = await generateModelFixtures(dir);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Distance in metres between two lon/lat points (equirectangular; fine at metre scale). */
function metresBetween(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const k = (Math.PI / 180) * 6_371_000;
  return Math.hypot((a.lon - b.lon) * k * Math.cos((a.lat * Math.PI) / 180), (a.lat - b.lat) * k);
}

async function expectRefused(paths: string[], code: string, message: RegExp) {
  const err = await processModelUpload(uploads(paths)).then(() => null, (e) => e);
  expect(err, 'expected a refusal').not.toBeNull();
  expect(err.code).toBe(code);
  expect(err.message).toMatch(message);
}

async function expectNormalised(glb: Uint8Array) {
  const v = await validatorErrors(glb);
  expect(v.first).toEqual([]);
  expect(v.count).toBe(0);
  const back = await readBack(glb);
  expect(back.extensions).toContain('EXT_meshopt_compression');
  // base centre at the origin: horizontal (x, z) centred, lowest point at y = 0 (within the 14-bit quantization step)
  const tol = Math.max(0.01, 1e-4 * Math.max(...[0, 1, 2].map((k) => back.max[k] - back.min[k])));
  expect(Math.abs((back.min[0] + back.max[0]) / 2)).toBeLessThan(tol);
  expect(Math.abs((back.min[2] + back.max[2]) / 2)).toBeLessThan(tol);
  expect(Math.abs(back.min[1])).toBeLessThan(tol);
  return back;
}

describe('good models', () => {
  it('a textured GLB: valid, optimised, Y-up, base centre at the origin, stats in metres', async () => {
    const r = await processModelUpload(uploads(fx.texturedGlb));
    const back = await expectNormalised(r.glb);
    expect(r.stats).toMatchObject({ triangles: 12, materials: 1, size: { x: 10, y: 6, z: 4 }, bytesOptimised: r.glb.byteLength });
    expect(back.max[1]).toBeCloseTo(4, 2);
    expect(back.doc.getRoot().listTextures()).toHaveLength(1);
    expect(r.georef).toBeNull();
    expect(r.suggestedScale).toBeNull();
  });

  it('a .gltf with its .bin and a texture whose URI is percent-encoded (my%20texture.png ↔ "my texture.png")', async () => {
    const r = await processModelUpload(uploads(fx.split));
    await expectNormalised(r.glb);
    expect(r.mainFile).toBe('box.gltf');
    expect(r.stats.triangles).toBe(12);
    expect(r.warnings.filter((w) => w.code === 'unused_file')).toEqual([]);
    expect(r.originals.map((f) => f.name)).toEqual(['box.gltf', 'box.bin', 'my texture.png']);
  });

  it.each([
    ['Y-up', () => fx.rdYUp, 'Y'],
    ['Z-up', () => fx.rdZUp, 'Z'],
  ] as const)('an RD New building (%s) is recognised and placed where it belongs', async (_label, files, upAxis) => {
    const r = await processModelUpload(uploads(files()));
    await expectNormalised(r.glb);
    expect(r.georef).toMatchObject({ crs: 'EPSG:28992', upAxis });
    const [lon, lat] = proj4(RD_NEW_PROJ4, 'EPSG:4326').forward([RD_BUILDING.x, RD_BUILDING.y]);
    expect(metresBetween(r.georef!.position, { lon, lat })).toBeLessThan(1);
    expect(r.georef!.position.height).toBeCloseTo(0, 2);
    expect(Math.abs(r.georef!.heading)).toBeLessThan(2); // RD grid north vs true north
    expect(r.stats.size.x).toBeCloseTo(RD_BUILDING.width, 1);
    expect(r.stats.size.y).toBeCloseTo(RD_BUILDING.depth, 1);
    expect(r.stats.size.z).toBeCloseTo(RD_BUILDING.height, 1);
    expect(r.warnings.map((w) => w.code)).toContain('georeferenced');
  });

  it('an ECEF building near Rotterdam (offset in the root node) is turned into its local east-north-up frame', async () => {
    const r = await processModelUpload(uploads(fx.ecef));
    await expectNormalised(r.glb);
    expect(r.georef).toMatchObject({ crs: 'EPSG:4978', heading: 0 });
    expect(metresBetween(r.georef!.position, ECEF_BUILDING)).toBeLessThan(1);
    expect(Math.abs(r.georef!.position.height - ECEF_BUILDING.height)).toBeLessThan(1);
    expect(r.stats.size.z).toBeCloseTo(ECEF_BUILDING.tall, 1);
    expect(r.stats.size.x).toBeCloseTo(ECEF_BUILDING.width, 1);
    expect(r.stats.size.y).toBeCloseTo(ECEF_BUILDING.depth, 1);
  });

  it('a model in millimetres is kept as it is, with a warning and a suggested scale of 0.001', async () => {
    const r = await processModelUpload(uploads(fx.millimetres));
    await expectNormalised(r.glb);
    expect(r.suggestedScale).toBe(0.001);
    const w = r.warnings.find((x) => x.code === 'likely_millimetres');
    expect(w?.message).toMatch(/40,000 m across.*40 m at scale 0\.001/);
    expect(r.stats.size).toEqual({ x: 40_000, y: 25_000, z: 12_000 });
    expect(r.georef).toBeNull();
  });
});

describe('bad models', () => {
  it('a .gltf without its .bin: model_resource_missing naming the URI', async () => {
    await expectRefused(fx.splitNoBin, 'model_resource_missing', /box\.gltf refers to "box\.bin", which was not uploaded/);
  });

  it('a .gltf pointing outside the upload ("../box.bin"): model_invalid', async () => {
    await expectRefused(fx.escaping, 'model_invalid', /"\.\.\/box\.bin", outside the uploaded files/);
  });

  it('a truncated GLB: model_invalid with the header length and the real length', async () => {
    const full = fs.statSync(fx.texturedGlb[0]!).size;
    const cut = fs.statSync(fx.truncated[0]!).size;
    await expectRefused(fx.truncated, 'model_invalid', new RegExp(`truncated: header says ${full} bytes, file has ${cut}`));
  });

  it('a PNG renamed .glb: model_not_gltf saying it is a PNG image', async () => {
    await expectRefused(fx.pngAsGlb, 'model_not_gltf', /picture\.glb is not a glTF 2\.0 model: it looks like a PNG image/);
  });

  it('no files, a duplicate name, two models at once, a name with a folder: bad_upload', async () => {
    await expect(processModelUpload([])).rejects.toMatchObject({ code: 'bad_upload' });
    const [glb] = uploads(fx.texturedGlb);
    await expect(processModelUpload([glb!, glb!])).rejects.toMatchObject({ code: 'bad_upload', message: /sent twice/ });
    await expect(processModelUpload([...uploads(fx.texturedGlb), ...uploads(fx.rdYUp)])).rejects.toMatchObject({ code: 'bad_upload', message: /one model at a time/ });
    await expect(processModelUpload([{ ...glb!, name: '../box.glb' }])).rejects.toMatchObject({ code: 'bad_upload' });
  });
});
