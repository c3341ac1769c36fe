/**
 * Models bench (issue 4, Partners): the partner model upload pipeline (server/src/models/pipeline.ts
 * processModelUpload: sniff, gltf-validator, normalise, dedup/weld/prune, meshopt → GLB) per input, next to an anchor
 * measured in the same run on the same input: gltfpack -cc (npm `gltfpack`, the WASM build of meshoptimizer's
 * gltfpack) producing a meshopt GLB. Inputs:
 * - the real models under the shared data folder (/work/shared/data or ../shared/data, SOURCES.md §3) when present:
 *   glb-pg2b3dm-3dbag/*.glb, gltf-cityjson2gltf/*.gltf with its .bin, and the gltf-transform-fixtures (.glb, .gltf
 *   with the .bin and textures they refer to); one row saying so when the folder is absent;
 * - always a generated city block of 2,000 boxes, 528,000 triangles (bench/generate-block.ts, in a temporary folder).
 * Per row: bytes in (the uploaded files) → bytes out (the GLB), triangles in the output, wall-clock ms of the tool's
 * own child process (start-up included; the pipeline's own ms is in the note) and its peak RSS (/usr/bin/time -v).
 * A tool that cannot run on an input prints why in its row and the bench goes on.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { modelIO } from '../server/src/models/io.js';
import { countTriangles } from '../server/src/models/pipeline.js';
import { writeBlockGlb } from './generate-block.js';
import { lastError, measure, type Measured } from './measure.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TIMEOUT_MS = 10 * 60_000;
const BOXES = 2_000;
/** Folders of the shared data folder holding models (SOURCES.md §3). */
const SHARED_MODELS = ['glb-pg2b3dm-3dbag', 'gltf-cityjson2gltf', 'gltf-transform-fixtures'];

interface Input {
  label: string;
  /** The main GLB/.gltf first, then the resources it refers to. */
  files: string[];
}

interface Row {
  tool: string;
  input: string;
  bytesIn: number | null;
  bytesOut: number | null;
  triangles: number | null;
  ms: number | null;
  peakRss: number | null;
  note?: string;
}

async function findSharedData(): Promise<string | null> {
  for (const base of ['/work/shared/data', path.resolve(ROOT, '../shared/data')]) {
    if (await stat(path.join(base, 'SOURCES.md')).then((s) => s.isFile(), () => false)) return base;
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

/** The files a .gltf refers to (buffers[].uri, images[].uri; glTF 2.0 §3.3.1), relative to it; data: URIs skipped. */
async function gltfResources(file: string): Promise<string[]> {
  const json = JSON.parse(await readFile(file, 'utf8')) as { buffers?: { uri?: string }[]; images?: { uri?: string }[] };
  const uris = [...(json.buffers ?? []), ...(json.images ?? [])].map((x) => x.uri).filter((u): u is string => !!u && !u.startsWith('data:'));
  return [...new Set(uris)].map((u) => path.join(path.dirname(file), decodeURIComponent(u)));
}

/** The GLB and .gltf models under the shared data folder's model folders, each with its resources. */
async function sharedInputs(base: string): Promise<Input[]> {
  const inputs: Input[] = [];
  for (const folder of SHARED_MODELS) {
    const dir = path.join(base, folder);
    const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
    const mains = entries
      .filter((e) => e.isFile() && /\.(glb|gltf)$/i.test(e.name))
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
    for (const main of mains) {
      const files = /\.gltf$/i.test(main) ? [main, ...(await gltfResources(main))] : [main];
      inputs.push({ label: path.relative(base, main), files });
    }
  }
  return inputs;
}

const bytesOf = async (files: string[]) => (await Promise.all(files.map((f) => stat(f).then((s) => s.size, () => 0)))).reduce((a, b) => a + b, 0);

function rowOf(tool: string, input: Input, m: Measured): Row {
  return { tool, input: input.label, bytesIn: null, bytesOut: null, triangles: null, ms: m.seconds * 1000, peakRss: m.peakRss, note: m.ok ? undefined : lastError(m) };
}

async function runPipeline(input: Input): Promise<Row> {
  const m = await measure(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/models-child.ts'), ...input.files], { cwd: ROOT, timeoutMs: TIMEOUT_MS });
  const row = rowOf('digitale-stad pipeline', input, m);
  if (m.ok) {
    const s = JSON.parse(m.stdout.trim().split('\n').pop()!);
    row.bytesIn = s.bytesIn;
    row.bytesOut = s.bytesOut;
    row.triangles = s.triangles;
    const warnings = s.warnings.length ? `; warnings ${[...new Set(s.warnings)].join(', ')}` : '';
    row.note = `pipeline ${fmt(s.ms)} ms in-process${s.georef ? `; georef ${s.georef}` : ''}${warnings}`;
  }
  return row;
}

async function runGltfpack(gp: string, input: Input, tmp: string): Promise<Row> {
  const out = path.join(tmp, 'packed.glb');
  await rm(out, { force: true });
  const m = await measure(process.execPath, [gp, '-i', input.files[0], '-o', out, '-cc', '-v'], { timeoutMs: TIMEOUT_MS });
  const row = rowOf('gltfpack 1.3 -cc (WASM)', input, m);
  if (m.ok) {
    row.bytesIn = await bytesOf(input.files);
    row.bytesOut = (await stat(out)).size;
    try {
      row.triangles = countTriangles(await (await modelIO()).read(out));
      row.note = 'meshopt + quantised; no validation, no normalising';
      // -v prints "input: 1 mesh primitives (12 triangles, …)"; the WASM build drops geometry it cannot decode.
      const given = Number(/^input: \d+ mesh primitives \((\d+) triangles/m.exec(m.stdout)?.[1] ?? 0);
      if (row.triangles === 0 && given > 0) {
        const draco = (await readFile(input.files[0], 'latin1')).includes('KHR_draco_mesh_compression');
        row.note = `output has no geometry: dropped the input's ${fmt(given)} triangles${draco ? ' (KHR_draco_mesh_compression is not decoded)' : ''}`;
      }
    } catch (e) {
      row.note = `output not readable by glTF-Transform: ${(e as Error).message.slice(0, 80)}`;
    }
  }
  return row;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function printTable(rows: Row[]): void {
  const head = ['tool', 'input', 'bytes in', 'bytes out', 'out/in', 'triangles', 'wall ms', 'peak RSS MiB', 'note'];
  const cells = rows.map((r) => [
    r.tool,
    r.input,
    r.bytesIn === null ? '–' : fmt(r.bytesIn),
    r.bytesOut === null ? '–' : fmt(r.bytesOut),
    r.bytesIn && r.bytesOut !== null ? `${fmt((100 * r.bytesOut) / r.bytesIn, 1)} %` : '–',
    r.triangles === null ? '–' : fmt(r.triangles),
    r.ms === null ? '–' : fmt(r.ms),
    r.peakRss === null ? '–' : fmt(r.peakRss / 1024 / 1024, 0),
    r.note ?? '',
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...cells.map((r) => r[c].length)));
  const line = (r: string[]) => `  ${r.map((v, c) => (c >= 2 && c <= 7 ? v.padStart(widths[c]) : v.padEnd(widths[c]))).join('  ').trimEnd()}\n`;
  process.stdout.write(line(head));
  process.stdout.write(line(widths.map((w) => '-'.repeat(w))));
  for (const r of cells) process.stdout.write(line(r));
}

/** `npm run bench -- models`: prints the table (see the module comment). */
export async function benchModels(): Promise<void> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'bench-models-'));
  const rows: Row[] = [];
  const log = (s: string) => process.stderr.write(`bench models: ${s}\n`);
  try {
    const inputs: Input[] = [];
    const base = await findSharedData();
    if (base) inputs.push(...(await sharedInputs(base)));
    else {
      rows.push({ tool: 'digitale-stad pipeline', input: 'shared data models', bytesIn: null, bytesOut: null, triangles: null, ms: null, peakRss: null, note: `skipped: ${SHARED_MODELS.join(', ')} not found under /work/shared/data or ../shared/data` });
    }
    log(`generating a city block of ${fmt(BOXES)} boxes…`);
    const block = path.join(tmp, `block-${BOXES}.glb`);
    const triangles = await writeBlockGlb(block, BOXES);
    inputs.push({ label: `generated block, ${fmt(BOXES)} boxes, ${fmt(triangles / 1000)}k triangles`, files: [block] });

    const gp = resolveBin('gltfpack', 'cli.js');
    for (const input of inputs) {
      log(`${input.label}…`);
      rows.push(await runPipeline(input));
      if (gp) rows.push(await runGltfpack(gp, input, tmp));
      else rows.push({ tool: 'gltfpack', input: input.label, bytesIn: null, bytesOut: null, triangles: null, ms: null, peakRss: null, note: 'not installed (npm i -D gltfpack)' });
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  process.stdout.write(`bench models: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}; wall ms of each tool's own process (the pipeline's includes tsx start-up)\n`);
  printTable(rows);
}
