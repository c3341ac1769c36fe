/**
 * Applying live `sketch:changed` events to the open thread's sketches (client/src/features/threads/useThread.ts
 * applySketchChange) and turning stored sketches into what the viewer draws (sketchSpec).
 */
import { describe, expect, it } from 'vitest';
import { applySketchChange, sketchSpec } from '../../../client/src/features/threads/useThread.js';
import type { Sketch } from '../../../shared/index.js';

const who = { id: 'u1', displayName: 'Anna' };
function sketch(id: string, version: number, height = 0): Sketch {
  return {
    id,
    threadId: 't1',
    geometry: { type: 'Polygon', coordinates: [[[4, 52], [4.1, 52], [4.1, 52.1], [4, 52]]] },
    height,
    label: null,
    version,
    createdBy: who,
    updatedBy: who,
    updatedAt: '2026-11-30T00:00:00.000Z',
  };
}

describe('applySketchChange', () => {
  it('adds new sketches, replaces with newer versions and removes deleted ones', () => {
    let list = [sketch('a', 1)];
    list = applySketchChange(list, { threadId: 't1', sketch: sketch('b', 1) });
    expect(list.map((s) => s.id)).toEqual(['a', 'b']);
    list = applySketchChange(list, { threadId: 't1', sketch: sketch('a', 2, 30) });
    expect(list.find((s) => s.id === 'a')).toMatchObject({ version: 2, height: 30 });
    list = applySketchChange(list, { threadId: 't1', sketchId: 'b', deleted: true, version: 2 });
    expect(list.map((s) => s.id)).toEqual(['a']);
  });

  it('ignores an older version arriving late', () => {
    const list = [sketch('a', 3, 12)];
    expect(applySketchChange(list, { threadId: 't1', sketch: sketch('a', 2, 99) })).toBe(list);
  });
});

describe('sketchSpec', () => {
  it('gives the viewer the kind, the ring without its closing vertex, the height and the selection', () => {
    expect(sketchSpec(sketch('a', 1, 15), true)).toEqual({
      id: 'a',
      kind: 'polygon',
      coordinates: [[4, 52], [4.1, 52], [4.1, 52.1]],
      height: 15,
      selected: true,
    });
  });
});
