/**
 * The Khronos glTF-Validator (npm `gltf-validator`, https://github.com/KhronosGroup/glTF-Validator) on an upload:
 * errors refuse the model, warnings travel with it as ModelWarnings.
 */
import fs from 'node:fs/promises';
import validator from 'gltf-validator';
import { ErrorCode, type ModelWarning } from '../../../shared/index.js';
import { DomainError } from '../domain/errors.js';
import { resolveUri, type UploadFile } from './resources.js';

/** Most validator warnings kept with a model (the rest are counted in one last warning). */
const MAX_WARNINGS = 20;
/** Validator errors quoted in the model_invalid message. */
const QUOTED_ERRORS = 5;

/** Issue codes that are not the partner's problem: extensions the validator does not know are fine for us. */
const IGNORED = ['UNSUPPORTED_EXTENSION', 'UNUSED_OBJECT'];

/**
 * Validates a GLB or .gltf. External resources are read from the uploaded files (resolveUri).
 * @param bytes the main file; @param name its file name (shown in messages); @param files all uploaded files
 * @returns the validator's warnings as `{code: 'validator_warning', message}`
 * @throws DomainError model_invalid with the first 5 error messages and their JSON pointers;
 *   model_resource_missing / model_invalid from resolveUri
 */
export async function validateGltf(bytes: Uint8Array, name: string, files: UploadFile[]): Promise<ModelWarning[]> {
  const report = await validator.validateBytes(bytes, {
    uri: name,
    maxIssues: 200,
    ignoredIssues: IGNORED,
    externalResourceFunction: async (uri: string) => {
      const file = resolveUri(uri, files, name);
      if (!file) throw new Error(`data: URIs are read by the validator itself (${uri.slice(0, 30)})`);
      return new Uint8Array(await fs.readFile(file.path));
    },
  });
  const messages = report.issues.messages;
  const errors = messages.filter((m) => m.severity === 0);
  if (errors.length > 0) {
    const quoted = errors.slice(0, QUOTED_ERRORS).map((m) => `${m.code}${m.pointer ? ` at ${m.pointer}` : ''}: ${m.message}`);
    const more = report.issues.numErrors > QUOTED_ERRORS ? ` (and ${report.issues.numErrors - QUOTED_ERRORS} more)` : '';
    throw new DomainError(
      ErrorCode.modelInvalid,
      `${name} is not a valid glTF 2.0 model: gltf-validator reports ${report.issues.numErrors} error(s)${more}: ${quoted.join('; ')}`,
      errors.slice(0, QUOTED_ERRORS).map((m) => ({ path: m.pointer ?? '', message: `${m.code}: ${m.message}` })),
    );
  }
  const warnings = messages.filter((m) => m.severity === 1);
  const out: ModelWarning[] = warnings.slice(0, MAX_WARNINGS).map((m) => ({
    code: 'validator_warning',
    message: `${m.code}${m.pointer ? ` at ${m.pointer}` : ''}: ${m.message}`,
  }));
  if (report.issues.numWarnings > MAX_WARNINGS) {
    out.push({ code: 'validator_warning', message: `and ${report.issues.numWarnings - MAX_WARNINGS} more validator warnings` });
  }
  return out;
}
