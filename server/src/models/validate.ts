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
 * The URI the validator is told the root document has. The validator parses `options.uri` as an RFC 3986
 * URI-reference, so a file name such as `Ontwerp v2: toren.glb` (`:` before any `/` reads as a scheme) or one with
 * `%`, `#`, `?` or `<` makes it throw. Resources are resolved by us (externalResourceFunction receives the URI as
 * written in the JSON, not resolved against this one), so a fixed, always valid name is enough.
 */
export function validatorUri(bytes: Uint8Array): string {
  const glb = bytes.length >= 4 && bytes[0] === 0x67 && bytes[1] === 0x6c && bytes[2] === 0x54 && bytes[3] === 0x46; // "glTF"
  return glb ? 'model.glb' : 'model.gltf';
}

/**
 * Validates a GLB or .gltf. External resources are read from the uploaded files (resolveUri).
 * An exception from the validator itself (not a report of issues in the file) is our problem, not the partner's:
 * the upload goes on without validation (glTF-Transform still reads the file strictly afterwards), with a
 * `validator_warning` saying so, and the exception is passed to `onCrash` for the server log.
 * @param bytes the main file; @param name its file name (shown in messages only, never parsed as a URI);
 *   @param files all uploaded files; @param onCrash receives a validator exception (default: console.warn)
 * @returns the validator's warnings as `{code: 'validator_warning', message}`
 * @throws DomainError model_invalid with the first 5 error messages and their JSON pointers;
 *   model_resource_missing / model_invalid from resolveUri
 */
export async function validateGltf(
  bytes: Uint8Array,
  name: string,
  files: UploadFile[],
  onCrash: (err: unknown) => void = (err) => console.warn(`gltf-validator failed on ${JSON.stringify(name)}:`, err),
): Promise<ModelWarning[]> {
  let report: Awaited<ReturnType<typeof validator.validateBytes>>;
  try {
    report = await validator.validateBytes(bytes, {
      uri: validatorUri(bytes),
      maxIssues: 200,
      ignoredIssues: IGNORED,
      externalResourceFunction: async (uri: string) => {
        const file = resolveUri(uri, files, name);
        if (!file) throw new Error(`data: URIs are read by the validator itself (${uri.slice(0, 30)})`);
        return new Uint8Array(await fs.readFile(file.path));
      },
    });
  } catch (err) {
    if (err instanceof DomainError) throw err;
    onCrash(err);
    return [{ code: 'validator_warning', message: `The glTF validator could not check ${name} (${String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 200)}); the model was read without it.` }];
  }
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
