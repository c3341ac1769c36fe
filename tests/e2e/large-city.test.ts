/**
 * End to end, in real Chromium (software WebGL): a generated city of 4,000 LoD2 buildings
 * (tests/fixtures/generate-city.ts) tiled by the real tiler CLI and served by the real server in-process.
 * The camera visits far-apart spots; at each, picking the generator's building there on screen gives that
 * building's id and its attributes, and the tilesets' memory stays within the configured cache
 * (cacheBytes + maximumCacheOverflowBytes, see client/src/viewer/tilesetLayers.ts).
 *
 * Waits use the client's test hooks (window.__digitaleStad), never fixed sleeps.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCitySeq } from '../fixtures/generate-city.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { launchChromium, openPage, type WatchedPage } from './support/chromium.js';
import { citySpots, visitSpot } from './support/cityTour.js';
import { ensureClientBuild } from './support/clientBuild.js';
import { layers, waitForIdleScene } from './support/scene.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUILDINGS = 4_000;

let server: TestServer;
let browser: Browser;
let tmp: string;
let w: WatchedPage;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-e2e-large-'));
  const seq = path.join(tmp, 'city.city.jsonl');
  const tilesetsDir = path.join(tmp, 'tilesets');
  generateCitySeq(seq, { buildings: BUILDINGS });
  const [dist] = await Promise.all([
    ensureClientBuild(),
    promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/src/cli/tiles.ts'), 'build', seq, '--name', 'city', '--tilesets', tilesetsDir], { cwd: ROOT }),
  ]);
  server = await startServer({ tilesetsDir, clientDist: dist });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('a generated city of 4,000 buildings in Chromium', () => {
  it('picks the right building with its attributes at far-apart spots, within the cache limit', async () => {
    w = await openPage(browser, server.baseUrl);
    await w.page.goto(server.baseUrl + '/');
    await waitForIdleScene(w.page);
    expect(await layers(w.page)).toEqual([{ id: 'city', status: 'ready', visible: true }]);
    const limit = await w.page.evaluate(() => window.__digitaleStad!.tilesetCacheLimit());
    expect(limit).toBeGreaterThan(0);

    // opposite corners, the centre, the other corners: every jump crosses the city (~1.6 km)
    const spots = citySpots(BUILDINGS, [[0.03, 0.03], [0.97, 0.97], [0.5, 0.5], [0.03, 0.97], [0.97, 0.03]]);
    for (const spot of spots) {
      const r = await visitSpot(w.page, spot);
      expect({ spot: spot.id, picked: r.pickedId }).toEqual({ spot: spot.id, picked: spot.id });
      expect(r.attributes).toMatchObject({ status: 'gegenereerd', bouwjaar: expect.any(Number), hoogte: expect.any(Number) });
      expect(r.tilesetBytes).toBeGreaterThan(0);
      expect(r.tilesetBytes).toBeLessThanOrEqual(limit);
    }
    expect(w.errors).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
  }, 240_000);
});
