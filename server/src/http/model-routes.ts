/**
 * REST routes of partner models (issue 4) under /api/v1/plans/:id/models. Thin: multipart parsing (multipart.ts),
 * then ModelService (domain/models.ts), which asks the plan gate. Files are served with cache headers: a model's
 * files never change (a new upload is a new model id), but they may only be cached privately, as drafts are not public.
 */
import { z } from 'zod';
import { ErrorCode, ModelResponse, ModelsResponse, PLAN_LIMITS, textOfLength } from '../../../shared/index.js';
import type { ModelService } from '../domain/models.js';
import { readMultipart } from './multipart.js';
import { defineRoute, type RouteSpec } from './route-table.js';

export interface ModelRouteDeps {
  models: ModelService;
  /** Largest upload, bytes (config MODEL_MAX_BYTES). */
  modelMaxBytes: number;
}

/** Most files in one upload (a .gltf with its .bin and textures). */
export const MAX_UPLOAD_FILES = 200;

const Id = z.string().min(1).max(64);
const PlanParams = z.object({ id: Id });
const ModelParams = z.object({ id: Id, modelId: Id });
const FileParams = z.object({ id: Id, modelId: Id, fileName: z.string().min(1).max(255) });
const UploadFields = z
  .object({ name: textOfLength(PLAN_LIMITS.modelName.min, PLAN_LIMITS.modelName.max).optional() })
  .strict();

const docs = { id: 'plan id', modelId: 'model id', fileName: 'name of an uploaded file, as listed in `originalFiles`' };
const READ = [ErrorCode.validation, ErrorCode.notFound];
const CACHE = 'private, max-age=31536000, immutable';

export function modelRoutes(deps: ModelRouteDeps): RouteSpec[] {
  const { models } = deps;
  const send = (file: { path: string; contentType: string; fileName: string }, res: import('express').Response) =>
    new Promise<void>((resolve, reject) => {
      res.setHeader('Cache-Control', CACHE);
      res.setHeader('Content-Type', file.contentType);
      res.attachment(file.fileName);
      res.setHeader('Content-Disposition', (res.getHeader('Content-Disposition') as string).replace(/^attachment/, 'inline'));
      res.sendFile(file.path, { dotfiles: 'allow', headers: { 'Content-Type': file.contentType } }, (err) => (err ? reject(err) : resolve()));
    });

  return [
    defineRoute({
      method: 'post', path: '/plans/:id/models', operationId: 'uploadModel', tags: ['models'], auth: 'user',
      summary: 'Upload a model: a GLB, or a .gltf with its .bin and texture files',
      description:
        'multipart/form-data with one or more files in `files` and an optional `name`. The server sniffs the files, ' +
        'checks the model with gltf-validator, normalises it (glTF Y-up, base centre at the origin; RD New or ECEF ' +
        'offsets become `georef`), optimises it (dedup, weld, meshopt) and keeps the originals. Invited partners, the ' +
        "plan's planner and admins, while the plan is draft or published. A failed upload stores nothing.",
      params: PlanParams,
      paramDocs: docs,
      body: UploadFields,
      multipart: {
        fileField: 'files',
        fileDescription: `The model: one GLB, or one .gltf with the .bin and image files it names (at most ${MAX_UPLOAD_FILES} files, ${deps.modelMaxBytes} bytes together)`,
        parse: async (req, res, pre) => {
          await models.assertMayUpload(pre.viewer, pre.params.id); // refuse before reading any file
          return readMultipart(req, res, { tmpRoot: models.blobs.tmpDir, maxBytes: deps.modelMaxBytes, field: 'files', maxFiles: MAX_UPLOAD_FILES });
        },
      },
      responses: { 201: { description: 'Stored; `url` serves the optimised GLB', schema: ModelResponse } },
      problems: [ErrorCode.notFound, ErrorCode.forbidden, ErrorCode.phaseClosed, ErrorCode.modelNotGltf, ErrorCode.modelInvalid, ErrorCode.modelResourceMissing, ErrorCode.accountMuted, ErrorCode.contentBlocked, ErrorCode.personalDataDetected],
      handle: async ({ params, body, viewer, files }) => ({
        status: 201,
        body: { model: await models.upload(viewer, params.id, { files, name: body.name }) },
      }),
    }),
    defineRoute({
      method: 'get', path: '/plans/:id/models', operationId: 'listModels', tags: ['models'], auth: 'public',
      summary: 'The models of a plan, oldest first',
      params: PlanParams,
      paramDocs: docs,
      responses: { 200: { description: 'The models', schema: ModelsResponse } },
      problems: READ,
      handle: async ({ params, viewer }) => ({ status: 200, body: { models: await models.list(viewer, params.id) } }),
    }),
    defineRoute({
      method: 'get', path: '/plans/:id/models/:modelId', operationId: 'getModel', tags: ['models'], auth: 'public',
      summary: 'One model: stats, validator warnings, georeference, suggested scale',
      params: ModelParams,
      paramDocs: docs,
      responses: { 200: { description: 'The model', schema: ModelResponse } },
      problems: READ,
      handle: async ({ params, viewer }) => ({ status: 200, body: { model: await models.get(viewer, params.id, params.modelId) } }),
    }),
    defineRoute({
      method: 'get', path: '/plans/:id/models/:modelId/model.glb', operationId: 'getModelGlb', tags: ['models'], auth: 'public',
      summary: 'The optimised GLB (model/gltf-binary; EXT_meshopt_compression, Y-up, base centre at the origin)',
      params: ModelParams,
      paramDocs: docs,
      responses: { 200: { description: 'The GLB bytes (`model/gltf-binary`), cacheable (the file of a model id never changes)' } },
      problems: READ,
      handle: async ({ params, viewer, res }) => {
        await send(await models.file(viewer, params.id, params.modelId), res);
        return { status: 200 };
      },
    }),
    defineRoute({
      method: 'get', path: '/plans/:id/models/:modelId/original/:fileName', operationId: 'getModelOriginal', tags: ['models'], auth: 'public',
      summary: 'One of the files as uploaded',
      params: FileParams,
      paramDocs: docs,
      responses: { 200: { description: 'The file as uploaded' } },
      problems: READ,
      handle: async ({ params, viewer, res }) => {
        await send(await models.file(viewer, params.id, params.modelId, params.fileName), res);
        return { status: 200 };
      },
    }),
    defineRoute({
      method: 'delete', path: '/plans/:id/models/:modelId', operationId: 'deleteModel', tags: ['models'], auth: 'user',
      summary: "Delete a model (the uploader, the plan's planner, admins; while the plan is open); its placements go with it",
      params: ModelParams,
      paramDocs: docs,
      responses: { 204: { description: 'Deleted' } },
      problems: [ErrorCode.validation, ErrorCode.notFound, ErrorCode.forbidden, ErrorCode.phaseClosed],
      handle: async ({ params, viewer }) => {
        await models.remove(viewer, params.id, params.modelId);
        return { status: 204 };
      },
    }),
  ];
}
