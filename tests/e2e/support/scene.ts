/**
 * Helpers around the client's documented test hooks (`window.__digitaleStad`, see
 * client/src/viewer/testHooks.ts). Tests wait on these conditions, never on fixed sleeps.
 */
import type { Page } from 'playwright-core';
import type { DigitaleStadTestHooks } from '../../../client/src/viewer/testHooks.js';

type Hooks = DigitaleStadTestHooks;

/** Waits until the tileset list arrived, every tileset loaded its tiles and no camera flight runs. */
export async function waitForIdleScene(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(() => window.__digitaleStad?.idle() === true, null, { timeout, polling: 200 });
}

/** Canvas-relative CSS pixels of a WGS84 position, or null when it is off screen / behind the camera. */
export async function toScreen(page: Page, lon: number, lat: number, height: number): Promise<{ x: number; y: number } | null> {
  return page.evaluate(([a, b, c]) => window.__digitaleStad!.toScreen(a, b, c), [lon, lat, height] as const);
}

export async function pickAt(page: Page, x: number, y: number): Promise<ReturnType<Hooks['pick']>> {
  return page.evaluate(([a, b]) => window.__digitaleStad!.pick(a, b), [x, y] as const);
}

export async function pins(page: Page): Promise<ReturnType<Hooks['pins']>> {
  return page.evaluate(() => window.__digitaleStad!.pins());
}

export async function layers(page: Page): Promise<ReturnType<Hooks['layers']>> {
  return page.evaluate(() => window.__digitaleStad!.layers());
}

/** Page coordinates of the 3D canvas's top-left corner and its size. */
export async function canvasBox(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.locator('.city-view canvas').first().boundingBox();
  if (!box) throw new Error('the 3D canvas is not on the page');
  return box;
}

/**
 * Of `buildings` (id + roof point), the one nearest the middle of the canvas whose roof point is
 * on screen and actually picks as that building, on its roof (not hidden behind another, not the
 * ground just past its ridge); with the screen point to click.
 */
export async function findClickableBuilding(
  page: Page,
  buildings: { id: string; lon: number; lat: number; height: number }[],
): Promise<{ id: string; x: number; y: number; height: number }> {
  const box = await canvasBox(page);
  const onScreen: { id: string; x: number; y: number; height: number; d: number }[] = [];
  for (const b of buildings) {
    const s = await toScreen(page, b.lon, b.lat, b.height);
    if (!s || s.x < 20 || s.y < 20 || s.x > box.width - 20 || s.y > box.height - 20) continue;
    onScreen.push({ id: b.id, x: s.x, y: s.y, height: b.height, d: Math.hypot(s.x - box.width / 2, s.y - box.height / 2) });
  }
  onScreen.sort((a, b) => a.d - b.d);
  for (const c of onScreen.slice(0, 40)) {
    // The roof centre of a gabled house is its ridge, the silhouette's edge from a tilted view:
    // also try a few pixels lower, on the slope facing the camera.
    for (const dy of [0, 3]) {
      const p = await pickAt(page, c.x, c.y + dy);
      const h = p.position && typeof p.position === 'object' ? (p.position as { height: number }).height : 0;
      if (p.kind === 'building' && p.buildingId === c.id && h > 1) return { id: c.id, x: c.x, y: c.y + dy, height: c.height };
    }
  }
  throw new Error(`no demo building is clickable in the current view (${onScreen.length} on screen)`);
}
