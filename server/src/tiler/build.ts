/**
 * The pipeline from a CityModel to a tileset folder: CRS → WGS84 → local ENU frame, features (triangulated,
 * coloured), quadtree, one GLB per leaf, tileset.json; written beside the target and swapped into place.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createTransformer, parseCrs, plausibilityWarning, type Crs } from './crs.js';
import { enuFrame, geodeticToEnu } from './frame.js';
import { missingTextures, type CityModel } from './cityjson.js';
import { extractFeatures, families, newStats } from './features.js';
import type { FeatureMesh } from './mesh.js';
import { inferSchema } from './metadata.js';
import { tileGlb } from './gltf.js';
import { buildQuadtree, leaves, tilesetJson, type TilingOptions } from './tileset.js';
import { replaceDir } from './atomic.js';
import { TilerError } from './errors.js';

export type BuildPhase = 'read' | 'transform' | 'triangulate' | 'write';

export interface BuildProgress {
  phase: BuildPhase;
  done: number;
  total: number;
}

export interface BuildModelOptions extends TilingOptions {
  /** The folder holding all tilesets (tilesets/); the tileset goes to `<tilesetsDir>/<name>/`. */
  tilesetsDir: string;
  /** Tileset id and folder name (see assertTilesetName). */
  name: string;
  /** CRS overriding the file's `metadata.referenceSystem`, e.g. "EPSG:28992". */
  crs?: string;
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
  /** Top-level objects not written, with the reason. */
  skipped: { id: string; reason: string }[];
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

function resolveCrs(model: CityModel, override: string | undefined, warn: (m: string) => void): Crs {
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
  assertTilesetName(options.name);
  const warnings: string[] = [];
  const warn = (m: string) => {
    warnings.push(m);
    options.onWarning?.(m);
  };
  const progress = (phase: BuildPhase, done: number, total: number) => options.onProgress?.({ phase, done, total });
  model.warnings.forEach(warn);
  const crs = resolveCrs(model, options.crs, warn);

  const tex = await missingTextures(model, options.baseDir);
  if (tex.missing > 0) {
    warn(`${tex.missing} of ${new Set(model.textureImages).size} texture images are missing (e.g. ${tex.examples.join(', ')}); textures are not used, surfaces are coloured by type`);
  }

  // Source CRS → WGS84 lon/lat/height, in place; extent of the valid vertices.
  const transformer = createTransformer(crs);
  const srcMin = [Infinity, Infinity, Infinity];
  const srcMax = [-Infinity, -Infinity, -Infinity];
  const geoMin = [Infinity, Infinity, Infinity];
  const geoMax = [-Infinity, -Infinity, -Infinity];
  const extend = (v: Float64Array, min: number[], max: number[]) => {
    for (let i = 0; i < v.length; i += 3) {
      if (Number.isNaN(v[i])) continue;
      for (let k = 0; k < 3; k++) {
        const c = v[i + k];
        if (c < min[k]) min[k] = c;
        if (c > max[k]) max[k] = c;
      }
    }
  };
  let invalidVertices = 0;
  model.chunks.forEach((chunk) => extend(chunk.vertices, srcMin, srcMax));
  if (srcMin[0] <= srcMax[0]) {
    const w = plausibilityWarning(crs, srcMin, srcMax);
    if (w) warn(w);
  }
  model.chunks.forEach((chunk, i) => {
    transformer.toGeodetic(chunk.vertices, chunk.vertices);
    extend(chunk.vertices, geoMin, geoMax);
    invalidVertices += chunk.invalidVertices;
    progress('transform', i + 1, model.chunks.length);
  });
  if (invalidVertices > 0) warn(`${invalidVertices} vertices are not three numbers; objects using them are skipped`);
  if (!(geoMin[0] <= geoMax[0])) throw new TilerError('NO_FEATURES', 'the file has no vertices', { file: model.file });

  const frame = enuFrame((geoMin[0] + geoMax[0]) / 2, (geoMin[1] + geoMax[1]) / 2, geoMin[2]);
  const stats = newStats();
  const features: FeatureMesh[] = [];
  let objectsRead = 0;
  let topLevel = 0;
  for (const chunk of model.chunks) {
    objectsRead += Object.keys(chunk.objects).length;
    topLevel += families(chunk.objects).size;
  }
  for (const chunk of model.chunks) {
    geodeticToEnu(frame, chunk.vertices, chunk.vertices);
    extractFeatures(chunk, chunk.vertices, stats, (f) => {
      features.push(f);
      if (features.length % 500 === 0) progress('triangulate', features.length, topLevel);
    });
  }
  progress('triangulate', features.length, topLevel);
  if (stats.surfacesDropped > 0) warn(`${stats.surfacesDropped} degenerate surfaces left out (in ${stats.droppedIn.join(', ')}${stats.droppedIn.length >= 5 ? ', …' : ''})`);
  if (stats.instances > 0) warn(`${stats.instances} GeometryInstance geometries (templates) are not supported and were left out`);
  if (stats.skipped.length > 0) warn(`${stats.skipped.length} objects skipped (e.g. ${stats.skipped[0].id}: ${stats.skipped[0].reason})`);
  if (features.length === 0) {
    throw new TilerError('NO_FEATURES', `no CityObject with surface or solid geometry to tile (${objectsRead} objects read, ${stats.skipped.length} skipped)`, { file: model.file });
  }

  const defs = inferSchema(features);
  const root = buildQuadtree(features, options);
  const tiles = leaves(root);
  let bytes = 0;
  let vertices = 0;
  let triangles = 0;
  const target = path.join(options.tilesetsDir, options.name);
  const tilesetFile = path.join(target, 'tileset.json');
  try {
    await replaceDir(target, async (dir) => {
      await mkdir(path.join(dir, 'content'));
      for (let i = 0; i < tiles.length; i++) {
        const t = tiles[i];
        const center: [number, number, number] = [(t.min[0] + t.max[0]) / 2, (t.min[1] + t.max[1]) / 2, (t.min[2] + t.max[2]) / 2];
        const content = await tileGlb(t.features, center, defs);
        await writeFile(path.join(dir, t.contentUri!), content.glb);
        bytes += content.glb.length;
        vertices += content.vertices;
        triangles += content.triangles;
        progress('write', i + 1, tiles.length);
      }
      const json = JSON.stringify(
        tilesetJson(root, frame, { source: path.basename(model.file), crs: crs.name, features: features.length }),
      );
      await writeFile(path.join(dir, 'tileset.json'), json);
      bytes += Buffer.byteLength(json);
    });
  } catch (err) {
    if (err instanceof TilerError) throw err;
    throw new TilerError('WRITE_FAILED', `cannot write the tileset: ${(err as Error).message}`, { file: target });
  }

  return {
    name: options.name,
    input: model.file,
    crs: crs.name,
    cityJsonVersion: model.version,
    objectsRead,
    topLevelObjects: topLevel,
    featuresWritten: features.length,
    skipped: stats.skipped,
    surfacesDropped: stats.surfacesDropped,
    tiles: tiles.length,
    bytes,
    vertices,
    triangles,
    seconds: (performance.now() - startedAt) / 1000,
    warnings,
    bounds: { west: geoMin[0], south: geoMin[1], east: geoMax[0], north: geoMax[1], minHeight: geoMin[2], maxHeight: geoMax[2] },
    tilesetPath: tilesetFile,
  };
}
