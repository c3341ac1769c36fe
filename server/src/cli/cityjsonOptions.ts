/**
 * The `build` options that choose what of a CityJSON file is tiled and how: --lod, --parts, --types, --no-compress,
 * --max-bytes (see ExtractOptions in tiler/features.ts and TileGlbOptions in tiler/gltf.ts).
 */
import type { ExtractOptions } from '../tiler/index.js';

/** node:util parseArgs option definitions. */
export const CITYJSON_OPTIONS = {
  lod: { type: 'string' },
  parts: { type: 'boolean' },
  types: { type: 'string' },
  'no-compress': { type: 'boolean' },
  'max-bytes': { type: 'string' },
} as const;

export const CITYJSON_USAGE = `
CityJSON options:
  --lod <lod>            the LoD to draw, as the file writes it (0, 1.2, 1.3, 2.2); a whole number takes the
                         highest of its family (2 → 2.2); objects without it are skipped (default: each object's
                         highest LoD)
  --parts                keep BuildingParts (and other children) as features of their own (default: merged into
                         the parent, one feature per building with the parent's id)
  --types <T1,T2,...>    only these CityObject types, e.g. Building or Building,Bridge,Road,WaterBody (default:
                         every type with surface or solid geometry; non-buildings are coloured by their type)
  --no-compress          plain glTF buffers (default: EXT_meshopt_compression with KHR_mesh_quantization)
  --max-bytes <n>        about n uncompressed bytes per tile at most (default 8388608)
`;

export interface CityJSONCliOptions extends ExtractOptions {
  compress: boolean;
  maxBytes?: number;
}

/** Reads the options above; returns a usage error text when one is bad. */
export function cityjsonOptions(values: Record<string, unknown>): CityJSONCliOptions | string {
  const o: CityJSONCliOptions = { compress: values['no-compress'] !== true, parts: values.parts === true };
  if (typeof values.lod === 'string') {
    if (!/^\d+(\.\d+)?$/.test(values.lod)) return `--lod must be a LoD such as 1.2, 2.2 or 2, not ${JSON.stringify(values.lod)}`;
    o.lod = values.lod;
  }
  if (typeof values.types === 'string') {
    const list = values.types.split(',').map((t) => t.trim()).filter(Boolean);
    const bad = list.find((t) => !/^\+?[A-Za-z][A-Za-z0-9_]*$/.test(t));
    if (list.length === 0 || bad !== undefined) return `--types must be CityObject types separated by commas (e.g. Building,Bridge)${bad ? `, not ${JSON.stringify(bad)}` : ''}`;
    o.types = new Set(list);
  }
  if (typeof values['max-bytes'] === 'string') {
    const n = Number(values['max-bytes']);
    if (!Number.isInteger(n) || n < 1024) return '--max-bytes must be a whole number of at least 1024';
    o.maxBytes = n;
  }
  return o;
}
