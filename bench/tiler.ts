/**
 * Tiler bench: CityJSON → 3D Tiles on the Rotterdam Delfshaven district (853 LoD2 buildings, shared/data SOURCES.md
 * §1a). Anchor (the floor no tiler can beat): reading the file, JSON.parse and proj4 RD → WGS84 of every vertex.
 * Skips with a message when the shared data folder is absent.
 */
import { readFile, rm, stat, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import proj4 from 'proj4';
import { buildTileset, RD_NEW_PROJ4 } from '../server/src/tiler/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RELATIVE = 'cityjson-val3dity/3-20-DELFSHAVEN.city.json';
const RUNS = 3;

async function findInput(): Promise<string | null> {
  for (const base of ['/work/shared/data', path.resolve(ROOT, '../shared/data')]) {
    const file = path.join(base, RELATIVE);
    if (await stat(file).then((s) => s.isFile(), () => false)) return file;
  }
  return null;
}

async function anchor(file: string): Promise<number> {
  const t = performance.now();
  const doc = JSON.parse(await readFile(file, 'utf8'));
  const conv = proj4(RD_NEW_PROJ4, 'EPSG:4326');
  const [sx, sy] = doc.transform.scale;
  const [tx, ty] = doc.transform.translate;
  let check = 0;
  for (const v of doc.vertices as number[][]) check += conv.forward([v[0] * sx + tx, v[1] * sy + ty])[0];
  if (!Number.isFinite(check)) throw new Error('anchor produced NaN');
  return (performance.now() - t) / 1000;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mib = (bytes: number) => `${fmt(bytes / 1024 / 1024, 1)} MiB`;

export async function benchTiler(): Promise<void> {
  const file = await findInput();
  if (!file) {
    process.stdout.write(`bench tiler: skipped, ${RELATIVE} not found under /work/shared/data or ../shared/data\n`);
    return;
  }
  const size = (await stat(file)).size;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-tiler-'));
  try {
    const runs: number[] = [];
    let last;
    for (let i = 0; i < RUNS; i++) {
      last = await buildTileset({ input: file, name: 'bench', tilesetsDir: dir, register: false });
      runs.push(last.seconds);
    }
    const rss = process.resourceUsage().maxRSS * 1024;
    const anchors: number[] = [];
    for (let i = 0; i < RUNS; i++) anchors.push(await anchor(file));
    const s = last!;
    const n = s.featuresWritten;
    const rows = [
      ['', 'run 1 (cold)', `best of ${RUNS}`, 'buildings/s (cold / best)'],
      ['tiler: build tileset', `${fmt(runs[0], 3)} s`, `${fmt(Math.min(...runs), 3)} s`, `${fmt(n / runs[0])} / ${fmt(n / Math.min(...runs))}`],
      ['anchor: parse + proj4', `${fmt(anchors[0], 3)} s`, `${fmt(Math.min(...anchors), 3)} s`, `${fmt(n / anchors[0])} / ${fmt(n / Math.min(...anchors))}`],
    ];
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    process.stdout.write(`bench tiler: ${path.basename(file)} (${mib(size)}, ${fmt(n)} buildings, ${fmt(s.vertices)} output vertices, ${fmt(s.triangles)} triangles)\n`);
    for (const r of rows) process.stdout.write(`  ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   ')}\n`);
    process.stdout.write(`  bytes per building ${fmt(s.bytes / n)}   tiles ${s.tiles}   output ${mib(s.bytes)}   peak RSS ${mib(rss)}   tiler / anchor (best) ${fmt(Math.min(...runs) / Math.min(...anchors), 1)}×\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
