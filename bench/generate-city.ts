/**
 * A deterministic generated city for benchmarks and tests: `n` LoD2 buildings with gabled roofs on a grid in RD New
 * (EPSG:28992 / NAP, EPSG:7415), written as CityJSONSeq (CityJSON 2.0 §9), CityGML 2.0 (OGC 12-019) and a plain
 * glTF 2.0 binary of the same geometry. The same `n` and `seed` always give the same bytes.
 *
 * Each building: a w × d box (6–14 m by 8–16 m, turned by 0–90°) on ground z 0–1 m, eaves 3–9 m above it, a ridge
 * 2–4 m above the eaves along the building's x axis: 10 vertices, a GroundSurface, 4 WallSurfaces (two of them
 * gable pentagons) and 2 RoofSurfaces, rings counter-clockwise seen from outside (16 triangles). Grid spacing 20 m,
 * so 100,000 buildings cover about 6.3 km × 6.3 km around RD (85,000, 445,000) (Delft).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { mulberry32 as prng } from '../server/src/tiler/random.js';

/** One generated building: RD New x, y and NAP z in metres. */
export interface GeneratedBuilding {
  id: string;
  vertices: [number, number, number][];
  /** Surfaces as rings of indices into `vertices`, with their CityJSON / CityGML semantic type. */
  surfaces: { type: 'GroundSurface' | 'WallSurface' | 'RoofSurface'; ring: number[] }[];
  attributes: { bouwjaar: number; h_maaiveld: number; h_dak: number };
}

export const ORIGIN: [number, number] = [85_000, 445_000];
const SPACING = 20;


const SURFACES: GeneratedBuilding['surfaces'] = [
  { type: 'GroundSurface', ring: [0, 3, 2, 1] },
  { type: 'WallSurface', ring: [0, 1, 5, 4] },
  { type: 'WallSurface', ring: [1, 2, 6, 9, 5] },
  { type: 'WallSurface', ring: [2, 3, 7, 6] },
  { type: 'WallSurface', ring: [3, 0, 4, 8, 7] },
  { type: 'RoofSurface', ring: [4, 5, 9, 8] },
  { type: 'RoofSurface', ring: [6, 7, 8, 9] },
];

/** The buildings, one at a time (no array of n in memory). */
export function* generateBuildings(n: number, seed = 1): Generator<GeneratedBuilding> {
  const rnd = prng(seed);
  const cols = Math.ceil(Math.sqrt(n));
  const r3 = (v: number) => Math.round(v * 1000) / 1000;
  for (let i = 0; i < n; i++) {
    const cx = ORIGIN[0] + (i % cols) * SPACING + 10;
    const cy = ORIGIN[1] + Math.floor(i / cols) * SPACING + 10;
    const w = 6 + rnd() * 8;
    const d = 8 + rnd() * 8;
    const g = rnd();
    const e = g + 3 + rnd() * 6;
    const r = e + 2 + rnd() * 2;
    const a = rnd() * (Math.PI / 2);
    const c = Math.cos(a);
    const s = Math.sin(a);
    const local: [number, number, number][] = [
      [-w / 2, -d / 2, g], [w / 2, -d / 2, g], [w / 2, d / 2, g], [-w / 2, d / 2, g],
      [-w / 2, -d / 2, e], [w / 2, -d / 2, e], [w / 2, d / 2, e], [-w / 2, d / 2, e],
      [-w / 2, 0, r], [w / 2, 0, r],
    ];
    const vertices = local.map(([x, y, z]) => [r3(cx + x * c - y * s), r3(cy + x * s + y * c), r3(z)] as [number, number, number]);
    yield {
      id: `GEN.${String(i + 1).padStart(7, '0')}`,
      vertices,
      surfaces: SURFACES,
      attributes: { bouwjaar: 1850 + Math.floor(rnd() * 175), h_maaiveld: r3(g), h_dak: r3(r) },
    };
  }
}

/** Writes text through a stream, waiting when its buffer is full. */
async function writeAll(out: WriteStream, lines: Iterable<string>): Promise<void> {
  let buf = '';
  for (const line of lines) {
    buf += line;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

/**
 * CityJSONSeq (`.city.jsonl`): a CityJSON 2.0 header (EPSG:7415, transform scale 1 mm, translate ORIGIN) and one
 * CityJSONFeature per building with a `Solid` at LoD 2.2 and semantics.
 */
export async function writeCityJSONSeq(file: string, n: number, seed = 1): Promise<void> {
  function* lines() {
    yield `${JSON.stringify({
      type: 'CityJSON',
      version: '2.0',
      transform: { scale: [0.001, 0.001, 0.001], translate: [ORIGIN[0], ORIGIN[1], 0] },
      metadata: { referenceSystem: 'https://www.opengis.net/def/crs/EPSG/0/7415', title: `generated city (${n} buildings, seed ${seed})` },
      CityObjects: {},
      vertices: [],
    })}\n`;
    const types = ['GroundSurface', 'WallSurface', 'RoofSurface'];
    for (const b of generateBuildings(n, seed)) {
      const vertices = b.vertices.map(([x, y, z]) => [Math.round((x - ORIGIN[0]) * 1000), Math.round((y - ORIGIN[1]) * 1000), Math.round(z * 1000)]);
      const geometry = {
        type: 'Solid',
        lod: '2.2',
        boundaries: [b.surfaces.map((s) => [s.ring])],
        semantics: { surfaces: types.map((type) => ({ type })), values: [b.surfaces.map((s) => types.indexOf(s.type))] },
      };
      yield `${JSON.stringify({ type: 'CityJSONFeature', id: b.id, CityObjects: { [b.id]: { type: 'Building', attributes: b.attributes, geometry: [geometry] } }, vertices })}\n`;
    }
  }
  await writeAll(createWriteStream(file), lines());
}

/**
 * CityGML 2.0: one `bldg:Building` per building with `bldg:boundedBy` Ground/Wall/RoofSurfaces, each a
 * `bldg:lod2MultiSurface` of one `gml:Polygon` (closed `gml:posList`), srsName urn:ogc:def:crs:EPSG::7415.
 */
export async function writeCityGML(file: string, n: number, seed = 1): Promise<void> {
  function* lines() {
    yield `<?xml version="1.0" encoding="UTF-8"?>
<core:CityModel xmlns:core="http://www.opengis.net/citygml/2.0" xmlns:gml="http://www.opengis.net/gml" xmlns:bldg="http://www.opengis.net/citygml/building/2.0" xmlns:gen="http://www.opengis.net/citygml/generics/2.0">
<gml:boundedBy><gml:Envelope srsName="urn:ogc:def:crs:EPSG::7415" srsDimension="3"><gml:lowerCorner>${ORIGIN[0]} ${ORIGIN[1]} 0</gml:lowerCorner><gml:upperCorner>${ORIGIN[0] + 7000} ${ORIGIN[1] + 7000} 20</gml:upperCorner></gml:Envelope></gml:boundedBy>
`;
    for (const b of generateBuildings(n, seed)) {
      let s = `<core:cityObjectMember><bldg:Building gml:id="${b.id}"><gen:intAttribute name="bouwjaar"><gen:value>${b.attributes.bouwjaar}</gen:value></gen:intAttribute><bldg:measuredHeight uom="m">${b.attributes.h_dak}</bldg:measuredHeight>`;
      for (const f of b.surfaces) {
        const pos = [...f.ring, f.ring[0]].map((v) => b.vertices[v].join(' ')).join(' ');
        s += `<bldg:boundedBy><bldg:${f.type}><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList srsDimension="3">${pos}</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface></bldg:${f.type}></bldg:boundedBy>`;
      }
      yield `${s}</bldg:Building></core:cityObjectMember>\n`;
    }
    yield '</core:CityModel>\n';
  }
  await writeAll(createWriteStream(file), lines());
}

/**
 * A plain glTF 2.0 binary (GLB, glTF 2.0 §4.4) of the same geometry, no extensions: one mesh, one primitive,
 * flat-shaded (each surface its own vertices, with its normal), float32 POSITION relative to ORIGIN, y up
 * (glTF x = east, y = up, z = −north), uint32 indices.
 */
export async function writeGlb(file: string, n: number, seed = 1): Promise<void> {
  let verts = 0;
  let idx = 0;
  for (const f of SURFACES) (verts += f.ring.length), (idx += (f.ring.length - 2) * 3);
  const pos = new Float32Array(n * verts * 3);
  const nor = new Float32Array(n * verts * 3);
  const ind = new Uint32Array(n * idx);
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  let v = 0;
  let k = 0;
  for (const b of generateBuildings(n, seed)) {
    for (const f of b.surfaces) {
      const p = f.ring.map((i) => {
        const [x, y, z] = b.vertices[i];
        return [x - ORIGIN[0], z, -(y - ORIGIN[1])];
      });
      // Newell normal in glTF axes.
      let nx = 0, ny = 0, nz = 0;
      for (let i = 0; i < p.length; i++) {
        const a = p[i];
        const c = p[(i + 1) % p.length];
        nx += (a[1] - c[1]) * (a[2] + c[2]);
        ny += (a[2] - c[2]) * (a[0] + c[0]);
        nz += (a[0] - c[0]) * (a[1] + c[1]);
      }
      const len = Math.hypot(nx, ny, nz) || 1;
      const first = v;
      for (const q of p) {
        for (let j = 0; j < 3; j++) {
          pos[v * 3 + j] = q[j];
          min[j] = Math.min(min[j], q[j]);
          max[j] = Math.max(max[j], q[j]);
        }
        nor[v * 3] = nx / len;
        nor[v * 3 + 1] = ny / len;
        nor[v * 3 + 2] = nz / len;
        v++;
      }
      for (let i = 1; i + 1 < p.length; i++) (ind[k++] = first), (ind[k++] = first + i), (ind[k++] = first + i + 1); // convex fans
    }
  }
  const bin = Buffer.concat([Buffer.from(pos.buffer), Buffer.from(nor.buffer), Buffer.from(ind.buffer)]);
  const json = {
    asset: { version: '2.0', generator: 'digitale-stad bench/generate-city.ts' },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ mesh: 0 }],
    meshes: [{ primitives: [{ attributes: { POSITION: 0, NORMAL: 1 }, indices: 2 }] }],
    buffers: [{ byteLength: bin.length }],
    bufferViews: [
      { buffer: 0, byteOffset: 0, byteLength: pos.byteLength, target: 34962 },
      { buffer: 0, byteOffset: pos.byteLength, byteLength: nor.byteLength, target: 34962 },
      { buffer: 0, byteOffset: pos.byteLength + nor.byteLength, byteLength: ind.byteLength, target: 34963 },
    ],
    accessors: [
      { bufferView: 0, componentType: 5126, count: v, type: 'VEC3', min, max },
      { bufferView: 1, componentType: 5126, count: v, type: 'VEC3' },
      { bufferView: 2, componentType: 5125, count: k, type: 'SCALAR' },
    ],
  };
  let text = Buffer.from(JSON.stringify(json));
  if (text.length % 4) text = Buffer.concat([text, Buffer.alloc(4 - (text.length % 4), 0x20)]);
  const header = Buffer.alloc(12);
  header.writeUInt32LE(0x46546c67, 0);
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(12 + 8 + text.length + 8 + bin.length, 8);
  const chunk = (len: number, type: number) => {
    const h = Buffer.alloc(8);
    h.writeUInt32LE(len, 0);
    h.writeUInt32LE(type, 4);
    return h;
  };
  await writeFile(file, Buffer.concat([header, chunk(text.length, 0x4e4f534a), text, chunk(bin.length, 0x004e4942), bin]));
}
