/**
 * A deterministic generated partner model for the models bench: a city block of `boxes` buildings (default 2,000)
 * as a glTF 2.0 binary (GLB, glTF 2.0 §4.4) made with @gltf-transform/core, the way an architect's export often
 * looks: one node and one mesh per building, a few materials, and the RD New (EPSG:28992) / NAP offset in the node
 * translations (glTF Y-up: x = RD x, y = NAP height, z = −RD y), so the pipeline's georeference path runs too.
 *
 * Each building is a box of 8–11 m × 8–11 m footprint and 6–30 m height, flat-shaded (POSITION + NORMAL, uint16
 * indices); its 4 walls are tessellated 5 × 5 quads and its roof and floor 4 × 4 (like window/panel grids), so
 * 264 triangles per box: 2,000 boxes = 528,000 triangles. Grid spacing 12 m, 50 boxes per row, around
 * RD (85,000, 445,000) (Delft). The same `boxes` and `seed` always give the same bytes.
 */
import { Document, NodeIO } from '@gltf-transform/core';
import { mulberry32 } from '../server/src/tiler/random.js';

const ORIGIN: [number, number] = [85_000, 445_000];
const SPACING = 12;
const PER_ROW = 50;
const WALL_GRID = 5;
const CAP_GRID = 4;

/** Triangles of one generated box. */
export const TRIANGLES_PER_BOX = 4 * WALL_GRID * WALL_GRID * 2 + 2 * CAP_GRID * CAP_GRID * 2;

type V3 = [number, number, number];

/** Appends a planar grid of n × n quads spanning origin + [0,1]·u + [0,1]·v (counter-clockwise seen from u × v). */
function grid(pos: number[], nor: number[], idx: number[], origin: V3, u: V3, v: V3, normal: V3, n: number): void {
  const first = pos.length / 3;
  for (let j = 0; j <= n; j++) {
    for (let i = 0; i <= n; i++) {
      for (let c = 0; c < 3; c++) pos.push(origin[c] + (u[c] * i) / n + (v[c] * j) / n);
      nor.push(...normal);
    }
  }
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const a = first + j * (n + 1) + i;
      const b = a + 1;
      const d = a + (n + 1);
      const e = d + 1;
      idx.push(a, b, e, a, e, d);
    }
  }
}

/** One box w (x) × h (y, up) × d (z) with its base centre at the origin, in glTF axes. */
function box(w: number, h: number, d: number): { pos: Float32Array; nor: Float32Array; idx: Uint16Array } {
  const pos: number[] = [];
  const nor: number[] = [];
  const idx: number[] = [];
  const [x0, x1, z0, z1] = [-w / 2, w / 2, -d / 2, d / 2];
  grid(pos, nor, idx, [x0, 0, z1], [w, 0, 0], [0, h, 0], [0, 0, 1], WALL_GRID); // +z
  grid(pos, nor, idx, [x1, 0, z0], [-w, 0, 0], [0, h, 0], [0, 0, -1], WALL_GRID); // −z
  grid(pos, nor, idx, [x1, 0, z1], [0, 0, -d], [0, h, 0], [1, 0, 0], WALL_GRID); // +x
  grid(pos, nor, idx, [x0, 0, z0], [0, 0, d], [0, h, 0], [-1, 0, 0], WALL_GRID); // −x
  grid(pos, nor, idx, [x0, h, z1], [w, 0, 0], [0, 0, -d], [0, 1, 0], CAP_GRID); // roof
  grid(pos, nor, idx, [x0, 0, z0], [w, 0, 0], [0, 0, d], [0, -1, 0], CAP_GRID); // floor
  return { pos: new Float32Array(pos), nor: new Float32Array(nor), idx: new Uint16Array(idx) };
}

/**
 * Writes the block to `file` (a .glb path).
 * @returns the number of triangles written
 */
export async function writeBlockGlb(file: string, boxes = 2_000, seed = 1): Promise<number> {
  const rnd = mulberry32(seed);
  const doc = new Document();
  const buffer = doc.createBuffer();
  const materials = [
    [0.72, 0.45, 0.35], // brick
    [0.85, 0.83, 0.78], // plaster
    [0.4, 0.42, 0.45], // concrete
    [0.55, 0.62, 0.7], // glass-ish
  ].map((c, i) => doc.createMaterial(`facade-${i}`).setBaseColorFactor([c[0], c[1], c[2], 1]).setRoughnessFactor(0.8));
  const scene = doc.createScene('block');
  for (let k = 0; k < boxes; k++) {
    const w = 8 + rnd() * 3;
    const d = 8 + rnd() * 3;
    const h = 6 + rnd() * 24;
    const g = box(w, h, d);
    const prim = doc
      .createPrimitive()
      .setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(g.pos).setBuffer(buffer))
      .setAttribute('NORMAL', doc.createAccessor().setType('VEC3').setArray(g.nor).setBuffer(buffer))
      .setIndices(doc.createAccessor().setType('SCALAR').setArray(g.idx).setBuffer(buffer))
      .setMaterial(materials[Math.floor(rnd() * materials.length)]);
    const rdX = ORIGIN[0] + (k % PER_ROW) * SPACING;
    const rdY = ORIGIN[1] + Math.floor(k / PER_ROW) * SPACING;
    const node = doc
      .createNode(`pand-${k}`)
      .setMesh(doc.createMesh(`pand-${k}`).addPrimitive(prim))
      .setTranslation([rdX, rnd() * 0.5, -rdY]);
    scene.addChild(node);
  }
  doc.getRoot().setDefaultScene(scene);
  await new NodeIO().write(file, doc);
  return boxes * TRIANGLES_PER_BOX;
}
