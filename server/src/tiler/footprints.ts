/**
 * `tiles build footprints.geojson`: GeoJSON footprints → extruded LoD1 buildings (geojson.ts) → the shared CityModel
 * pipeline (build.ts buildFromCityModel) → 3D Tiles 1.1 under tilesets/, registered in the manifest.
 */
import type { TilesetInfo } from '../../../shared/index.js';
import { assertTilesetName, buildFromCityModel, type BuildModelOptions, type BuildSummary } from './build.js';
import { TilerError } from './errors.js';
import { readGeoJSONFile, type ExtrudeOptions } from './geojson.js';
import { registerTileset, tilesetUrl } from './manifest.js';

export interface FootprintTilesetOptions extends Omit<BuildModelOptions, 'baseDir'> {
  /** Path of the GeoJSON file. */
  input: string;
  /** How footprints get heights; at least one of heightAttr, heightMax or defaultHeight is required. */
  extrude?: ExtrudeOptions;
  /** Display name in the manifest (default: `name`). */
  title?: string;
  /** Attribution line in the manifest (default: the FeatureCollection's `name`, if any). */
  attribution?: string;
  /** Register in tilesets/manifest.json (default true). */
  register?: boolean;
}

/**
 * Builds `<tilesetsDir>/<name>/` from GeoJSON footprints and registers it like buildTileset does. The CRS is
 * `crs` when given, else the file's `crs` member (e.g. `urn:ogc:def:crs:EPSG::28992`), else EPSG:4326 (RFC 7946 §4).
 * Features skipped by the reader (bad geometry, no height) are listed in `skipped` with their id and reason;
 * `cityJsonVersion` is "GeoJSON".
 * @throws TilerError NO_HEIGHT when no height option is given; FILE_NOT_FOUND, FILE_UNREADABLE, JSON_SYNTAX,
 *   NOT_GEOJSON, CRS_UNSUPPORTED, NO_FEATURES (every feature skipped: names the first reason), BAD_NAME, WRITE_FAILED
 */
export async function buildFootprintTileset(options: FootprintTilesetOptions): Promise<BuildSummary & { tileset: TilesetInfo }> {
  const started = performance.now();
  assertTilesetName(options.name);
  const ex = options.extrude ?? {};
  if (ex.heightAttr === undefined && ex.heightMax === undefined && ex.defaultHeight === undefined) {
    throw new TilerError(
      'NO_HEIGHT',
      'GeoJSON footprints need a height: pass --height-attr <property> (height above the base), --height-max <property> (roof height, with --height-min <property> for the base) or --default-height <metres>',
      { file: options.input },
    );
  }
  options.onProgress?.({ phase: 'read', done: 0, total: 1 });
  const model = await readGeoJSONFile(options.input, ex);
  options.onProgress?.({ phase: 'read', done: 1, total: 1 });
  if (Object.keys(model.chunks[0].objects).length === 0) {
    const first = model.skipped[0];
    throw new TilerError(
      'NO_FEATURES',
      `no footprint to extrude (${model.featuresRead} features read${first ? `, all skipped, e.g. ${first.id}: ${first.reason}` : ''})`,
      { file: options.input },
    );
  }
  if (model.skipped.length > 0) {
    const s = model.skipped[0];
    const m = `${model.skipped.length} footprints skipped (e.g. ${s.id}: ${s.reason})`;
    model.warnings.push(m);
  }
  const crs = options.crs ?? (model.referenceSystem ? undefined : 'EPSG:4326');
  const summary = await buildFromCityModel(model, { ...options, crs }, started);
  const tileset: TilesetInfo = { id: options.name, name: options.title ?? options.name, url: tilesetUrl(options.name) };
  const attribution = options.attribution ?? model.title;
  if (attribution) tileset.attribution = attribution;
  if (options.register !== false) await registerTileset(options.tilesetsDir, tileset);
  return {
    ...summary,
    objectsRead: model.featuresRead,
    topLevelObjects: model.featuresRead,
    skipped: [...model.skipped, ...summary.skipped],
    seconds: (performance.now() - started) / 1000,
    tileset,
  };
}
