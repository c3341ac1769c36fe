/**
 * End to end, in real Chromium (software WebGL 2): the sun and shadow study (client/src/viewer/sun.ts), on the
 * generated demo district, driven through `window.__digitaleStad.viewer.setSun` and the scenario hooks.
 *
 * How the shadow check works:
 * 1. The demo buildings' footprints (RD New corners from demoCityJSON, to WGS84, to a local east-north-up plane
 *    in metres) and heights are known here. At a winter morning instant (21 December 2025, 10:30 Amsterdam time,
 *    09:30 UTC) the page reports where Cesium puts the sun (`sunAt`: azimuth, altitude ≈ 9°).
 * 2. A ground point P is chosen whose ray towards the sun runs through one building B well below B's eaves and
 *    well inside its walls, and passes no other building (with margins): P lies in B's shadow and in no other.
 * 3. The camera looks at P from the side away from the sun (so B stands behind P, not in front of it); a pick
 *    at P's screen point must say "ground".
 * 4. The mean brightness of a small square of pixels around P (page.screenshot clip, decoded in the page) is
 *    read with B shown (shadowed) and with B hidden through hideFeatures (lit), and again with B clipped away by
 *    a clipping polygon around it. Shadowed must be clearly darker than lit (ratio < 0.8; with darkness 0.4 it
 *    is about 0.4); hidden and clipped must both be lit (within 10 % of each other).
 * Every wait is on a hook (idle, frames), never on time.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransformer, parseCrs } from '../../server/src/tiler/crs.js';
import { DEMO_CENTER, demoCityJSON } from '../../server/src/tiler/demo.js';
import type { TestServer } from '../helpers/server.js';
import { openPage, type WatchedPage } from './support/chromium.js';
import { startDemoApp, type DemoApp } from './support/demoApp.js';
import { canvasBox, pickAt, toScreen, waitForIdleScene } from './support/scene.js';

const STEP = 240_000;
/** 21 December 2025, 10:30 in Amsterdam (CET, UTC+1). */
const WINTER_MORNING = '2025-12-21T09:30:00.000Z';

let server: TestServer;
let browser: Browser;
let app: DemoApp;
let w: WatchedPage;
let page: Page;

// --- geometry in a local east-north-up plane around the demo centre (metres) ------------------------------------

const A = 6378137;
const E2 = 0.00669437999014;
const LAT0 = (DEMO_CENTER.lat * Math.PI) / 180;
const N0 = A / Math.sqrt(1 - E2 * Math.sin(LAT0) ** 2);
const M0 = (A * (1 - E2)) / (1 - E2 * Math.sin(LAT0) ** 2) ** 1.5;
const toLocal = (lon: number, lat: number): [number, number] => [
  (((lon - DEMO_CENTER.lon) * Math.PI) / 180) * N0 * Math.cos(LAT0),
  (((lat - DEMO_CENTER.lat) * Math.PI) / 180) * M0,
];
const toLonLat = (x: number, y: number): [number, number] => [
  DEMO_CENTER.lon + ((x / (N0 * Math.cos(LAT0))) * 180) / Math.PI,
  DEMO_CENTER.lat + ((y / M0) * 180) / Math.PI,
];

interface Footprint {
  id: string;
  /** Corners, counter-clockwise, local metres. */
  ring: [number, number][];
  /** Corners in WGS84 degrees. */
  lonLat: [number, number][];
  /** Eave height (the top of the walls) and full height, metres. */
  eave: number;
  height: number;
  centre: [number, number];
  radius: number;
}

/** The demo buildings' footprints from the CityJSON the tiler was given (vertices 0-3: ground, 4: eave). */
function footprints(): Footprint[] {
  const cj = demoCityJSON() as {
    transform: { scale: number[]; translate: number[] };
    vertices: number[][];
    CityObjects: Record<string, { geometry: { boundaries: number[][][][] }[] }>;
  };
  const rd = createTransformer(parseCrs('EPSG:7415'));
  const [sx, sy, sz] = cj.transform.scale as [number, number, number];
  const [tx, ty, tz] = cj.transform.translate as [number, number, number];
  const out: Footprint[] = [];
  for (const [id, obj] of Object.entries(cj.CityObjects)) {
    const idx = [...new Set(obj.geometry[0]!.boundaries.flat(3))].sort((a, b) => a - b);
    const base = idx[0]!;
    const v = (i: number) => cj.vertices[base + i]!;
    const xyz = new Float64Array(12);
    for (let i = 0; i < 4; i++) xyz.set([v(i)[0]! * sx + tx, v(i)[1]! * sy + ty, 0], i * 3);
    rd.toGeodetic(xyz, xyz);
    const lonLat: [number, number][] = [0, 1, 2, 3].map((i) => [xyz[i * 3]!, xyz[i * 3 + 1]!]);
    const ring = lonLat.map(([lo, la]) => toLocal(lo, la));
    const eave = v(4)[2]! * sz + tz;
    const height = Math.max(...idx.map((i) => cj.vertices[i]![2]! * sz + tz));
    const centre: [number, number] = [ring.reduce((s, p) => s + p[0], 0) / 4, ring.reduce((s, p) => s + p[1], 0) / 4];
    const radius = Math.max(...ring.map((p) => Math.hypot(p[0] - centre[0], p[1] - centre[1])));
    out.push({ id, ring, lonLat, eave, height, centre, radius });
  }
  return out;
}

/** The smallest signed distance from p to the ring's edges (positive inside a counter-clockwise ring). */
function inset(ring: [number, number][], p: [number, number]): number {
  let d = Infinity;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % ring.length]!;
    const ex = b[0] - a[0];
    const ey = b[1] - a[1];
    const len = Math.hypot(ex, ey);
    d = Math.min(d, (ex * (p[1] - a[1]) - ey * (p[0] - a[0])) / len);
  }
  return d;
}

/**
 * Ground points in the shadow of exactly one building: the ray from P towards the sun runs ≥ 3 m inside that
 * building, ≥ 1.5 m inside its walls and ≥ 2 m below its eaves, and stays ≥ 3 m (or ≥ 3 m above) clear of every
 * other building; P itself is ≥ 4 m from every building. Tall buildings first.
 */
function shadowCandidates(all: Footprint[], sun: { azimuth: number; altitude: number }): { p: [number, number]; b: Footprint }[] {
  const az = (sun.azimuth * Math.PI) / 180;
  const s: [number, number] = [Math.sin(az), Math.cos(az)];
  const rise = Math.tan((sun.altitude * Math.PI) / 180);
  const maxH = Math.max(...all.map((b) => b.height));
  const reach = (maxH + 3) / rise;
  const out: { p: [number, number]; b: Footprint; score: number }[] = [];
  for (const b of [...all].sort((x, y) => y.eave - x.eave)) {
    if (b.eave < 8) continue;
    // start points: B's centre and corners pulled in, moved away from the sun
    for (const start of [b.centre, ...b.ring.map((c) => [(c[0] + b.centre[0]) / 2, (c[1] + b.centre[1]) / 2] as [number, number])]) {
      for (let back = 6; back < (b.eave - 2) / rise; back += 3) {
        const p: [number, number] = [start[0] - s[0] * back, start[1] - s[1] * back];
        if (all.some((o) => inset(o.ring, p) > -4)) continue;
        let insideB = 0;
        let blocked = false;
        const near = all.filter((o) => {
          // distance from o's centre to the segment p → p + s·reach
          const t = Math.max(0, Math.min(reach, (o.centre[0] - p[0]) * s[0] + (o.centre[1] - p[1]) * s[1]));
          return Math.hypot(p[0] + s[0] * t - o.centre[0], p[1] + s[1] * t - o.centre[1]) < o.radius + 4;
        });
        for (let t = 0; t <= reach && !blocked; t += 0.5) {
          const q: [number, number] = [p[0] + s[0] * t, p[1] + s[1] * t];
          const z = t * rise;
          for (const o of near) {
            if (o === b) {
              if (inset(o.ring, q) > 1.5 && z < o.eave - 2) insideB += 0.5;
            } else if (inset(o.ring, q) > -3 && z < o.height + 3) {
              blocked = true;
              break;
            }
          }
        }
        if (!blocked && insideB >= 3) out.push({ p, b, score: b.eave * 10 - back });
      }
    }
  }
  return out.sort((x, y) => y.score - x.score);
}

// --- page helpers -------------------------------------------------------------------------------------------------

async function idle(): Promise<void> {
  await waitForIdleScene(page, 180_000);
}

/** Waits until the page drew two more frames (so a change is on screen), after the scene went idle. */
async function settled(): Promise<void> {
  await idle();
  const n = await page.evaluate(() => window.__digitaleStad!.frames());
  await page.evaluate(() => window.__digitaleStad!.renderFrame());
  await page.waitForFunction((k) => window.__digitaleStad!.frames() >= k + 1, n, { timeout: 60_000, polling: 100 });
  await page.evaluate(() => window.__digitaleStad!.renderFrame());
  await page.waitForFunction((k) => window.__digitaleStad!.frames() >= k + 2, n, { timeout: 60_000, polling: 100 });
}

async function setSun(iso: string | null): Promise<void> {
  await page.evaluate((i) => window.__digitaleStad!.viewer.setSun(i === null ? null : new Date(i)), iso);
}

/** Mean brightness (0..255, Rec. 601 luma) of a (2r+1)² pixel square around canvas point (x, y). */
async function brightnessAt(x: number, y: number, r = 4): Promise<number> {
  const box = await canvasBox(page);
  const png = await page.screenshot({ clip: { x: box.x + x - r, y: box.y + y - r, width: 2 * r + 1, height: 2 * r + 1 }, type: 'png' });
  return page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const c = document.createElement('canvas');
    c.width = bmp.width;
    c.height = bmp.height;
    const g = c.getContext('2d')!;
    g.drawImage(bmp, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;
    return sum / (d.length / 4);
  }, png.toString('base64'));
}

beforeAll(async () => {
  app = await startDemoApp('shadows');
  ({ server, browser } = app);
  w = await openPage(browser, server.baseUrl);
  page = w.page;
  await page.goto(server.baseUrl + '/');
  await idle();
}, 300_000);

afterAll(async () => {
  await app?.close();
});

describe('sun and shadow study', () => {
  it(
    'turns on the sun at an instant with shadows, and off again',
    async () => {
      expect(await page.evaluate(() => [window.__digitaleStad!.sun(), window.__digitaleStad!.shadowsEnabled()])).toEqual([null, false]);
      await setSun(WINTER_MORNING);
      expect(await page.evaluate(() => [window.__digitaleStad!.sun(), window.__digitaleStad!.shadowsEnabled()])).toEqual([WINTER_MORNING, true]);
      // a winter morning in Rotterdam: sun in the south-east, low
      const sun = await page.evaluate(([lon, lat]) => window.__digitaleStad!.sunAt(lon, lat), [DEMO_CENTER.lon, DEMO_CENTER.lat] as const);
      expect(sun.azimuth).toBeGreaterThan(140);
      expect(sun.azimuth).toBeLessThan(165);
      expect(sun.altitude).toBeGreaterThan(6);
      expect(sun.altitude).toBeLessThan(13);
      await setSun(null);
      expect(await page.evaluate(() => [window.__digitaleStad!.sun(), window.__digitaleStad!.shadowsEnabled()])).toEqual([null, false]);
    },
    STEP,
  );

  it(
    'a building casts a shadow on the ground; hidden or clipped away it casts none',
    async () => {
      await setSun(WINTER_MORNING);
      const sun = await page.evaluate(([lon, lat]) => window.__digitaleStad!.sunAt(lon, lat), [DEMO_CENTER.lon, DEMO_CENTER.lat] as const);
      const all = footprints();
      const candidates = shadowCandidates(all, sun);
      expect(candidates.length).toBeGreaterThan(0);

      // the first candidate whose ground point the camera sees (from the side away from the sun)
      let found: { p: [number, number]; b: Footprint; x: number; y: number; lon: number; lat: number } | null = null;
      for (const c of candidates.slice(0, 25)) {
        const [lon, lat] = toLonLat(c.p[0], c.p[1]);
        await page.evaluate(([a, b, h]) => window.__digitaleStad!.lookAt(a, b, 0, 160, h, -50), [lon, lat, sun.azimuth] as const);
        await idle();
        const s = await toScreen(page, lon, lat, 0);
        if (!s) continue;
        const pick = await pickAt(page, s.x, s.y);
        if (pick.kind !== 'ground') continue;
        found = { ...c, x: s.x, y: s.y, lon, lat };
        break;
      }
      expect(found, 'a shadowed ground point the camera can see').not.toBeNull();
      const { b, x, y } = found!;

      await settled();
      const shadowed = await brightnessAt(x, y);

      const replaced = [{ tilesetId: 'demo', featureId: b.id }];
      await page.evaluate((r) => window.__digitaleStad!.hideFeatures('shadow', r), replaced);
      await settled();
      const litHidden = await brightnessAt(x, y);
      await page.evaluate(() => window.__digitaleStad!.releaseFeatures('shadow'));
      await settled();
      const shadowedAgain = await brightnessAt(x, y);

      // clipped: a clipping polygon 0.5 m outside B's walls
      const grow = (p: [number, number]): [number, number] => {
        const dx = p[0] - b.centre[0];
        const dy = p[1] - b.centre[1];
        const len = Math.hypot(dx, dy);
        return toLonLat(p[0] + (dx / len) * 0.7, p[1] + (dy / len) * 0.7);
      };
      const clipArea = b.ring.map(grow);
      await page.evaluate((ring) => window.__digitaleStad!.viewer.setScenarioView({ left: { id: 'clip', replaced: [], clipArea: ring, placements: [] } }), clipArea);
      await settled();
      const litClipped = await brightnessAt(x, y);
      await page.evaluate(() => window.__digitaleStad!.viewer.setScenarioView({ left: null }));

      // the study off: no shadows at all
      await setSun(null);
      await settled();
      const off = await brightnessAt(x, y);

      console.log(
        `shadow check: building ${b.id} (eave ${b.eave.toFixed(1)} m), sun az ${sun.azimuth.toFixed(1)}° alt ${sun.altitude.toFixed(1)}°, ` +
          `point (${x.toFixed(0)}, ${y.toFixed(0)}) px: shadowed ${shadowed.toFixed(1)} / ${shadowedAgain.toFixed(1)}, ` +
          `lit (hidden) ${litHidden.toFixed(1)}, lit (clipped) ${litClipped.toFixed(1)}, study off ${off.toFixed(1)}`,
      );
      expect(litHidden).toBeGreaterThan(20);
      expect(shadowed / litHidden).toBeLessThan(0.8);
      expect(shadowedAgain / litHidden).toBeLessThan(0.8);
      expect(Math.abs(litClipped - litHidden) / litHidden).toBeLessThan(0.1);
      expect(off / litHidden).toBeGreaterThan(0.9);
      expect(w.errors).toEqual([]);
    },
    STEP * 2,
  );

  it(
    'costs this much per frame in software WebGL (shadows on vs off)',
    async () => {
      // alternate off / on three times (the first frames of each also compile shaders) and keep each mode's best
      const times: Record<'off' | 'on', number[]> = { off: [], on: [] };
      for (let round = 0; round < 3; round++) {
        for (const mode of ['off', 'on'] as const) {
          await setSun(mode === 'on' ? WINTER_MORNING : null);
          await settled();
          times[mode].push(await page.evaluate(() => window.__digitaleStad!.frameTimeMs(4)));
        }
      }
      const best = (a: number[]) => Math.min(...a);
      console.log(
        `frame time (SwiftShader, 1280×800, best of 3 × 4 frames): shadows off ${best(times.off).toFixed(0)} ms, on ${best(times.on).toFixed(0)} ms ` +
          `(all: off ${times.off.map((t) => t.toFixed(0)).join('/')}, on ${times.on.map((t) => t.toFixed(0)).join('/')})`,
      );
      expect(best(times.on)).toBeGreaterThan(0);
      await setSun(null);
    },
    STEP,
  );
});
