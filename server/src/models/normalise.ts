/**
 * Normalises a glTF document in place (DESIGN.md, design decisions): glTF Y-up, the base centre (centre of the bbox
 * in the horizontal plane, minimum in up) at the origin, every node transform baked into the vertices in float64.
 * The removed offset becomes a georeference when it looks like RD New or ECEF (georef.ts). Units are only checked.
 */
import type { Document, mat4, Mesh, Node } from '@gltf-transform/core';
import { dequantize, transformMesh, uninstance } from '@gltf-transform/functions';
import type { ModelGeoref, ModelWarning } from '../../../shared/index.js';
import { detectFrame, georefOf, unitsCheck, type Box } from './georef.js';
import { apply, fromTRS, IDENTITY, mul, translation, Z_UP_TO_Y_UP, type Mat4 } from './matrix.js';

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
  const seen = new Set<string>();
  const p = [0, 0, 0];
  const v = [0, 0, 0];
  for (const { mesh, world } of items) {
    const full = mul(m, world);
    const key = full.join(',');
    for (const prim of mesh.listPrimitives()) {
      const pos = prim.getAttribute('POSITION');
      if (!pos) continue;
      const id = `${doc_id(pos)}|${key}`;
      if (seen.has(id)) continue;
      seen.add(id);
      for (let i = 0, n = pos.getCount(); i < n; i++) {
        pos.getElement(i, v);
        apply(full, v[0], v[1], v[2], p);
        for (let k = 0; k < 3; k++) {
          if (p[k] < min[k]) min[k] = p[k];
          if (p[k] > max[k]) max[k] = p[k];
        }
      }
    }
  }
  return { min, max };
}

const ids = new WeakMap<object, number>();
let nextId = 0;
function doc_id(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
}

/**
 * Normalises `doc` in place: dequantises vertex attributes, expands GPU instancing into nodes, drops animations
 * (a placed model is static), detects the source frame and georeference, bakes
 * `Z_UP_TO_Y_UP × translate(−base) × toLocal × nodeWorld` into every mesh and resets every node transform.
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
  const local = bounds(items, frame.toLocal);
  const base = [(local.min[0] + local.max[0]) / 2, (local.min[1] + local.max[1]) / 2, local.min[2]];
  const normalise = mul(Z_UP_TO_Y_UP, mul(translation(-base[0], -base[1], -base[2]), frame.toLocal));
  for (const { mesh, world } of items) transformMesh(mesh, mul(normalise, world) as mat4);
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
