/**
 * Which message the models UI shows for what: API error codes → i18n keys under `models.errors` (falling back to
 * the app-wide `errors.<code>`), model warning codes → `models.warningCodes`, and the checks made on the chosen
 * files before an upload (hints only: the server decides). Pure functions, no DOM, no i18n instance.
 */

/** Error codes with a models-specific message (`models.errors.<code>` in nl.ts / en.ts). */
export const MODEL_ERROR_CODES = [
  'model_not_gltf',
  'model_invalid',
  'model_resource_missing',
  'payload_too_large',
  'bad_upload',
  'version_conflict',
  'forbidden',
  'not_found',
  'validation_failed',
  'network_error',
] as const;
export type ModelErrorCode = (typeof MODEL_ERROR_CODES)[number];

/** Codes whose server `detail` names the problem (what the file looks like, the missing URI, validator errors). */
const DETAILED = new Set<string>(['model_not_gltf', 'model_invalid', 'model_resource_missing', 'bad_upload', 'validation_failed']);

/**
 * An error code → the i18n key of its message and whether the server's own detail text should be shown under it.
 * Unknown codes map to `errors.<code>` (the app-wide messages; ErrorText falls back to `internal_error`).
 */
export function modelErrorKey(code: string): { key: string; showDetail: boolean } {
  const known = (MODEL_ERROR_CODES as readonly string[]).includes(code);
  return { key: known ? `models.errors.${code}` : `errors.${code}`, showDetail: DETAILED.has(code) };
}

/** Warning codes the server sends with a model that have their own text; others show the server's message. */
export const MODEL_WARNING_CODES = [
  'likely_millimetres',
  'likely_centimetres',
  'likely_inches',
  'georeferenced',
  'validator_warning',
  'up_axis_z',
  'animations_removed',
  'levelled',
] as const;

/** A warning code → `models.warningCodes.<code>`, or null when the server's message is to be shown as is. */
export function warningKey(code: string): string | null {
  return (MODEL_WARNING_CODES as readonly string[]).includes(code) ? `models.warningCodes.${code}` : null;
}

/** What the file check found. Only `no_files` blocks the upload; the others are shown as hints. */
export type FileHint =
  | { kind: 'no_files' }
  | { kind: 'no_gltf' }
  | { kind: 'several_models'; names: string[] }
  | { kind: 'glb_with_extras'; names: string[] }
  | { kind: 'unexpected_type'; names: string[] }
  | { kind: 'too_large'; bytes: number; limit: number };

const RESOURCE = /\.(bin|png|jpe?g|webp|ktx2|gif|bmp)$/i;
const MODEL = /\.(glb|gltf)$/i;

/**
 * Checks chosen files (name and size in bytes) before uploading: one .glb, or one .gltf with its .bin and
 * textures; total size against `limitBytes` (a hint; the server's MODEL_MAX_BYTES decides).
 */
export function checkFiles(files: readonly { name: string; size: number }[], limitBytes: number): FileHint[] {
  if (files.length === 0) return [{ kind: 'no_files' }];
  const hints: FileHint[] = [];
  const models = files.filter((f) => MODEL.test(f.name));
  const others = files.filter((f) => !MODEL.test(f.name));
  if (models.length === 0) hints.push({ kind: 'no_gltf' });
  if (models.length > 1) hints.push({ kind: 'several_models', names: models.map((f) => f.name) });
  if (models.length === 1 && /\.glb$/i.test(models[0]!.name) && others.length > 0) {
    hints.push({ kind: 'glb_with_extras', names: others.map((f) => f.name) });
  }
  const odd = others.filter((f) => !RESOURCE.test(f.name));
  if (odd.length > 0) hints.push({ kind: 'unexpected_type', names: odd.map((f) => f.name) });
  const bytes = files.reduce((s, f) => s + f.size, 0);
  if (bytes > limitBytes) hints.push({ kind: 'too_large', bytes, limit: limitBytes });
  return hints;
}

/** A name for the model from its files: the .glb/.gltf file name without extension (percent-decoded), else ''. */
export function defaultModelName(files: readonly { name: string }[]): string {
  const main = files.find((f) => MODEL.test(f.name));
  if (!main) return '';
  const base = main.name.replace(MODEL, '');
  try {
    return decodeURIComponent(base);
  } catch {
    return base;
  }
}

/** Bytes → megabytes (10^6, as file managers show them) for display. */
export function megabytes(bytes: number): number {
  return bytes / 1e6;
}
