/**
 * The pipeline from CityJSON chunks to a tileset folder, streaming: each chunk (a file, or one CityJSONSeq line) is
 * taken CRS → WGS84 → the tileset's local ENU frame, triangulated and coloured, and its features are spilled to a
 * temporary file (store.ts) keeping only a small index entry each; then the quadtree is built over the index, one
 * GLB per leaf is written (meshopt-compressed by default), and tileset.json. Everything is written beside the target
 * and swapped into place (atomic.ts).
 */
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createTransformer, parseCrs, plausibilityWarning, type Crs } from './crs.js';
import { enuFrame, geodeticToEnu, type EnuFrame } from './frame.js';
import { missingTextures, type CityChunk, type CityModel, type CitySource } from './cityjson.js';
import { extractFeatures, families, newStats, type ExtractOptions } from './features.js';
import { SchemaBuilder } from './metadata.js';
import { tileGlb } from './gltf.js';
import { buildQuadtree, leaves, tilesetJson, type TilingOptions } from './tileset.js';
import { FeatureStore } from './store.js';
import { replaceDir } from './atomic.js';
import { TilerError } from './errors.js';

export type BuildPhase = 'read' | 'transform' | 'triangulate' | 'write';

/**
 * Progress of a build. 'read' counts bytes of the input when it is streamed (total = file size), else chunks;
 * 'triangulate' counts features written so far (total = top-level objects seen so far); 'write' counts tiles.
 */
export interface BuildProgress {
  phase: BuildPhase;
  done: number;
  total: number;
  /** Features written so far. */
  features?: number;
}

export interface BuildModelOptions extends TilingOptions, ExtractOptions {
  /** meshopt compression with quantization (EXT_meshopt_compression, KHR_mesh_quantization); default true. */
  compress?: boolean;
  /** The folder holding all tilesets (tilesets/); the tileset goes to `<tilesetsDir>/<name>/`. */
  tilesetsDir: string;
  /** Tileset id and folder name (see assertTilesetName). */
  name: string;
  /** CRS overriding the file's `metadata.referenceSystem`, e.g. "EPSG:28992". */
  crs?: string;
  /** proj4 definition of `crs` (or of the file's CRS) for CRSs the tiler does not know by code. */
  proj4?: string;
  /** Folder against which texture image paths are checked; no check when absent. */
  baseDir?: string;
  onWarning?: (message: string) => void;
  onProgress?: (progress: BuildProgress) => void;
}

/** What a build did. */
export interface BuildSummary {
  name: string;
  input: string;
  /** The CRS used, e.g. "EPSG:7415". */
  crs: string;
  cityJsonVersion: string;
  /** CityObjects in the input (parts included). */
  objectsRead: number;
  /** Top-level CityObjects (features candidates: an object with its parts counts once). */
  topLevelObjects: number;
  /** Features written (one per top-level object with drawable geometry). */
  featuresWritten: number;
  /** Objects not written, with the reason. */
  skipped: { id: string; reason: string }[];
  /** Objects written after a repair, with what was repaired. */
  repaired: { id: string; reason: string }[];
  /** Top-level objects left out by `types`. */
  filtered: number;
  /** Degenerate surfaces left out of otherwise good objects. */
  surfacesDropped: number;
  /** Content tiles (GLB files). */
  tiles: number;
  /** Bytes written (GLBs and tileset.json). */
  bytes: number;
  vertices: number;
  triangles: number;
  seconds: number;
  warnings: string[];
  /** Extent in degrees and metres (WGS84 ellipsoidal height). */
  bounds: { west: number; south: number; east: number; north: number; minHeight: number; maxHeight: number };
  /** The written tileset.json. */
  tilesetPath: string;
}

/** Tileset names: 1–64 of lowercase letters, digits, '-' and '_', starting with a letter or digit. */
export const TILESET_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** @throws TilerError BAD_NAME unless `name` matches TILESET_NAME (so it can never leave the tilesets folder). */
export function assertTilesetName(name: string): void {
  if (!TILESET_NAME.test(name)) {
    throw new TilerError('BAD_NAME', `invalid tileset name ${JSON.stringify(name)}: use 1–64 lowercase letters, digits, '-' and '_', starting with a letter or digit`);
  }
}

/**
 * Adds `measuredHeight` (metres, 2 decimals) to a feature's attributes unless the data has its own: the
 * difference between its highest and lowest point, as CityGML 2.0 §10.3.3 / CityJSON define measuredHeight.
 * Positions are east-north-up metres here, so it is max − min of the up axis.
 */
function withMeasuredHeight(f: { attributes: Record<string, unknown>; min: ArrayLike<number>; max: ArrayLike<number> }): void {
  if ('measuredHeight' in f.attributes) return;
  const h = f.max[2] - f.min[2];
  if (Number.isFinite(h)) f.attributes = { ...f.attributes, measuredHeight: Math.round(h * 100) / 100 };
}

function resolveCrs(model: { referenceSystem?: string; file: string }, override: string | undefined, proj4Def: string | undefined, warn: (m: string) => void): Crs {
  if (proj4Def !== undefined) {
    try {
      return parseCrs(override ?? model.referenceSystem ?? 'proj4', proj4Def);
    } catch (err) {
      throw new TilerError('CRS_UNSUPPORTED', (err as Error).message, { file: model.file });
    }
  }
  if (override) {
    const crs = parseCrs(override);
    if (model.referenceSystem) {
      let own: Crs | null = null;
      try {
        own = parseCrs(model.referenceSystem);
      } catch {
        /* unsupported in the file, overridden anyway */
      }
      if (!own || own.epsg !== crs.epsg) warn(`--crs ${crs.name} overrides the file's referenceSystem ${model.referenceSystem}`);
    }
    return crs;
  }
  if (!model.referenceSystem) {
    throw new TilerError(
      'CRS_MISSING',
      'the file names no coordinate reference system (metadata.referenceSystem); pass one, e.g. --crs EPSG:28992 for Dutch RD New coordinates',
      { file: model.file },
    );
  }
  try {
    return parseCrs(model.referenceSystem);
  } catch (err) {
    throw new TilerError('CRS_UNSUPPORTED', `${(err as Error).message}; if the coordinates are in a supported CRS, pass it with --crs`, { file: model.file });
  }
}

/**
 * Builds `<tilesetsDir>/<name>/` (tileset.json and content/*.glb) from a CityModel. The folder is replaced only
 * when the whole build succeeded. Does not touch the manifest.
 * @throws TilerError CRS_MISSING, CRS_UNSUPPORTED, NO_FEATURES, BAD_NAME, WRITE_FAILED
 */
export async function buildFromCityModel(model: CityModel, options: BuildModelOptions, startedAt = performance.now()): Promise<BuildSummary> {
  return buildFromSource(model, options, startedAt);
}

type Extent = { min: number[]; max: number[] };
const emptyExtent = (): Extent => ({ min: [Infinity, Infinity, Infinity], max: [-Infinity, -Infinity, -Infinity] });

function extend(v: Float64Array, e: Extent): void {
  const { min, max } = e;
  for (let i = 0; i < v.length; i += 3) {
    const x = v[i];
    if (x !== x) continue; // NaN: invalid vertex
    const y = v[i + 1];
    const z = v[i + 2];
    if (x < min[0]) min[0] = x;
    if (x > max[0]) max[0] = x;
    if (y < min[1]) min[1] = y;
    if (y > max[1]) max[1] = y;
    if (z < min[2]) min[2] = z;
    if (z > max[2]) max[2] = z;
  }
}

/**
 * Builds `<tilesetsDir>/<name>/` from a CitySource whose chunks are consumed once, as they arrive. The ENU frame's
 * origin is the centre of `metadata.geographicalExtent` when the source has one and its chunks are streamed,
 * the centre of all vertices for an in-memory model, else the centre of the first chunk's vertices. Memory holds
 * one chunk, the spill index and the metadata counters, whatever the input size.
 * @throws TilerError CRS_MISSING, CRS_UNSUPPORTED, NO_FEATURES, BAD_NAME, WRITE_FAILED, and the reader's errors
 *   (JSON_SYNTAX with line and column) from later lines of a stream
 */
export async function buildFromSource(source: CitySource, options: BuildModelOptions, startedAt = performance.now()): Promise<BuildSummary> {
  assertTilesetName(options.name);
  const warnings: string[] = [];
  const warn = (m: string) => {
    warnings.push(m);
    options.onWarning?.(m);
  };
  const progress = (phase: BuildPhase, done: number, total: number, features?: number) => options.onProgress?.({ phase, done, total, features });
  source.warnings.forEach(warn);
  const crs = resolveCrs(source, options.crs, options.proj4, warn);

  const tex = await missingTextures(source, options.baseDir);
  if (tex.missing > 0) {
    warn(`${tex.missing} of ${new Set(source.textureImages).size} texture images are missing (e.g. ${tex.examples.join(', ')}); textures are not used, surfaces are coloured by type`);
  }
  const extractOptions: ExtractOptions = { ...options, missingTextures: tex.missing > 0 };
  const transformer = createTransformer(crs);
  const geo = emptyExtent();
  let frame: EnuFrame | undefined;
  const frameAt = (e: Extent) => enuFrame((e.min[0] + e.max[0]) / 2, (e.min[1] + e.max[1]) / 2, e.min[2]);
  if (Array.isArray(source.chunks)) {
    // In memory: the frame at the centre of everything, as before streaming existed.
    const all = emptyExtent();
    for (const c of source.chunks as CityChunk[]) extend(c.vertices, all);
    if (all.min[0] <= all.max[0]) {
      const w = plausibilityWarning(crs, all.min, all.max);
      if (w) warn(w);
      const corners = new Float64Array([all.min[0], all.min[1], all.min[2], all.max[0], all.max[1], all.max[2]]);
      transformer.toGeodetic(corners, corners);
      const g = { min: [Math.min(corners[0], corners[3]), Math.min(corners[1], corners[4]), corners[2]], max: [Math.max(corners[0], corners[3]), Math.max(corners[1], corners[4]), corners[5]] };
      frame = frameAt(g);
    }
  } else if (source.extent) {
    const e = source.extent;
    const c = new Float64Array([(e[0] + e[3]) / 2, (e[1] + e[4]) / 2, e[2]]);
    try {
      if (!plausibilityWarning(crs, [e[0], e[1]], [e[3], e[4]])) {
        transformer.toGeodetic(c, c);
        frame = enuFrame(c[0], c[1], c[2]);
      }
    } catch {
      /* an implausible extent: the first chunk decides */
    }
  }

  const stats = newStats();
  const schema = new SchemaBuilder();
  let objectsRead = 0;
  let topLevel = 0;
  let invalidVertices = 0;
  let chunks = 0;
  let checkedPlace = Array.isArray(source.chunks);
  const target = path.join(options.tilesetsDir, options.name);
  let result: { tiles: number; bytes: number; vertices: number; triangles: number; features: number } | undefined;
  try {
    await replaceDir(target, async (dir) => {
      const store = new FeatureStore(path.join(dir, '.features.spill'));
      try {
        for await (const chunk of source.chunks) {
          chunks++;
          objectsRead += Object.keys(chunk.objects).length;
          topLevel += families(chunk.objects).size;
          invalidVertices += chunk.invalidVertices;
          if (!checkedPlace) {
            // The first chunk with vertices tells whether the CRS fits (a geographic CRS with metres fails here).
            const e = emptyExtent();
            extend(chunk.vertices, e);
            if (e.min[0] <= e.max[0]) {
              checkedPlace = true;
              const w = plausibilityWarning(crs, e.min, e.max);
              if (w) warn(w);
            }
          }
          transformer.toGeodetic(chunk.vertices, chunk.vertices);
          const g = emptyExtent();
          extend(chunk.vertices, g);
          if (!(g.min[0] <= g.max[0])) continue;
          for (let k = 0; k < 3; k++) (geo.min[k] = Math.min(geo.min[k], g.min[k])), (geo.max[k] = Math.max(geo.max[k], g.max[k]));
          frame ??= frameAt(g);
          geodeticToEnu(frame, chunk.vertices, chunk.vertices);
          extractFeatures(chunk, chunk.vertices, stats, (f) => {
            withMeasuredHeight(f);
            store.add(f);
            schema.add(f.attributes);
          }, extractOptions);
          if (source.bytesRead && source.totalBytes) progress('read', source.bytesRead(), source.totalBytes, store.count);
          else progress('triangulate', store.count, topLevel, store.count);
        }
        if (invalidVertices > 0) warn(`${invalidVertices} vertices are not three numbers; objects using them are skipped`);
        if (!frame) throw new TilerError('NO_FEATURES', 'the file has no vertices', { file: source.file });
        reportStats(stats, options, warn);
        if (store.count === 0) {
          const why = stats.filtered > 0 ? `, ${stats.filtered} left out by --types` : '';
          throw new TilerError('NO_FEATURES', `no CityObject with surface or solid geometry to tile (${objectsRead} objects read, ${stats.skipped.length} skipped${why})`, { file: source.file });
        }
        const defs = schema.finish();
        const root = buildQuadtree(store, options);
        const tiles = leaves(root);
        let bytes = 0;
        let vertices = 0;
        let triangles = 0;
        await mkdir(path.join(dir, 'content'));
        for (let i = 0; i < tiles.length; i++) {
          const t = tiles[i];
          const center: [number, number, number] = [(t.min[0] + t.max[0]) / 2, (t.min[1] + t.max[1]) / 2, (t.min[2] + t.max[2]) / 2];
          const content = await tileGlb(store.read(t.features), center, defs, { compress: options.compress });
          await writeFile(path.join(dir, t.contentUri!), content.glb);
          bytes += content.glb.length;
          vertices += content.vertices;
          triangles += content.triangles;
          progress('write', i + 1, tiles.length, store.count);
        }
        const json = JSON.stringify(
          tilesetJson(root, frame, { source: path.basename(source.file), crs: crs.name, features: store.count }),
        );
        await writeFile(path.join(dir, 'tileset.json'), json);
        bytes += Buffer.byteLength(json);
        result = { tiles: tiles.length, bytes, vertices, triangles, features: store.count };
      } finally {
        store.dispose();
      }
    });
  } catch (err) {
    if (err instanceof TilerError) throw err;
    if ((err as NodeJS.ErrnoException).code === undefined) throw err;
    throw new TilerError('WRITE_FAILED', `cannot write the tileset: ${(err as Error).message}`, { file: target });
  }
  const r = result!;
  return {
    name: options.name,
    input: source.file,
    crs: crs.name,
    cityJsonVersion: source.version,
    objectsRead,
    topLevelObjects: topLevel,
    featuresWritten: r.features,
    skipped: stats.skipped,
    repaired: stats.repaired,
    filtered: stats.filtered,
    surfacesDropped: stats.surfacesDropped,
    tiles: r.tiles,
    bytes: r.bytes,
    vertices: r.vertices,
    triangles: r.triangles,
    seconds: (performance.now() - startedAt) / 1000,
    warnings,
    bounds: { west: geo.min[0], south: geo.min[1], east: geo.max[0], north: geo.max[1], minHeight: geo.min[2], maxHeight: geo.max[2] },
    tilesetPath: path.join(target, 'tileset.json'),
  };
}

function reportStats(stats: ReturnType<typeof newStats>, options: ExtractOptions, warn: (m: string) => void): void {
  if (stats.surfacesDropped > 0) warn(`${stats.surfacesDropped} degenerate surfaces left out (in ${stats.droppedIn.join(', ')}${stats.droppedIn.length >= 5 ? ', …' : ''})`);
  if (stats.instances > 0) warn(`${stats.instances} GeometryInstance geometries (templates) are not supported and were left out`);
  if (stats.skipped.length > 0) warn(`${stats.skipped.length} objects skipped (e.g. ${stats.skipped[0].id}: ${stats.skipped[0].reason})`);
  if (stats.repaired.length > 0) warn(`${stats.repaired.length} objects repaired (e.g. ${stats.repaired[0].id}: ${stats.repaired[0].reason})`);
  if (options.types) {
    const unmatched = [...options.types].filter((t) => !stats.typesSeen.has(t) && ![...stats.typesSeen.keys()].some((s) => s.startsWith(t)));
    if (unmatched.length > 0) {
      warn(`--types ${unmatched.join(', ')} matched no top-level object; the file has ${[...stats.typesSeen].map(([t, n]) => `${t} (${n})`).join(', ') || 'none'}`);
    }
  }
}
