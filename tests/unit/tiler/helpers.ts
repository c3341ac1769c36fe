/**
 * Test helpers: read a written tileset back the way a 3D Tiles client does, independently of the tiler's own
 * writing code (GLB chunks, accessors with byteStride, EXT_structural_metadata property tables per the spec).
 */
import { spawn } from 'node:child_process';
import { TilerError } from '../../../server/src/tiler/errors.js';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger, NodeIO } from '@gltf-transform/core';
import { EXTMeshoptCompression, KHRMeshQuantization } from '@gltf-transform/extensions';
import { MeshoptDecoder } from 'meshoptimizer';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/cityjson', import.meta.url));
export const fixture = (name: string) => path.join(FIXTURES, name);

export function tmpDir(prefix = 'tiler-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Splits a GLB into JSON and BIN (glTF 2.0 §4.4). */
export function parseGlb(bytes: Uint8Array): { json: any; bin: Uint8Array } {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== 0x46546c67) throw new Error('not a GLB');
  if (dv.getUint32(8, true) !== bytes.byteLength) throw new Error('GLB length field does not match the file');
  const jsonLen = dv.getUint32(12, true);
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + jsonLen)));
  const binLen = dv.getUint32(20 + jsonLen, true);
  const bin = bytes.subarray(28 + jsonLen, 28 + jsonLen + binLen);
  return { json, bin };
}

const SIZES: Record<number, number> = { 5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4 };
const COMPONENTS: Record<string, number> = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4 };

/** Reads an accessor into plain numbers (honours byteStride, byteOffset). */
export function readAccessor(json: any, bin: Uint8Array, index: number): number[] {
  const a = json.accessors[index];
  const bv = json.bufferViews[a.bufferView];
  const n = COMPONENTS[a.type];
  const size = SIZES[a.componentType];
  const stride = bv.byteStride ?? n * size;
  const dv = new DataView(bin.buffer, bin.byteOffset + (bv.byteOffset ?? 0) + (a.byteOffset ?? 0));
  const out: number[] = [];
  for (let i = 0; i < a.count; i++) {
    for (let k = 0; k < n; k++) {
      const o = i * stride + k * size;
      const t = a.componentType;
      out.push(
        t === 5126 ? dv.getFloat32(o, true) : t === 5125 ? dv.getUint32(o, true) : t === 5123 ? dv.getUint16(o, true) : t === 5121 ? dv.getUint8(o) : NaN,
      );
    }
  }
  return out;
}

function viewBytes(json: any, bin: Uint8Array, index: number): Uint8Array {
  const bv = json.bufferViews[index];
  return bin.subarray(bv.byteOffset ?? 0, (bv.byteOffset ?? 0) + bv.byteLength);
}

/**
 * Decodes property table 0 of EXT_structural_metadata (3D Metadata Specification, binary table format):
 * returns the class's property definitions and each column, with noData values as null.
 */
export function readPropertyTable(json: any, bin: Uint8Array): { count: number; classDef: any; columns: Record<string, unknown[]> } {
  const ext = json.extensions.EXT_structural_metadata;
  const table = ext.propertyTables[0];
  const classDef = ext.schema.classes[table.class];
  const columns: Record<string, unknown[]> = {};
  for (const [id, def] of Object.entries<any>(classDef.properties)) {
    const p = table.properties[id];
    if (!p) continue;
    const values = viewBytes(json, bin, p.values);
    const out: unknown[] = [];
    if (def.type === 'STRING') {
      const offBytes = viewBytes(json, bin, p.stringOffsets);
      const offsets = new DataView(offBytes.buffer, offBytes.byteOffset, offBytes.byteLength);
      for (let i = 0; i < table.count; i++) {
        const s = new TextDecoder().decode(values.subarray(offsets.getUint32(i * 4, true), offsets.getUint32((i + 1) * 4, true)));
        out.push(def.noData !== undefined && s === def.noData ? null : s);
      }
    } else if (def.type === 'BOOLEAN') {
      for (let i = 0; i < table.count; i++) out.push(((values[i >> 3] >> (i & 7)) & 1) === 1);
    } else {
      if (values.byteOffset % 8 !== 0 && def.componentType === 'FLOAT64') throw new Error(`FLOAT64 column ${id} not 8-byte aligned`);
      const dv = new DataView(values.buffer, values.byteOffset, values.byteLength);
      for (let i = 0; i < table.count; i++) {
        const v = def.componentType === 'FLOAT64' ? dv.getFloat64(i * 8, true) : dv.getInt32(i * 4, true);
        out.push(def.noData !== undefined && v === def.noData ? null : v);
      }
    }
    columns[id] = out;
  }
  return { count: table.count, classDef, columns };
}

export interface ReadTile {
  uri: string;
  box: number[];
  geometricError: number;
  json: any;
  bin: Uint8Array;
  /** Vertex positions in the tileset root frame (z up), after the node translation and the y-up → z-up turn. */
  positions: number[];
  /** Unit normals in the root frame (z up). */
  normals: number[];
  /** RGBA 0–255 (linear, as stored). */
  colors: number[];
  featureIds: number[];
  table: ReturnType<typeof readPropertyTable>;
}

let io: NodeIO | undefined;

/**
 * Decodes a GLB with glTF-Transform's reader and meshoptimizer's decoder (EXT_meshopt_compression,
 * KHR_mesh_quantization): positions through the node's world matrix (dequantization included) turned from glTF
 * y-up to 3D Tiles z-up (3D Tiles 1.1 §glTF transforms), normals likewise, and the `_FEATURE_ID_0` values.
 */
export async function decodeContent(bytes: Uint8Array): Promise<{ positions: number[]; normals: number[]; colors: number[]; featureIds: number[] }> {
  await MeshoptDecoder.ready;
  io ??= new NodeIO().setLogger(new Logger(Logger.Verbosity.ERROR)).registerExtensions([EXTMeshoptCompression, KHRMeshQuantization]).registerDependencies({ 'meshopt.decoder': MeshoptDecoder });
  const doc = await io.readBinary(bytes);
  const node = doc.getRoot().listNodes().find((n) => n.getMesh())!;
  const m = node.getWorldMatrix();
  const prim = node.getMesh()!.listPrimitives()[0];
  const pos = prim.getAttribute('POSITION')!;
  const nor = prim.getAttribute('NORMAL')!;
  const fid = prim.getAttribute('_FEATURE_ID_0')!;
  const col = prim.getAttribute('COLOR_0')!;
  const colors: number[] = [];
  const positions: number[] = [];
  const normals: number[] = [];
  const featureIds: number[] = [];
  const e: number[] = [];
  for (let i = 0; i < pos.getCount(); i++) {
    pos.getElement(i, e);
    const x = m[0] * e[0] + m[4] * e[1] + m[8] * e[2] + m[12];
    const y = m[1] * e[0] + m[5] * e[1] + m[9] * e[2] + m[13];
    const z = m[2] * e[0] + m[6] * e[1] + m[10] * e[2] + m[14];
    positions.push(x, -z, y);
    nor.getElement(i, e);
    const l = Math.hypot(e[0], e[1], e[2]) || 1;
    normals.push(e[0] / l, -e[2] / l, e[1] / l);
    featureIds.push(fid.getScalar(i));
    col.getElement(i, e);
    colors.push(...e.map((c) => Math.round(c * 255)));
  }
  return { positions, normals, colors, featureIds };
}

export interface ReadTileset {
  json: any;
  tiles: ReadTile[];
  /** Every tile JSON with its parent (null for the root). */
  all: { tile: any; parent: any | null }[];
}

/** Reads tileset.json and every content GLB under `dir`. */
export async function readTileset(dir: string): Promise<ReadTileset> {
  const json = JSON.parse(await readFile(path.join(dir, 'tileset.json'), 'utf8'));
  const all: { tile: any; parent: any | null }[] = [];
  const walk = (tile: any, parent: any | null) => {
    all.push({ tile, parent });
    for (const c of tile.children ?? []) walk(c, tile);
  };
  walk(json.root, null);
  const tiles: ReadTile[] = [];
  for (const { tile } of all) {
    if (!tile.content) continue;
    const bytes = new Uint8Array(await readFile(path.join(dir, tile.content.uri)));
    const { json: g, bin } = parseGlb(bytes);
    const { positions, featureIds, normals, colors } = await decodeContent(bytes);
    tiles.push({
      uri: tile.content.uri,
      box: tile.boundingVolume.box,
      geometricError: tile.geometricError,
      json: g,
      bin,
      positions,
      normals,
      colors,
      featureIds,
      table: readPropertyTable(g, bin),
    });
  }
  return { json, tiles, all };
}

/** Column-major 4×4 × (x, y, z, 1). */
export function applyMatrix(m: number[], x: number, y: number, z: number): [number, number, number] {
  return [m[0] * x + m[4] * y + m[8] * z + m[12], m[1] * x + m[5] * y + m[9] * z + m[13], m[2] * x + m[6] * y + m[10] * z + m[14]];
}

/** True when the point lies in an axis-aligned 3D Tiles box (half-axes on the diagonal), with a tolerance (m). */
export function inBox(box: number[], x: number, y: number, z: number, tol = 1e-3): boolean {
  return Math.abs(x - box[0]) <= box[3] + tol && Math.abs(y - box[1]) <= box[7] + tol && Math.abs(z - box[2]) <= box[11] + tol;
}

/**
 * Runs `npm run tiles -- <args>` as a user does: a real child process (`npx tsx server/src/cli/tiles.ts`) in the
 * repository root, with `env` added to this process's environment. Resolves with its exit code and output.
 */
export function runTilesCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const child = spawn('npx', ['tsx', 'server/src/cli/tiles.ts', ...args], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Resolves with the TilerError a build rejects with; fails the test when it succeeds or throws anything else. */
export async function failure(p: Promise<unknown>): Promise<TilerError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TilerError) return e;
    throw e;
  }
  throw new Error('expected the build to fail');
}
