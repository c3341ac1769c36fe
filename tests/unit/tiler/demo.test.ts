import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DEMO_CENTER, demoBuildings, demoCityJSON, ensureDemoTileset, readManifest, registerTileset } from '../../../server/src/tiler/index.js';
import { ecefToGeodetic } from '../../../server/src/tiler/frame.js';
import { applyMatrix, readTileset, tmpDir } from './helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await tmpDir('tiler-demo-');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const STATION = { lon: 4.469, lat: 51.9244 };

describe('the demo district', () => {
  it('is generated, tiled and registered when no tileset is listed, and only then', async () => {
    const info = await ensureDemoTileset(dir);
    expect(info).toEqual({
      id: 'demo',
      name: 'Demo district (generated)',
      url: '/tilesets/demo/tileset.json',
      demo: true,
      attribution: 'Generated demo data, not real buildings',
    });
    expect(await readManifest(dir)).toEqual([info]);
    expect((await stat(path.join(dir, 'demo', 'tileset.json'))).isFile()).toBe(true);
    expect(await ensureDemoTileset(dir)).toBeNull();
    // listed but deleted: made again
    await rm(path.join(dir, 'demo'), { recursive: true });
    expect(await ensureDemoTileset(dir)).toEqual(info);
    expect((await stat(path.join(dir, 'demo', 'tileset.json'))).isFile()).toBe(true);
  });

  it('is not generated when another tileset is registered', async () => {
    await registerTileset(dir, { id: 'rotterdam', name: 'Rotterdam', url: '/tilesets/rotterdam/tileset.json' });
    expect(await ensureDemoTileset(dir)).toBeNull();
    expect(await readdir(dir)).toEqual(['manifest.json']);
  });

  it('is made once when two servers start at the same time', async () => {
    const [a, b] = await Promise.all([ensureDemoTileset(dir), ensureDemoTileset(dir)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect((await readManifest(dir)).map((t) => t.id)).toEqual(['demo']);
  });

  it('has 100–200 deterministic buildings just south of Rotterdam Centraal, of varied heights and roofs', () => {
    const list = demoBuildings();
    expect(list.length).toBeGreaterThanOrEqual(100);
    expect(list.length).toBeLessThanOrEqual(200);
    expect(demoBuildings()).toEqual(list);
    expect(demoCityJSON()).toEqual(demoCityJSON());
    expect(new Set(list.map((b) => b.id)).size).toBe(list.length);
    for (const b of list) {
      expect(b.lat).toBeLessThan(STATION.lat - 0.0005); // south of the station
      expect(Math.abs(b.lat - DEMO_CENTER.lat)).toBeLessThan(0.003);
      expect(Math.abs(b.lon - DEMO_CENTER.lon)).toBeLessThan(0.004);
    }
    const heights = list.map((b) => b.height);
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(6);
    expect(Math.max(...heights)).toBeLessThanOrEqual(40);
    expect(Math.max(...heights) - Math.min(...heights)).toBeGreaterThan(20);
    const roofs = Object.values(demoCityJSON().CityObjects as Record<string, any>).map((o) => o.attributes.roofType);
    expect(roofs.filter((r) => r === 'gabled').length).toBeGreaterThan(10);
    expect(roofs.filter((r) => r === 'flat').length).toBeGreaterThan(10);
  });

  it('gives roof points that lie on top of the right building in the tileset', async () => {
    await ensureDemoTileset(dir);
    const t = await readTileset(path.join(dir, 'demo'));
    const m = t.json.root.transform;
    const extent = new Map<string, { w: number; s: number; e: number; n: number; top: number }>();
    for (const tile of t.tiles) {
      const ids = tile.table.columns.id as string[];
      for (let v = 0; v < tile.featureIds.length; v++) {
        const id = ids[tile.featureIds[v]];
        const [lon, lat, h] = ecefToGeodetic(...applyMatrix(m, tile.positions[v * 3], tile.positions[v * 3 + 1], tile.positions[v * 3 + 2]));
        const x = extent.get(id) ?? { w: Infinity, s: Infinity, e: -Infinity, n: -Infinity, top: -Infinity };
        extent.set(id, { w: Math.min(x.w, lon), s: Math.min(x.s, lat), e: Math.max(x.e, lon), n: Math.max(x.n, lat), top: Math.max(x.top, h) });
      }
    }
    const list = demoBuildings();
    expect(extent.size).toBe(list.length);
    for (const b of list) {
      const x = extent.get(b.id)!;
      expect(b.lon > x.w && b.lon < x.e && b.lat > x.s && b.lat < x.n, b.id).toBe(true);
      expect(Math.abs(b.height - x.top), b.id).toBeLessThan(0.01);
    }
  });
});
