/** Plan areas from uploaded GeoJSON files and drawn rings (features/plans/areaFile.ts). */
import { describe, expect, it } from 'vitest';
import { areaFromRing, outerRing, parseAreaFile } from '../../../client/src/features/plans/areaFile.js';

const ring = [
  [4.89, 52.37],
  [4.9, 52.37],
  [4.9, 52.38],
  [4.89, 52.38],
  [4.89, 52.37],
];
const polygon = { type: 'Polygon', coordinates: [ring] };

describe('parseAreaFile', () => {
  it('accepts a Polygon, a Feature and a FeatureCollection with one polygon', () => {
    for (const doc of [
      polygon,
      { type: 'Feature', properties: {}, geometry: polygon },
      { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { naam: 'x' }, geometry: polygon }] },
      { type: 'MultiPolygon', coordinates: [[ring]] },
    ]) {
      const r = parseAreaFile(JSON.stringify(doc));
      expect(r).toEqual({ ok: true, area: { type: 'Polygon', coordinates: [ring] } });
    }
  });

  it('closes an open ring, drops heights and accepts a byte order mark', () => {
    const open = ring.slice(0, 4).map(([x, y]) => [x, y, 3.5]);
    const r = parseAreaFile('\uFEFF' + JSON.stringify({ type: 'Polygon', coordinates: [open] }));
    expect(r).toEqual({ ok: true, area: { type: 'Polygon', coordinates: [ring] } });
  });

  it('says why a file is not an area', () => {
    expect(parseAreaFile('<kml/>')).toMatchObject({ ok: false, problem: 'not_json' });
    expect(parseAreaFile(JSON.stringify({ type: 'Point', coordinates: [4.9, 52.37] }))).toMatchObject({ ok: false, problem: 'no_polygon' });
    expect(parseAreaFile(JSON.stringify({ type: 'FeatureCollection', features: [] }))).toMatchObject({ ok: false, problem: 'no_polygon' });
    expect(
      parseAreaFile(JSON.stringify({ type: 'FeatureCollection', features: [1, 2].map(() => ({ type: 'Feature', geometry: polygon })) })),
    ).toMatchObject({ ok: false, problem: 'many_polygons', detail: '2' });
    expect(parseAreaFile(JSON.stringify({ type: 'Polygon', coordinates: [[[121000, 487000], [121100, 487000], [121100, 487100], [121000, 487000]]] }))).toMatchObject({
      ok: false,
      problem: 'not_wgs84',
    });
    expect(parseAreaFile(JSON.stringify({ type: 'Polygon', coordinates: [[[4.9, 52.3], [4.91, 52.3]]] }))).toMatchObject({ ok: false, problem: 'bad_coordinates' });
    expect(parseAreaFile(JSON.stringify({ type: 'Polygon', coordinates: [[[4.9, 'x'], [4.91, 52.3], [4.9, 52.31]]] }))).toMatchObject({ ok: false, problem: 'bad_coordinates' });
    expect(parseAreaFile('null')).toMatchObject({ ok: false, problem: 'no_polygon' });
  });
});

describe('areaFromRing', () => {
  it('closes a drawn ring', () => {
    const drawn = ring.slice(0, 4) as [number, number][];
    const r = areaFromRing(drawn);
    expect(r.ok && outerRing(r.area)).toEqual(ring);
    expect(areaFromRing(drawn.slice(0, 2))).toMatchObject({ ok: false, problem: 'bad_coordinates' });
  });
});
