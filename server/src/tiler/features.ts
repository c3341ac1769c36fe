/**
 * From CityObjects to feature meshes: one feature per top-level CityObject (a Building with its BuildingParts and
 * other children merged under the parent's id), its highest-LoD surface geometry triangulated and coloured by
 * semantic surface type (CityJSON 2.0 §3.2 geometry objects, §3.3 semantics).
 */
import type { CityChunk, CityObjectJson } from './cityjson.js';
import { MeshBuilder, surfaceColor, type FeatureMesh } from './mesh.js';
import { triangulatePolygon } from './triangulate.js';

/** What the extraction saw besides the features it produced. */
export interface ExtractStats {
  /** Top-level objects that produced no feature, with the reason. */
  skipped: { id: string; reason: string }[];
  /** Degenerate surfaces (fewer than 3 distinct vertices, or no area) that were left out. */
  surfacesDropped: number;
  /** Ids of the objects that lost at least one degenerate surface (first few only). */
  droppedIn: string[];
  /** GeometryInstance geometries (implicit templates), which are not supported and left out. */
  instances: number;
}

export function newStats(): ExtractStats {
  return { skipped: [], surfacesDropped: 0, droppedIn: [], instances: 0 };
}

const SURFACE_GEOMETRIES = new Set(['MultiSurface', 'CompositeSurface', 'Solid', 'MultiSolid', 'CompositeSolid']);

interface GeometryJson {
  type?: unknown;
  lod?: unknown;
  boundaries?: unknown;
  semantics?: { surfaces?: { type?: unknown }[]; values?: unknown };
}

class DirtyGeometry extends Error {}

function lodOf(g: GeometryJson): number {
  const v = Number.parseFloat(String(g.lod));
  return Number.isFinite(v) ? v : 0;
}

/** The object's geometries at its highest LoD that this tiler can draw (surfaces and solids). */
function highestLod(obj: CityObjectJson, stats: ExtractStats): { lod: number; geometries: GeometryJson[] } {
  let best = -Infinity;
  let out: GeometryJson[] = [];
  if (!Array.isArray(obj.geometry)) return { lod: best, geometries: out };
  for (const raw of obj.geometry) {
    const g = raw as GeometryJson;
    if (!g || typeof g !== 'object') continue;
    if (g.type === 'GeometryInstance') {
      stats.instances++;
      continue;
    }
    if (!SURFACE_GEOMETRIES.has(String(g.type))) continue;
    const lod = lodOf(g);
    if (lod > best) {
      best = lod;
      out = [g];
    } else if (lod === best) out.push(g);
  }
  return { lod: best, geometries: out };
}

/**
 * Ids of the objects that start a feature: those without a parent in the same chunk. Returns them with the
 * children of each (from `children` and from the children's `parents`, transitively, cycles ignored).
 */
export function families(objects: Record<string, CityObjectJson>): Map<string, string[]> {
  const kids = new Map<string, string[]>();
  const add = (parent: string, child: string) => {
    let list = kids.get(parent);
    if (!list) kids.set(parent, (list = []));
    if (!list.includes(child)) list.push(child);
  };
  const hasParent = new Set<string>();
  for (const [id, o] of Object.entries(objects)) {
    if (!o || typeof o !== 'object') continue;
    if (Array.isArray(o.children)) for (const c of o.children) if (typeof c === 'string' && c in objects && c !== id) (add(id, c), hasParent.add(c));
    if (Array.isArray(o.parents)) for (const p of o.parents) if (typeof p === 'string' && p in objects && p !== id) (add(p, id), hasParent.add(id));
  }
  const result = new Map<string, string[]>();
  for (const id of Object.keys(objects)) {
    if (hasParent.has(id)) continue;
    const members = [id];
    const seen = new Set(members);
    for (let i = 0; i < members.length; i++) {
      for (const c of kids.get(members[i]) ?? []) if (!seen.has(c)) (seen.add(c), members.push(c));
    }
    result.set(id, members);
  }
  return result;
}

function semanticType(g: GeometryJson, value: unknown): string | null {
  if (typeof value !== 'number') return null;
  const s = g.semantics?.surfaces?.[value];
  return s && typeof s.type === 'string' ? s.type : null;
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

/** Calls `visit` for every surface of a geometry with its rings and semantic surface type. */
function eachSurface(g: GeometryJson, vertices: Float64Array, visit: (rings: number[][], semantic: string | null) => void): void {
  const b = g.boundaries;
  const values = g.semantics?.values as unknown;
  if (!Array.isArray(b)) throw new DirtyGeometry('malformed boundaries (not a list)');
  const at = (v: unknown, i: number): unknown => (Array.isArray(v) ? v[i] : undefined);
  switch (g.type) {
    case 'MultiSurface':
    case 'CompositeSurface':
      for (let s = 0; s < b.length; s++) visit(checkRings(b[s], vertices), semanticType(g, at(values, s)));
      return;
    case 'Solid':
      for (let sh = 0; sh < b.length; sh++) {
        const shell = b[sh];
        if (!Array.isArray(shell)) throw new DirtyGeometry('malformed boundaries (a shell is not a list of surfaces)');
        for (let s = 0; s < shell.length; s++) visit(checkRings(shell[s], vertices), semanticType(g, at(at(values, sh), s)));
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
            visit(checkRings(shell[s], vertices), semanticType(g, at(at(at(values, so), sh), s)));
          }
        }
      }
  }
}

/**
 * Turns every top-level CityObject of a chunk into a FeatureMesh.
 * @param local the chunk's vertices in the tileset's ENU frame (east, north, up triples, metres), same order as
 *   `chunk.vertices`
 * @param onFeature receives each feature; dirty objects (out-of-range or invalid vertex, malformed boundaries) and
 *   objects with nothing drawable are recorded in `stats.skipped` instead and the run goes on
 */
export function extractFeatures(chunk: CityChunk, local: Float64Array, stats: ExtractStats, onFeature: (f: FeatureMesh) => void): void {
  const builder = new MeshBuilder();
  for (const [rootId, members] of families(chunk.objects)) {
    const root = chunk.objects[rootId];
    if (!root || typeof root !== 'object') {
      stats.skipped.push({ id: rootId, reason: 'not an object' });
      continue;
    }
    const type = typeof root.type === 'string' ? root.type : 'CityObject';
    try {
      const chosen = members.map((id) => highestLod(chunk.objects[id], stats));
      // A parent whose own geometry is coarser than its parts' (3DBAG: LoD0 footprint on the Building, LoD2.2 solids
      // on the BuildingParts) would draw the same building twice: keep the parts.
      const partsLod = Math.max(-Infinity, ...chosen.slice(1).map((c) => c.lod));
      if (chosen.length > 1 && chosen[0].lod < partsLod) chosen[0] = { lod: chosen[0].lod, geometries: [] };
      let dropped = 0;
      for (let m = 0; m < members.length; m++) {
        const memberType = String(chunk.objects[members[m]].type ?? type);
        for (const g of chosen[m].geometries) {
          eachSurface(g, chunk.vertices, (rings, semantic) => {
            const t = triangulatePolygon(local, rings);
            if (!t) {
              dropped++;
              return;
            }
            builder.addPolygon(local, t.vertices, t.triangles, t.normal, surfaceColor(semantic, memberType, t.normal[2]));
          });
        }
      }
      if (dropped > 0) {
        stats.surfacesDropped += dropped;
        if (stats.droppedIn.length < 5) stats.droppedIn.push(rootId);
      }
      if (builder.indexCount === 0) {
        builder.reset();
        const hadGeometry = chosen.some((c) => c.geometries.length > 0);
        stats.skipped.push({ id: rootId, reason: hadGeometry ? 'no valid surfaces (all degenerate)' : 'no surface or solid geometry' });
        continue;
      }
      const attributes = root.attributes && typeof root.attributes === 'object' && !Array.isArray(root.attributes) ? root.attributes : {};
      onFeature(builder.finish(rootId, type, attributes));
    } catch (err) {
      builder.reset();
      if (!(err instanceof DirtyGeometry)) throw err;
      stats.skipped.push({ id: rootId, reason: err.message });
    }
  }
}
