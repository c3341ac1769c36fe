/**
 * The parts of `npm run tiles` for GeoJSON footprints and existing 3D Tiles (tiles.ts wires them in):
 * - the `--height-attr`, `--height-min`, `--height-max`, `--default-height`, `--base-height` options of `build`;
 * - the `add <folder | tileset.json | https URL> --name <name> [--title] [--attribution] [--at lon,lat[,h]]` command.
 */
import { errorMessage, type ExtrudeOptions } from '../tiler/index.js';
import { addExternalTileset, parseAt } from '../tiler/external.js';

/** parseArgs option definitions these commands add. */
export const EXTRA_OPTIONS = {
  'height-attr': { type: 'string' },
  'height-min': { type: 'string' },
  'height-max': { type: 'string' },
  'default-height': { type: 'string' },
  'base-height': { type: 'string' },
  at: { type: 'string' },
} as const;

export const EXTRA_USAGE = `
GeoJSON footprints (.geojson, or .json with a FeatureCollection / Feature / (Multi)Polygon), extruded to
LoD1 buildings; CRS from the file's "crs" member (e.g. urn:ogc:def:crs:EPSG::28992), else WGS84 (RFC 7946),
or --crs:
  --height-attr <prop>   property with the building height above its base (m)
  --height-min <prop>    property with the base height (m), e.g. b3_h_maaiveld (3DBAG)
  --height-max <prop>    property with the roof height (m), e.g. b3_h_dak_max (3DBAG)
  --default-height <m>   height for footprints that have none (else they are skipped and listed)
  --base-height <m>      base height when --height-min is not given (default 0)
  One of --height-attr, --height-max or --default-height is required.

Existing 3D Tiles (1.0 b3dm or 1.1 glTF), registered as a layer as they are:
  npm run tiles -- add <folder | tileset.json | https://…/tileset.json> --name <name> [--title <text>]
  A local tileset is validated and copied to <tilesets>/<name>/; a URL is registered, not downloaded.
  --at <lon,lat[,h]>     place a tileset that has no georeference (root at the Earth's centre); without it
                         such a tileset is refused
`;

type Values = Partial<Record<keyof typeof EXTRA_OPTIONS | 'name' | 'title' | 'attribution', string | boolean | undefined>>;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * The extrusion options from the command line.
 * @returns the options, or an error text for a bad number
 */
export function extrudeOptions(values: Values): ExtrudeOptions | string {
  const out: ExtrudeOptions = {};
  const names = ['height-attr', 'height-min', 'height-max'] as const;
  for (const n of names) {
    const v = str(values[n]);
    if (v === undefined) continue;
    if (v.trim() === '') return `--${n} needs a property name`;
    if (n === 'height-attr') out.heightAttr = v;
    else if (n === 'height-min') out.heightMin = v;
    else out.heightMax = v;
  }
  for (const n of ['default-height', 'base-height'] as const) {
    const v = str(values[n]);
    if (v === undefined) continue;
    const x = Number(v);
    if (v.trim() === '' || !Number.isFinite(x)) return `--${n} must be a number of metres`;
    if (n === 'default-height') {
      if (x <= 0) return '--default-height must be more than 0 m';
      out.defaultHeight = x;
    } else out.baseHeight = x;
  }
  return out;
}

/**
 * `add`: registers existing 3D Tiles (tiler/external.ts addExternalTileset) and prints what it did.
 * @returns exit code: 0 registered, 1 refused (message names the file and what is wrong; nothing registered)
 */
export async function runAdd(source: string, values: Values, tilesetsDir: string, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  try {
    const at = str(values.at) !== undefined ? parseAt(str(values.at)!) : undefined;
    const r = await addExternalTileset({
      source,
      name: str(values.name)!,
      title: str(values.title),
      attribution: str(values.attribution),
      tilesetsDir,
      at,
    });
    for (const w of r.warnings) err.write(`warning: ${w}\n`);
    const what =
      r.mode === 'linked'
        ? `by URL, not downloaded`
        : `3D Tiles ${r.version} (${r.files} files, ${(r.bytes / 1024 / 1024).toFixed(1)} MiB: ${Object.entries(r.contents)
            .map(([e, n]) => `${n} ${e || '(no extension)'}`)
            .join(', ')})${at ? ` placed at ${at.lon}, ${at.lat}, ${at.height} m` : ''}`;
    out.write(`tileset    ${r.tileset.id} "${r.tileset.name}" → ${r.tileset.url}\n${r.mode.padEnd(10)} ${what}\n`);
    return 0;
  } catch (e) {
    err.write(`error: ${errorMessage(e)}\n`);
    return 1;
  }
}
