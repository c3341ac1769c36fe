/** `tiles add`: existing 3D Tiles registered as a layer as they are (tiler/external.ts, cli/tilesExtra.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import proj4 from 'proj4';
import { addExternalTileset, isGeoreferenced, validateTilesetJson } from '../../../server/src/tiler/external.js';
import { readManifest } from '../../../server/src/tiler/index.js';
import { tmpDir, runTilesCli } from './helpers.js';

const FIX = fileURLToPath(new URL('../../fixtures/3dtiles', import.meta.url));

const tiles = runTilesCli;

/** A b3dm whose GLB starts at byte 46, breaking 3D Tiles 1.0 b3dm §Padding, as real tiles do. */
function unpaddedB3dm(): Buffer {
  const ft = Buffer.from('{"BATCH_LENGTH":0}'); // 18 bytes, not padded
  const glb = Buffer.from('glTF-not-a-real-model');
  const header = Buffer.alloc(28);
  header.write('b3dm', 0, 'latin1');
  header.writeUInt32LE(1, 4);
  header.writeUInt32LE(28 + ft.length + glb.length, 8);
  header.writeUInt32LE(ft.length, 12);
  return Buffer.concat([header, ft, glb]);
}

let dir: string;
let src: string;
const exists = (p: string) => stat(p).then(() => true, () => false);

beforeAll(async () => {
  dir = await tmpDir('tiler-add-');
  src = path.join(dir, 'src-region');
  await cp(path.join(FIX, 'region'), src, { recursive: true });
  await mkdir(path.join(src, 'content'));
  await writeFile(path.join(src, 'content', '0.b3dm'), unpaddedB3dm());
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function badVariant(name: string, edit: (t: any) => void): Promise<string> {
  const t = JSON.parse(await readFile(path.join(FIX, 'region', 'tileset.json'), 'utf8'));
  edit(t);
  const d = path.join(dir, `bad-${name}`);
  await mkdir(d, { recursive: true });
  await writeFile(path.join(d, 'tileset.json'), JSON.stringify(t, null, 2));
  return d;
}

describe('adding a local tileset', () => {
  it('copies a georeferenced 1.0 folder byte for byte under tilesets/<name>/ and registers it', async () => {
    const tilesets = path.join(dir, 'ts1');
    const r = await addExternalTileset({ source: src, name: 'region', title: 'Regio', attribution: '© test', tilesetsDir: tilesets });
    expect(r).toMatchObject({ mode: 'copied', version: '1.0', files: 2, contents: { '.json': 1, '.b3dm': 1 } });
    expect(r.warnings.join('\n')).toMatch(/1 b3dm tiles are not padded to 8 bytes/);
    expect(await readFile(path.join(tilesets, 'region', 'content', '0.b3dm'))).toEqual(unpaddedB3dm());
    expect(await readFile(path.join(tilesets, 'region', 'tileset.json'), 'utf8')).toBe(await readFile(path.join(src, 'tileset.json'), 'utf8'));
    expect(await readManifest(tilesets)).toEqual([{ id: 'region', name: 'Regio', url: '/tilesets/region/tileset.json', attribution: '© test' }]);
  });

  it('refuses a tileset without georeference unless --at places it with an ENU root transform', async () => {
    const tilesets = path.join(dir, 'ts2');
    const file = path.join(FIX, 'local', 'tileset.json');
    await expect(addExternalTileset({ source: file, name: 'house', tilesetsDir: tilesets })).rejects.toMatchObject({ code: 'NOT_GEOREFERENCED' });
    expect(await readManifest(tilesets)).toEqual([]);
    expect(await exists(path.join(tilesets, 'house'))).toBe(false);

    const r = await addExternalTileset({ source: file, name: 'house', tilesetsDir: tilesets, at: { lon: 4.4777, lat: 51.9244, height: 2 } });
    expect(r.version).toBe('1.1');
    const t = JSON.parse(await readFile(path.join(tilesets, 'house', 'tileset.json'), 'utf8'));
    const ecef = proj4('EPSG:4326', '+proj=geocent +datum=WGS84 +units=m +no_defs').forward([4.4777, 51.9244, 2]);
    expect(Math.hypot(t.root.transform[12] - ecef[0], t.root.transform[13] - ecef[1], t.root.transform[14] - ecef[2])).toBeLessThan(0.001);
    expect(t.root.transform.slice(8, 11).map((v: number) => Math.round(v * 1e6) / 1e6)).toEqual(
      [Math.cos(51.9244 * Math.PI / 180) * Math.cos(4.4777 * Math.PI / 180), Math.cos(51.9244 * Math.PI / 180) * Math.sin(4.4777 * Math.PI / 180), Math.sin(51.9244 * Math.PI / 180)].map((v) => Math.round(v * 1e6) / 1e6),
    ); // the third column (local z) is "up"
    expect(isGeoreferenced(t)).toBe(true);
    expect(await readFile(path.join(tilesets, 'house', 'house.glb'), 'utf8')).toContain('placeholder');
    expect((await readManifest(tilesets)).map((x) => x.url)).toEqual(['/tilesets/house/tileset.json']);
  });

  it('refuses an invalid tileset.json with a message naming the member, and registers and writes nothing', async () => {
    const tilesets = path.join(dir, 'ts3');
    const cases: [string, (t: any) => void, RegExp][] = [
      ['no-asset', (t) => delete t.asset, /"asset" is missing/],
      ['version', (t) => (t.asset.version = '2.0'), /version "2.0" is not supported/],
      ['no-ge', (t) => delete t.geometricError, /"geometricError" must be a number/],
      ['no-root', (t) => delete t.root, /"root" tile is missing/],
      ['root-ge', (t) => (t.root.geometricError = -1), /"root.geometricError" must be a number ≥ 0/],
      ['no-bv', (t) => (t.root.boundingVolume = { box: [1, 2] }), /"root.boundingVolume" needs a "box"/],
      ['refine', (t) => (t.root.refine = 'add'), /"root.refine" must be "ADD" or "REPLACE"/],
    ];
    for (const [name, edit, message] of cases) {
      const d = await badVariant(name, edit);
      await expect(addExternalTileset({ source: d, name: 'bad', tilesetsDir: tilesets }), name).rejects.toMatchObject({ code: 'BAD_TILESET', message: expect.stringMatching(message) });
    }
    const broken = path.join(dir, 'broken');
    await mkdir(broken);
    await writeFile(path.join(broken, 'tileset.json'), '{\n  "asset": { "version": "1.0" },\n  "root": {\n}}}');
    await expect(addExternalTileset({ source: broken, name: 'bad', tilesetsDir: tilesets })).rejects.toMatchObject({ code: 'JSON_SYNTAX', line: 4 });
    await expect(addExternalTileset({ source: path.join(dir, 'nowhere'), name: 'bad', tilesetsDir: tilesets })).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    expect(await readManifest(tilesets)).toEqual([]);
    expect(await exists(path.join(tilesets, 'bad'))).toBe(false);
  });

  it('validates names: only lowercase letters, digits, - and _', async () => {
    for (const name of ['../up', 'Big', '', 'a/b']) {
      await expect(addExternalTileset({ source: src, name, tilesetsDir: path.join(dir, 'ts4') })).rejects.toMatchObject({ code: 'BAD_NAME' });
    }
    expect(() => validateTilesetJson({ asset: { version: '1.1' }, geometricError: 1, root: { geometricError: 0, boundingVolume: { sphere: [0, 0, 0, 1] } } }, 'x')).not.toThrow();
  });
});

describe('adding a remote tileset', () => {
  it('registers an https URL as it is, downloading nothing', async () => {
    const tilesets = path.join(dir, 'ts5');
    const url = 'https://example.org/city/tileset.json';
    const r = await addExternalTileset({ source: url, name: 'remote', tilesetsDir: tilesets });
    expect(r.mode).toBe('linked');
    expect(await readManifest(tilesets)).toEqual([{ id: 'remote', name: 'remote', url }]);
    expect(await exists(path.join(tilesets, 'remote'))).toBe(false);
    await expect(addExternalTileset({ source: 'ftp://example.org/t.json', name: 'ftp', tilesetsDir: tilesets })).rejects.toMatchObject({ code: 'BAD_TILESET' });
  });
});

describe('npm run tiles -- add', () => {
  it('exits 0 and registers a folder; exits 1 on an invalid tileset and 2 on a bad name, registering nothing', async () => {
    const tilesets = path.join(dir, 'ts6');
    const ok = await tiles(['add', src, '--name', 'region', '--title', 'Regio', '--tilesets', tilesets]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('/tilesets/region/tileset.json');
    const bad = await tiles(['add', await badVariant('cli', (t) => delete t.root), '--name', 'broken', '--tilesets', tilesets]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad-cli\/tileset\.json: "root" tile is missing/);
    const name = await tiles(['add', src, '--name', 'Bad Name', '--tilesets', tilesets]);
    expect(name.code).toBe(2);
    expect(name.stderr).toMatch(/invalid --name/);
    expect((await readManifest(tilesets)).map((t) => t.id)).toEqual(['region']);
  }, 120_000);
});
