/**
 * From CityObjects to feature meshes (CityJSON 2.0 §3 "CityObjects", §3.2 geometry objects, §3.3 semantics, §3.5
 * materials). By default one feature per top-level CityObject: a Building with its BuildingParts and other children
 * merged under the parent's id; with `parts`, every CityObject is its own feature. Each object's geometry at one LoD
 * (the highest by default) is triangulated and coloured: a CityJSON material when the surface has one, else its
 * semantic surface type, else its object type.
 */
import type { CityChunk, CityObjectJson } from './cityjson.js';
import { MeshBuilder, surfaceColor, type FeatureMesh } from './mesh.js';
import { newRingReport, triangulatePolygon } from './triangulate.js';
import { DirtyGeometry, eachSurface, materialColors, SURFACE_GEOMETRIES, type GeometryJson } from './surfaces.js';

/** Which objects and geometry become features (the CLI's --lod, --parts, --types). */
export interface ExtractOptions {
  /**
   * The LoD to draw, as CityJSON writes it ("1.2", "2.2", "0"). A whole number ("2") takes the highest of that
   * family ("2.2" over "2.0"). Objects without geometry at that LoD are skipped. Default: each object's highest.
   */
  lod?: string;
  /**
   * Keep BuildingParts (and other children) as features of their own instead of merging them into the parent; each
   * gets a `parent` attribute with its top-level object's id (unless it has one).
   */
  parts?: boolean;
  /**
   * CityObject types to include (e.g. Building, Bridge, Road, WaterBody, PlantCover, TINRelief). Children follow
   * their parent: "Building" brings its BuildingParts. Default: every type with surface or solid geometry.
   */
  types?: ReadonlySet<string>;
  /**
   * Some texture images of the input are missing (set by the build): objects with textured geometry are reported
   * as repaired ("coloured by surface type") in `stats.repaired`.
   */
  missingTextures?: boolean;
}

/** What the extraction saw besides the features it produced. */
export interface ExtractStats {
  /** Objects that produced no feature, with the reason (dirty geometry, nothing drawable, no such LoD). */
  skipped: { id: string; reason: string }[];
  /** Objects written after a repair (repeated vertices, closing vertex, self-intersecting surface left out). */
  repaired: { id: string; reason: string }[];
  /** Degenerate surfaces (fewer than 3 distinct vertices, or no area) that were left out. */
  surfacesDropped: number;
  /** Ids of the objects that lost at least one degenerate surface (first few only). */
  droppedIn: string[];
  /** GeometryInstance geometries (implicit templates), which are not supported and left out. */
  instances: number;
  /** Top-level objects left out by the `types` filter. */
  filtered: number;
  /** Types seen on top-level objects, with counts (for the summary and an unmatched --types warning). */
  typesSeen: Map<string, number>;
}

export function newStats(): ExtractStats {
  return { skipped: [], repaired: [], surfacesDropped: 0, droppedIn: [], instances: 0, filtered: 0, typesSeen: new Map() };
}

function lodOf(g: GeometryJson): number {
  const v = Number.parseFloat(String(g.lod));
  return Number.isFinite(v) ? v : 0;
}

/** The object's drawable geometries (surfaces and solids) at the chosen LoD, and the LoDs it has. */
function pickLod(obj: CityObjectJson, stats: ExtractStats, want: string | undefined): { lod: number; geometries: GeometryJson[]; has: string[] } {
  let best = -Infinity;
  let out: GeometryJson[] = [];
  const has: string[] = [];
  if (!Array.isArray(obj.geometry)) return { lod: best, geometries: out, has };
  const family = want !== undefined && !want.includes('.') ? Number(want) : undefined;
  for (const raw of obj.geometry) {
    const g = raw as GeometryJson;
    if (!g || typeof g !== 'object') continue;
    if (g.type === 'GeometryInstance') {
      stats.instances++;
      continue;
    }
    if (!SURFACE_GEOMETRIES.has(String(g.type))) continue;
    has.push(String(g.lod));
    if (want !== undefined) {
      const ok = family !== undefined ? Math.floor(lodOf(g)) === family : String(g.lod) === want || lodOf(g) === Number(want);
      if (!ok) continue;
    }
    const lod = lodOf(g);
    if (lod > best) {
      best = lod;
      out = [g];
    } else if (lod === best) out.push(g);
  }
  return { lod: best, geometries: out, has };
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

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Turns the CityObjects of a chunk into FeatureMeshes (see the module comment and ExtractOptions).
 * @param local the chunk's vertices in the tileset's ENU frame (east, north, up triples, metres), same order as
 *   `chunk.vertices`
 * @param onFeature receives each feature; dirty objects (out-of-range or invalid vertex, malformed boundaries) and
 *   objects with nothing drawable are recorded in `stats.skipped` instead, repairs in `stats.repaired`, and the run
 *   goes on
 */
export function extractFeatures(
  chunk: CityChunk,
  local: Float64Array,
  stats: ExtractStats,
  onFeature: (f: FeatureMesh) => void,
  options: ExtractOptions = {},
): void {
  const builder = new MeshBuilder();
  const mColors = materialColors(chunk.materials);
  const objectType = (o: CityObjectJson | undefined, fallback: string) => (o && typeof o.type === 'string' ? o.type : fallback);
  for (const [rootId, members] of families(chunk.objects)) {
    const root = chunk.objects[rootId];
    if (!root || typeof root !== 'object') {
      stats.skipped.push({ id: rootId, reason: 'not an object' });
      continue;
    }
    const type = objectType(root, 'CityObject');
    stats.typesSeen.set(type, (stats.typesSeen.get(type) ?? 0) + 1);
    const types = options.types;
    if (types && !types.has(type) && !(options.parts && members.some((m) => types.has(objectType(chunk.objects[m], '')))) ) {
      stats.filtered++;
      continue;
    }
    try {
      const chosen = members.map((id) => pickLod(chunk.objects[id], stats, options.lod));
      // A parent whose own geometry is coarser than its parts' (3DBAG: LoD0 footprint on the Building, LoD2.2 solids
      // on the BuildingParts) would draw the same building twice: keep the parts.
      const partsLod = Math.max(-Infinity, ...chosen.slice(1).map((c) => c.lod));
      if (chosen.length > 1 && chosen[0].lod < partsLod) chosen[0] = { ...chosen[0], geometries: [] };
      // Groups of members that become one feature each.
      const groups = options.parts
        ? members.map((_, m) => [m]).filter(([m]) => !types || types.has(type) || types.has(objectType(chunk.objects[members[m]], '')))
        : [members.map((_, m) => m)];
      for (const group of groups) {
        const id = members[group[0]];
        const obj = chunk.objects[id];
        let dropped = 0;
        let textured = false;
        const report = newRingReport();
        for (const m of group) {
          const memberType = objectType(chunk.objects[members[m]], type);
          for (const g of chosen[m].geometries) {
            if (g.texture) textured = true;
            eachSurface(g, chunk.vertices, (rings, semantic, material) => {
              const before = report.selfIntersecting;
              const t = triangulatePolygon(local, rings, report);
              if (!t) {
                if (report.selfIntersecting === before) dropped++;
                return;
              }
              const color = (material !== null && mColors[material]) || surfaceColor(semantic, memberType, t.normal[2]);
              builder.addPolygon(local, t.vertices, t.triangles, t.normal, color);
            });
          }
        }
        if (dropped > 0) {
          stats.surfacesDropped += dropped;
          if (stats.droppedIn.length < 5) stats.droppedIn.push(id);
        }
        if (builder.indexCount === 0) {
          builder.reset();
          // With --parts, a parent whose drawing is in its parts is not a loss.
          if (options.parts && group[0] === 0 && members.length > 1) continue;
          const had = group.some((m) => chosen[m].geometries.length > 0);
          const has = [...new Set(group.flatMap((m) => chosen[m].has))];
          let reason = had ? 'no valid surfaces (all degenerate)' : 'no surface or solid geometry';
          if (report.selfIntersecting > 0) reason = `no valid surfaces (${plural(report.selfIntersecting, 'self-intersecting surface', 'self-intersecting surfaces')})`;
          else if (!had && options.lod !== undefined && has.length > 0) reason = `no geometry at LoD ${options.lod} (has LoD ${has.join(', ')})`;
          stats.skipped.push({ id, reason });
          continue;
        }
        const fixes: string[] = [];
        if (report.repeated > 0) fixes.push(`${plural(report.repeated, 'repeated vertex', 'repeated vertices')} removed`);
        if (report.closing > 0) fixes.push(`${plural(report.closing, 'ring', 'rings')} unclosed (first vertex repeated at the end)`);
        if (report.selfIntersecting > 0) fixes.push(`${plural(report.selfIntersecting, 'self-intersecting surface', 'self-intersecting surfaces')} left out`);
        if (textured && options.missingTextures) fixes.push('texture images missing, coloured by surface type');
        if (fixes.length > 0) stats.repaired.push({ id, reason: fixes.join(', ') });
        let attributes = obj.attributes && typeof obj.attributes === 'object' && !Array.isArray(obj.attributes) ? obj.attributes : {};
        // A part on its own keeps a link to its building (picking a part shows which building it belongs to).
        if (options.parts && group[0] !== 0 && !('parent' in attributes)) attributes = { ...attributes, parent: rootId };
        onFeature(builder.finish(id, objectType(obj, type), attributes));
      }
    } catch (err) {
      builder.reset();
      if (!(err instanceof DirtyGeometry)) throw err;
      stats.skipped.push({ id: rootId, reason: err.message });
    }
  }
}
