/**
 * A spill file for feature meshes, so that a streamed build keeps only a small index entry per feature in memory
 * (bounding box, counts, file offset: 64 bytes in typed arrays) and not the geometry or the attributes.
 *
 * Record layout (little-endian, every section 4-byte aligned):
 *   u32 vertexCount, u32 indexCount, u32 jsonBytes,
 *   f32 positions[3·vertexCount]   ENU metres relative to the entry's `min` (sub-millimetre for buildings),
 *   i8  normals[3·vertexCount]     unit normal × 127 (padded to 4 bytes),
 *   u8  colors[4·vertexCount]      RGBA, linear,
 *   u32 indices[indexCount],
 *   utf8 JSON [id, type, attributes] (padded to 4 bytes).
 * Written through a 4 MiB buffer; read back per tile with positioned reads.
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import type { FeatureMesh } from './mesh.js';

/** What the quadtree needs to know of a feature, kept in columns (tileset.ts). */
export type { TileItems } from './tileset.js';

const BUFFER_BYTES = 4 << 20;
const pad4 = (n: number) => (n + 3) & ~3;

/**
 * The spill file and its index: per feature 6 float64 bounds, vertex count, byte estimate, file offset and record
 * length in typed arrays (64 bytes a feature), grown by doubling. Implements TileItems for buildQuadtree.
 */
export class FeatureStore {
  count = 0;
  bounds = new Float64Array(6 * 1024);
  vertexCounts = new Uint32Array(1024);
  byteSizes = new Uint32Array(1024);
  private offsets = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private fd: number;
  private buf = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private written = 0;
  private closed = false;

  /** @param file the spill file's path; created (truncated), removed by `dispose()`. */
  constructor(readonly file: string) {
    this.fd = openSync(file, 'w+');
  }

  private grow(): void {
    const cap = this.vertexCounts.length * 2;
    const g = <A extends Float64Array | Uint32Array>(a: A, n: number): A => {
      const b = new (a.constructor as { new (n: number): A })(n);
      b.set(a);
      return b;
    };
    this.bounds = g(this.bounds, 6 * cap);
    this.vertexCounts = g(this.vertexCounts, cap);
    this.byteSizes = g(this.byteSizes, cap);
    this.offsets = g(this.offsets, cap);
    this.lengths = g(this.lengths, cap);
  }

  /** Appends a feature; its geometry and attributes leave memory. Returns its index. */
  add(f: FeatureMesh): number {
    const vc = f.positions.length / 3;
    const ic = f.indices.length;
    const json = Buffer.from(JSON.stringify([f.id, f.type, f.attributes]), 'utf8');
    const length = 12 + vc * 12 + pad4(vc * 3) + vc * 4 + ic * 4 + pad4(json.length);
    if (this.used + length > this.buf.length) this.flush();
    let rec: Buffer;
    let spill = false;
    if (length > this.buf.length) {
      rec = Buffer.alloc(length);
      spill = true;
    } else rec = this.buf.subarray(this.used, this.used + length);
    // Typed views straight on the record (every section is 4-byte aligned; the platform is little-endian, as
    // x86-64 and arm64 are): much faster than DataView calls per number.
    const ab = rec.buffer;
    const base = rec.byteOffset;
    const head = new Uint32Array(ab, base, 3);
    head[0] = vc;
    head[1] = ic;
    head[2] = json.length;
    let o = 12;
    const pos = new Float32Array(ab, base + o, vc * 3);
    const [mx, my, mz] = f.min;
    const p = f.positions;
    for (let i = 0; i < vc * 3; i += 3) {
      pos[i] = p[i] - mx;
      pos[i + 1] = p[i + 1] - my;
      pos[i + 2] = p[i + 2] - mz;
    }
    o += vc * 12;
    const nor = new Int8Array(ab, base + o, vc * 3);
    const n = f.normals;
    for (let i = 0; i < vc * 3; i++) nor[i] = Math.round(n[i] * 127);
    o += pad4(vc * 3);
    rec.set(f.colors.subarray(0, vc * 4), o);
    o += vc * 4;
    new Uint32Array(ab, base + o, ic).set(f.indices);
    o += ic * 4;
    json.copy(rec, o);
    const i = this.count;
    if (i === this.vertexCounts.length) this.grow();
    this.bounds.set(f.min, 6 * i);
    this.bounds.set(f.max, 6 * i + 3);
    this.vertexCounts[i] = vc;
    this.byteSizes[i] = Math.min(0xffffffff, vc * 32 + ic * 4 + json.length);
    this.offsets[i] = this.written + this.used;
    this.lengths[i] = length;
    if (spill) {
      this.flush();
      writeSync(this.fd, rec, 0, length, this.written);
      this.written += length;
    } else this.used += length;
    this.count++;
    return i;
  }

  private flush(): void {
    if (this.used === 0) return;
    writeSync(this.fd, this.buf, 0, this.used, this.written);
    this.written += this.used;
    this.used = 0;
  }

  /** Reads features (by index) back as FeatureMesh objects (positions in ENU metres again). */
  read(indices: number[]): FeatureMesh[] {
    this.flush();
    return indices.map((fi) => {
      const len = this.lengths[fi];
      const rec = Buffer.from(new ArrayBuffer(len));
      readSync(this.fd, rec, 0, len, this.offsets[fi]);
      const ab = rec.buffer;
      const b = this.bounds;
      const min: [number, number, number] = [b[6 * fi], b[6 * fi + 1], b[6 * fi + 2]];
      const max: [number, number, number] = [b[6 * fi + 3], b[6 * fi + 4], b[6 * fi + 5]];
      const [vc, ic, jl] = new Uint32Array(ab, 0, 3);
      let o = 12;
      const pos = new Float32Array(ab, o, vc * 3);
      const positions = new Float64Array(vc * 3);
      const [mx, my, mz] = min;
      for (let i = 0; i < vc * 3; i += 3) {
        positions[i] = pos[i] + mx;
        positions[i + 1] = pos[i + 1] + my;
        positions[i + 2] = pos[i + 2] + mz;
      }
      o += vc * 12;
      const nor = new Int8Array(ab, o, vc * 3);
      const normals = new Float32Array(vc * 3);
      for (let i = 0; i < vc * 3; i++) normals[i] = nor[i] / 127;
      o += pad4(vc * 3);
      const colors = new Uint8Array(ab.slice(o, o + vc * 4));
      o += vc * 4;
      const indices = new Uint32Array(ab.slice(o, o + ic * 4));
      o += ic * 4;
      const [id, type, attributes] = JSON.parse(rec.toString('utf8', o, o + jl)) as [string, string, Record<string, unknown>];
      return { id, type, attributes, positions, normals, colors, indices, min, max };
    });
  }

  /** Closes and deletes the spill file. Safe to call twice. */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    rmSync(this.file, { force: true });
  }
}
