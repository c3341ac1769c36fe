/**
 * `tilesets/manifest.json`: the list of 3D Tiles layers the app offers, `{ "tilesets": [TilesetInfo] }`
 * (shared/protocol.ts TilesetsResponse). Written atomically under a lock file, so concurrent builds and a reading
 * server never see half a manifest.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { TilesetInfo, TilesetsResponse } from '../../../shared/index.js';
import { TilerError } from './errors.js';
import { parseJson } from './json.js';
import { withLock, writeFileAtomic } from './atomic.js';

export const MANIFEST_FILE = 'manifest.json';

/** Path of the manifest in a tilesets folder. */
export function manifestPath(tilesetsDir: string): string {
  return path.join(tilesetsDir, MANIFEST_FILE);
}

/** URL path of a tileset's tileset.json as the app serves it: `/tilesets/<id>/tileset.json`. */
export function tilesetUrl(id: string): string {
  return `/tilesets/${encodeURIComponent(id)}/tileset.json`;
}

/**
 * Reads the manifest.
 * @returns the listed tilesets; [] when the file does not exist
 * @throws TilerError MANIFEST_CORRUPT naming the file (and line/column for broken JSON) when it is not a valid
 *   manifest
 */
export async function readManifest(tilesetsDir: string): Promise<TilesetInfo[]> {
  const file = manifestPath(tilesetsDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new TilerError('MANIFEST_CORRUPT', `cannot read the tileset manifest: ${(err as Error).message}`, { file });
  }
  let value: unknown;
  try {
    value = parseJson(text, file);
  } catch (err) {
    const e = err as TilerError;
    throw new TilerError('MANIFEST_CORRUPT', `the tileset manifest is not valid JSON: ${e.message}`, { file, line: e.line, column: e.column });
  }
  const parsed = TilesetsResponse.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new TilerError('MANIFEST_CORRUPT', `the tileset manifest is not of the form {"tilesets": [{id, name, url}]}${where}: ${issue.message}`, { file });
  }
  return parsed.data.tilesets;
}

/**
 * Adds a tileset to the manifest, or replaces the entry with the same id (keeping its place in the list).
 * @returns the manifest's new list
 * @throws TilerError MANIFEST_CORRUPT when the existing manifest cannot be read (it is then left untouched)
 */
export async function registerTileset(tilesetsDir: string, info: TilesetInfo): Promise<TilesetInfo[]> {
  const entry = TilesetInfo.parse(info);
  return withLock(`${manifestPath(tilesetsDir)}.lock`, async () => {
    const list = await readManifest(tilesetsDir);
    const at = list.findIndex((t) => t.id === entry.id);
    if (at >= 0) list[at] = entry;
    else list.push(entry);
    await writeFileAtomic(manifestPath(tilesetsDir), `${JSON.stringify({ tilesets: list }, null, 2)}\n`);
    return list;
  });
}

/**
 * Removes a tileset's entry from the manifest (not its files).
 * @returns true when an entry was removed
 */
export async function unregisterTileset(tilesetsDir: string, id: string): Promise<boolean> {
  return withLock(`${manifestPath(tilesetsDir)}.lock`, async () => {
    const list = await readManifest(tilesetsDir);
    const next = list.filter((t) => t.id !== id);
    if (next.length === list.length) return false;
    await writeFileAtomic(manifestPath(tilesetsDir), `${JSON.stringify({ tilesets: next }, null, 2)}\n`);
    return true;
  });
}
