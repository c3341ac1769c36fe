/**
 * The GLB container (glTF 2.0 §4.4 "Binary glTF Layout"): a 12-byte header, a JSON chunk and a BIN chunk.
 * We align the BIN chunk's data and the file length to 8 bytes, so that FLOAT64 metadata views are aligned in the
 * file as well as in the buffer (3D Tiles 1.1 §"glTF" content alignment; 3D Metadata binary table format).
 */

const MAGIC = 0x46546c67; // "glTF"
const JSON_CHUNK = 0x4e4f534a; // "JSON"
const BIN_CHUNK = 0x004e4942; // "BIN\0"

/** Appends `bytes` to a growing binary body at an 8-byte aligned offset; returns the offset. */
export class BinWriter {
  private parts: Uint8Array[] = [];
  length: number;

  constructor(initial?: Uint8Array) {
    this.length = 0;
    if (initial && initial.length > 0) this.append(initial);
  }

  append(bytes: Uint8Array): number {
    const pad = (8 - (this.length % 8)) % 8;
    if (pad > 0) this.parts.push(new Uint8Array(pad));
    const offset = this.length + pad;
    this.parts.push(bytes);
    this.length = offset + bytes.length;
    return offset;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

/**
 * Writes a GLB from a glTF JSON object and its binary buffer (buffer 0, without `uri`). Sets `buffers[0].byteLength`.
 */
export function writeGlb(json: Record<string, unknown>, bin: Uint8Array): Uint8Array {
  const buffers = json.buffers as { byteLength: number; uri?: string }[] | undefined;
  if (bin.length > 0) {
    if (!buffers || buffers.length === 0) json.buffers = [{ byteLength: bin.length }];
    else buffers[0].byteLength = bin.length;
  }
  let jsonBytes = Buffer.from(JSON.stringify(json), 'utf8');
  // Header (12) + chunk header (8) + JSON must end on an 8-byte boundary; pad with spaces (glTF §4.4.3.1).
  const jsonPad = (8 - ((20 + jsonBytes.length) % 8)) % 8;
  if (jsonPad > 0) jsonBytes = Buffer.concat([jsonBytes, Buffer.alloc(jsonPad, 0x20)]);
  const binPadded = bin.length === 0 ? 0 : Math.ceil(bin.length / 8) * 8;
  const total = 12 + 8 + jsonBytes.length + (bin.length === 0 ? 0 : 8 + binPadded);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, 2, true);
  view.setUint32(8, total, true);
  view.setUint32(12, jsonBytes.length, true);
  view.setUint32(16, JSON_CHUNK, true);
  out.set(jsonBytes, 20);
  if (bin.length > 0) {
    const o = 20 + jsonBytes.length;
    view.setUint32(o, binPadded, true);
    view.setUint32(o + 4, BIN_CHUNK, true);
    out.set(bin, o + 8);
  }
  return out;
}

/**
 * Reads a GLB into its JSON and BIN chunk (a view, not a copy).
 * @throws Error when the bytes are not a GLB version 2
 */
export function readGlb(bytes: Uint8Array): { json: Record<string, any>; bin: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 20 || view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== 2) throw new Error('not a GLB 2.0 file');
  const jsonLength = view.getUint32(12, true);
  if (view.getUint32(16, true) !== JSON_CHUNK) throw new Error('GLB: first chunk is not JSON');
  const json = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 20, jsonLength).toString('utf8'));
  let bin: Uint8Array = new Uint8Array(0);
  const o = 20 + jsonLength;
  if (o + 8 <= bytes.length && view.getUint32(o + 4, true) === BIN_CHUNK) {
    bin = bytes.subarray(o + 8, o + 8 + view.getUint32(o, true));
  }
  return { json, bin };
}
