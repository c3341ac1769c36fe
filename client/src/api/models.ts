/**
 * The REST API of partner models (issue 4): list a plan's models and upload one (multipart, with progress).
 * Placements are in plans.ts. Errors follow http.ts: `application/problem+json` (RFC 9457) → ApiError with the
 * problem's `code`; for uploads `model_not_gltf`, `model_invalid`, `model_resource_missing`, `payload_too_large`,
 * `bad_upload`, `forbidden`, `not_found`, `validation_failed`.
 */
import { ErrorCode, ModelResponse, ModelsResponse, type Model } from '../../../shared/index.js';
import { ApiError, ClientErrorCode, fieldErrorsOf, noticeSessionEnd } from './errors.js';
import { API_BASE, request } from './http.js';

const enc = encodeURIComponent;

/**
 * A hint only: uploads above this many bytes (all files together) are probably refused by the server
 * (its MODEL_MAX_BYTES defaults to 100 MB). The server decides; the client just warns first.
 */
export const MODEL_UPLOAD_HINT_BYTES = 100 * 1024 * 1024;

/** GET /plans/:id/models → the plan's uploaded models (oldest first, as the server lists them). */
export async function listModels(planId: string): Promise<Model[]> {
  return (await request('GET', `/plans/${enc(planId)}/models`, ModelsResponse)).models;
}

/**
 * DELETE /plans/:id/models/:modelId: the uploader (while they may upload), the plan's planner and admins, while the
 * plan is open; its placements go with it. Errors: ApiError `forbidden`, `not_found`, `phase_closed`.
 */
export async function deleteModel(planId: string, modelId: string): Promise<void> {
  await request('DELETE', `/plans/${enc(planId)}/models/${enc(modelId)}`, null);
}

/** Upload progress: bytes sent of the request body so far and its total (total 0 when unknown). */
export interface UploadProgress {
  loaded: number;
  total: number;
}

/** A running upload: `done` resolves with the stored model; `abort()` cancels (done rejects with `aborted`). */
export interface Upload {
  done: Promise<Model>;
  abort(): void;
}

/**
 * A problem+json body (or anything else) with its HTTP status → ApiError, the way http.ts `request` does it.
 * Unparseable bodies give `internal_error` for 5xx, `payload_too_large` for 413 (a proxy may answer in HTML),
 * otherwise `invalid_response`.
 */
export function problemToApiError(status: number, statusText: string, text: string): ApiError {
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  const p = (json ?? {}) as { code?: unknown; detail?: unknown; title?: unknown };
  const fallback = status === 413 ? ErrorCode.payloadTooLarge : status >= 500 ? ErrorCode.internal : ClientErrorCode.invalidResponse;
  const code = typeof p.code === 'string' ? p.code : fallback;
  const message = typeof p.detail === 'string' ? p.detail : typeof p.title === 'string' ? p.title : statusText;
  return noticeSessionEnd(new ApiError(code, message, status, fieldErrorsOf(json)));
}

/**
 * POST /plans/:id/models (multipart/form-data): field `files` once per file (a .glb, or a .gltf with its .bin
 * and textures; names are sent as they are, the server decodes percent-encoding), and `name` when given.
 * Uses XMLHttpRequest because fetch() cannot report upload progress; `onProgress` fires as the body is sent
 * (after the last byte the server still checks and optimises the model, which may take a while).
 * Resolves the stored Model (ModelResponse). Errors: ApiError as above, `network_error` when the connection
 * fails, `invalid_response` when a 2xx body does not match the schema.
 */
export function uploadModel(
  planId: string,
  files: readonly File[],
  name: string | null,
  onProgress?: (p: UploadProgress) => void,
): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Model>((resolve, reject) => {
    const form = new FormData();
    if (name !== null && name.trim() !== '') form.append('name', name.trim());
    for (const f of files) form.append('files', f, f.name);
    xhr.open('POST', `${API_BASE}/plans/${enc(planId)}/models`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : 0 });
    xhr.onerror = () => reject(new ApiError(ClientErrorCode.network, 'upload failed: no connection'));
    xhr.onabort = () => reject(new ApiError(ClientErrorCode.network, 'aborted'));
    xhr.onload = () => {
      const text = typeof xhr.responseText === 'string' ? xhr.responseText : '';
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(problemToApiError(xhr.status, xhr.statusText, text));
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const parsed = ModelResponse.safeParse(json);
      if (!parsed.success) {
        reject(new ApiError(ClientErrorCode.invalidResponse, `POST models: ${parsed.error.message}`, xhr.status));
        return;
      }
      resolve(parsed.data.model);
    };
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
