/**
 * Tiler bench (issue 3): buildings/s, peak memory and bytes per building of `npm run tiles -- build` on
 * (a) Rotterdam Delfshaven (853 LoD2 buildings, shared/data SOURCES.md §1a; skipped with a message when the shared
 *     data folder is absent) and
 * (b) a generated city of `--buildings N` (default 100,000) LoD2 buildings streamed from CityJSONSeq
 *     (bench/generate-city.ts, written to a temporary folder),
 * next to anchors measured in the same run on the same generated buildings:
 * - citygml-to-3dtiles (npm, njam/citygml-to-3dtiles) on a CityGML 2.0 file of the first `--anchor-buildings M`
 *   of them (default min(N, 10,000): it reads the whole XML into a DOM, so 100,000 buildings (≈ 350 MB of XML)
 *   do not fit in its memory here);
 * - gltfpack -cc (npm `gltfpack`, the WASM build of meshoptimizer's gltfpack) on a plain GLB of all N.
 * Every tool runs in its own child process; seconds are wall-clock of that process (start-up included), peak RSS
 * from /usr/bin/time -v. A tool that cannot run prints why in its row and the bench goes on.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCityGML, writeCityJSONSeq, writeGlb } from './generate-city.js';
import { folderBytes, lastError, measure, type Measured } from './measure.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DELFSHAVEN = 'cityjson-val3dity/3-20-DELFSHAVEN.city.json';
const TIMEOUT_MS = 15 * 60_000;

export interface TilerBenchOptions {
  /** Buildings in the generated city (default 100,000). */
  buildings?: number;
  /** Buildings given to citygml-to-3dtiles (default min(buildings, 10,000)). */
  anchorBuildings?: number;
}

interface Row {
  tool: string;
  input: string;
  buildings: number | null;
  seconds: number | null;
  peakRss: number | null;
  bytes: number | null;
  note?: string;
}

async function findShared(relative: string): Promise<string | null> {
  for (const base of ['/work/shared/data', path.resolve(ROOT, '../shared/data')]) {
    const file = path.join(base, relative);
    if (await stat(file).then((s) => s.isFile(), () => false)) return file;
  }
  return null;
}

function resolveBin(pkg: string, rel: string): string | null {
  try {
    return path.join(path.dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), rel);
  } catch {
    return null;
  }
}

async function runTiler(input: string, label: string, tmp: string): Promise<Row> {
  const out = await mkdtemp(path.join(tmp, 'tiler-'));
  const m = await measure(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/tiler-child.ts'), input, out], { cwd: ROOT, timeoutMs: TIMEOUT_MS });
  const row = rowOf('digitale-stad tiler', label, m);
  if (m.ok) {
    const s = JSON.parse(m.stdout.trim().split('\n').pop()!);
    row.buildings = s.featuresWritten;
    row.bytes = s.bytes;
    row.note = `${s.tiles} tiles, build ${s.seconds.toFixed(1)} s in-process`;
  }
  await rm(out, { recursive: true, force: true });
  return row;
}

function rowOf(tool: string, input: string, m: Measured): Row {
  return { tool, input, buildings: null, seconds: m.seconds, peakRss: m.peakRss, bytes: null, note: m.ok ? undefined : lastError(m) };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function printTable(rows: Row[]): void {
  const head = ['tool', 'input', 'buildings', 'seconds', 'buildings/s', 'peak RSS MiB', 'bytes/building', 'note'];
  const cells = rows.map((r) => {
    const ok = r.buildings !== null && r.seconds !== null;
    return [
      r.tool,
      r.input,
      r.buildings === null ? '–' : fmt(r.buildings),
      r.seconds === null ? '–' : fmt(r.seconds, 2),
      ok ? fmt(r.buildings! / r.seconds!) : '–',
      r.peakRss === null ? '–' : fmt(r.peakRss / 1024 / 1024, 0),
      ok && r.bytes !== null ? fmt(r.bytes / r.buildings!) : '–',
      r.note ?? '',
    ];
  });
  const widths = head.map((h, c) => Math.max(h.length, ...cells.map((r) => r[c].length)));
  const line = (r: string[]) => `  ${r.map((v, c) => (c >= 2 && c <= 6 ? v.padStart(widths[c]) : v.padEnd(widths[c]))).join('  ').trimEnd()}\n`;
  process.stdout.write(line(head));
  process.stdout.write(line(widths.map((w) => '-'.repeat(w))));
  for (const r of cells) process.stdout.write(line(r));
}

/** `npm run bench -- tiler [--buildings N] [--anchor-buildings M]`: prints the table (see the module comment). */
export async function benchTiler(options: TilerBenchOptions = {}): Promise<void> {
  const n = options.buildings ?? 100_000;
  const m = Math.min(n, options.anchorBuildings ?? 10_000);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'bench-tiler-'));
  const rows: Row[] = [];
  const log = (s: string) => process.stderr.write(`bench tiler: ${s}\n`);
  try {
    const delfshaven = await findShared(DELFSHAVEN);
    if (delfshaven) {
      log('Delfshaven (853 buildings)…');
      rows.push(await runTiler(delfshaven, 'Delfshaven CityJSON 2.0', tmp));
    } else {
      rows.push({ tool: 'digitale-stad tiler', input: 'Delfshaven', buildings: null, seconds: null, peakRss: null, bytes: null, note: `skipped: ${DELFSHAVEN} not found under /work/shared/data or ../shared/data` });
    }

    log(`generating ${fmt(n)} LoD2 buildings (CityJSONSeq, CityGML of ${fmt(m)}, GLB)…`);
    const seq = path.join(tmp, `city-${n}.city.jsonl`);
    const gml = path.join(tmp, `city-${m}.gml`);
    const glb = path.join(tmp, `city-${n}.glb`);
    await writeCityJSONSeq(seq, n);
    await writeCityGML(gml, m);
    await writeGlb(glb, n);
    const sizes = await Promise.all([seq, gml, glb].map((f) => stat(f).then((s) => s.size)));
    const mib = (b: number) => `${fmt(b / 1024 / 1024, 0)} MiB`;

    log(`tiler on ${fmt(n)} buildings…`);
    rows.push(await runTiler(seq, `generated CityJSONSeq (${mib(sizes[0])})`, tmp));

    const cg = resolveBin('citygml-to-3dtiles', 'bin/citygml-to-3dtiles.mjs');
    if (!cg) {
      rows.push({ tool: 'citygml-to-3dtiles', input: 'generated CityGML', buildings: null, seconds: null, peakRss: null, bytes: null, note: 'not installed (npm i -D citygml-to-3dtiles)' });
    } else {
      log(`citygml-to-3dtiles on ${fmt(m)} buildings…`);
      const out = path.join(tmp, 'citygml-out');
      const r = await measure(process.execPath, ['--max-old-space-size=4096', cg, gml, out], { timeoutMs: TIMEOUT_MS });
      const row = rowOf('citygml-to-3dtiles 0.1.6', `generated CityGML 2.0 (${mib(sizes[1])})`, r);
      if (r.ok) {
        row.buildings = m;
        row.bytes = await folderBytes(out);
        row.note = '1 b3dm, uncompressed';
      }
      rows.push(row);
      await rm(out, { recursive: true, force: true });
    }

    const gp = resolveBin('gltfpack', 'cli.js');
    if (!gp) {
      rows.push({ tool: 'gltfpack', input: 'generated GLB', buildings: null, seconds: null, peakRss: null, bytes: null, note: 'not installed (npm i -D gltfpack)' });
    } else {
      log(`gltfpack -cc on ${fmt(n)} buildings…`);
      const out = path.join(tmp, 'packed.glb');
      const r = await measure(process.execPath, [gp, '-i', glb, '-o', out, '-cc'], { timeoutMs: TIMEOUT_MS });
      const row = rowOf('gltfpack 1.3 -cc (WASM)', `generated plain GLB (${mib(sizes[2])})`, r);
      if (r.ok) {
        row.buildings = n;
        row.bytes = (await stat(out)).size;
        row.note = 'one mesh, meshopt; no tiling, no ids';
      }
      rows.push(row);
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  process.stdout.write(`bench tiler: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}; seconds are wall-clock of each tool's own process\n`);
  printTable(rows);
}
