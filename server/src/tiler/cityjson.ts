/**
 * Reading CityJSON (OGC CityJSON 1.1 and 2.0, and 1.0 which reads the same way for our purposes) and CityJSONSeq
 * (`.city.jsonl`, CityJSON 2.0 §9) into a CityModel: the CityObjects and their real-world vertices, in chunks (a
 * whole file is one chunk; each CityJSONFeature line of a sequence is one).
 */
import { readFile, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { TilerError } from './errors.js';
import { parseJson } from './json.js';

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
}

export interface CityModel {
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

const KNOWN_VERSIONS = new Set(['1.0', '1.1', '2.0']);

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
 * Turns a parsed CityJSON document into a CityModel.
 * @param file name used in messages (and to resolve texture paths)
 * @throws TilerError NOT_CITYJSON when the document is not CityJSON
 */
export function cityModelFromObject(doc: unknown, file = '<memory>'): CityModel {
  const d = checkHeader(doc, file);
  const version = String(d.version ?? '');
  const warnings: string[] = [];
  if (!KNOWN_VERSIONS.has(version)) warnings.push(`CityJSON version ${JSON.stringify(d.version)} is not one this tiler knows (1.0, 1.1, 2.0); reading it as 2.0`);
  const objects = checkObjects(d.CityObjects, file);
  const { vertices, invalid } = decodeVertices(d.vertices, readTransform(d, file), file);
  const meta = (typeof d.metadata === 'object' && d.metadata !== null ? d.metadata : {}) as Record<string, unknown>;
  return {
    file,
    version,
    referenceSystem: typeof meta.referenceSystem === 'string' ? meta.referenceSystem : undefined,
    title: typeof meta.title === 'string' ? meta.title : undefined,
    chunks: [{ objects, vertices, invalidVertices: invalid }],
    textureImages: textureImages(d),
    warnings,
  };
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
 * Reads a CityJSON file (`.json`, `.city.json`) or a CityJSONSeq file (`.jsonl`, `.city.jsonl`: first line a
 * "CityJSON" header, then one "CityJSONFeature" per line; detected by the first line's content too).
 * @throws TilerError FILE_NOT_FOUND, FILE_UNREADABLE, JSON_SYNTAX (with line and column), NOT_CITYJSON
 */
export async function readCityJSONFile(file: string): Promise<CityModel> {
  let isSeq = /\.jsonl$/i.test(file);
  if (!isSeq) {
    const text = await readText(file);
    // A sequence saved as .json: the first line is a complete CityJSON header with empty "CityObjects" and more lines follow.
    const nl = text.indexOf('\n');
    if (nl > 0 && nl < text.length - 1 && /"CityJSONFeature"/.test(text.slice(nl, nl + 2000))) isSeq = true;
    else return cityModelFromObject(parseJson(text, file), file);
  }
  return readCityJSONSeq(file);
}

async function readCityJSONSeq(file: string): Promise<CityModel> {
  let stream;
  try {
    await stat(file);
    stream = createReadStream(file, { encoding: 'utf8' });
  } catch (err) {
    throw fileError(file, err);
  }
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let header: Record<string, unknown> | undefined;
  let transform: Transform;
  const chunks: CityChunk[] = [];
  let lineNo = 0;
  let model: CityModel | undefined;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    const value = parseJson(line, file, lineNo);
    if (!header) {
      header = checkHeader(value, file);
      transform = readTransform(header, file);
      model = cityModelFromObject({ ...header, CityObjects: header.CityObjects ?? {}, vertices: header.vertices ?? [] }, file);
      if (Object.keys(model.chunks[0].objects).length === 0) model.chunks = [];
      continue;
    }
    const feature = value as Record<string, unknown>;
    if (typeof feature !== 'object' || feature === null || feature.type !== 'CityJSONFeature') {
      throw new TilerError('NOT_CITYJSON', `line ${lineNo} is not a CityJSONFeature`, { file, line: lineNo, column: 1 });
    }
    const objects = checkObjects(feature.CityObjects, file);
    const { vertices, invalid } = decodeVertices(feature.vertices, transform, file);
    chunks.push({ objects, vertices, invalidVertices: invalid });
  }
  if (!model) throw new TilerError('NOT_CITYJSON', 'empty file', { file });
  model.chunks.push(...chunks);
  return model;
}

/**
 * Counts the texture images of a model that are missing on disk (paths relative to the file's folder; URLs are not
 * checked). Returns the number missing and up to three examples.
 */
export async function missingTextures(model: CityModel, baseDir: string | undefined): Promise<{ missing: number; examples: string[] }> {
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
