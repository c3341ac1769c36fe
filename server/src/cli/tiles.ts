/**
 * `npm run tiles -- build <file> --name <name> [--crs EPSG:28992] [--tilesets DIR]`: CityJSON → 3D Tiles 1.1 under
 * the tilesets folder, registered in its manifest.json. `list` prints the registered tilesets; `remove <name>`
 * unregisters one and deletes its folder. Exit codes: 0 done, 1 the input or the build failed (the
 * message names the file, and the line and column for broken JSON), 2 bad command line.
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs/promises';
import {
  buildTileset,
  errorMessage,
  manifestPath,
  readManifest,
  SUPPORTED_CRS,
  TILESET_NAME,
  unregisterTileset,
  type BuildProgress,
  type ExtrudeOptions,
} from '../tiler/index.js';
import { EXTRA_OPTIONS, EXTRA_USAGE, extrudeOptions, runAdd } from './tilesExtra.js';
import { CITYJSON_OPTIONS, CITYJSON_USAGE, cityjsonOptions, type CityJSONCliOptions } from './cityjsonOptions.js';
import { progressReporter } from './progress.js';

const USAGE = `Usage: npm run tiles -- build <file> --name <name> [options]
       npm run tiles -- add <folder | tileset.json | URL> --name <name> [--title <text>] [--at lon,lat[,h]]
       npm run tiles -- list [--tilesets <dir>]
       npm run tiles -- remove <name> [--tilesets <dir>]

Turns a CityJSON file (CityJSON 1.0, 1.1 or 2.0 .json / .city.json, or CityJSONSeq .city.jsonl) into a
3D Tiles 1.1 tileset at <tilesets>/<name>/tileset.json and registers it in <tilesets>/manifest.json,
so the app lists it as a layer (after a restart at most). An existing tileset of the same name is
replaced only when the new one is complete.

Options:
  --name <name>          tileset id and folder name: lowercase letters, digits, '-' and '_' (required)
  --title <text>         display name in the app (default: the name)
  --attribution <text>   source / licence line shown with the layer (default: the file's metadata.title)
  --crs <crs>            coordinate reference system of the file, when it names none or names it wrongly:
                         ${SUPPORTED_CRS.join(', ')}
                         (RD New heights are read as NAP; NAP 0 m is put at ellipsoid height 0 m)
  --proj4 <definition>   proj4 definition of a CRS not listed above (from epsg.io), with --crs naming it,
                         e.g. --crs EPSG:25831 --proj4 "+proj=utm +zone=31 +ellps=GRS80 +units=m +no_defs"
  --tilesets <dir>       the tilesets folder (default: $TILESETS_DIR, else ./tilesets)
  --max-features <n>     at most n buildings per tile (default 200)
  -q, --quiet            print no progress
  -h, --help             show this text
${CITYJSON_USAGE}${EXTRA_USAGE}
Examples:
  npm run tiles -- build ../shared/data/cityjson-val3dity/3-20-DELFSHAVEN.city.json --name delfshaven
  npm run tiles -- build ../shared/data/geojson-city4cfd/tudcampus.geojson --name tudcampus --default-height 10
  npm run tiles -- add ../shared/data/3dtiles-pg2b3dm-tienhoven --name tienhoven --title Tienhoven
  npm run tiles -- build rotterdam_subset.json --name rotterdam --title "Rotterdam (sample)" --crs EPSG:28992
`;

class UsageError extends Error {}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      name: { type: 'string' },
      title: { type: 'string' },
      attribution: { type: 'string' },
      crs: { type: 'string' },
      proj4: { type: 'string' },
      tilesets: { type: 'string' },
      'max-features': { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
      ...EXTRA_OPTIONS,
      ...CITYJSON_OPTIONS,
    },
  });
  return { values, positionals };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function bytesText(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/** Runs the CLI with the given arguments (without node and script); returns the exit code. */
export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WriteStream | NodeJS.WritableStream = process.stderr): Promise<number> {
  let args;
  try {
    args = parse(argv);
  } catch (e) {
    err.write(`error: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    out.write(USAGE);
    return 0;
  }
  if (positionals.length === 0) {
    err.write(`error: missing the command\n\n${USAGE}`);
    return 2;
  }
  try {
    const [command, file, ...rest] = positionals;
    const tilesetsDir = path.resolve(values.tilesets ?? process.env.TILESETS_DIR ?? 'tilesets');
    if (command === 'list') {
      if (file) throw new UsageError(`unexpected argument ${JSON.stringify(file)}`);
      return await list(tilesetsDir, out, err);
    }
    if (command === 'remove') {
      if (!file) throw new UsageError('missing the name of the tileset to remove');
      if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
      if (!TILESET_NAME.test(file)) throw new UsageError(`invalid tileset name ${JSON.stringify(file)}`);
      return await remove(tilesetsDir, file, out, err);
    }
    if (command === 'add') {
      if (!file) throw new UsageError('missing the folder, tileset.json or URL of the 3D Tiles to add');
      if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
      if (!values.name) throw new UsageError('missing --name <name>');
      if (!TILESET_NAME.test(values.name)) throw new UsageError(`invalid --name ${JSON.stringify(values.name)}: use 1–64 lowercase letters, digits, '-' and '_', starting with a letter or digit`);
      return await runAdd(file, values, tilesetsDir, out, err);
    }
    if (command !== 'build') throw new UsageError(`unknown command ${JSON.stringify(command)}; the commands are build, add, list and remove`);
    if (!file) throw new UsageError('missing the CityJSON file to build from');
    if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
    if (!values.name) throw new UsageError('missing --name <name>');
    if (!TILESET_NAME.test(values.name)) {
      throw new UsageError(`invalid --name ${JSON.stringify(values.name)}: use 1–64 lowercase letters, digits, '-' and '_', starting with a letter or digit`);
    }
    let maxFeatures: number | undefined;
    if (values['max-features'] !== undefined) {
      maxFeatures = Number(values['max-features']);
      if (!Number.isInteger(maxFeatures) || maxFeatures < 1) throw new UsageError('--max-features must be a whole number of at least 1');
    }
    const extrude = extrudeOptions(values);
    if (typeof extrude === 'string') throw new UsageError(extrude);
    const city = cityjsonOptions(values);
    if (typeof city === 'string') throw new UsageError(city);
    return await build(file, { ...values, name: values.name, maxFeatures, extrude, city }, out, err);
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`error: ${e.message}\n\nRun "npm run tiles -- --help" for usage.\n`);
      return 2;
    }
    throw e;
  }
}

/** `list`: the registered tilesets, one line each (id, url, name). */
async function list(tilesetsDir: string, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  try {
    const tilesets = await readManifest(tilesetsDir);
    if (tilesets.length === 0) out.write(`no tilesets registered in ${manifestPath(tilesetsDir)}\n`);
    for (const t of tilesets) out.write(`${t.id.padEnd(20)} ${t.url.padEnd(40)} ${t.name}${t.demo ? ' (demo)' : ''}\n`);
    return 0;
  } catch (e) {
    err.write(`error: ${errorMessage(e)}\n`);
    return 1;
  }
}

/** `remove <name>`: unregister the tileset and delete its folder under the tilesets folder. */
async function remove(tilesetsDir: string, name: string, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  try {
    const wasRegistered = await unregisterTileset(tilesetsDir, name);
    const folder = path.join(tilesetsDir, name);
    const hadFolder = await fs.stat(folder).then(() => true, () => false);
    if (!wasRegistered && !hadFolder) {
      err.write(`error: no tileset named ${JSON.stringify(name)} in ${tilesetsDir}\n`);
      return 1;
    }
    await fs.rm(folder, { recursive: true, force: true });
    out.write(`removed ${name}${wasRegistered ? ' from the manifest' : ''}${hadFolder ? ` and ${folder}` : ''}\n`);
    return 0;
  } catch (e) {
    err.write(`error: ${errorMessage(e)}\n`);
    return 1;
  }
}

async function build(
  file: string,
  o: { name: string; title?: string; attribution?: string; crs?: string; proj4?: string; tilesets?: string; quiet?: boolean; maxFeatures?: number; extrude?: ExtrudeOptions; city?: CityJSONCliOptions },
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const tilesetsDir = path.resolve(o.tilesets ?? process.env.TILESETS_DIR ?? 'tilesets');
  const progress = progressReporter(err, o.quiet);
  const onProgress = (p: BuildProgress) => progress.onProgress(p);
  try {
    const s = await buildTileset({
      input: file,
      name: o.name,
      tilesetsDir,
      crs: o.crs,
      proj4: o.proj4,
      title: o.title,
      attribution: o.attribution,
      maxFeatures: o.maxFeatures,
      extrude: o.extrude,
      ...o.city,
      onWarning: (w) => {
        progress.stop();
        err.write(`warning: ${w}\n`);
      },
      onProgress,
    });
    progress.stop();
    const b = s.bounds;
    const rows: [string, string][] = [
      ['tileset', `${s.tileset.id} "${s.tileset.name}" → ${s.tilesetPath}`],
      ['input', `${s.input} (${s.cityJsonVersion === 'GeoJSON' ? 'GeoJSON footprints' : `CityJSON ${s.cityJsonVersion}`}, ${s.crs})`],
      ['objects', `${fmt(s.objectsRead)} read, ${fmt(s.topLevelObjects)} top-level, ${fmt(s.featuresWritten)} written, ${fmt(s.skipped.length)} skipped`],
      ['surfaces', `${fmt(s.surfacesDropped)} degenerate left out, ${fmt(s.repaired?.length ?? 0)} objects repaired${s.filtered ? `, ${fmt(s.filtered)} objects left out by --types` : ''}`],
      ['tiles', `${fmt(s.tiles)} GLB, ${bytesText(s.bytes)} (${fmt(s.bytes / Math.max(1, s.featuresWritten))} bytes per feature)`],
      ['geometry', `${fmt(s.vertices)} vertices, ${fmt(s.triangles)} triangles`],
      ['extent', `lon ${b.west.toFixed(5)}..${b.east.toFixed(5)}, lat ${b.south.toFixed(5)}..${b.north.toFixed(5)}, height ${b.minHeight.toFixed(1)}..${b.maxHeight.toFixed(1)} m`],
      ['time', `${s.seconds.toFixed(2)} s (${fmt(s.featuresWritten / Math.max(s.seconds, 1e-6))} features/s)`],
      ['warnings', String(s.warnings.length)],
    ];
    for (const sk of s.skipped.slice(0, 20)) err.write(`skipped ${sk.id}: ${sk.reason}\n`);
    if (s.skipped.length > 20) err.write(`… and ${s.skipped.length - 20} more skipped\n`);
    for (const r of (s.repaired ?? []).slice(0, 10)) err.write(`repaired ${r.id}: ${r.reason}\n`);
    if ((s.repaired?.length ?? 0) > 10) err.write(`… and ${s.repaired.length - 10} more repaired\n`);
    out.write(`${rows.map(([k, v]) => `${k.padEnd(10)} ${v}`).join('\n')}\n`);
    return 0;
  } catch (e) {
    progress.stop();
    err.write(`error: ${errorMessage(e)}\n`);
    return 1;
  }
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]).replace(/\.[cm]?[jt]s$/, '') === fileURLToPath(import.meta.url).replace(/\.[cm]?[jt]s$/, '');
if (isMain) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`error: ${errorMessage(e)}\n`);
      process.exitCode = 1;
    },
  );
}
