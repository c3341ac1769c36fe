/**
 * CityJSON versions: which ones the tiler reads, and the on-the-fly upgrade of CityJSON 1.0 files.
 *
 * - 2.0 and 1.1 (OGC CityJSON 2.0, cityjson.org/specs/1.1.x) are read as they are: for geometry, semantics and
 *   materials the two are the same.
 * - 1.0 (cityjson.org/specs/1.0.x) is upgraded in memory the way `cjio upgrade` does for what the tiler reads:
 *   `geometry.lod` was a number (1.1 §"Geometry objects" made it a string, e.g. "2.2"); the CRS was a URN
 *   (`urn:ogc:def:crs:EPSG::7415`, read by crs.ts); `transform` was optional (absent means no transform). Nothing
 *   is written back to the file.
 * - Anything older (0.x) had a different geometry encoding and is refused with VERSION_UNSUPPORTED.
 * - A newer or unknown version is read as 2.0 with a warning.
 */
import { TilerError } from './errors.js';
import type { CityObjectJson } from './cityjson.js';

export interface VersionCheck {
  /** The version as written ("" when missing). */
  version: string;
  /** True for 1.0: call upgradeObjects10 on every set of CityObjects. */
  upgrade: boolean;
  warnings: string[];
}

/**
 * Checks the `version` member of a CityJSON document (CityJSON 2.0 §2 "CityJSON object": "version" is "2.0").
 * @throws TilerError VERSION_UNSUPPORTED for versions before 1.0, naming the version and the way out (cjio upgrade)
 */
export function checkVersion(raw: unknown, file: string): VersionCheck {
  const version = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) {
    return { version, upgrade: false, warnings: [`CityJSON version ${JSON.stringify(raw)} is not one this tiler knows (1.0, 1.1, 2.0); reading it as 2.0`] };
  }
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major < 1) {
    throw new TilerError(
      'VERSION_UNSUPPORTED',
      `CityJSON ${version} is too old: this tiler reads CityJSON 1.0, 1.1 and 2.0; upgrade the file first (e.g. "cjio ${file.split(/[\\/]/).pop()} upgrade save new.city.json")`,
      { file },
    );
  }
  if (major === 1 && minor === 0) return { version, upgrade: true, warnings: [`CityJSON ${version} upgraded to 2.0 while reading (geometry "lod" numbers read as strings)`] };
  if ((major === 1 && minor === 1) || (major === 2 && minor === 0)) return { version, upgrade: false, warnings: [] };
  return { version, upgrade: false, warnings: [`CityJSON version ${version} is newer than this tiler knows (1.0, 1.1, 2.0); reading it as 2.0`] };
}

/** Upgrades CityJSON 1.0 CityObjects in place: numeric `lod` → string (1.1 §"Geometry objects"). */
export function upgradeObjects10(objects: Record<string, CityObjectJson>): void {
  for (const id in objects) {
    const o = objects[id];
    if (!o || !Array.isArray(o.geometry)) continue;
    for (const g of o.geometry as { lod?: unknown }[]) {
      if (g && typeof g === 'object' && typeof g.lod === 'number') g.lod = String(g.lod);
    }
  }
}
