/**
 * Uploaded file names and the external resources of a .gltf document: `buffers[].uri` and `images[].uri`
 * (glTF 2.0 §3.3.1 "URIs": relative paths are RFC 3986 URI-references, percent-encoded; data: URIs per RFC 2397).
 * A relative URI is decoded and matched against the names of the files uploaded with it, first by its full path and
 * then by its last segment (browsers send file names without folders): `my%20texture.png` ↔ `my texture.png`.
 */
import { ErrorCode } from '../../../shared/index.js';
import { DomainError } from '../domain/errors.js';
import type { GltfJson } from './sniff.js';

/** One uploaded file: its name as the client sent it, where it lies on disk, and its size. */
export interface UploadFile {
  /** The client's file name (a plain name, no folders). */
  name: string;
  /** Absolute path of the file's bytes on disk. */
  path: string;
  /** Size in bytes. */
  bytes: number;
}

/** Longest accepted file name in UTF-8 bytes (common file systems allow 255). */
const MAX_NAME_BYTES = 200;

/**
 * Checks that an uploaded file name can be stored as it is: a plain name (no `/`, `\`, control characters, not
 * `.`/`..`), at most 200 bytes of UTF-8.
 * @throws DomainError bad_upload naming the file
 */
export function checkFileName(name: string): void {
  const bad =
    name === '' || name === '.' || name === '..' || /[/\\\u0000-\u001f\u007f]/.test(name) ||
    Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES || name !== name.trim();
  if (bad) {
    throw new DomainError(ErrorCode.badUpload, `The file name ${JSON.stringify(name)} cannot be stored: use a plain file name without folders or control characters, at most ${MAX_NAME_BYTES} bytes.`);
  }
}

/** A resource the .gltf refers to, resolved to an uploaded file or to the bytes of a data: URI. */
export interface ResolvedResource {
  /** The URI exactly as written in the JSON. */
  uri: string;
  /** The uploaded file it names, or null for a data: URI. */
  file: UploadFile | null;
}

/** Every distinct external URI of a glTF document (buffers and images), in document order. */
export function externalUris(json: GltfJson): string[] {
  const uris: string[] = [];
  for (const list of [json.buffers, json.images]) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      if (item && typeof item === 'object' && typeof item.uri === 'string' && !uris.includes(item.uri)) uris.push(item.uri);
    }
  }
  return uris;
}

/**
 * Resolves a relative URI against the uploaded files.
 * @returns the file, or null for a data: URI
 * @throws DomainError model_invalid for absolute URIs (http:, file:, `/…`) and paths leaving the upload (`../`), or a
 *   malformed percent-encoding; model_resource_missing naming the URI when no uploaded file has that name
 */
export function resolveUri(uri: string, files: UploadFile[], from: string): UploadFile | null {
  if (/^data:/i.test(uri)) return null;
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('/') || uri.startsWith('\\')) {
    throw new DomainError(ErrorCode.modelInvalid, `${from} refers to ${JSON.stringify(uri)}, an absolute URI; only files uploaded with it (relative names) and data: URIs are accepted.`);
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(uri.split(/[?#]/)[0]!);
  } catch {
    throw new DomainError(ErrorCode.modelInvalid, `${from} refers to ${JSON.stringify(uri)}, which is not a valid percent-encoded URI (RFC 3986).`);
  }
  const segments = decoded.replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) {
    throw new DomainError(ErrorCode.modelInvalid, `${from} refers to ${JSON.stringify(uri)}, outside the uploaded files; "../" paths are refused.`);
  }
  const full = segments.join('/');
  const last = segments[segments.length - 1] ?? '';
  const file = files.find((f) => f.name === full) ?? files.find((f) => f.name === last);
  if (!file) {
    throw new DomainError(ErrorCode.modelResourceMissing, `${from} refers to ${JSON.stringify(uri)}${decoded !== uri ? ` ("${decoded}")` : ''}, which was not uploaded with it; upload the .gltf together with all its .bin and texture files.`);
  }
  return file;
}

/** Resolves every external URI of a .gltf document; see resolveUri for the errors. */
export function resolveResources(json: GltfJson, files: UploadFile[], from: string): ResolvedResource[] {
  return externalUris(json).map((uri) => ({ uri, file: resolveUri(uri, files, from) }));
}
