/**
 * The model blob store (DESIGN.md: blobs/): `${DATA_DIR}/blobs/models/<modelId>/original/<files>` as uploaded and
 * `${DATA_DIR}/blobs/models/<modelId>/model.glb` (optimised). A model is staged in a fresh folder under
 * `${DATA_DIR}/blobs/tmp/` and renamed into place in one step (same file system), so a reader never sees half a
 * model and a failed upload leaves nothing behind.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { UploadFile } from './resources.js';

/** Model ids as generated (UUID) — anything else is never a blob path. */
const MODEL_ID = /^[0-9a-f-]{36}$/;

export interface StagedModel {
  /** The staging folder (under blobs/tmp). */
  dir: string;
}

export class ModelBlobs {
  /** `${dataDir}/blobs/models`. */
  readonly modelsDir: string;
  /** `${dataDir}/blobs/tmp`: staging and multipart temp files. */
  readonly tmpDir: string;

  constructor(dataDir: string) {
    this.modelsDir = path.join(dataDir, 'blobs', 'models');
    this.tmpDir = path.join(dataDir, 'blobs', 'tmp');
    mkdirSync(this.modelsDir, { recursive: true });
    mkdirSync(this.tmpDir, { recursive: true });
  }

  /** A fresh empty folder under blobs/tmp (for one request's uploaded files). */
  async tempFolder(): Promise<string> {
    const dir = path.join(this.tmpDir, randomUUID());
    await fs.mkdir(dir, { recursive: true });
    return dir;
  }

  /**
   * Writes a model into a staging folder: the originals (moved from their temp paths, else copied) under
   * `original/`, and `model.glb`. On failure the staging folder is removed and the error rethrown.
   */
  async stage(originals: UploadFile[], glb: Uint8Array): Promise<StagedModel> {
    const dir = await this.tempFolder();
    try {
      await fs.mkdir(path.join(dir, 'original'));
      for (const f of originals) {
        const to = path.join(dir, 'original', f.name);
        await fs.rename(f.path, to).catch(() => fs.copyFile(f.path, to));
      }
      await fs.writeFile(path.join(dir, 'model.glb'), glb);
      return { dir };
    } catch (err) {
      await fs.rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** Moves a staged model into place as `modelId` (one rename). */
  async commit(staged: StagedModel, modelId: string): Promise<void> {
    await fs.rename(staged.dir, this.folder(modelId));
  }

  /** Removes a staged model (after a failure); never throws. */
  async discard(staged: StagedModel | null): Promise<void> {
    if (staged) await fs.rm(staged.dir, { recursive: true, force: true }).catch(() => undefined);
  }

  /** Removes a stored model's folder; never throws. */
  async remove(modelId: string): Promise<void> {
    await fs.rm(this.folder(modelId), { recursive: true, force: true }).catch(() => undefined);
  }

  /** Folder of a stored model. @throws Error for ids that are not UUIDs. */
  folder(modelId: string): string {
    if (!MODEL_ID.test(modelId)) throw new Error(`not a model id: ${modelId}`);
    return path.join(this.modelsDir, modelId);
  }

  /** Path of the optimised GLB. */
  glbPath(modelId: string): string {
    return path.join(this.folder(modelId), 'model.glb');
  }

  /** Path of an original file; `name` must be one of the model's stored names (the caller checks). */
  originalPath(modelId: string, name: string): string {
    if (name.includes('/') || name.includes('\\') || name === '..' || name === '.') throw new Error(`not a file name: ${name}`);
    return path.join(this.folder(modelId), 'original', name);
  }
}
