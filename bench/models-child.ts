/**
 * Child process of the models bench: `node --import tsx bench/models-child.ts <file>…` runs the partner model upload
 * pipeline (server/src/models/pipeline.ts processModelUpload) on the files (one GLB or .gltf plus its resources,
 * named by their base names as a browser sends them) and prints one JSON line on stdout:
 * `{ ms, bytesIn, bytesOut, triangles, warnings, georef }` (ms in-process, bytes of the uploaded files and of the
 * optimised GLB, triangles drawn by the optimised model, warning codes, the georeference CRS or null).
 * Exit code 1 on failure, with `error: <code>: <message>` on stderr.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from '../server/src/domain/errors.js';
import { processModelUpload, type UploadFile } from '../server/src/models/pipeline.js';

async function main(): Promise<void> {
  const files: UploadFile[] = [];
  for (const p of process.argv.slice(2)) files.push({ name: path.basename(p), path: p, bytes: (await stat(p)).size });
  const r = await processModelUpload(files);
  const out = {
    ms: r.ms,
    bytesIn: r.stats.bytesOriginal,
    bytesOut: r.stats.bytesOptimised,
    triangles: r.stats.triangles,
    warnings: r.warnings.map((w) => w.code),
    georef: r.georef?.crs ?? null,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e) => {
  const msg = e instanceof DomainError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
  process.stderr.write(`error: ${msg}\n`);
  process.exitCode = 1;
});
