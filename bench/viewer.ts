/**
 * Viewer bench (issue 3, "Viewer side"): a generated city of `--buildings N` (default 100,000) LoD2 buildings
 * (tests/fixtures/generate-city.ts) is tiled with `npm run tiles -- build`, served by the real server in-process,
 * and opened in real Chromium (SwiftShader, 1280×800). The camera visits 8 spots spread over the city; at each the
 * table shows the seconds until the scene is idle (all tiles for the view loaded), the JS heap after gc()
 * (`performance.memory.usedJSHeapSize`), the tilesets' memory (Cesium3DTileset.totalMemoryUsageInBytes) and the
 * building picked at the spot (✓ when it is the generator's building there and has its attributes).
 * Anchor, measured in the same run and browser: the same numbers for the small demo district (the floor).
 * Set VIEWER_BENCH_SHOTS=<dir> to also save a screenshot per spot. Seconds include SwiftShader rendering.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { demoBuildings, ensureDemoTileset } from '../server/src/tiler/demo.js';
import { generateCitySeq } from '../tests/fixtures/generate-city.js';
import { launchChromium, openPage } from '../tests/e2e/support/chromium.js';
import { citySpots, MEMORY_ARGS, visitSpot, type Spot, type SpotResult } from '../tests/e2e/support/cityTour.js';
import { ensureClientBuild } from '../tests/e2e/support/clientBuild.js';
import { waitForIdleScene } from '../tests/e2e/support/scene.js';
import { startServer } from '../tests/helpers/server.js';
import type { TilerBenchOptions } from './tiler.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MiB = 1024 * 1024;

/** Spots as fractions of the grid: corners, centre and in between, in an order that jumps far each time. */
const FRACTIONS: [number, number][] = [
  [0.5, 0.5], [0.05, 0.05], [0.95, 0.95], [0.05, 0.95], [0.95, 0.05], [0.3, 0.7], [0.7, 0.3], [0.5, 0.02],
];

interface Row {
  label: string;
  first: boolean; // opening the app (first view), not a lookAt
  result: SpotResult | null;
  ok: string;
}

/** Opens the app on a tilesets folder and visits the spots; returns one row per spot (plus the opening view). */
async function tour(browser: Browser, tilesetsDir: string, dist: string, label: string, spots: Spot[], check: (r: SpotResult) => string, shots?: string): Promise<Row[]> {
  const server = await startServer({ tilesetsDir, clientDist: dist });
  const w = await openPage(browser, server.baseUrl);
  const rows: Row[] = [];
  try {
    const t0 = performance.now();
    await w.page.goto(server.baseUrl + '/');
    await waitForIdleScene(w.page, 300_000);
    const open = await w.page.evaluate(() => {
      (window as unknown as { gc?: () => void }).gc?.();
      const m = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
      return { heap: m?.usedJSHeapSize ?? null, tiles: window.__digitaleStad!.tilesetMemory() };
    });
    const spot0 = { index: -1, id: '', lon: 0, lat: 0, height: 0 };
    rows.push({ label: `${label} opening view`, first: true, ok: '', result: { spot: spot0, secondsToIdle: (performance.now() - t0) / 1000, jsHeapBytes: open.heap, tilesetBytes: open.tiles, pickedId: null, attributes: {} } });
    for (const [i, s] of spots.entries()) {
      const r = await visitSpot(w.page, s, 180, 300_000);
      rows.push({ label: `${label} spot ${i + 1} (${s.id})`, first: false, result: r, ok: check(r) });
      if (shots) await w.page.screenshot({ path: path.join(shots, `${label}-${i + 1}.png`) });
    }
    if (w.errors.length > 0) process.stderr.write(`bench viewer: page errors on ${label}:\n  ${w.errors.join('\n  ')}\n`);
  } finally {
    await w.context.close();
    await server.close();
  }
  return rows;
}

function printTable(rows: Row[]): void {
  const head = ['view', 's to idle', 'JS heap MiB', 'tiles MiB', 'picked id', ''];
  const f = (n: number | null, d = 1) => (n === null ? 'n/a' : n.toFixed(d));
  const cells = rows.map((r) => [
    r.label,
    f(r.result?.secondsToIdle ?? null),
    f(r.result?.jsHeapBytes == null ? null : r.result.jsHeapBytes / MiB),
    f(r.result ? r.result.tilesetBytes / MiB : null),
    r.first ? '' : (r.result?.pickedId ?? '(none)'),
    r.ok,
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...cells.map((r) => r[c].length)));
  const line = (r: string[]) => `  ${r.map((v, c) => (c >= 1 && c <= 3 ? v.padStart(widths[c]) : v.padEnd(widths[c]))).join('  ').trimEnd()}\n`;
  process.stdout.write(line(head));
  process.stdout.write(line(widths.map((w) => '-'.repeat(w))));
  for (const r of cells) process.stdout.write(line(r));
}

/** `npm run bench -- viewer [--buildings N]`: prints the table (see the module comment). */
export async function benchViewer(options: TilerBenchOptions): Promise<void> {
  const n = options.buildings ?? 100_000;
  const log = (s: string) => process.stderr.write(`bench viewer: ${s}\n`);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'ds-bench-viewer-'));
  const shots = process.env.VIEWER_BENCH_SHOTS;
  let browser: Browser | undefined;
  try {
    const cityDir = path.join(tmp, 'city-tiles');
    const demoDir = path.join(tmp, 'demo-tiles');
    const seq = path.join(tmp, 'city.city.jsonl');
    log(`generating ${n.toLocaleString('en')} buildings, building the client and the tilesets…`);
    const t0 = performance.now();
    generateCitySeq(seq, { buildings: n });
    const [dist] = await Promise.all([
      ensureClientBuild(),
      promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/src/cli/tiles.ts'), 'build', seq, '--name', 'city', '--tilesets', cityDir], { cwd: ROOT, maxBuffer: 64 * MiB }),
      ensureDemoTileset(demoDir),
    ]);
    log(`ready in ${((performance.now() - t0) / 1000).toFixed(0)} s; opening Chromium`);
    browser = await launchChromium(MEMORY_ARGS);

    const demo = demoBuildings();
    const demoSpots: Spot[] = [0, Math.floor(demo.length / 2), demo.length - 1].map((i) => ({ index: i, ...demo[i] }));
    const rows = await tour(browser, demoDir, dist, 'demo', demoSpots, (r) => (r.pickedId === r.spot.id ? '✓' : '✗ expected ' + r.spot.id), shots);
    const spots = citySpots(n, FRACTIONS);
    const check = (r: SpotResult) =>
      r.pickedId === r.spot.id && r.attributes.status === 'gegenereerd' && typeof r.attributes.bouwjaar === 'number' ? '✓' : `✗ expected ${r.spot.id} with attributes`;
    rows.push(...(await tour(browser, cityDir, dist, `city${n}`, spots, check, shots)));

    process.stdout.write(
      `bench viewer: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Chromium SwiftShader 1280×800; ` +
        `city of ${n.toLocaleString('en')} generated LoD2 buildings, camera 180 m from a roof at pitch -50°; JS heap after gc()\n`,
    );
    printTable(rows);
  } finally {
    await browser?.close();
    await rm(tmp, { recursive: true, force: true });
  }
}
