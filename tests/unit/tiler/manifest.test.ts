import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readManifest, registerTileset, unregisterTileset, TilerError } from '../../../server/src/tiler/index.js';
import { replaceDir } from '../../../server/src/tiler/atomic.js';
import { tmpDir } from './helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await tmpDir('tiler-manifest-');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const info = (id: string, name = id) => ({ id, name, url: `/tilesets/${id}/tileset.json` });

describe('tilesets/manifest.json', () => {
  it('is an empty list when there is no manifest yet', async () => {
    expect(await readManifest(dir)).toEqual([]);
    expect(await readManifest(path.join(dir, 'does-not-exist'))).toEqual([]);
  });

  it('adds tilesets and replaces one with the same id in place', async () => {
    await registerTileset(dir, info('a'));
    await registerTileset(dir, { ...info('b'), attribution: 'Gemeente Rotterdam' });
    await registerTileset(dir, info('a', 'A again'));
    expect(await readManifest(dir)).toEqual([info('a', 'A again'), { ...info('b'), attribution: 'Gemeente Rotterdam' }]);
    const file = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
    expect(file).toEqual({ tilesets: [info('a', 'A again'), { ...info('b'), attribution: 'Gemeente Rotterdam' }] });
    expect(await unregisterTileset(dir, 'a')).toBe(true);
    expect(await unregisterTileset(dir, 'a')).toBe(false);
    expect((await readManifest(dir)).map((t) => t.id)).toEqual(['b']);
  });

  it('loses no entry when many processes register at once', async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => registerTileset(dir, info(`t${i}`))));
    expect((await readManifest(dir)).map((t) => t.id).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `t${i}`).sort());
    expect((await readdir(dir)).sort()).toEqual(['manifest.json']); // no lock or temporary files left
  });

  it('reports a corrupt manifest clearly and leaves it alone', async () => {
    const file = path.join(dir, 'manifest.json');
    await writeFile(file, '{"tilesets": [\n  {"id": "a", "name": "A", "url": "/x"},\n  oops\n]}');
    const e = await readManifest(dir).catch((x) => x);
    expect(e).toBeInstanceOf(TilerError);
    expect(e.code).toBe('MANIFEST_CORRUPT');
    expect(e.describe()).toMatch(/manifest\.json:3:3: /);
    await expect(registerTileset(dir, info('b'))).rejects.toThrow(/not valid JSON/);
    expect(await readFile(file, 'utf8')).toContain('oops');

    await writeFile(file, JSON.stringify({ tilesets: [{ id: 'a', name: 'A' }] }));
    await expect(readManifest(dir)).rejects.toThrow(/tilesets\.0\.url/);
    await writeFile(file, JSON.stringify([]));
    await expect(readManifest(dir)).rejects.toThrow(/not of the form/);
  });
});

describe('replaceDir', () => {
  it('leaves the old folder untouched when filling the new one fails half way', async () => {
    const target = path.join(dir, 'set');
    await replaceDir(target, async (d) => writeFile(path.join(d, 'tileset.json'), 'old'));
    await expect(
      replaceDir(target, async (d) => {
        await writeFile(path.join(d, 'tileset.json'), 'new');
        await writeFile(path.join(d, 'half.glb'), 'x');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(await readdir(target)).toEqual(['tileset.json']);
    expect(await readFile(path.join(target, 'tileset.json'), 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['set']);
    await replaceDir(target, async (d) => writeFile(path.join(d, 'tileset.json'), 'new'));
    expect(await readFile(path.join(target, 'tileset.json'), 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['set']);
  });
});
