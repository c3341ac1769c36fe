/**
 * GeoJSON building footprints (RFC 7946 Polygon / MultiPolygon, as a FeatureCollection, a Feature or a bare
 * geometry) extruded to LoD1 blocks and handed to the tiler as a CityModel, the same intermediate model the CityJSON
 * reader produces: one `Building` CityObject per GeoJSON Feature, with a `Solid` (Polygon) or `MultiSolid`
 * (MultiPolygon) geometry at LoD 1 whose surfaces carry CityJSON semantics (GroundSurface, WallSurface,
 * RoofSurface; CityJSON 2.0 §3.3). Feature properties become the object's attributes. Everything after that
 * (CRS transform, triangulation, tiling, GLB, metadata) is the CityJSON path's.
 *
 * Orientation (CityJSON 2.0 §3.2: rings counter-clockwise seen from outside): whatever the file's winding, exterior
 * rings are made counter-clockwise and holes clockwise seen from above; the roof uses them as they are (normal up),
 * the floor reversed (normal down), and the wall on ring edge a→b is the quad (a₀, b₀, b₁, a₁), whose normal
 * (b − a) × up points away from the solid for exterior rings and into the hole (again away from the solid) for holes.
 *
 * Heights, in metres in the CRS's vertical reference (NAP for RD New, ellipsoidal for WGS84):
 * - base z = property `heightMin` when given (3DBAG `b3_h_maaiveld`), else `baseHeight` (default 0);
 * - roof z = property `heightMax` when given (3DBAG `b3_h_dak_max`, `b3_h_dak_70p`); else base + property
 *   `heightAttr`; else base + `defaultHeight`.
 * A feature without a usable roof height (missing, not a number, not above the base) and no `defaultHeight` is
 * skipped with its id and the reason, as is a feature with bad geometry (not a polygon, a ring of fewer than
 * 4 positions or with non-numbers, a self-intersecting ring, no area). The run goes on.
 */
import { open, readFile } from 'node:fs/promises';
import { TilerError } from './errors.js';
import { parseJson } from './json.js';
import type { CityModel, CityObjectJson } from './cityjson.js';

/** How footprints get their heights (property names are looked up in each feature's `properties`). */
export interface ExtrudeOptions {
  /** Property holding the building height above its base (m), e.g. "hoogte". */
  heightAttr?: string;
  /** Property holding the base (ground) height (m), e.g. "b3_h_maaiveld". */
  heightMin?: string;
  /** Property holding the roof height (m, same reference as the base), e.g. "b3_h_dak_max". */
  heightMax?: string;
  /** Height above the base (m) for features without one. Without it, such features are skipped. */
  defaultHeight?: number;
  /** Base height (m) when `heightMin` is not given or missing. Default 0. */
  baseHeight?: number;
}

/** A CityModel read from GeoJSON, with the features the reader skipped. */
export interface GeoJSONModel extends CityModel {
  /** Features left out before tiling (bad geometry, no height), with their id and the reason. */
  skipped: { id: string; reason: string }[];
  /** Features read (skipped ones included). */
  featuresRead: number;
}

const GEOJSON_TYPES = new Set(['FeatureCollection', 'Feature', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

/**
 * True when `file` is GeoJSON: named `.geojson`, or a `.json` in whose first 64 KiB a `"type"` of a GeoJSON object
 * (FeatureCollection, Feature, Polygon, MultiPolygon, GeometryCollection) comes before any `"type": "CityJSON"`.
 */
export async function isGeoJSONFile(file: string): Promise<boolean> {
  if (/\.geojson$/i.test(file)) return true;
  if (/\.jsonl$/i.test(file)) return false;
  let head: string;
  try {
    const h = await open(file, 'r');
    try {
      const buf = Buffer.alloc(65536);
      const { bytesRead } = await h.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await h.close();
    }
  } catch {
    return false; // the CityJSON reader reports the missing or unreadable file
  }
  // The first "type" that is a GeoJSON or a CityJSON document type decides ("crs": {"type": "name"} may come first).
  for (const m of head.matchAll(/"type"\s*:\s*"([A-Za-z]+)"/g)) {
    if (GEOJSON_TYPES.has(m[1])) return true;
    if (m[1] === 'CityJSON' || m[1] === 'CityJSONFeature') return false;
  }
  return false;
}

/**
 * The CRS a GeoJSON document names in its (pre-RFC 7946, 2008 spec §3) `crs` member, e.g.
 * `{"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}`; OGC CRS84 is returned as "EPSG:4326".
 * @returns the name as written, or undefined when there is none (RFC 7946 §4: then WGS84 lon/lat)
 */
export function geojsonCrs(doc: unknown): string | undefined {
  const crs = (doc as { crs?: { properties?: { name?: unknown } } } | null)?.crs;
  const name = crs?.properties?.name;
  if (typeof name !== 'string') return undefined;
  if (/CRS:?84$/i.test(name.trim())) return 'EPSG:4326';
  return name;
}

class BadFeature extends Error {}

type Ring = number[][];

function featureId(f: Record<string, unknown>, index: number): string {
  const p = (f.properties ?? {}) as Record<string, unknown>;
  for (const v of [f.id, p.identificatie, p.id, p.gid]) {
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return `feature-${index + 1}`;
}

/** Signed area of a ring in its x/y plane (shoelace; positive = counter-clockwise). */
export function signedArea(ring: Ring): number {
  let a = 0;
  const [ox, oy] = ring[0];
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i];
    const q = ring[(i + 1) % ring.length];
    a += (p[0] - ox) * (q[1] - oy) - (q[0] - ox) * (p[1] - oy);
  }
  return a / 2;
}

function segmentsCross(a: number[], b: number[], c: number[], d: number[]): boolean {
  const o = (p: number[], q: number[], r: number[]) => (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
  const d1 = o(c, d, a);
  const d2 = o(c, d, b);
  const d3 = o(a, b, c);
  const d4 = o(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/** True when two non-adjacent edges of the (open) ring cross properly. O(n²); rings over 5,000 positions are not checked. */
export function selfIntersects(ring: Ring): boolean {
  const n = ring.length;
  if (n > 5000) return false;
  for (let i = 0; i < n; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % n];
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      if (segmentsCross(a, b, ring[j], ring[(j + 1) % n])) return true;
    }
  }
  return false;
}

/** Checks a GeoJSON linear ring (RFC 7946 §3.1.6) and returns it open (without the closing repeat), without repeats. */
function readRing(raw: unknown, which: string): Ring {
  if (!Array.isArray(raw)) throw new BadFeature(`${which} is not a list of positions`);
  const out: Ring = [];
  for (const p of raw) {
    if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      throw new BadFeature(`${which} has a position that is not two numbers: ${JSON.stringify(p)?.slice(0, 60)}`);
    }
    const last = out[out.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) continue;
    out.push([p[0] as number, p[1] as number]);
  }
  if (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  if (out.length < 3) throw new BadFeature(`${which} has fewer than 3 distinct positions`);
  if (selfIntersects(out)) throw new BadFeature(`${which} intersects itself`);
  return out;
}

/** Polygon coordinates → [exterior CCW, ...holes CW]; holes without area are dropped. */
function readPolygon(raw: unknown, which: string): Ring[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new BadFeature(`${which} has no rings`);
  const rings = raw.map((r, i) => readRing(r, i === 0 ? `${which} exterior ring` : `${which} hole ${i}`));
  const area = signedArea(rings[0]);
  if (!(Math.abs(area) > 1e-12)) throw new BadFeature(`${which} has no area`);
  const out = [area > 0 ? rings[0] : rings[0].reverse()];
  for (const h of rings.slice(1)) {
    const a = signedArea(h);
    if (Math.abs(a) <= 1e-12) continue;
    out.push(a < 0 ? h : h.reverse());
  }
  return out;
}

function polygonsOf(geometry: unknown): Ring[][] {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (!g || typeof g !== 'object') throw new BadFeature('no geometry');
  if (g.type === 'Polygon') return [readPolygon(g.coordinates, 'polygon')];
  if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) throw new BadFeature('empty MultiPolygon');
    return g.coordinates.map((p, i) => readPolygon(p, `polygon ${i + 1}`));
  }
  throw new BadFeature(`geometry type ${JSON.stringify(g.type)} is not a Polygon or MultiPolygon`);
}

function numberProp(props: Record<string, unknown>, name: string | undefined): number | undefined {
  if (!name) return undefined;
  const v = props[name];
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** Base and roof z of a feature (module comment); throws BadFeature when it has no usable height. */
export function featureHeights(props: Record<string, unknown>, o: ExtrudeOptions): { base: number; roof: number } {
  const base = numberProp(props, o.heightMin) ?? o.baseHeight ?? 0;
  let roof = numberProp(props, o.heightMax);
  if (roof === undefined) {
    const h = numberProp(props, o.heightAttr) ?? o.defaultHeight;
    if (h !== undefined) roof = base + h;
  }
  if (roof === undefined) {
    const names = [o.heightMax, o.heightAttr].filter(Boolean).map((n) => `"${n}"`);
    throw new BadFeature(`no height: ${names.length > 0 ? `property ${names.join(' / ')} missing or not a number` : 'no height option'} and no --default-height`);
  }
  if (!(roof > base)) throw new BadFeature(`roof height ${roof} m is not above the base ${base} m`);
  return { base, roof };
}

/** Appends the LoD1 block of one polygon (rings oriented as readPolygon returns them) to a vertex list. */
function extrude(rings: Ring[], base: number, roof: number, verts: number[]): { shell: number[][][]; semantics: number[] } {
  const bottom: number[][] = [];
  const top: number[][] = [];
  for (const ring of rings) {
    const b: number[] = [];
    const t: number[] = [];
    for (const [x, y] of ring) {
      b.push(verts.length / 3);
      verts.push(x, y, base);
      t.push(verts.length / 3);
      verts.push(x, y, roof);
    }
    bottom.push(b);
    top.push(t);
  }
  const shell: number[][][] = [];
  const semantics: number[] = [];
  shell.push(bottom.map((r) => [...r].reverse())); // floor, facing down
  semantics.push(0);
  shell.push(top); // roof, facing up
  semantics.push(2);
  for (let r = 0; r < rings.length; r++) {
    const b = bottom[r];
    const t = top[r];
    for (let i = 0; i < b.length; i++) {
      const j = (i + 1) % b.length;
      shell.push([[b[i], b[j], t[j], t[i]]]);
      semantics.push(1);
    }
  }
  return { shell, semantics };
}

const SURFACES = [{ type: 'GroundSurface' }, { type: 'WallSurface' }, { type: 'RoofSurface' }];

/**
 * Turns a parsed GeoJSON document into a CityModel of extruded buildings (module comment).
 * @param file name used in messages
 * @returns the model; its `referenceSystem` is the document's `crs` member, if any (else the caller assumes
 *   WGS84, RFC 7946 §4)
 * @throws TilerError NOT_GEOJSON when the document is not a GeoJSON object of a supported type
 */
export function geojsonToCityModel(doc: unknown, options: ExtrudeOptions = {}, file = '<memory>'): GeoJSONModel {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new TilerError('NOT_GEOJSON', 'not GeoJSON: the top level is not a JSON object', { file });
  const d = doc as Record<string, unknown>;
  let features: unknown[];
  if (d.type === 'FeatureCollection') {
    if (!Array.isArray(d.features)) throw new TilerError('NOT_GEOJSON', 'a FeatureCollection needs a "features" array', { file });
    features = d.features;
  } else if (d.type === 'Feature') features = [d];
  else if (d.type === 'Polygon' || d.type === 'MultiPolygon') features = [{ type: 'Feature', properties: {}, geometry: d }];
  else throw new TilerError('NOT_GEOJSON', `not GeoJSON footprints: "type" is ${JSON.stringify(d.type)}, expected FeatureCollection, Feature, Polygon or MultiPolygon`, { file });

  const objects: Record<string, CityObjectJson> = {};
  const verts: number[] = [];
  const skipped: { id: string; reason: string }[] = [];
  features.forEach((raw, index) => {
    const f = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    let id = featureId(f, index);
    if (id in objects) {
      let k = 2;
      while (`${id}-${k}` in objects) k++;
      id = `${id}-${k}`;
    }
    const props = f.properties && typeof f.properties === 'object' && !Array.isArray(f.properties) ? (f.properties as Record<string, unknown>) : {};
    const mark = verts.length;
    try {
      if (f.type !== 'Feature') throw new BadFeature(`not a Feature (type ${JSON.stringify(f.type)})`);
      const polygons = polygonsOf(f.geometry);
      const { base, roof } = featureHeights(props, options);
      const solids = polygons.map((rings) => extrude(rings, base, roof, verts));
      const geometry =
        solids.length === 1
          ? { type: 'Solid', lod: '1', boundaries: [solids[0].shell], semantics: { surfaces: SURFACES, values: [solids[0].semantics] } }
          : { type: 'MultiSolid', lod: '1', boundaries: solids.map((s) => [s.shell]), semantics: { surfaces: SURFACES, values: solids.map((s) => [s.semantics]) } };
      objects[id] = { type: 'Building', attributes: { ...props, height: roof - base }, geometry: [geometry] };
    } catch (err) {
      if (!(err instanceof BadFeature)) throw err;
      verts.length = mark;
      skipped.push({ id, reason: err.message });
    }
  });
  const crs = geojsonCrs(d);
  return {
    file,
    version: 'GeoJSON',
    referenceSystem: crs,
    title: typeof d.name === 'string' ? d.name : undefined,
    chunks: [{ objects, vertices: Float64Array.from(verts), invalidVertices: 0 }],
    textureImages: [],
    warnings: [],
    skipped,
    featuresRead: features.length,
  };
}

/**
 * Reads a GeoJSON file and extrudes its footprints (geojsonToCityModel).
 * @throws TilerError FILE_NOT_FOUND, FILE_UNREADABLE, JSON_SYNTAX (line, column), NOT_GEOJSON
 */
export async function readGeoJSONFile(file: string, options: ExtrudeOptions = {}): Promise<GeoJSONModel> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new TilerError('FILE_NOT_FOUND', 'file not found', { file });
    throw new TilerError('FILE_UNREADABLE', `cannot read file: ${(err as Error).message}`, { file });
  }
  return geojsonToCityModel(parseJson(text, file), options, file);
}
