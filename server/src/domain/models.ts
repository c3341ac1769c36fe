/**
 * Partner models of a plan (issue 4, Partners): upload (process → stage blobs → one transaction that inserts the
 * row, appends the history and moves the blobs into place), list, get, files, delete. Every call asks the plan
 * gate (PlanService.access, plan-access.ts):
 * - see (list, get, download): everyone who can see the plan; invisible plans are `not_found`.
 * - upload: `uploadModels` (invited partners, the plan's planner, admins) while the plan is draft or published.
 * - delete: the uploader (while they may still upload), the plan's managers and admins, while the plan is open.
 * An upload that fails at any step leaves no row, no history and no blob behind.
 * After the commit (when `live` is given) the plan room hears of it: `model:uploaded {model}` after an upload;
 * after a delete `scenario:updated` for every scenario that had a placement of the model, then
 * `model:deleted {planId, modelId}` (domain/events.ts; realtime/plans.ts sends them through the plan gate).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ErrorCode, type Model } from '../../../shared/index.js';
import { ModelBlobs } from '../models/blobs.js';
import { processModelUpload, type UploadFile } from '../models/pipeline.js';
import { findModel, insertModel, listModels, softDeleteModel, type ModelRow } from '../store/models.js';
import { scenarioIdsPlacingModel } from '../store/scenarios.js';
import type { Database } from '../store/schema.js';
import { DomainError } from './errors.js';
import { assertMayPost } from './sanctions.js';
import { screenName } from './screening.js';
import type { EventBus } from './events.js';
import { assertCan, isOpen } from './plan-access.js';
import { recordPlanChange } from './plan-history.js';
import { wireAuthor } from './thread-record.js';
import type { PlanService } from './plans.js';
import type { ScenarioService } from './scenarios.js';
import type { Viewer } from './viewer.js';

/** Where ModelService reports committed changes: the event bus, and the scenarios service to reload scenarios. */
export interface ModelEvents {
  bus: EventBus;
  scenarios: Pick<ScenarioService, 'announce'>;
}

/** A stored file to send: where it is, its media type and the name to offer. */
export interface ModelFile {
  path: string;
  contentType: string;
  fileName: string;
}

const TYPES: Record<string, string> = {
  glb: 'model/gltf-binary',
  gltf: 'model/gltf+json',
  bin: 'application/octet-stream',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  ktx2: 'image/ktx2',
};

/** The REST URL of a model's optimised GLB. */
export function modelUrl(planId: string, modelId: string): string {
  return `/api/v1/plans/${encodeURIComponent(planId)}/models/${encodeURIComponent(modelId)}/model.glb`;
}

/** A model row on the wire (shared/plans.ts `Model`). */
export function toWireModel(r: ModelRow): Model {
  return {
    id: r.id,
    planId: r.plan_id,
    name: r.name,
    uploadedBy: wireAuthor(r.uploaded_by, r.uploader_display_name, r.uploader_deleted_at),
    createdAt: r.created_at,
    url: modelUrl(r.plan_id, r.id),
    originalFiles: JSON.parse(r.original_files),
    stats: JSON.parse(r.stats),
    warnings: JSON.parse(r.warnings),
    georef: r.georef === null ? null : JSON.parse(r.georef),
    suggestedScale: r.suggested_scale,
  };
}

export class ModelService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly plans: PlanService,
    readonly blobs: ModelBlobs,
    private readonly now: () => Date = () => new Date(),
    private readonly live: ModelEvents | null = null,
  ) {}

  /**
   * Uploads a model to a plan. `files`: the uploaded files on disk (they are moved into the blob store or left for
   * the caller to delete); `name`: display name (default: the main file's name without extension).
   * The name (given or derived) is screened without the hold option (screening.ts screenName, path `name`).
   * @throws not_found, unauthenticated, forbidden, phase_closed (plan gate); bad_upload, model_not_gltf,
   *   model_invalid, model_resource_missing (pipeline.ts), account_muted (sanctions.ts), content_blocked,
   *   personal_data_detected (screening.ts)
   */
  async upload(viewer: Viewer, planId: string, input: { files: UploadFile[]; name?: string }): Promise<Model> {
    const user = viewer.user;
    if (!user) throw new DomainError(ErrorCode.unauthenticated, 'Sign in to upload models to this plan.');
    assertCan(viewer, await this.plans.access(viewer, planId), 'uploadModels');
    await assertMayPost(this.db, user.id, this.now()); // account_muted (issue 6)
    // Names are published at once: screened without the hold option (issue 6); a given name before the heavy work.
    if (input.name) await screenName(this.db, 'name', input.name);
    const processed = await processModelUpload(input.files);
    const name = (input.name ?? processed.mainFile.replace(/\.(glb|gltf)$/i, '')).slice(0, 120) || 'model';
    if (!input.name) await screenName(this.db, 'name', name);
    const id = randomUUID();
    const at = this.now().toISOString();
    const originalFiles = processed.originals.map((f) => ({ name: f.name, bytes: f.bytes }));
    const staged = await this.blobs.stage(processed.originals, processed.glb);
    let committed = false;
    try {
      await this.db.transaction().execute(async (trx) => {
        assertCan(viewer, await this.plans.access(viewer, planId, trx), 'uploadModels'); // the plan may have closed meanwhile
        await insertModel(trx, {
          id,
          plan_id: planId,
          name,
          uploaded_by: user.id,
          created_at: at,
          original_files: JSON.stringify(originalFiles),
          stats: JSON.stringify(processed.stats),
          warnings: JSON.stringify(processed.warnings),
          georef: processed.georef ? JSON.stringify(processed.georef) : null,
          suggested_scale: processed.suggestedScale,
          deleted_at: null,
          hidden_at: null,
        });
        await recordPlanChange(trx, {
          planId, actorId: user.id, at: new Date(at), entity: 'model', entityId: id, action: 'created',
          after: { name, originalFiles, stats: processed.stats, georef: processed.georef },
        });
        await this.blobs.commit(staged, id);
        committed = true;
      });
    } catch (err) {
      if (committed) await this.blobs.remove(id);
      else await this.blobs.discard(staged);
      throw err;
    }
    const model = await this.get(viewer, planId, id);
    this.live?.bus.emit('model:uploaded', { planId, event: { model } });
    return model;
  }

  /**
   * Throws unless the viewer may upload models to the plan now (checked again inside the upload's transaction).
   * @throws not_found, unauthenticated, forbidden, phase_closed
   */
  async assertMayUpload(viewer: Viewer, planId: string): Promise<void> {
    assertCan(viewer, await this.plans.access(viewer, planId), 'uploadModels');
    if (viewer.user) await assertMayPost(this.db, viewer.user.id, this.now());
  }

  /** The live models of a plan the viewer can see (not deleted, not held or hidden by moderation), oldest first. @throws not_found */
  async list(viewer: Viewer, planId: string): Promise<Model[]> {
    await this.plans.access(viewer, planId);
    return (await listModels(this.db, planId)).map(toWireModel);
  }

  /** One model. @throws not_found (plan invisible, no such model, deleted, or under moderation) */
  async get(viewer: Viewer, planId: string, modelId: string): Promise<Model> {
    return toWireModel(await this.row(viewer, planId, modelId));
  }

  /**
   * A stored file of a model: `model.glb`, or one original by its stored name.
   * @throws not_found (plan invisible, no such model or file, or the model is under moderation: held or hidden)
   */
  async file(viewer: Viewer, planId: string, modelId: string, original?: string): Promise<ModelFile> {
    const row = await this.row(viewer, planId, modelId);
    if (original === undefined) return { path: this.blobs.glbPath(row.id), contentType: TYPES.glb!, fileName: `${row.name}.glb` };
    const files = JSON.parse(row.original_files) as { name: string }[];
    if (!files.some((f) => f.name === original)) {
      throw new DomainError(ErrorCode.notFound, `Model ${JSON.stringify(modelId)} has no original file ${JSON.stringify(original)}.`);
    }
    const ext = /\.([a-z0-9]+)$/i.exec(original)?.[1]?.toLowerCase() ?? '';
    return { path: this.blobs.originalPath(row.id, original), contentType: TYPES[ext] ?? 'application/octet-stream', fileName: original };
  }

  /**
   * Deletes a model (soft: the row stays for the history; its placements disappear with it; the blobs are removed).
   * @throws not_found; unauthenticated; phase_closed (plan closed or archived); forbidden (not the uploader, a
   *   manager of the plan or an admin)
   */
  async remove(viewer: Viewer, planId: string, modelId: string): Promise<void> {
    const user = viewer.user;
    if (!user) throw new DomainError(ErrorCode.unauthenticated, 'Sign in to delete models.');
    const scenarioIds = await this.db.transaction().execute(async (trx) => {
      const access = await this.plans.access(viewer, planId, trx);
      const row = await findModel(trx, planId, modelId);
      if (!row) throw new DomainError(ErrorCode.notFound, `This plan has no model ${JSON.stringify(modelId)}.`);
      if (!isOpen(access.plan)) assertCan(viewer, access, 'uploadModels'); // phase_closed or forbidden
      const mayDelete = access.can.manage || user.role === 'admin' || (row.uploaded_by === user.id && access.can.uploadModels);
      if (!mayDelete) throw new DomainError(ErrorCode.forbidden, 'Only the uploader, the plan\'s planner and admins may delete a model.');
      const at = this.now();
      await softDeleteModel(trx, planId, modelId, at.toISOString());
      await recordPlanChange(trx, {
        planId, actorId: user.id, at, entity: 'model', entityId: modelId, action: 'deleted',
        before: { name: row.name, originalFiles: JSON.parse(row.original_files) },
      });
      return scenarioIdsPlacingModel(trx, planId, modelId);
    });
    await this.blobs.remove(modelId);
    if (this.live) {
      try {
        await this.live.scenarios.announce(planId, scenarioIds); // their placements of this model are gone
      } finally {
        this.live.bus.emit('model:deleted', { planId, event: { planId, modelId } });
      }
    }
  }

  private async row(viewer: Viewer, planId: string, modelId: string): Promise<ModelRow> {
    await this.plans.access(viewer, planId);
    const row = await findModel(this.db, planId, modelId);
    if (!row) throw new DomainError(ErrorCode.notFound, `This plan has no model ${JSON.stringify(modelId)}.`);
    return row;
  }
}
