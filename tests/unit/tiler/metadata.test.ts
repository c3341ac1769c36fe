import { describe, expect, it } from 'vitest';
import validator from 'gltf-validator';
import { inferSchema, propertyId } from '../../../server/src/tiler/metadata.js';
import { tileGlb } from '../../../server/src/tiler/gltf.js';
import { MeshBuilder } from '../../../server/src/tiler/mesh.js';
import { parseGlb, readPropertyTable } from './helpers.js';

function feature(id: string, attributes: Record<string, unknown>, x = 0) {
  const b = new MeshBuilder();
  const c = new Float64Array([x, 0, 0, x + 1, 0, 0, x + 1, 1, 0]);
  b.addPolygon(c, [0, 1, 2], [0, 1, 2], [0, 0, 1], [200, 200, 200, 255]);
  return b.finish(id, 'Building', attributes);
}

describe('feature properties (EXT_structural_metadata)', () => {
  it('sanitises attribute keys into unique property ids', () => {
    const taken = new Set(['id']);
    expect(['id', 'hoogte (m)', '3d', '', 'id', 'hoogte_m_'].map((k) => propertyId(k, taken))).toEqual(['id_2', 'hoogte__m_', '_3d', '_', 'id_3', 'hoogte_m_']);
  });

  it('types columns by their values and marks missing ones with noData', () => {
    const defs = inferSchema([{ attributes: { a: 1, b: 1.5, c: true, d: 'x', e: null, f: [1] } }, { attributes: { a: 2, b: 2, c: false, d: 3 } }]);
    const kind = Object.fromEntries(defs.map((d) => [d.name, [d.kind, d.hasMissing]]));
    expect(kind).toEqual({
      'CityJSON id': ['STRING', false],
      a: ['INT32', false],
      b: ['FLOAT64', false],
      c: ['BOOLEAN', false],
      d: ['STRING', false], // mixed string and number
      e: ['STRING', true], // never a value
      f: ['STRING', true], // an array, as JSON text
    });
  });

  it('writes a valid GLB even when a column holds only empty strings', async () => {
    const features = [feature('a', { empty: null, n: 1 }), feature('b', { empty: null }, 2)];
    const { glb } = await tileGlb(features, [0, 0, 0], inferSchema(features));
    const report = await validator.validateBytes(glb);
    expect(report.issues.numErrors, JSON.stringify(report.issues.messages)).toBe(0);
    const { json, bin } = parseGlb(glb);
    const table = readPropertyTable(json, bin);
    expect(table.columns).toEqual({ id: ['a', 'b'], empty: [null, null], n: [1, null] });
    expect(glb.length % 8).toBe(0);
  });
});
