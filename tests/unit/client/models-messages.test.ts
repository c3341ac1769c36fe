/**
 * What the models UI says (client/src/features/models/modelMessages.ts): error codes → messages in Dutch and
 * English, the file check before an upload, and problem+json bodies → ApiError for the XHR upload
 * (client/src/api/models.ts).
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../shared/index.js';
import { problemToApiError } from '../../../client/src/api/models.js';
import { en } from '../../../client/src/i18n/en.js';
import { nl } from '../../../client/src/i18n/nl.js';
import { gridFor } from '../../../client/src/features/models/inspectorGrid.js';
import {
  MODEL_ERROR_CODES,
  MODEL_WARNING_CODES,
  checkFiles,
  defaultModelName,
  modelErrorKey,
  warningKey,
} from '../../../client/src/features/models/modelMessages.js';

/** The string at a dotted key, or undefined. */
function lookup(messages: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), messages);
}

describe('modelErrorKey', () => {
  it('maps each upload error code to its own message and shows the server detail where it names the problem', () => {
    expect(modelErrorKey(ErrorCode.modelNotGltf)).toEqual({ key: 'models.errors.model_not_gltf', showDetail: true });
    expect(modelErrorKey(ErrorCode.modelInvalid)).toEqual({ key: 'models.errors.model_invalid', showDetail: true });
    expect(modelErrorKey(ErrorCode.modelResourceMissing)).toEqual({ key: 'models.errors.model_resource_missing', showDetail: true });
    expect(modelErrorKey(ErrorCode.payloadTooLarge)).toEqual({ key: 'models.errors.payload_too_large', showDetail: false });
    expect(modelErrorKey(ErrorCode.versionConflict)).toEqual({ key: 'models.errors.version_conflict', showDetail: false });
  });

  it('falls back to the app-wide message for other codes', () => {
    expect(modelErrorKey('internal_error')).toEqual({ key: 'errors.internal_error', showDetail: false });
    expect(modelErrorKey('phase_closed').key).toBe('errors.phase_closed');
  });

  it('has a Dutch and an English text for every models error code and warning code', () => {
    for (const code of MODEL_ERROR_CODES) {
      const { key } = modelErrorKey(code);
      const a = lookup(nl, key);
      const b = lookup(en, key);
      expect(typeof a === 'string' && a.length > 0, `nl ${key}`).toBe(true);
      expect(typeof b === 'string' && b.length > 0, `en ${key}`).toBe(true);
      expect(a, key).not.toBe(b);
    }
    for (const code of MODEL_WARNING_CODES) {
      const key = warningKey(code)!;
      expect(typeof lookup(nl, key), key).toBe('string');
      expect(typeof lookup(en, key), key).toBe('string');
    }
    expect(warningKey('something_new')).toBeNull();
  });

  it('uses codes the shared protocol defines (or the client’s own network_error)', () => {
    const shared = new Set<string>(Object.values(ErrorCode));
    for (const code of MODEL_ERROR_CODES) expect(shared.has(code) || code === 'network_error', code).toBe(true);
  });
});

describe('checkFiles', () => {
  const MB = 1e6;
  it('blocks nothing for a single .glb under the limit', () => {
    expect(checkFiles([{ name: 'huis.glb', size: 3 * MB }], 100 * MB)).toEqual([]);
  });

  it('accepts a .gltf with its .bin and textures', () => {
    const files = [{ name: 'a.gltf', size: 10 }, { name: 'a.bin', size: 10 }, { name: 'gevel%20oost.png', size: 10 }, { name: 'dak.JPG', size: 1 }];
    expect(checkFiles(files, 100 * MB)).toEqual([]);
  });

  it('hints at what the server will probably refuse', () => {
    expect(checkFiles([], 1)).toEqual([{ kind: 'no_files' }]);
    expect(checkFiles([{ name: 'plan.pdf', size: 1 }], 100)).toEqual([
      { kind: 'no_gltf' },
      { kind: 'unexpected_type', names: ['plan.pdf'] },
    ]);
    expect(checkFiles([{ name: 'a.glb', size: 1 }, { name: 'b.gltf', size: 1 }], 100)).toEqual([
      { kind: 'several_models', names: ['a.glb', 'b.gltf'] },
    ]);
    expect(checkFiles([{ name: 'a.glb', size: 1 }, { name: 'a.bin', size: 1 }], 100)).toEqual([
      { kind: 'glb_with_extras', names: ['a.bin'] },
    ]);
    expect(checkFiles([{ name: 'a.glb', size: 60 * MB }, { name: 't.png', size: 50 * MB }], 100 * MB)).toContainEqual({
      kind: 'too_large',
      bytes: 110 * MB,
      limit: 100 * MB,
    });
  });

  it('names the model after its main file, percent-decoded', () => {
    expect(defaultModelName([{ name: 'tex.png' }, { name: 'Gebouw%20A.gltf' }])).toBe('Gebouw A');
    expect(defaultModelName([{ name: 'toren.GLB' }])).toBe('toren');
    expect(defaultModelName([{ name: 'bad%zz.glb' }])).toBe('bad%zz');
    expect(defaultModelName([{ name: 'x.bin' }])).toBe('');
  });
});

describe('problemToApiError', () => {
  it('takes code, detail and field errors from a problem+json body', () => {
    const body = JSON.stringify({ type: 'about:blank', title: 'Bad model', status: 422, code: 'model_invalid', detail: 'ACCESSOR_TOTAL_OFFSET_ALIGNMENT at /accessors/0' });
    const e = problemToApiError(422, 'Unprocessable Entity', body);
    expect(e.code).toBe('model_invalid');
    expect(e.status).toBe(422);
    expect(e.message).toBe('ACCESSOR_TOTAL_OFFSET_ALIGNMENT at /accessors/0');
  });

  it('reads a 413 without a problem body (a proxy answering in HTML) as payload_too_large', () => {
    expect(problemToApiError(413, 'Payload Too Large', '<html>too big</html>').code).toBe('payload_too_large');
  });

  it('reads other bodies without a code as internal_error (5xx) or invalid_response', () => {
    expect(problemToApiError(502, 'Bad Gateway', '').code).toBe('internal_error');
    expect(problemToApiError(400, 'Bad Request', 'nope').code).toBe('invalid_response');
  });

  it('maps codes the client does not know to internal_error', () => {
    expect(problemToApiError(400, 'x', JSON.stringify({ code: 'made_up' })).code).toBe('internal_error');
  });
});

describe('gridFor', () => {
  it('picks 1-2-5 cells about a tenth of the model and a grid 1.5× its larger side', () => {
    expect(gridFor({ x: 20, y: 12 })).toEqual({ cell: 2, extent: 32, divisions: 16 });
    expect(gridFor({ x: 3, y: 47 })).toEqual({ cell: 5, extent: 80, divisions: 16 });
    expect(gridFor({ x: 0.8, y: 0.5 }).cell).toBe(0.1);
    const g = gridFor({ x: 120_000, y: 80_000 });
    expect(g.cell).toBe(20_000);
    expect(g.extent).toBeGreaterThanOrEqual(180_000);
  });
});
