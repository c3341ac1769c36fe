/**
 * Normalises a glTF document in place (DESIGN.md, design decisions): glTF Y-up, the base centre (centre of the bbox
 * in the horizontal plane, minimum in up) at the origin, every node transform baked into the vertices in float64.
 * The removed offset becomes a georeference when it looks like RD New or ECEF (georef.ts). Units are only checked.
 */
import { Accessor, type Document, type mat4, type Mesh, type Node } from '@gltf-transform/core';
import { dequantize, transformMesh, uninstance } from '@gltf-transform/functions';
import type { ModelGeoref, ModelWarning } from '../../../shared/index.js';
import { detectFrame, georefOf, unitsCheck, type Box } from './georef.js';
import { groundLevelling } from './level.js';
import { fromTRS, IDENTITY, mul, translation, Z_UP_TO_Y_UP, type Mat4 } from './matrix.js';

export interface Normalised {
  georef: ModelGeoref | null;
  upAxis: 'Y' | 'Z';
  /** Extents after normalisation in metres (file units): x east, y north, z up. */
  size: { x: number; y: number; z: number };
  suggestedScale: number | null;
  warnings: ModelWarning[];
}

interface MeshNode {
  node: Node;
  mesh: Mesh;
  /** Node → file world, float64. */
  world: Mat4;
}

/** The mesh nodes of the scene with their world matrices; a mesh used by several nodes is cloned for each. */
function meshNodes(doc: Document): MeshNode[] {
  const root = doc.getRoot();
  const scene = root.getDefaultScene() ?? root.listScenes()[0];
  if (!scene) return [];
  const out: MeshNode[] = [];
  const used = new Set<Mesh>();
  const visit = (node: Node, parent: Mat4) => {
    const world = mul(parent, fromTRS(node.getTranslation(), node.getRotation(), node.getScale()));
    let mesh = node.getMesh();
    if (mesh) {
      if (used.has(mesh)) {
        mesh = mesh.clone();
        node.setMesh(mesh);
      }
      used.add(mesh);
      out.push({ node, mesh, world });
    }
    for (const child of node.listChildren()) visit(child, world);
  };
  for (const node of scene.listChildren()) visit(node, IDENTITY);
  return out;
}

/** Exact bbox of every vertex position under `m` × node world matrix (unused vertices of shared accessors included). */
function bounds(items: MeshNode[], m: Mat4): Box {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  const seen = new Map<Accessor, Set<string>>();
  const v = [0, 0, 0];
  for (const { mesh, world } of items) {
    const f = mul(m, world);
    const key = f.join(',');
    for (const prim of mesh.listPrimitives()) {
      const pos = prim.getAttribute('POSITION');
      if (!pos) continue;
      let keys = seen.get(pos);
      if (!keys) seen.set(pos, (keys = new Set()));
      if (keys.has(key)) continue;
      keys.add(key);
      const a = pos.getArray();
      const n = pos.getCount();
      const plain = a !== null && pos.getComponentType() === Accessor.ComponentType.FLOAT && pos.getElementSize() === 3 && a.length >= n * 3;
      for (let i = 0; i < n; i++) {
        let x: number, y: number, z: number;
        if (plain) {
          x = a[i * 3]!; y = a[i * 3 + 1]!; z = a[i * 3 + 2]!;
        } else {
          pos.getElement(i, v);
          [x, y, z] = v as [number, number, number];
        }
        const px = f[0] * x + f[4] * y + f[8] * z + f[12];
        const py = f[1] * x + f[5] * y + f[9] * z + f[13];
        const pz = f[2] * x + f[6] * y + f[10] * z + f[14];
        if (px < min[0]) min[0] = px;
        if (px > max[0]) max[0] = px;
        if (py < min[1]) min[1] = py;
        if (py > max[1]) max[1] = py;
        if (pz < min[2]) min[2] = pz;
        if (pz > max[2]) max[2] = pz;
      }
    }
  }
  return { min, max };
}

/** Vertex positions read for the ground check (PCA): enough for a stable plane, cheap on a million-vertex city. */
const LEVEL_SAMPLE = 60_000;

/**
 * Up to `max` vertex positions under `m` × node world matrix, an even sample (every k-th vertex) of all primitives,
 * packed x, y, z in float64.
 */
function samplePositions(items: MeshNode[], m: Mat4, max: number): Float64Array {
  let total = 0;
  for (const { mesh } of items) for (const prim of mesh.listPrimitives()) total += prim.getAttribute('POSITION')?.getCount() ?? 0;
  const step = Math.max(1, Math.ceil(total / max));
  const out: number[] = [];
  const v = [0, 0, 0];
  let next = 0;
  let seen = 0;
  for (const { mesh, world } of items) {
    const f = mul(m, world);
    for (const prim of mesh.listPrimitives()) {
      const pos = prim.getAttribute('POSITION');
      if (!pos) continue;
      const n = pos.getCount();
      for (let i = next - seen; i < n; i += step) {
        pos.getElement(i, v);
        out.push(
          f[0] * v[0]! + f[4] * v[1]! + f[8] * v[2]! + f[12],
          f[1] * v[0]! + f[5] * v[1]! + f[9] * v[2]! + f[13],
          f[2] * v[0]! + f[6] * v[1]! + f[10] * v[2]! + f[14],
        );
        next = seen + i + step;
      }
      seen += n;
    }
  }
  return new Float64Array(out);
}

/**
 * The exact bbox of `box` under `m` when m's linear part maps each axis onto one axis (a signed axis permutation,
 * e.g. Y_UP_TO_Z_UP, possibly scaled, plus a translation), else null (a real rotation needs the vertices again).
 */
export function permutedBox(m: Mat4, box: Box): Box | null {
  const min = [0, 0, 0];
  const max = [0, 0, 0];
  for (let r = 0; r < 3; r++) {
    const cols = [0, 1, 2].filter((c) => m[c * 4 + r] !== 0);
    if (cols.length !== 1) return null;
    const c = cols[0]!;
    const k = m[c * 4 + r]!;
    const a = k * box.min[c]! + m[12 + r]!;
    const b = k * box.max[c]! + m[12 + r]!;
    min[r] = Math.min(a, b);
    max[r] = Math.max(a, b);
  }
  return { min, max };
}

const TRANSFORMED = ['POSITION', 'NORMAL', 'TANGENT'] as const;

/** Determinant of the linear (3×3) part of a column-major 4×4 matrix. */
function det3(m: Mat4): number {
  return m[0] * (m[5] * m[10] - m[9] * m[6]) - m[4] * (m[1] * m[10] - m[9] * m[2]) + m[8] * (m[1] * m[6] - m[5] * m[2]);
}

/** Transforms a float VEC3 (positions: `m` with translation) or VEC3/VEC4 (normals, tangents: `lin`, renormalised) in place, float64 arithmetic. */
function transformArray(a: Float32Array, stride: number, m: Mat4, point: boolean): void {
  const t = point ? 1 : 0;
  for (let i = 0; i + 2 < a.length; i += stride) {
    const x = a[i]!, y = a[i + 1]!, z = a[i + 2]!;
    let px = m[0] * x + m[4] * y + m[8] * z + m[12] * t;
    let py = m[1] * x + m[5] * y + m[9] * z + m[13] * t;
    let pz = m[2] * x + m[6] * y + m[10] * z + m[14] * t;
    if (!point) {
      const l = Math.hypot(px, py, pz);
      if (l > 0) { px /= l; py /= l; pz /= l; }
    }
    a[i] = px; a[i + 1] = py; a[i + 2] = pz;
  }
}

/** The normal matrix (inverse transpose of the linear part) as a Mat4 without translation. */
function normalMatrix(m: Mat4): Mat4 {
  const [a, b, c, d, e, f, g, h, i] = [m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]] as number[];
  const det = det3(m);
  // cofactor matrix / det = inverse transpose (column-major: column k = cofactors of column k)
  return [
    (e * i - f * h) / det, (f * g - d * i) / det, (d * h - e * g) / det, 0,
    (c * h - b * i) / det, (a * i - c * g) / det, (b * g - a * h) / det, 0,
    (b * f - c * e) / det, (c * d - a * f) / det, (a * e - b * d) / det, 0,
    0, 0, 0, 1,
  ];
}

/**
 * Bakes `normalise × world` into every mesh. Vertex streams that only ever get one matrix (the usual case, also
 * when many meshes share one POSITION accessor) are transformed in place; meshes with morph targets, a mirroring
 * matrix, non-float streams or a stream shared under different matrices go through glTF-Transform's transformMesh
 * (which copies the streams first), before any in-place change so it copies the original values.
 */
function bake(items: MeshNode[], normalise: Mat4): void {
  const plans = items.map(({ mesh, world }) => {
    const m = mul(normalise, world);
    return { mesh, m, key: m.join(','), inPlace: det3(m) > 0 };
  });
  const users = new Map<Accessor, { key: string; semantic: string; conflict: boolean }>();
  for (const p of plans) {
    for (const prim of p.mesh.listPrimitives()) {
      if (prim.listTargets().length > 0) p.inPlace = false;
      for (const semantic of TRANSFORMED) {
        const acc = prim.getAttribute(semantic);
        if (!acc) continue;
        if (acc.getComponentType() !== Accessor.ComponentType.FLOAT || acc.getNormalized() || acc.getSparse?.()) p.inPlace = false;
        const u = users.get(acc);
        if (!u) users.set(acc, { key: p.key, semantic, conflict: false });
        else if (u.key !== p.key || u.semantic !== semantic) u.conflict = true;
      }
    }
  }
  for (const p of plans) {
    if (!p.inPlace) continue;
    for (const prim of p.mesh.listPrimitives()) {
      for (const semantic of TRANSFORMED) {
        const acc = prim.getAttribute(semantic);
        if (acc && users.get(acc)!.conflict) p.inPlace = false;
      }
    }
  }
  for (const p of plans) if (!p.inPlace) transformMesh(p.mesh, p.m as mat4);
  const done = new Set<Accessor>();
  for (const p of plans) {
    if (!p.inPlace) continue;
    const nm = normalMatrix(p.m);
    for (const prim of p.mesh.listPrimitives()) {
      for (const semantic of TRANSFORMED) {
        const acc = prim.getAttribute(semantic);
        if (!acc || done.has(acc)) continue;
        done.add(acc);
        const a = acc.getArray() as Float32Array;
        const size = acc.getElementSize();
        if (semantic === 'POSITION') transformArray(a, size, p.m, true);
        else if (semantic === 'NORMAL') transformArray(a, size, nm, false);
        else transformArray(a, size, p.m, false); // TANGENT xyz: the linear part, w (handedness) kept as det > 0
        acc.setArray(a);
      }
    }
  }
}

/**
 * Normalises `doc` in place: dequantises vertex attributes, expands GPU instancing into nodes, drops animations
 * (a placed model is static), detects the source frame and georeference, levels a flat local model whose ground is
 * tilted (level.ts; warning `levelled`), bakes `Z_UP_TO_Y_UP × translate(−base) × level × toLocal × nodeWorld` into
 * every mesh and resets every node transform.
 * @returns the georeference (or null), the detected up axis, the size in metres and unit warnings
 * @throws Error when the scene has no triangles with positions (the caller maps it to model_invalid)
 */
export async function normaliseDocument(doc: Document): Promise<Normalised> {
  const warnings: ModelWarning[] = [];
  await doc.transform(uninstance(), dequantize());
  const root = doc.getRoot();
  if (root.listAnimations().length > 0) {
    warnings.push({ code: 'animations_removed', message: `${root.listAnimations().length} animation(s) were removed: placed models are static.` });
    for (const a of root.listAnimations()) a.dispose();
  }
  const scene = root.getDefaultScene() ?? root.listScenes()[0];
  for (const s of root.listScenes()) if (s !== scene) s.dispose();
  if (scene) root.setDefaultScene(scene);
  const items = meshNodes(doc);
  const worldBox = bounds(items, IDENTITY);
  if (!Number.isFinite(worldBox.min[0])) throw new Error('the model has no geometry: no mesh with vertex positions in its scene');

  const frame = detectFrame(worldBox);
  warnings.push(...frame.warnings);
  let toLocal = frame.toLocal;
  if (frame.crs === null) {
    // A local model may be a piece of a 3D Tiles tileset without its ECEF transform: a flat city lying tilted.
    // Georeferenced frames are level by construction (and their base must stay in the frame's coordinates).
    const level = groundLevelling(samplePositions(items, toLocal, LEVEL_SAMPLE));
    if (level) {
      toLocal = mul(level.rotation, toLocal);
      warnings.push({
        code: 'levelled',
        message: `The model is flat but its ground was tilted by ${level.angle.toFixed(1)}° (typical of a piece cut from a 3D Tiles tileset without its transform); it was turned so the ground is level.`,
      });
    }
  }
  // RD and local frames only swap axes: the local bbox follows from the world bbox; ECEF and levelling rotate, so walk again.
  const local = permutedBox(toLocal, worldBox) ?? bounds(items, toLocal);
  const base = [(local.min[0] + local.max[0]) / 2, (local.min[1] + local.max[1]) / 2, local.min[2]];
  const normalise = mul(Z_UP_TO_Y_UP, mul(translation(-base[0], -base[1], -base[2]), toLocal));
  bake(items, normalise);
  scene?.traverse((node) => {
    node.setTranslation([0, 0, 0]).setRotation([0, 0, 0, 1]).setScale([1, 1, 1]);
  });

  const size = [0, 1, 2].map((k) => local.max[k] - local.min[k]);
  const units = unitsCheck(size);
  if (units.warning) warnings.push(units.warning);
  const georef = georefOf(frame, base);
  if (georef) {
    const p = georef.position;
    warnings.push({
      code: 'georeferenced',
      message: `The model carries ${georef.crs === 'EPSG:28992' ? 'RD New (EPSG:28992)' : 'ECEF (EPSG:4978)'} coordinates (${georef.upAxis}-up): suggested position ${p.lon.toFixed(6)}, ${p.lat.toFixed(6)}, height ${p.height.toFixed(2)} m.`,
    });
  }
  return { georef, upAxis: frame.upAxis, size: { x: size[0], y: size[1], z: size[2] }, suggestedScale: units.suggestedScale, warnings };
}
