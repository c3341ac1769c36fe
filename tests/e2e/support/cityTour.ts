/**
 * A camera tour over a generated city (tests/fixtures/generate-city.ts), shared by the large-city e2e test and
 * `npm run bench -- viewer`: put the camera above a chosen building, wait until the scene is idle (test hooks,
 * never fixed sleeps), then read the memory numbers and pick at the middle of the screen.
 */
import type { Page } from 'playwright-core';
import { createTransformer, parseCrs } from '../../../server/src/tiler/crs.js';
import { generatedBuilding, generatedId, type GenerateCityOptions } from '../../fixtures/generate-city.js';
import { canvasBox, pickAt, toScreen } from './scene.js';

/** Chromium flags for the tour: precise `performance.memory` and `window.gc()` to measure retained heap. */
export const MEMORY_ARGS = ['--enable-precise-memory-info', '--js-flags=--expose-gc'];

/** A spot of the tour: building `index` of the generated city and its roof ridge centre (WGS84 degrees, m). */
export interface Spot {
  index: number;
  id: string;
  lon: number;
  lat: number;
  height: number;
}

/**
 * Spots spread over the generated city's square grid: for each [fx, fy] in [0, 1]² the building nearest that
 * fraction of the grid (fx along x/east, fy along y/north). Their roof points come from the generator itself.
 */
export function citySpots(buildings: number, fractions: [number, number][], options: GenerateCityOptions = {}): Spot[] {
  const side = Math.ceil(Math.sqrt(buildings));
  const rows = Math.ceil(buildings / side);
  const rd = createTransformer(parseCrs('EPSG:7415'));
  return fractions.map(([fx, fy]) => {
    const col = Math.min(side - 1, Math.round(fx * (side - 1)));
    const row = Math.min(rows - 1, Math.round(fy * (rows - 1)));
    const index = Math.min(buildings - 1, row * side + col);
    const { vertices } = generatedBuilding(index, { ...options, buildings });
    // The ridge (LoD 2.2: vertices 8, 9) or the flat roof (LoD 1.2: vertices 4..7): the mean of the top vertices.
    const top = Math.max(...vertices.map((v) => v[2]));
    const roof = vertices.filter((v) => v[2] === top);
    const xyz = new Float64Array([
      roof.reduce((s, v) => s + v[0], 0) / roof.length,
      roof.reduce((s, v) => s + v[1], 0) / roof.length,
      top,
    ]);
    rd.toGeodetic(xyz, xyz);
    return { index, id: generatedId(index), lon: xyz[0], lat: xyz[1], height: xyz[2] };
  });
}

/** What one visit measured. */
export interface SpotResult {
  spot: Spot;
  /** Wall-clock seconds from setting the camera to `idle()`. */
  secondsToIdle: number;
  /** `performance.memory.usedJSHeapSize` after `gc()` (when exposed), bytes; null when Chromium hides it. */
  jsHeapBytes: number | null;
  /** `tilesetMemory()`: sum of Cesium3DTileset.totalMemoryUsageInBytes, bytes. */
  tilesetBytes: number;
  /** The building id picked at the spot's screen point (null: no building there). */
  pickedId: string | null;
  /** The picked building's attributes (name → value). */
  attributes: Record<string, unknown>;
}

/** Lets the page draw a couple of frames, so `idle()` reflects the new camera (requestRenderMode). */
async function frames(page: Page, n = 3): Promise<void> {
  // A string, not a function: tsx's keepNames would wrap a named inner function in `__name`, unknown in the page.
  await page.evaluate(
    `new Promise((resolve) => { let left = ${n}; const step = () => (--left <= 0 ? resolve() : requestAnimationFrame(step)); requestAnimationFrame(step); })`,
  );
}

/**
 * Puts the camera `range` metres from the spot's roof (heading north, pitch -50°), waits for `idle()` (at most
 * `timeoutMs`), measures, and picks at the roof point on screen (and 3 and 6 px below it, on the slope facing the
 * camera, since the ridge itself is a silhouette edge). Throws when the scene does not become idle in time.
 */
export async function visitSpot(page: Page, spot: Spot, range = 180, timeoutMs = 120_000): Promise<SpotResult> {
  const started = performance.now();
  await page.evaluate(([lon, lat, h, r]) => window.__digitaleStad!.lookAt(lon, lat, h, r, 0, -50), [spot.lon, spot.lat, spot.height, range] as const);
  await frames(page);
  await page.waitForFunction(() => window.__digitaleStad?.idle() === true, null, { timeout: timeoutMs, polling: 100 });
  const secondsToIdle = (performance.now() - started) / 1000;
  const mem = await page.evaluate(() => {
    const w = window as unknown as { gc?: () => void; performance: { memory?: { usedJSHeapSize: number } } };
    w.gc?.();
    return { heap: w.performance.memory?.usedJSHeapSize ?? null, tiles: window.__digitaleStad!.tilesetMemory() };
  });
  const box = await canvasBox(page);
  const s = (await toScreen(page, spot.lon, spot.lat, spot.height)) ?? { x: box.width / 2, y: box.height / 2 };
  let picked: Awaited<ReturnType<typeof pickAt>> | null = null;
  for (const dy of [3, 6, 0]) {
    picked = await pickAt(page, s.x, s.y + dy);
    if (picked.kind === 'building') break;
  }
  const attributes = Object.fromEntries((picked?.properties ?? []).map((p) => [p.name, p.value]));
  return { spot, secondsToIdle, jsHeapBytes: mem.heap, tilesetBytes: mem.tiles, pickedId: picked?.buildingId ?? null, attributes };
}
