/**
 * The tiler: CityJSON → 3D Tiles 1.1 under tilesets/ (DESIGN.md: tiler/). Entry points:
 * - buildTileset: a CityJSON / CityJSONSeq file → `<tilesetsDir>/<name>/tileset.json`, registered in the manifest
 *   (a CityJSONSeq file is streamed: openCityJSON + buildFromSource, memory independent of the file size)
 * - buildFromCityJSON: the same from a parsed CityJSON object (the demo district uses it)
 * - readManifest / registerTileset: tilesets/manifest.json
 * - ensureDemoTileset: the generated demo district when no tileset is registered
 */
import path from 'node:path';
import type { TilesetInfo } from '../../../shared/index.js';
import { cityModelFromObject, openCityJSON } from './cityjson.js';
import { assertTilesetName, buildFromCityModel, buildFromSource, type BuildModelOptions, type BuildSummary } from './build.js';
import type { ExtractOptions } from './features.js';
import { registerTileset, tilesetUrl } from './manifest.js';
import { buildFootprintTileset } from './footprints.js';
import { isGeoJSONFile, type ExtrudeOptions } from './geojson.js';

export { readManifest, registerTileset, unregisterTileset, manifestPath, tilesetUrl } from './manifest.js';
export { assertTilesetName, TILESET_NAME, type BuildSummary, type BuildProgress, type BuildPhase } from './build.js';
export type { ExtractOptions } from './features.js';
export { openCityJSON, type CitySource, type CityModel } from './cityjson.js';
export { buildFromSource } from './build.js';
import { TilerError } from './errors.js';
export { TilerError, errorMessage, type TilerErrorCode } from './errors.js';
export { geojsonToCityModel, readGeoJSONFile, isGeoJSONFile, type ExtrudeOptions, type GeoJSONModel } from './geojson.js';
export { buildFootprintTileset, type FootprintTilesetOptions } from './footprints.js';
export { parseCrs, createTransformer, SUPPORTED_CRS, RD_NEW_PROJ4, type Crs, type GeodeticTransformer } from './crs.js';
export { ensureDemoTileset, demoBuildings, demoCityJSON, DEMO_CENTER, DEMO_TILESET_ID } from './demo.js';

export interface BuildTilesetOptions extends ExtractOptions {
  /** Path of a CityJSON (.json, .city.json) or CityJSONSeq (.jsonl, .city.jsonl) file. */
  input: string;
  /** Tileset id and folder name: lowercase letters, digits, '-' and '_'. */
  name: string;
  /** The tilesets folder (the one holding manifest.json). */
  tilesetsDir: string;
  /** CRS when the file names none, or to override it: "EPSG:28992", "EPSG:7415", "EPSG:4326", "EPSG:4979". */
  crs?: string;
  /** proj4 definition of `crs` for a CRS the tiler does not know by code (e.g. EPSG:25831 from epsg.io). */
  proj4?: string;
  /** Display name in the manifest (default: `name`). */
  title?: string;
  /** Attribution line in the manifest (default: the file's metadata.title, if any). */
  attribution?: string;
  /** Register in tilesets/manifest.json (default true). */
  register?: boolean;
  /** Tiling limits (default 200 features, 250,000 vertices per tile). */
  maxFeatures?: number;
  maxVertices?: number;
  /** At most about this many uncompressed bytes per tile (default 8 MiB). */
  maxBytes?: number;
  /** meshopt compression (EXT_meshopt_compression + KHR_mesh_quantization); default true. */
  compress?: boolean;
  onWarning?: BuildModelOptions['onWarning'];
  onProgress?: BuildModelOptions['onProgress'];
  /** Heights for GeoJSON footprints (geojson.ts); ignored for CityJSON. */
  extrude?: ExtrudeOptions;
}

export interface BuildTilesetResult extends BuildSummary {
  /** The manifest entry (also when `register` is false, as it would be registered). */
  tileset: TilesetInfo;
}

/**
 * Reads a CityJSON file (a CityJSONSeq file as a stream) and writes it as a 3D Tiles 1.1 tileset at `<tilesetsDir>/<name>/tileset.json`, then
 * registers it in `<tilesetsDir>/manifest.json` as `{id: name, name: title ?? name, url: /tilesets/<name>/tileset.json}`.
 * An existing tileset of that name is replaced only when the new one is complete.
 * @throws TilerError naming the file: FILE_NOT_FOUND, FILE_UNREADABLE, JSON_SYNTAX (line, column), NOT_CITYJSON,
 *   CRS_MISSING ("pass --crs"), CRS_UNSUPPORTED, NO_FEATURES, BAD_NAME, WRITE_FAILED, MANIFEST_CORRUPT
 */
export async function buildTileset(options: BuildTilesetOptions): Promise<BuildTilesetResult> {
  try {
    return await buildTilesetFromFile(options);
  } catch (err) {
    // Every error of a build names the input file (DESIGN.md: "Errors are answers").
    if (err instanceof TilerError && err.file === undefined) throw new TilerError(err.code, err.message, { file: options.input });
    throw err;
  }
}

async function buildTilesetFromFile(options: BuildTilesetOptions): Promise<BuildTilesetResult> {
  const started = performance.now();
  assertTilesetName(options.name);
  if (await isGeoJSONFile(options.input)) return buildFootprintTileset(options); // GeoJSON footprints: footprints.ts
  const model = await openCityJSON(options.input);
  const summary = await buildFromSource(model, { ...options, baseDir: path.dirname(path.resolve(options.input)) }, started);
  const tileset: TilesetInfo = { id: options.name, name: options.title ?? options.name, url: tilesetUrl(options.name) };
  const attribution = options.attribution ?? model.title;
  if (attribution) tileset.attribution = attribution;
  if (options.register !== false) await registerTileset(options.tilesetsDir, tileset);
  return { ...summary, seconds: (performance.now() - started) / 1000, tileset };
}

export interface BuildFromCityJSONOptions extends Omit<BuildModelOptions, 'baseDir'> {
  /** Name used in messages (default "<memory>"). */
  sourceName?: string;
}

/**
 * Builds `<tilesetsDir>/<name>/` from a parsed CityJSON object (not registered in the manifest).
 * @throws TilerError as buildTileset, with `sourceName` as the file
 */
export async function buildFromCityJSON(doc: unknown, options: BuildFromCityJSONOptions): Promise<BuildSummary> {
  const started = performance.now();
  assertTilesetName(options.name);
  return buildFromCityModel(cityModelFromObject(doc, options.sourceName ?? '<memory>'), options, started);
}
