/**
 * Reading CityJSON (OGC CityJSON 2.0 and 1.1; 1.0 upgraded on the fly, older refused: upgrade.ts) and CityJSONSeq
 * (`.city.jsonl`, CityJSON 2.0 §9 "CityJSON Text Sequences") into CityObjects and their real-world vertices, in
 * chunks: a whole file is one chunk; each CityJSONFeature line of a sequence is one. A sequence is read as a stream
 * (node:readline), one line at a time, so memory does not grow with the file (openCityJSON).
 */
import { readFile, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { TilerError } from './errors.js';
import { parseJson } from './json.js';
import { checkVersion, upgradeObjects10 } from './upgrade.js';

/** A CityObject as it appears in the JSON (CityJSON 2.0 §3). */
export interface CityObjectJson {
  type: string;
  attributes?: Record<string, unknown>;
  geometry?: unknown[];
  children?: string[];
  parents?: string[];
}

/** A set of CityObjects with the vertex list their boundaries index into. */
export interface CityChunk {
  objects: Record<string, CityObjectJson>;
  /** Real-world coordinates (transform applied): x, y, z triples; NaN for an invalid vertex. */
  vertices: Float64Array;
  /** Number of invalid vertices (not three finite numbers), which are NaN in `vertices`. */
  invalidVertices: number;
  /** `appearance.materials` that `geometry.material` indexes into (CityJSON 2.0 §3.5 "Appearance"), if any. */
  materials?: MaterialJson[];
}

/** A CityJSON material (CityJSON 2.0 §3.5.1): colours as three numbers 0–1. */
export interface MaterialJson {
  name?: string;
  diffuseColor?: number[];
  transparency?: number;
}

/**
 * A CityJSON input read as it goes: the header facts, and the chunks as an (async) iterable that is consumed once.
 */
export interface CitySource {
  /** File name for messages. */
  file: string;
  version: string;
  /** `metadata.referenceSystem` as written, if any. */
  referenceSystem?: string;
  /** `metadata.title`, if any. */
  title?: string;
  /** `metadata.geographicalExtent` [minx, miny, minz, maxx, maxy, maxz] in the file's CRS, if any. */
  extent?: number[];
  chunks: Iterable<CityChunk> | AsyncIterable<CityChunk>;
  /** Image paths (as written) of `appearance.textures` (of the header, for a sequence). */
  textureImages: string[];
  warnings: string[];
  /** Bytes of the file read so far and in all, for progress on a stream. */
  bytesRead?: () => number;
  totalBytes?: number;
}

export interface CityModel extends CitySource {
  /** File name for messages. */
  file: string;
  version: string;
  /** `metadata.referenceSystem` as written, if any. */
  referenceSystem?: string;
  /** `metadata.title`, if any. */
  title?: string;
  chunks: CityChunk[];
  /** Image paths (as written) of `appearance.textures`. */
  textureImages: string[];
  /** Things the reader noticed that the user should hear about (e.g. an unknown CityJSON version). */
  warnings: string[];
}

type Transform = { scale: number[]; translate: number[] } | undefined;

function fail(file: string, message: string): never {
  throw new TilerError('NOT_CITYJSON', message, { file });
}

function readTransform(doc: Record<string, unknown>, file: string): Transform {
  const t = doc.transform as { scale?: unknown; translate?: unknown } | undefined;
  if (t === undefined) return undefined;
  const ok = (a: unknown) => Array.isArray(a) && a.length === 3 && a.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (typeof t !== 'object' || t === null || !ok(t.scale) || !ok(t.translate)) {
    fail(file, '"transform" must have "scale" and "translate", each three numbers');
  }
  return { scale: t.scale as number[], translate: t.translate as number[] };
}

/** Applies `transform` (CityJSON 2.0 §3.4: v · scale + translate) to a vertex list. */
export function decodeVertices(raw: unknown, transform: Transform, file: string): { vertices: Float64Array; invalid: number } {
  if (!Array.isArray(raw)) fail(file, '"vertices" must be an array');
  const n = raw.length;
  const out = new Float64Array(n * 3);
  const [sx, sy, sz] = transform?.scale ?? [1, 1, 1];
  const [tx, ty, tz] = transform?.translate ?? [0, 0, 0];
  let invalid = 0;
  for (let i = 0; i < n; i++) {
    const v = raw[i] as number[];
    const o = i * 3;
    if (Array.isArray(v) && v.length >= 3) {
      const x = v[0] * sx + tx;
      const y = v[1] * sy + ty;
      const z = v[2] * sz + tz;
      if (Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z)) {
        out[o] = x;
        out[o + 1] = y;
        out[o + 2] = z;
        continue;
      }
    }
    out[o] = out[o + 1] = out[o + 2] = NaN;
    invalid++;
  }
  return { vertices: out, invalid };
}

function checkHeader(doc: unknown, file: string, expectType = 'CityJSON'): Record<string, unknown> {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) fail(file, 'not a CityJSON file: the top level is not a JSON object');
  const d = doc as Record<string, unknown>;
  if (d.type !== expectType) {
    fail(file, `not a CityJSON file: "type" is ${JSON.stringify(d.type)}, expected "${expectType}"`);
  }
  return d;
}

function checkObjects(objects: unknown, file: string): Record<string, CityObjectJson> {
  if (typeof objects !== 'object' || objects === null || Array.isArray(objects)) fail(file, '"CityObjects" must be an object');
  return objects as Record<string, CityObjectJson>;
}

/**
 * Turns a parsed CityJSON document into a CityModel (one chunk).
 * @param file name used in messages (and to resolve texture paths)
 * @throws TilerError NOT_CITYJSON when the document is not CityJSON, VERSION_UNSUPPORTED before 1.0
 */
export function cityModelFromObject(doc: unknown, file = '<memory>'): CityModel {
  const d = checkHeader(doc, file);
  const v = checkVersion(d.version, file);
  const objects = checkObjects(d.CityObjects, file);
  if (v.upgrade) upgradeObjects10(objects);
  const { vertices, invalid } = decodeVertices(d.vertices, readTransform(d, file), file);
  return { ...headerFacts(d, file, v.version, v.warnings), chunks: [{ objects, vertices, invalidVertices: invalid, materials: materialsOf(d) }] };
}

function headerFacts(d: Record<string, unknown>, file: string, version: string, warnings: string[]) {
  const meta = (typeof d.metadata === 'object' && d.metadata !== null ? d.metadata : {}) as Record<string, unknown>;
  const ext = meta.geographicalExtent;
  return {
    file,
    version,
    referenceSystem: typeof meta.referenceSystem === 'string' ? meta.referenceSystem : undefined,
    title: typeof meta.title === 'string' ? meta.title : undefined,
    extent: Array.isArray(ext) && ext.length === 6 && ext.every((x) => typeof x === 'number' && Number.isFinite(x)) ? (ext as number[]) : undefined,
    textureImages: textureImages(d),
    warnings,
  };
}

function materialsOf(d: Record<string, unknown>): MaterialJson[] | undefined {
  const app = d.appearance as { materials?: unknown } | undefined;
  return app && Array.isArray(app.materials) ? (app.materials as MaterialJson[]) : undefined;
}

function textureImages(d: Record<string, unknown>): string[] {
  const app = d.appearance as { textures?: unknown } | undefined;
  if (!app || !Array.isArray(app.textures)) return [];
  return app.textures.map((t) => (t && typeof (t as { image?: unknown }).image === 'string' ? (t as { image: string }).image : '')).filter(Boolean);
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw fileError(file, err);
  }
}

function fileError(file: string, err: unknown): TilerError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new TilerError('FILE_NOT_FOUND', 'file not found', { file });
  if (code === 'EISDIR') return new TilerError('FILE_UNREADABLE', 'is a directory, not a CityJSON file', { file });
  if (err instanceof RangeError || code === 'ERR_STRING_TOO_LONG') return new TilerError('FILE_UNREADABLE', 'file too large to read as one JSON text; use CityJSONSeq (.city.jsonl)', { file });
  return new TilerError('FILE_UNREADABLE', `cannot read file: ${(err as Error).message}`, { file });
}

/**
 * Opens a CityJSON file (`.json`, `.city.json`: parsed whole) or a CityJSONSeq file (`.jsonl`, `.city.jsonl`, or a
 * `.json` whose second line is a "CityJSONFeature": read line by line as its chunks are consumed).
 * @throws TilerError FILE_NOT_FOUND, FILE_UNREADABLE, JSON_SYNTAX (with line and column), NOT_CITYJSON,
 *   VERSION_UNSUPPORTED; errors in later lines of a sequence are thrown while iterating `chunks`
 */
export async function openCityJSON(file: string): Promise<CitySource> {
  if (!/\.jsonl$/i.test(file)) {
    const text = await readText(file);
    // A sequence saved as .json: the first line is a complete CityJSON header with empty "CityObjects" and more lines follow.
    const nl = text.indexOf('\n');
    const isSeq = nl > 0 && nl < text.length - 1 && /"CityJSONFeature"/.test(text.slice(nl, nl + 2000));
    if (!isSeq) return cityModelFromObject(parseJson(text, file), file);
  }
  return openCityJSONSeq(file);
}

/**
 * Reads a whole CityJSON or CityJSONSeq file into memory (all chunks). Prefer openCityJSON for large sequences.
 * @throws TilerError as openCityJSON
 */
export async function readCityJSONFile(file: string): Promise<CityModel> {
  const source = await openCityJSON(file);
  if (Array.isArray(source.chunks)) return source as CityModel;
  const chunks: CityChunk[] = [];
  for await (const c of source.chunks) chunks.push(c);
  return { ...source, chunks };
}

async function openCityJSONSeq(file: string): Promise<CitySource> {
  let stream: ReturnType<typeof createReadStream>;
  let totalBytes: number;
  try {
    totalBytes = (await stat(file)).size;
    stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 18 });
  } catch (err) {
    throw fileError(file, err);
  }
  const lines = createInterface({ input: stream, crlfDelay: Infinity })[Symbol.asyncIterator]();
  let lineNo = 0;
  let first: IteratorResult<string>;
  do {
    first = await lines.next();
    lineNo++;
  } while (!first.done && first.value.trim() === '');
  if (first.done) {
    stream.destroy();
    throw new TilerError('NOT_CITYJSON', 'empty file', { file });
  }
  const header = checkHeader(parseJson(first.value, file, lineNo), file);
  const v = checkVersion(header.version, file);
  const transform = readTransform(header, file);
  const headerMaterials = materialsOf(header);
  const own = header.CityObjects && typeof header.CityObjects === 'object' ? checkObjects(header.CityObjects, file) : {};
  const headChunk: CityChunk | null =
    Object.keys(own).length > 0 ? { objects: own, ...vertexFields(decodeVertices(header.vertices ?? [], transform, file)), materials: headerMaterials } : null;
  if (headChunk && v.upgrade) upgradeObjects10(headChunk.objects);

  async function* chunks(): AsyncGenerator<CityChunk> {
    try {
      if (headChunk) yield headChunk;
      for (;;) {
        const r = await lines.next();
        if (r.done) return;
        lineNo++;
        const line = r.value;
        if (line.trim() === '') continue;
        const feature = parseJson(line, file, lineNo) as Record<string, unknown>;
        if (typeof feature !== 'object' || feature === null || feature.type !== 'CityJSONFeature') {
          throw new TilerError('NOT_CITYJSON', `line ${lineNo} is not a CityJSONFeature`, { file, line: lineNo, column: 1 });
        }
        const objects = checkObjects(feature.CityObjects, file);
        if (v.upgrade) upgradeObjects10(objects);
        yield { objects, ...vertexFields(decodeVertices(feature.vertices, transform, file)), materials: materialsOf(feature) ?? headerMaterials };
      }
    } finally {
      stream.destroy();
    }
  }
  return { ...headerFacts(header, file, v.version, v.warnings), chunks: chunks(), bytesRead: () => stream.bytesRead, totalBytes };
}

function vertexFields(d: { vertices: Float64Array; invalid: number }): { vertices: Float64Array; invalidVertices: number } {
  return { vertices: d.vertices, invalidVertices: d.invalid };
}

/**
 * Counts the texture images of a model that are missing on disk (paths relative to the file's folder; URLs are not
 * checked). Returns the number missing and up to three examples.
 */
export async function missingTextures(model: { textureImages: string[] }, baseDir: string | undefined): Promise<{ missing: number; examples: string[] }> {
  if (!baseDir || model.textureImages.length === 0) return { missing: 0, examples: [] };
  const unique = [...new Set(model.textureImages)].filter((p) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(p));
  const found = await Promise.all(
    unique.map((p) =>
      stat(path.resolve(baseDir, p)).then(
        (s) => s.isFile(),
        () => false,
      ),
    ),
  );
  const missing = unique.filter((_, i) => !found[i]);
  return { missing: missing.length, examples: missing.slice(0, 3) };
}
