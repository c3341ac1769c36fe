/**
 * The glTF-Transform reader/writer of the upload pipeline: every extension glTF-Transform knows
 * (@gltf-transform/extensions ALL_EXTENSIONS), with the meshopt decoder/encoder (EXT_meshopt_compression) and the
 * Draco decoder (KHR_draco_mesh_compression inputs). Created once per process, on first use.
 */
import { Logger, NodeIO } from '@gltf-transform/core';
import { ALL_EXTENSIONS } from '@gltf-transform/extensions';
import draco3d from 'draco3d';
import { MeshoptDecoder, MeshoptEncoder } from 'meshoptimizer';

let io: Promise<NodeIO> | undefined;

/** Names of the extensions the pipeline can read (and write back). */
export const READABLE_EXTENSIONS = new Set(ALL_EXTENSIONS.map((e) => e.EXTENSION_NAME));

/** The shared NodeIO (errors only are logged). */
export function modelIO(): Promise<NodeIO> {
  io ??= (async () => {
    await Promise.all([MeshoptDecoder.ready, MeshoptEncoder.ready]);
    return new NodeIO()
      .setLogger(new Logger(Logger.Verbosity.ERROR))
      .registerExtensions(ALL_EXTENSIONS)
      .registerDependencies({
        'meshopt.decoder': MeshoptDecoder,
        'meshopt.encoder': MeshoptEncoder,
        'draco3d.decoder': await draco3d.createDecoderModule(),
      });
  })();
  return io;
}
