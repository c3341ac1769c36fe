/**
 * Existing 3D Tiles (OGC 3D Tiles 1.0 with b3dm/pnts/i3dm/cmpt content, or 1.1 with glTF content) registered as a
 * layer as they are: `tiles add <folder | tileset.json | https URL> --name <name>`.
 *
 * - A local folder (or a tileset JSON file, whose folder is taken) is validated and copied to
 *   `<tilesetsDir>/<name>/` (written beside and swapped into place, like a build), its root JSON as `tileset.json`,
 *   and registered as `/tilesets/<name>/tileset.json`. Content is not converted: Cesium reads 1.0 b3dm as it is,
 *   including real tiles whose sections break the 8-byte padding rule of 3D Tiles 1.0 b3dm §"Padding" (e.g.
 *   3d-tiles-samples TilesetWithRequestVolume/city/ll.b3dm): its B3dmParser copies an unaligned embedded GLB into an
 *   aligned buffer and never checks the trailing padding. Such tiles are counted and reported as a warning.
 * - An http(s) URL is registered by its URL; nothing is downloaded or checked (the browser fetches it, so the server
 *   must allow the app's origin with CORS, and TILESET_ORIGINS must list its origin for the app's Content-Security-Policy).
 *
 * Georeference: a tileset whose root has a `region`, or whose root bounding volume (after the root `transform`) lies
 * at least 5,000 km from the Earth's centre, is georeferenced. Any other (e.g. 3d-tiles-samples
 * 1.1/MetadataGranularities: a box around the ECEF origin, no transform) is refused with NOT_GEOREFERENCED unless
 * `at` gives a place: then the copy's root gets `transform` = ENU frame at `at` (frame.ts) × its own transform, so
 * its local x, y, z become east, north, up metres there (3D Tiles 1.1 §"Tile transforms").
 */
import { cp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TilesetInfo } from '../../../shared/index.js';
import { replaceDir } from './atomic.js';
import { assertTilesetName } from './build.js';
import { TilerError } from './errors.js';
import { enuFrame } from './frame.js';
import { parseJson } from './json.js';
import { registerTileset, tilesetUrl } from './manifest.js';

export interface AddTilesetOptions {
  /** A folder holding tileset.json, a tileset JSON file, or an http(s) URL of one. */
  source: string;
  /** Tileset id and folder name (assertTilesetName). */
  name: string;
  /** The tilesets folder (the one holding manifest.json). */
  tilesetsDir: string;
  /** Display name in the manifest (default: `name`). */
  title?: string;
  attribution?: string;
  /** Where to place a tileset without georeference: WGS84 lon, lat (degrees), ellipsoidal height (m). */
  at?: { lon: number; lat: number; height: number };
}

export interface AddTilesetResult {
  tileset: TilesetInfo;
  /** "copied" for a local source, "linked" for a URL. */
  mode: 'copied' | 'linked';
  /** 3D Tiles version from asset.version ("1.0", "1.1"); undefined for a URL. */
  version?: string;
  /** Files and bytes copied. */
  files: number;
  bytes: number;
  /** Content files by extension, e.g. { ".b3dm": 4, ".subtree": 1 }. */
  contents: Record<string, number>;
  warnings: string[];
}

const VERSIONS = new Set(['1.0', '1.1']);
const EARTH_SURFACE_MIN = 5_000_000; // m from the ECEF origin

function bad(file: string, message: string): never {
  throw new TilerError('BAD_TILESET', message, { file });
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNums = (v: unknown, n: number) => Array.isArray(v) && v.length === n && v.every(isNum);

/**
 * Checks the parts of a tileset JSON every client needs (3D Tiles 1.1 §"Tileset JSON", 1.0 the same): `asset.version`
 * "1.0" or "1.1", top-level `geometricError` ≥ 0, a `root` tile with `geometricError` ≥ 0 and a `boundingVolume`
 * of `box` (12 numbers), `region` (6) or `sphere` (4), an optional `transform` of 16 numbers and an optional
 * `refine` of "ADD" or "REPLACE".
 * @returns the version
 * @throws TilerError BAD_TILESET naming the file and the member at fault
 */
export function validateTilesetJson(json: unknown, file: string): string {
  if (!json || typeof json !== 'object' || Array.isArray(json)) bad(file, 'not a 3D Tiles tileset: the top level is not a JSON object');
  const t = json as Record<string, unknown>;
  const asset = t.asset as Record<string, unknown> | undefined;
  if (!asset || typeof asset !== 'object') bad(file, 'not a 3D Tiles tileset: "asset" is missing');
  if (typeof asset.version !== 'string') bad(file, '"asset.version" is missing (expected "1.0" or "1.1")');
  if (!VERSIONS.has(asset.version)) bad(file, `3D Tiles version ${JSON.stringify(asset.version)} is not supported (expected "1.0" or "1.1")`);
  if (!isNum(t.geometricError) || t.geometricError < 0) bad(file, '"geometricError" must be a number ≥ 0');
  const root = t.root as Record<string, unknown> | undefined;
  if (!root || typeof root !== 'object' || Array.isArray(root)) bad(file, '"root" tile is missing');
  if (!isNum(root.geometricError) || root.geometricError < 0) bad(file, '"root.geometricError" must be a number ≥ 0');
  const bv = root.boundingVolume as Record<string, unknown> | undefined;
  if (!bv || typeof bv !== 'object') bad(file, '"root.boundingVolume" is missing');
  if (!isNums(bv.box, 12) && !isNums(bv.region, 6) && !isNums(bv.sphere, 4)) {
    bad(file, '"root.boundingVolume" needs a "box" (12 numbers), "region" (6) or "sphere" (4)');
  }
  if (root.transform !== undefined && !isNums(root.transform, 16)) bad(file, '"root.transform" must be 16 numbers (a column-major 4×4 matrix)');
  if (root.refine !== undefined && root.refine !== 'ADD' && root.refine !== 'REPLACE') bad(file, '"root.refine" must be "ADD" or "REPLACE"');
  return asset.version;
}

/** True when the root tile sits on the Earth (module comment). Expects a validated tileset. */
export function isGeoreferenced(json: { root: { boundingVolume: Record<string, number[]>; transform?: number[] } }): boolean {
  const { boundingVolume: bv, transform: m } = json.root;
  if (bv.region) return true;
  const c = bv.box ? bv.box.slice(0, 3) : bv.sphere.slice(0, 3);
  const p = m ? [m[0] * c[0] + m[4] * c[1] + m[8] * c[2] + m[12], m[1] * c[0] + m[5] * c[1] + m[9] * c[2] + m[13], m[2] * c[0] + m[6] * c[1] + m[10] * c[2] + m[14]] : c;
  return Math.hypot(p[0], p[1], p[2]) >= EARTH_SURFACE_MIN;
}

/** a × b for column-major 4×4 matrices. */
function multiply(a: number[], b: number[]): number[] {
  const out = new Array<number>(16);
  for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) {
    let s = 0;
    for (let k = 0; k < 4; k++) s += a[k * 4 + r] * b[c * 4 + k];
    out[c * 4 + r] = s;
  }
  return out;
}

/**
 * Counts b3dm files that break 3D Tiles 1.0 b3dm §"Padding" (GLB start or file length not a multiple of 8).
 * Reads only the 28-byte header of each.
 */
async function unalignedB3dm(files: string[]): Promise<number> {
  let n = 0;
  for (const f of files) {
    const b = await readFile(f);
    if (b.length < 28 || b.toString('latin1', 0, 4) !== 'b3dm') continue;
    const glbAt = 28 + b.readUInt32LE(12) + b.readUInt32LE(16) + b.readUInt32LE(20) + b.readUInt32LE(24);
    if (glbAt % 8 !== 0 || b.length % 8 !== 0) n++;
  }
  return n;
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(path.join(e.parentPath, e.name));
  }
  return out;
}

/** Parses `lon,lat[,height]` (degrees, degrees, metres). @throws TilerError BAD_TILESET on a bad value */
export function parseAt(text: string): { lon: number; lat: number; height: number } {
  const parts = text.split(',').map((s) => Number(s.trim()));
  const [lon, lat, height = 0] = parts;
  if (parts.length < 2 || parts.length > 3 || !parts.every(Number.isFinite) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    throw new TilerError('BAD_TILESET', `--at ${JSON.stringify(text)} is not "lon,lat[,height]" in degrees and metres (e.g. --at 4.4777,51.9244,0)`);
  }
  return { lon, lat, height };
}

/**
 * Registers existing 3D Tiles as a layer (module comment). Nothing is registered or written when validation fails.
 * @throws TilerError BAD_NAME, FILE_NOT_FOUND (no such folder/file, or no tileset.json in the folder),
 *   FILE_UNREADABLE, JSON_SYNTAX (line, column), BAD_TILESET (what is wrong, naming the member),
 *   NOT_GEOREFERENCED (pass `at`), WRITE_FAILED, MANIFEST_CORRUPT
 */
export async function addExternalTileset(o: AddTilesetOptions): Promise<AddTilesetResult> {
  assertTilesetName(o.name);
  const info = (url: string): TilesetInfo => ({ id: o.name, name: o.title ?? o.name, url, ...(o.attribution ? { attribution: o.attribution } : {}) });
  if (/^[a-z][a-z0-9+.-]*:/i.test(o.source) && !/^[a-z]:[\\/]/i.test(o.source)) {
    let url: URL;
    try {
      url = new URL(o.source);
    } catch {
      throw new TilerError('BAD_TILESET', `${JSON.stringify(o.source)} is not a valid URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TilerError('BAD_TILESET', `only http(s) URLs can be registered, not ${url.protocol}`);
    if (o.at) throw new TilerError('BAD_TILESET', '--at works on local tilesets only (a remote tileset is registered as it is)');
    const tileset = info(url.href);
    await registerTileset(o.tilesetsDir, tileset);
    const warnings = [`the browser loads ${url.origin} directly: it must send CORS headers, and its origin must be in the server's TILESET_ORIGINS (Content-Security-Policy)`];
    return { tileset, mode: 'linked', files: 0, bytes: 0, contents: {}, warnings };
  }

  const source = path.resolve(o.source);
  const s = await stat(source).catch(() => null);
  if (!s) throw new TilerError('FILE_NOT_FOUND', 'no such folder or file', { file: source });
  const rootFile = s.isDirectory() ? path.join(source, 'tileset.json') : source;
  const srcDir = path.dirname(rootFile);
  let text: string;
  try {
    text = await readFile(rootFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new TilerError('FILE_NOT_FOUND', 'the folder has no tileset.json', { file: rootFile });
    throw new TilerError('FILE_UNREADABLE', `cannot read: ${(err as Error).message}`, { file: rootFile });
  }
  const json = parseJson(text, rootFile) as Record<string, any>;
  const version = validateTilesetJson(json, rootFile);
  const warnings: string[] = [];
  const georef = isGeoreferenced(json as never);
  if (!georef && !o.at) {
    throw new TilerError(
      'NOT_GEOREFERENCED',
      'the tileset is not georeferenced (its root has no region and sits at the centre of the Earth); place it with --at lon,lat[,height], e.g. --at 4.4777,51.9244,0',
      { file: rootFile },
    );
  }
  if (georef && o.at) throw new TilerError('BAD_TILESET', 'the tileset is already georeferenced; --at is only for tilesets without a place', { file: rootFile });
  const target = path.join(o.tilesetsDir, o.name);
  const rel = path.relative(srcDir, path.resolve(o.tilesetsDir));
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
    throw new TilerError('BAD_TILESET', `the source folder contains the tilesets folder ${o.tilesetsDir}; add a folder outside it`, { file: srcDir });
  }

  const files = (await listFiles(srcDir)).filter((f) => !path.relative(srcDir, f).split(path.sep).some((p) => p.startsWith('.')));
  const contents: Record<string, number> = {};
  let bytes = 0;
  for (const f of files) {
    const ext = path.extname(f).toLowerCase();
    contents[ext] = (contents[ext] ?? 0) + 1;
    bytes += (await stat(f)).size;
  }
  const unaligned = await unalignedB3dm(files.filter((f) => f.toLowerCase().endsWith('.b3dm')));
  if (unaligned > 0) {
    warnings.push(`${unaligned} b3dm tiles are not padded to 8 bytes (3D Tiles 1.0 b3dm §Padding); served as they are: Cesium reads them, strict validators do not`);
  }
  if (o.at) {
    const enu = enuFrame(o.at.lon, o.at.lat, o.at.height).matrix;
    json.root.transform = json.root.transform ? multiply(enu, json.root.transform) : enu;
  }
  try {
    await replaceDir(target, async (dir) => {
      await cp(srcDir, dir, { recursive: true, filter: (f) => !path.relative(srcDir, f).split(path.sep).some((p) => p.startsWith('.')) });
      if (o.at || path.basename(rootFile) !== 'tileset.json') await writeFile(path.join(dir, 'tileset.json'), JSON.stringify(json));
    });
  } catch (err) {
    throw new TilerError('WRITE_FAILED', `cannot copy the tileset: ${(err as Error).message}`, { file: target });
  }
  const tileset = info(tilesetUrl(o.name));
  await registerTileset(o.tilesetsDir, tileset);
  return { tileset, mode: 'copied', version, files: files.length, bytes, contents, warnings };
}
