/**
 * Sketches as number fields (client/src/features/threads/sketchFields.ts): parsing one coordinate or height field
 * (decimal point or comma, ranges, garbage) and building GeoJSON geometry from fields and back.
 */
import { describe, expect, it } from 'vitest';
import {
  buildGeometry,
  fieldsFromSketch,
  fieldsFromVertices,
  geometryVertices,
  parseCoord,
  parseHeight,
} from '../../../client/src/features/threads/sketchFields.js';
import { SketchGeometry } from '../../../shared/index.js';

describe('parseCoord', () => {
  it('reads a decimal point and a Dutch decimal comma, with spaces around', () => {
    expect(parseCoord('4.4712', 'lon')).toEqual({ ok: true, value: 4.4712 });
    expect(parseCoord(' 51,9225 ', 'lat')).toEqual({ ok: true, value: 51.9225 });
    expect(parseCoord('-0.5', 'lon')).toEqual({ ok: true, value: -0.5 });
  });

  it('refuses empty fields, words, two separators and non-finite numbers', () => {
    expect(parseCoord('', 'lon')).toEqual({ ok: false, error: 'empty' });
    expect(parseCoord('   ', 'lat')).toEqual({ ok: false, error: 'empty' });
    expect(parseCoord('abc', 'lon')).toEqual({ ok: false, error: 'not_a_number' });
    expect(parseCoord('4,471,2', 'lon')).toEqual({ ok: false, error: 'not_a_number' });
    expect(parseCoord('4.4.7', 'lon')).toEqual({ ok: false, error: 'not_a_number' });
    expect(parseCoord('Infinity', 'lon')).toEqual({ ok: false, error: 'not_a_number' });
    expect(parseCoord('NaN', 'lat')).toEqual({ ok: false, error: 'not_a_number' });
    expect(parseCoord('1e999', 'lon')).toEqual({ ok: false, error: 'out_of_range' });
  });

  it('keeps longitude within ±180 and latitude within ±90', () => {
    expect(parseCoord('180', 'lon').ok).toBe(true);
    expect(parseCoord('180.0001', 'lon')).toEqual({ ok: false, error: 'out_of_range' });
    expect(parseCoord('90', 'lat').ok).toBe(true);
    expect(parseCoord('-90,5', 'lat')).toEqual({ ok: false, error: 'out_of_range' });
    expect(parseCoord('120', 'lat')).toEqual({ ok: false, error: 'out_of_range' });
  });
});

describe('parseHeight', () => {
  it('accepts 0..300 metres and refuses the rest', () => {
    expect(parseHeight('0')).toEqual({ ok: true, value: 0 });
    expect(parseHeight('12,5')).toEqual({ ok: true, value: 12.5 });
    expect(parseHeight('300')).toEqual({ ok: true, value: 300 });
    expect(parseHeight('300.01')).toEqual({ ok: false, error: 'out_of_range' });
    expect(parseHeight('-1')).toEqual({ ok: false, error: 'out_of_range' });
    expect(parseHeight('hoog')).toEqual({ ok: false, error: 'not_a_number' });
  });
});

describe('buildGeometry', () => {
  it('builds a Point, a LineString and a closed Polygon that the shared schema accepts', () => {
    const point = buildGeometry({ kind: 'point', vertices: [{ lon: '4,47', lat: '51,92' }], height: '' });
    expect(point).toEqual({ ok: true, geometry: { type: 'Point', coordinates: [4.47, 51.92] }, height: 0 });

    const line = buildGeometry({ kind: 'line', vertices: [{ lon: '4.47', lat: '51.92' }, { lon: '4.48', lat: '51.93' }], height: '7' });
    expect(line).toEqual({ ok: true, geometry: { type: 'LineString', coordinates: [[4.47, 51.92], [4.48, 51.93]] }, height: 0 });

    const poly = buildGeometry({
      kind: 'polygon',
      vertices: [{ lon: '4.47', lat: '51.92' }, { lon: '4.48', lat: '51.92' }, { lon: '4.48', lat: '51.93' }],
      height: '25',
    });
    expect(poly).toEqual({
      ok: true,
      geometry: { type: 'Polygon', coordinates: [[[4.47, 51.92], [4.48, 51.92], [4.48, 51.93], [4.47, 51.92]]] },
      height: 25,
    });
    for (const b of [point, line, poly]) if (b.ok) expect(SketchGeometry.safeParse(b.geometry).success).toBe(true);
  });

  it('does not close a ring twice', () => {
    const b = buildGeometry({
      kind: 'polygon',
      vertices: [{ lon: '1', lat: '1' }, { lon: '2', lat: '1' }, { lon: '2', lat: '2' }, { lon: '1', lat: '1' }],
      height: '0',
    });
    expect(b.ok && b.geometry.type === 'Polygon' && b.geometry.coordinates[0]!.length).toBe(4);
  });

  it('names every bad field: vertex index and axis, height, too few vertices', () => {
    const b = buildGeometry({ kind: 'polygon', vertices: [{ lon: 'x', lat: '51' }, { lon: '4', lat: '91' }], height: '999' });
    expect(b.ok).toBe(false);
    if (b.ok) return;
    expect(b.errors).toEqual([
      { index: 0, field: 'lon', code: 'not_a_number' },
      { index: 1, field: 'lat', code: 'out_of_range' },
      { index: null, field: 'vertices', code: 'too_few_vertices' },
      { index: null, field: 'height', code: 'out_of_range' },
    ]);
    expect(buildGeometry({ kind: 'line', vertices: [{ lon: '1', lat: '1' }], height: '0' })).toEqual({
      ok: false,
      errors: [{ index: null, field: 'vertices', code: 'too_few_vertices' }],
    });
    expect(buildGeometry({ kind: 'point', vertices: [], height: '0' })).toEqual({
      ok: false,
      errors: [{ index: null, field: 'vertices', code: 'too_few_vertices' }],
    });
  });
});

describe('fields ↔ sketches', () => {
  it('shows a stored polygon without its closing vertex and rebuilds the same geometry', () => {
    const geometry = { type: 'Polygon' as const, coordinates: [[[4.1, 52.1], [4.2, 52.1], [4.2, 52.2], [4.1, 52.1]]] };
    const f = fieldsFromSketch({ geometry, height: 12.5 });
    expect(f).toEqual({
      kind: 'polygon',
      vertices: [{ lon: '4.1', lat: '52.1' }, { lon: '4.2', lat: '52.1' }, { lon: '4.2', lat: '52.2' }],
      height: '12.5',
    });
    expect(buildGeometry(f)).toEqual({ ok: true, geometry, height: 12.5 });
    expect(geometryVertices(geometry)).toEqual([[4.1, 52.1], [4.2, 52.1], [4.2, 52.2]]);
  });

  it('drops 3D heights of coordinates and rounds drawn vertices to 8 decimals', () => {
    expect(geometryVertices({ type: 'LineString', coordinates: [[1, 2, 3], [4, 5, 6]] })).toEqual([[1, 2], [4, 5]]);
    expect(fieldsFromVertices('point', [[4.123456789123, 51.5]]).vertices).toEqual([{ lon: '4.12345679', lat: '51.5' }]);
  });
});
