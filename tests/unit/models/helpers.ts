/** Helpers of the model pipeline tests: upload-file records from paths, and reading an output GLB back. */
import fs from 'node:fs';
import path from 'node:path';
import { NodeIO, getBounds } from '@gltf-transform/core';
import { ALL_EXTENSIONS } from '@gltf-transform/extensions';
import validator from 'gltf-validator';
import { MeshoptDecoder } from 'meshoptimizer';
import type { UploadFile } from '../../../server/src/models/pipeline.js';

/** UploadFile records for files on disk (name = base name). */
export function uploads(paths: string[]): UploadFile[] {
  return paths.map((p) => ({ name: path.basename(p), path: p, bytes: fs.statSync(p).size }));
}

/** Reads an output GLB (meshopt decoded) and returns its scene bbox and the extensions it declares. */
export async function readBack(glb: Uint8Array) {
  await MeshoptDecoder.ready;
  const io = new NodeIO().registerExtensions(ALL_EXTENSIONS).registerDependencies({ 'meshopt.decoder': MeshoptDecoder });
  const doc = await io.readBinary(glb);
  const scene = doc.getRoot().getDefaultScene()!;
  const { min, max } = getBounds(scene);
  return { doc, min, max, extensions: doc.getRoot().listExtensionsUsed().map((e) => e.extensionName) };
}

/** gltf-validator's error count for a GLB. */
export async function validatorErrors(glb: Uint8Array): Promise<{ count: number; first: string[] }> {
  const r = await validator.validateBytes(glb, { maxIssues: 50 });
  const errors = r.issues.messages.filter((m) => m.severity === 0);
  return { count: r.issues.numErrors, first: errors.slice(0, 5).map((m) => `${m.code} ${m.pointer ?? ''} ${m.message}`) };
}
