/**
 * File type sniffing for model uploads: decides by content, never by file name, whether a file is a glTF 2.0
 * binary (GLB, glTF 2.0 spec §4.4 "GLB File Format Specification") or a glTF 2.0 JSON document (§5.1 `asset`),
 * and otherwise says in words what it looks like (PNG, JPEG, ZIP, PDF, IFC, OBJ, …) so the error can tell the
 * partner what to do.
 */
import { ErrorCode } from '../../../shared/index.js';
import { DomainError } from '../domain/errors.js';

/** GLB header magic `glTF` read as a little-endian uint32 (spec §4.4.2). */
const GLB_MAGIC = 0x46546c67;

export type Sniffed =
  | { kind: 'glb'; version: number; declaredLength: number }
  | { kind: 'gltf'; json: GltfJson }
  /** Anything else; `looksLike` is a short phrase such as "a PNG image". */
  | { kind: 'other'; looksLike: string };

/** The parts of a glTF JSON document the upload pipeline reads (glTF 2.0 §5). */
export interface GltfJson {
  asset?: { version?: unknown; generator?: unknown };
  buffers?: { uri?: unknown; byteLength?: unknown }[];
  images?: { uri?: unknown; bufferView?: unknown; mimeType?: unknown }[];
  extensionsUsed?: unknown;
  extensionsRequired?: unknown;
  [key: string]: unknown;
}

const startsWith = (b: Uint8Array, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, n: number) => Buffer.from(b.subarray(0, n)).toString('latin1');

/** What a non-glTF file looks like, as a phrase for the error message (e.g. "a PNG image"). */
export function describeContent(b: Uint8Array): string {
  if (b.length === 0) return 'an empty file (0 bytes)';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47])) return 'a PNG image';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'a JPEG image';
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06])) {
    return 'a ZIP archive (maybe an .skp, .3dm, .fbx or .ifc export, or a zipped folder?): unzip it or export glTF';
  }
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46])) return 'a PDF document';
  const head = ascii(b, Math.min(b.length, 4096));
  if (head.startsWith('Kaydara FBX Binary')) return 'an FBX model: export it as glTF/GLB';
  if (head.startsWith('3D Geometry File Format')) return 'a Rhino .3dm model: export it as glTF/GLB';
  if (startsWith(b, [0xff, 0xfe, 0xff, 0x0e, 0x53, 0x00, 0x6b, 0x00])) return 'a SketchUp .skp model: export it as glTF/GLB';
  if (head.startsWith('GIF8')) return 'a GIF image';
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return 'a WebP image';
  if (head.startsWith('ISO-10303-21')) return 'an IFC (STEP, ISO-10303-21) file: IFC upload is not supported yet; export glTF/GLB';
  if (isMostlyText(b)) {
    const text = head.replace(/^\uFEFF/, '').trimStart();
    if (/^solid\s/i.test(text)) return 'an STL model (ASCII): export it as glTF/GLB';
    if (/^(#.*\n\s*)*(mtllib|o|g|v|vn|vt|f|usemtl)\s/m.test(text) && /^v\s+-?\d/m.test(text)) {
      return 'a Wavefront OBJ model (text): export it as glTF/GLB';
    }
    if (text.startsWith('{') || text.startsWith('[')) return 'JSON, but not a glTF 2.0 document (no asset.version "2.0")';
    if (text.startsWith('<')) return 'an XML or HTML document';
    return 'a text file';
  }
  if (b.length >= 80 && b.length === 84 + new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(80, true) * 50) {
    return 'an STL model (binary): export it as glTF/GLB';
  }
  const hex = [...b.subarray(0, 4)].map((v) => v.toString(16).padStart(2, '0')).join(' ');
  return `unknown binary data (starts with ${hex})`;
}

function isMostlyText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 4096);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c === 0) return false;
    if (c < 9 || (c > 13 && c < 32)) bad++;
  }
  return bad <= n * 0.01;
}

/** Parses a JSON glTF document, or returns null when the bytes are not JSON (UTF-8, optional BOM). */
function parseJson(b: Uint8Array): unknown {
  const first = b.findIndex((c) => c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0xef && c !== 0xbb && c !== 0xbf);
  if (first < 0 || b[first] !== 0x7b) return null; // '{'
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(b).replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
}

/**
 * Sniffs one file by its content.
 * - GLB: magic `glTF` (§4.4.2); `version` and the header's `length` are returned for the caller to check.
 * - .gltf: a JSON object with `asset.version` "2.0" (§5.1 asset). JSON with another asset version is "a glTF 1.0
 *   document"; other JSON (CityJSON, GeoJSON) is named as such.
 */
export function sniff(b: Uint8Array): Sniffed {
  if (b.length >= 12) {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    if (dv.getUint32(0, true) === GLB_MAGIC) return { kind: 'glb', version: dv.getUint32(4, true), declaredLength: dv.getUint32(8, true) };
  }
  const json = parseJson(b);
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    const j = json as GltfJson;
    const version = j.asset && typeof j.asset === 'object' ? j.asset.version : undefined;
    if (version === '2.0') return { kind: 'gltf', json: j };
    if (version !== undefined) return { kind: 'other', looksLike: `a glTF ${String(version)} document (only glTF 2.0 is supported)` };
    if (j.type === 'CityJSON') return { kind: 'other', looksLike: 'a CityJSON file: import it as a tileset with the tiles CLI' };
    if (j.type === 'FeatureCollection' || j.type === 'Feature') return { kind: 'other', looksLike: 'a GeoJSON file' };
  }
  return { kind: 'other', looksLike: describeContent(b) };
}

/**
 * Checks a sniffed GLB header against the file: version 2 (glTF 2.0) and a declared length that fits.
 * @throws DomainError model_not_gltf for GLB version 1; model_invalid "truncated: header says N bytes, file has M"
 *   when the file is shorter than its header says.
 */
export function checkGlbHeader(name: string, s: { version: number; declaredLength: number }, actual: number): void {
  if (s.version !== 2) {
    throw new DomainError(ErrorCode.modelNotGltf, `${name} is a GLB of glTF version ${s.version}; only glTF 2.0 is supported.`);
  }
  if (s.declaredLength > actual) {
    throw new DomainError(ErrorCode.modelInvalid, `${name} is truncated: header says ${s.declaredLength} bytes, file has ${actual}.`);
  }
}
