/**
 * Walking the surfaces of CityJSON geometry objects (CityJSON 2.0 §3.2 "Geometry objects": MultiSurface,
 * CompositeSurface, Solid, MultiSolid, CompositeSolid boundaries nest 2, 2, 3, 4 and 4 arrays deep), with each
 * surface's semantic type (§3.3 "Semantics of geometric primitives") and material (§3.5.1 "Materials": a theme's
 * `value` for the whole geometry or `values` nested like the semantics' `values`).
 */
import type { MaterialJson } from './cityjson.js';

export interface GeometryJson {
  type?: unknown;
  lod?: unknown;
  boundaries?: unknown;
  semantics?: { surfaces?: { type?: unknown }[]; values?: unknown };
  material?: Record<string, { value?: unknown; values?: unknown }>;
  /** Texture themes (§3.5.2); only noticed, not drawn. */
  texture?: unknown;
}

/** Geometry that is not what CityJSON says it must be; the object holding it is skipped with this message. */
export class DirtyGeometry extends Error {}

export const SURFACE_GEOMETRIES = new Set(['MultiSurface', 'CompositeSurface', 'Solid', 'MultiSolid', 'CompositeSolid']);

/** sRGB 0–1 → linear 0–255 (IEC 61966-2-1), because glTF vertex colours are linear. */
function linear01(s: number): number {
  const c = Math.min(1, Math.max(0, s));
  const l = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  return Math.round(l * 255);
}

/**
 * Vertex colours (RGBA 0–255, linear, opaque) of `appearance.materials` from their `diffuseColor` (taken as sRGB,
 * as designers pick it); null for a material without a usable diffuseColor. Transparency is not used: tiles are
 * opaque.
 */
export function materialColors(materials: MaterialJson[] | undefined): (number[] | null)[] {
  if (!materials) return [];
  return materials.map((m) => {
    const d = m?.diffuseColor;
    if (!Array.isArray(d) || d.length < 3 || !d.every((x) => typeof x === 'number' && Number.isFinite(x))) return null;
    return [linear01(d[0]), linear01(d[1]), linear01(d[2]), 255];
  });
}

function checkRings(rings: unknown, vertices: Float64Array): number[][] {
  if (!Array.isArray(rings)) throw new DirtyGeometry('malformed boundaries (a surface is not a list of rings)');
  const n = vertices.length / 3;
  for (const ring of rings) {
    if (!Array.isArray(ring)) throw new DirtyGeometry('malformed boundaries (a ring is not a list of vertex indices)');
    for (const v of ring) {
      if (!Number.isInteger(v) || v < 0 || v >= n) {
        throw new DirtyGeometry(`vertex index ${JSON.stringify(v)} out of range (the file has ${n} vertices)`);
      }
      if (Number.isNaN(vertices[v * 3])) throw new DirtyGeometry(`vertex ${v} is not three numbers`);
    }
  }
  return rings as number[][];
}

const at = (v: unknown, i: number): unknown => (Array.isArray(v) ? v[i] : undefined);

/**
 * Calls `visit` for every surface of a surface or solid geometry with its rings (vertex indices, checked against
 * `vertices`), its semantic surface type (or null) and its material index in the geometry's first material theme
 * (or null).
 * @throws DirtyGeometry for malformed boundaries, an out-of-range index or a vertex that is not three numbers
 */
export function eachSurface(
  g: GeometryJson,
  vertices: Float64Array,
  visit: (rings: number[][], semantic: string | null, material: number | null) => void,
): void {
  const b = g.boundaries;
  const values = g.semantics?.values as unknown;
  const surfaces = g.semantics?.surfaces;
  const semantic = (v: unknown): string | null => {
    if (typeof v !== 'number' || !surfaces) return null;
    const s = surfaces[v];
    return s && typeof s.type === 'string' ? s.type : null;
  };
  let theme: { value?: unknown; values?: unknown } | undefined;
  if (g.material && typeof g.material === 'object') for (const k in g.material) if (!theme) theme = g.material[k];
  const single = typeof theme?.value === 'number' ? theme.value : null;
  const mValues = theme?.values;
  const material = (v: unknown): number | null => (single !== null ? single : typeof v === 'number' ? v : null);
  if (!Array.isArray(b)) throw new DirtyGeometry('malformed boundaries (not a list)');
  switch (g.type) {
    case 'MultiSurface':
    case 'CompositeSurface':
      for (let s = 0; s < b.length; s++) visit(checkRings(b[s], vertices), semantic(at(values, s)), material(at(mValues, s)));
      return;
    case 'Solid':
      for (let sh = 0; sh < b.length; sh++) {
        const shell = b[sh];
        if (!Array.isArray(shell)) throw new DirtyGeometry('malformed boundaries (a shell is not a list of surfaces)');
        for (let s = 0; s < shell.length; s++) {
          visit(checkRings(shell[s], vertices), semantic(at(at(values, sh), s)), material(at(at(mValues, sh), s)));
        }
      }
      return;
    default: // MultiSolid, CompositeSolid
      for (let so = 0; so < b.length; so++) {
        const solid = b[so];
        if (!Array.isArray(solid)) throw new DirtyGeometry('malformed boundaries (a solid is not a list of shells)');
        for (let sh = 0; sh < solid.length; sh++) {
          const shell = solid[sh];
          if (!Array.isArray(shell)) throw new DirtyGeometry('malformed boundaries (a shell is not a list of surfaces)');
          for (let s = 0; s < shell.length; s++) {
            visit(
              checkRings(shell[s], vertices),
              semantic(at(at(at(values, so), sh), s)),
              material(at(at(at(mValues, so), sh), s)),
            );
          }
        }
      }
  }
}
