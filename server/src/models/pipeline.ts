/**
 * The model upload pipeline (issue 4, Partners): sniff → resolve resources → gltf-validator → read with
 * glTF-Transform → normalise (Y-up, base centre at the origin, georeference) → optimise (dedup, flatten, join,
 * weld, prune, meshopt) → GLB. Pure: reads the uploaded files, writes nothing; the caller stores the result (blobs.ts).
 */
import fs from 'node:fs/promises';
import { GLB_BUFFER, Primitive, PropertyType, type Document, type JSONDocument, type Node } from '@gltf-transform/core';
import { dedup, flatten, join, meshopt, prune, weld } from '@gltf-transform/functions';
import { MeshoptEncoder } from 'meshoptimizer';
import { ErrorCode, type Model, type ModelGeoref, type ModelWarning } from '../../../shared/index.js';
import { DomainError } from '../domain/errors.js';
import { modelIO, READABLE_EXTENSIONS } from './io.js';
import { normaliseDocument } from './normalise.js';
import { checkFileName, resolveResources, type UploadFile } from './resources.js';
import { checkGlbHeader, sniff, type GltfJson, type Sniffed } from './sniff.js';
import { validateGltf } from './validate.js';

export type { UploadFile } from './resources.js';

export interface ProcessOptions {
  /** Skip meshopt compression (plain float buffers); default false. */
  noCompression?: boolean;
}

export interface ProcessedModel {
  /** The optimised GLB: Y-up, metres as in the file, base centre at the origin, EXT_meshopt_compression. */
  glb: Uint8Array;
  stats: Model['stats'];
  warnings: ModelWarning[];
  georef: ModelGeoref | null;
  suggestedScale: number | null;
  /** Name of the GLB or .gltf that was read. */
  mainFile: string;
  /** The uploaded files, untouched, for the caller to keep. */
  originals: UploadFile[];
  /** Milliseconds spent. */
  ms: number;
}

const MAIN_NAME = /\.(glb|gltf)$/i;

/** Reads a GLB's JSON and BIN chunks (glTF 2.0 §4.4.3) into a glTF-Transform JSONDocument. */
function glbToJson(name: string, b: Uint8Array): JSONDocument {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const bad = (why: string) => new DomainError(ErrorCode.modelInvalid, `${name} is not a valid GLB: ${why}.`);
  if (b.length < 20 || dv.getUint32(16, true) !== 0x4e4f534a) throw bad('the first chunk is not JSON');
  const jsonLength = dv.getUint32(12, true);
  if (20 + jsonLength > b.length) throw bad('the JSON chunk runs past the end of the file');
  let json: GltfJson;
  try {
    json = JSON.parse(new TextDecoder().decode(b.subarray(20, 20 + jsonLength)));
  } catch (err) {
    throw bad(`its JSON chunk does not parse (${(err as Error).message})`);
  }
  const resources: JSONDocument['resources'] = {};
  const binAt = 20 + jsonLength;
  if (binAt + 8 <= b.length && dv.getUint32(binAt + 4, true) === 0x004e4942) {
    const binLength = dv.getUint32(binAt, true);
    resources[GLB_BUFFER] = new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength).subarray(binAt + 8, Math.min(b.length, binAt + 8 + binLength));
  }
  return { json: json as JSONDocument['json'], resources };
}

/** Picks the one GLB/.gltf among the files; the others are its resources. */
function pickMain(files: UploadFile[], sniffed: Map<UploadFile, Sniffed>): UploadFile {
  for (const f of files) {
    const s = sniffed.get(f)!;
    if (MAIN_NAME.test(f.name) && s.kind === 'other') {
      throw new DomainError(ErrorCode.modelNotGltf, `${f.name} is not a glTF 2.0 model: it looks like ${s.looksLike}.`);
    }
  }
  const mains = files.filter((f) => sniffed.get(f)!.kind !== 'other');
  if (mains.length === 0) {
    const f = files[0]!;
    const s = sniffed.get(f) as { looksLike: string };
    const others = files.length > 1 ? ` None of the ${files.length} files is a GLB or .gltf.` : '';
    throw new DomainError(ErrorCode.modelNotGltf, `${f.name} is not a glTF 2.0 model: it looks like ${s.looksLike}.${others}`);
  }
  if (mains.length > 1) {
    throw new DomainError(ErrorCode.badUpload, `Upload one model at a time: ${mains.map((f) => f.name).join(', ')} are all glTF models.`);
  }
  return mains[0]!;
}

/** Draw modes join() can merge without KHR_mesh_primitive_restart (which meshopt() cannot encode). */
const JOINABLE_MODES = new Set<number>([Primitive.Mode.POINTS, Primitive.Mode.LINES, Primitive.Mode.TRIANGLES]);
const joinable = (node: Node) => (node.getMesh()?.listPrimitives() ?? []).every((p) => JOINABLE_MODES.has(p.getMode()));

/** Bits per position component after quantization: error ≤ extent / 2¹⁷ (600 m → 4.6 mm); uint16 either way. */
const POSITION_BITS = 16;

/**
 * Optimises a normalised document (every node transform already baked into the vertices, so no node carries
 * meaning): equal materials and textures merged (dedup), the hierarchy flattened and every primitive sharing a
 * material and vertex layout joined into one (a partner model needs no per-node identity; one draw call per
 * material), identical vertices welded, unused properties pruned; then meshopt (EXT_meshopt_compression, level
 * 'high': reorder for size, quantize (positions POSITION_BITS, normals octahedral-filtered), filters).
 * Accessors are not deduplicated: join() copies them into new ones anyway.
 */
async function optimise(doc: Document, opts: ProcessOptions): Promise<void> {
  await doc.transform(
    dedup({ propertyTypes: [PropertyType.MATERIAL, PropertyType.TEXTURE] }),
    flatten(),
    join({ keepNamed: false, filter: joinable }),
    weld(),
    prune(),
  );
  if (!opts.noCompression) await doc.transform(meshopt({ encoder: MeshoptEncoder, level: 'high', quantizePosition: POSITION_BITS }));
}

/** Triangles drawn by the scene (modes TRIANGLES, TRIANGLE_STRIP, TRIANGLE_FAN; glTF 2.0 §3.7.2.1). */
export function countTriangles(doc: Document): number {
  let n = 0;
  const root = doc.getRoot();
  (root.getDefaultScene() ?? root.listScenes()[0])?.traverse((node) => {
    for (const prim of node.getMesh()?.listPrimitives() ?? []) {
      const count = prim.getIndices()?.getCount() ?? prim.getAttribute('POSITION')?.getCount() ?? 0;
      const mode = prim.getMode();
      if (mode === 4) n += Math.floor(count / 3);
      else if (mode === 5 || mode === 6) n += Math.max(0, count - 2);
    }
  });
  return n;
}

/**
 * Processes one model upload.
 * @param files the uploaded files: exactly one GLB or .gltf (found by content), plus the .bin and texture files a
 *   .gltf refers to
 * @returns the optimised GLB and what the partner needs to place it (stats in metres: size x east, y north, z up)
 * @throws DomainError bad_upload (no files, unusable or duplicate names, several models), model_not_gltf (what
 *   the file looks like instead), model_invalid (truncated GLB, gltf-validator errors, unreadable extension, no
 *   geometry), model_resource_missing (a .bin or texture not uploaded)
 */
export async function processModelUpload(files: UploadFile[], opts: ProcessOptions = {}): Promise<ProcessedModel> {
  const t0 = performance.now();
  if (files.length === 0) throw new DomainError(ErrorCode.badUpload, 'Send at least one file in the field "files".');
  const names = new Set<string>();
  for (const f of files) {
    checkFileName(f.name);
    if (names.has(f.name)) throw new DomainError(ErrorCode.badUpload, `The file ${f.name} was sent twice.`);
    names.add(f.name);
  }
  const bytes = new Map<UploadFile, Uint8Array<ArrayBuffer>>();
  const sniffed = new Map<UploadFile, Sniffed>();
  for (const f of files) {
    const b = new Uint8Array(await fs.readFile(f.path));
    bytes.set(f, b);
    sniffed.set(f, sniff(b));
  }
  const main = pickMain(files, sniffed);
  const mainBytes = bytes.get(main)!;
  const s = sniffed.get(main)!;
  if (s.kind === 'glb') checkGlbHeader(main.name, s, mainBytes.length);

  const jsonDoc: JSONDocument =
    s.kind === 'glb' ? glbToJson(main.name, mainBytes) : { json: (s as { json: GltfJson }).json as JSONDocument['json'], resources: {} };
  const json = jsonDoc.json as GltfJson;
  const used = new Set<UploadFile>([main]);
  for (const r of resolveResources(json, files, main.name)) {
    if (!r.file) continue;
    jsonDoc.resources[r.uri] = bytes.get(r.file)!;
    used.add(r.file);
  }
  const warnings: ModelWarning[] = files
    .filter((f) => !used.has(f))
    .map((f) => ({ code: 'unused_file', message: `${f.name} is not used by ${main.name}; it is kept with the originals.` }));

  warnings.push(...(await validateGltf(mainBytes, main.name, files)));

  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const unreadable = list(json.extensionsRequired).filter((e) => !READABLE_EXTENSIONS.has(e));
  if (unreadable.length) {
    throw new DomainError(ErrorCode.modelInvalid, `${main.name} requires the extension(s) ${unreadable.join(', ')}, which the server cannot read; export it without them.`);
  }
  for (const e of list(json.extensionsUsed).filter((x) => !READABLE_EXTENSIONS.has(x))) {
    warnings.push({ code: 'extension_dropped', message: `The optional extension ${e} is not kept in the optimised model.` });
  }

  const io = await modelIO();
  let doc: Document;
  try {
    doc = await io.readJSON(jsonDoc);
  } catch (err) {
    throw new DomainError(ErrorCode.modelInvalid, `${main.name} cannot be read: ${(err as Error).message}`);
  }
  let normalised;
  try {
    normalised = await normaliseDocument(doc);
  } catch (err) {
    throw new DomainError(ErrorCode.modelInvalid, `${main.name} cannot be normalised: ${(err as Error).message}`);
  }
  warnings.push(...normalised.warnings);

  for (const ext of doc.getRoot().listExtensionsUsed()) {
    if (ext.extensionName === 'KHR_draco_mesh_compression') ext.dispose(); // decoded on read; written as meshopt
  }
  await optimise(doc, opts);
  const glb = await io.writeBinary(doc);

  const bytesOriginal = files.reduce((n, f) => n + (bytes.get(f)?.length ?? f.bytes), 0);
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    glb,
    stats: {
      bytesOriginal,
      bytesOptimised: glb.byteLength,
      triangles: countTriangles(doc),
      materials: doc.getRoot().listMaterials().length,
      size: { x: round(normalised.size.x), y: round(normalised.size.y), z: round(normalised.size.z) },
    },
    warnings,
    georef: normalised.georef,
    suggestedScale: normalised.suggestedScale,
    mainFile: main.name,
    originals: files,
    ms: Math.round(performance.now() - t0),
  };
}
