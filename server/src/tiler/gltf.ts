/**
 * One tile's content as a GLB (glTF 2.0) made with @gltf-transform/core: a single primitive with POSITION, NORMAL,
 * COLOR_0 and `_FEATURE_ID_0`, plus the 3D Tiles 1.1 metadata extensions written into the JSON afterwards, because
 * gltf-transform has no classes for them:
 * - EXT_mesh_features on the primitive: featureIds [{featureCount, attribute: 0, propertyTable: 0}]
 * - EXT_structural_metadata at the root: the tileset's schema and this tile's property table
 * (CesiumGS/glTF extensions/2.0/Vendor/EXT_mesh_features and EXT_structural_metadata).
 *
 * Positions are in the tileset's east-north-up frame, relative to the tile's centre (a node translation holds the
 * centre, so float32 keeps sub-millimetre precision), and glTF is y-up: a point (east, north, up) is stored as
 * (east, up, −north); 3D Tiles rotates y-up content to z-up (3D Tiles 1.1 §"glTF transforms").
 *
 * Compressed (the default): vertices reordered for size (meshoptimizer), POSITION quantized to 16-bit integers over
 * the tile's box (KHR_mesh_quantization; the dequantizing scale and offset go into the node's transform) when the
 * box is at most MAX_QUANTIZED_EXTENT wide, so the rounding stays under 5 mm per axis; COLOR_0 stays 8-bit; NORMAL is
 * stored with meshopt's octahedral filter (8 bits per component); `_FEATURE_ID_0` is left as exact integers
 * (UNSIGNED_SHORT); then every buffer view is meshopt-encoded (EXT_meshopt_compression, required). The metadata
 * buffer views stay uncompressed in the same buffer.
 */
import { Document, Format, GLB_BUFFER, Logger, NodeIO, VertexLayout } from '@gltf-transform/core';
import { EXTMeshoptCompression, KHRMeshQuantization } from '@gltf-transform/extensions';
import { quantize, reorder } from '@gltf-transform/functions';
import { MeshoptEncoder } from 'meshoptimizer';
import type { FeatureMesh } from './mesh.js';
import { encodePropertyTable, schemaJson, type PropertyDef } from './metadata.js';
import { BinWriter, writeGlb } from './glb.js';

/** Tiles wider than this (m, largest box side) keep float positions, so quantization error stays below 5 mm. */
export const MAX_QUANTIZED_EXTENT = 600;

// One bufferView per attribute: skips interleaving work; clients read either layout equally well.
const io = new NodeIO()
  .setVertexLayout(VertexLayout.SEPARATE)
  .registerExtensions([EXTMeshoptCompression, KHRMeshQuantization])
  .registerDependencies({ 'meshopt.encoder': MeshoptEncoder });

export interface TileGlbOptions {
  /** meshopt compression with quantization (default true); false writes plain float attributes. */
  compress?: boolean;
}

export interface TileContent {
  glb: Uint8Array;
  vertices: number;
  triangles: number;
}

/**
 * Builds the GLB for the features of one tile.
 * @param center the tile's centre in ENU metres (east, north, up); becomes the node's translation
 * @param defs the tileset-wide property definitions (metadata.ts)
 */
export async function tileGlb(
  features: FeatureMesh[],
  center: [number, number, number],
  defs: PropertyDef[],
  options: TileGlbOptions = {},
): Promise<TileContent> {
  const compress = options.compress !== false;
  let vertexCount = 0;
  let indexCount = 0;
  for (const f of features) {
    vertexCount += f.positions.length / 3;
    indexCount += f.indices.length;
  }
  const positions = new Float32Array(vertexCount * 3);
  const normals = new Float32Array(vertexCount * 3);
  const colors = new Uint8Array(vertexCount * 4);
  // EXT_mesh_features allows unsigned integer feature ids; UNSIGNED_SHORT survives every transform exactly.
  const featureIds = features.length <= 65535 ? new Uint16Array(vertexCount) : new Float32Array(vertexCount);
  const indices = vertexCount <= 65535 ? new Uint16Array(indexCount) : new Uint32Array(indexCount);
  const [ce, cn, cu] = center;
  let v = 0;
  let k = 0;
  for (let fi = 0; fi < features.length; fi++) {
    const f = features[fi];
    const n = f.positions.length / 3;
    const p = f.positions;
    const q = f.normals;
    for (let i = 0; i < n; i++) {
      const s = i * 3;
      const d = (v + i) * 3;
      positions[d] = p[s] - ce;
      positions[d + 1] = p[s + 2] - cu;
      positions[d + 2] = -(p[s + 1] - cn);
      normals[d] = q[s];
      normals[d + 1] = q[s + 2];
      normals[d + 2] = -q[s + 1];
      featureIds[v + i] = fi;
    }
    colors.set(f.colors, v * 4);
    const idx = f.indices;
    for (let t = 0; t < idx.length; t++) indices[k + t] = idx[t] + v;
    v += n;
    k += idx.length;
  }
  // Re-normalise in float32 so the validator's unit-length check holds.
  for (let i = 0; i < normals.length; i += 3) {
    const l = Math.hypot(normals[i], normals[i + 1], normals[i + 2]) || 1;
    normals[i] /= l;
    normals[i + 1] /= l;
    normals[i + 2] /= l;
  }

  const doc = new Document().setLogger(new Logger(Logger.Verbosity.WARN));
  const buffer = doc.createBuffer();
  const acc = (type: 'SCALAR' | 'VEC3' | 'VEC4', array: Float32Array | Uint8Array | Uint16Array | Uint32Array | Float64Array) =>
    doc.createAccessor().setType(type).setArray(array).setBuffer(buffer);
  const material = doc.createMaterial('surfaces').setBaseColorFactor([1, 1, 1, 1]).setMetallicFactor(0).setRoughnessFactor(1).setDoubleSided(true);
  const prim = doc
    .createPrimitive()
    .setAttribute('POSITION', acc('VEC3', positions))
    .setAttribute('NORMAL', acc('VEC3', normals))
    .setAttribute('COLOR_0', acc('VEC4', colors).setNormalized(true))
    .setAttribute('_FEATURE_ID_0', acc('SCALAR', featureIds))
    .setIndices(acc('SCALAR', indices))
    .setMaterial(material);
  const mesh = doc.createMesh('features').addPrimitive(prim);
  const node = doc.createNode('tile').setMesh(mesh).setTranslation([ce, cu, -cn]);
  doc.createScene('tile').addChild(node);
  doc.getRoot().setDefaultScene(doc.getRoot().listScenes()[0]);
  doc.getRoot().getAsset().generator = 'Digitale Stad tiler (glTF-Transform)';
  if (compress) {
    await MeshoptEncoder.ready;
    let extent = 0;
    for (const f of features) for (let k = 0; k < 3; k++) extent = Math.max(extent, Math.abs(f.max[k] - center[k]), Math.abs(f.min[k] - center[k]));
    await doc.transform(
      reorder({ encoder: MeshoptEncoder, target: 'size' }),
      quantize({
        pattern: 2 * extent <= MAX_QUANTIZED_EXTENT ? /^(POSITION|COLOR_0)$/ : /^COLOR_0$/,
        quantizePosition: 16,
        quantizeColor: 8,
        cleanup: false,
      }),
    );
    // quantize() leaves the float originals behind without its cleanup (which costs more than this).
    for (const a of doc.getRoot().listAccessors()) if (a.listParents().length <= 1) a.dispose();
    doc.createExtension(EXTMeshoptCompression).setRequired(true).setEncoderOptions({ method: EXTMeshoptCompression.EncoderMethod.FILTER });
  }

  const { json, resources } = await io.writeJSON(doc, { format: Format.GLB });
  const gltf = json as unknown as Record<string, any>;
  const bin = new BinWriter(resources[GLB_BUFFER] as Uint8Array | undefined);
  gltf.bufferViews ??= [];
  const addView = (data: Uint8Array) => {
    const bytes = data.length > 0 ? data : new Uint8Array(1); // glTF: bufferView.byteLength ≥ 1 (all-empty strings)
    const byteOffset = bin.append(bytes);
    gltf.bufferViews.push({ buffer: 0, byteOffset, byteLength: bytes.length });
    return gltf.bufferViews.length - 1;
  };
  const table = encodePropertyTable(defs, features, addView);
  const primitive = gltf.meshes[0].primitives[0];
  primitive.extensions = {
    ...primitive.extensions,
    EXT_mesh_features: { featureIds: [{ featureCount: features.length, attribute: 0, propertyTable: 0 }] },
  };
  gltf.extensions = { ...gltf.extensions, EXT_structural_metadata: { schema: schemaJson(defs), propertyTables: [table] } };
  gltf.extensionsUsed = [...new Set([...(gltf.extensionsUsed ?? []), 'EXT_mesh_features', 'EXT_structural_metadata'])];
  return { glb: writeGlb(gltf, bin.bytes()), vertices: vertexCount, triangles: indexCount / 3 };
}
