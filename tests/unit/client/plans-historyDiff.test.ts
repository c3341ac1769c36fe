/** History entries for people (features/plans/historyDiff.ts): names, changed fields, before → after values. */
import { describe, expect, it } from 'vitest';
import { differingWindows, shortText, shownValue, summariseChange, MAX_TEXT } from '../../../client/src/features/plans/historyDiff.js';

const change = (over: Partial<Parameters<typeof summariseChange>[0]>) => ({
  entity: 'scenario',
  entityId: 's1',
  action: 'updated',
  before: null,
  after: null,
  ...over,
});

describe('summariseChange: the name', () => {
  it('takes the name after the change, then before, then the page\'s current name', () => {
    expect(summariseChange(change({ before: { name: 'Oud' }, after: { name: 'Nieuw' } }), 'nl').name).toBe('Nieuw');
    expect(summariseChange(change({ action: 'deleted', before: { name: 'Hoogbouw' } }), 'nl').name).toBe('Hoogbouw');
    // An update that only changed the replaced buildings carries no name: the scenario's current one is used.
    const names = (entity: string, id: string) => (entity === 'scenario' && id === 's1' ? 'Laagbouw' : null);
    expect(summariseChange(change({ before: { replaced: [] }, after: { replaced: [] } }), 'nl', names).name).toBe('Laagbouw');
    expect(summariseChange(change({ entity: 'plan', before: { title: 'A' }, after: { title: 'B' } }), 'nl').name).toBe('B');
    expect(summariseChange(change({ entity: 'partner', action: 'invited', after: { userId: 'u', displayName: 'De Maas' } }), 'nl').name).toBe('De Maas');
    expect(summariseChange(change({ entity: 'partner', action: 'removed', before: { userId: 'u' } }), 'nl').name).toBeNull();
  });
});

describe('summariseChange: the fields', () => {
  it('lists only what changed, before → after, for updates', () => {
    const s = summariseChange(change({ before: { name: 'Oud', replaceArea: false }, after: { name: 'Nieuw', replaceArea: true } }), 'nl');
    expect(s.fields).toEqual([
      { field: 'name', before: { kind: 'text', text: 'Oud' }, after: { kind: 'text', text: 'Nieuw' } },
      { field: 'replaceArea', before: { kind: 'bool', value: false }, after: { kind: 'bool', value: true } },
    ]);
  });

  it('lists no fields for created, deleted, invited and removed', () => {
    expect(summariseChange(change({ action: 'created', after: { name: 'A', description: 'x' } }), 'nl').fields).toEqual([]);
    expect(summariseChange(change({ action: 'deleted', before: { name: 'A' } }), 'nl').fields).toEqual([]);
  });

  it('shows a replaced-buildings list as counts plus the ids added and removed', () => {
    const b = (featureId: string) => ({ tilesetId: 'demo', featureId });
    const s = summariseChange(change({ before: { replaced: [b('1'), b('2')] }, after: { replaced: [b('2'), b('3'), b('4')] } }), 'nl');
    expect(s.fields).toEqual([
      {
        field: 'replaced',
        before: { kind: 'buildings', count: 2 },
        after: { kind: 'buildings', count: 3 },
        added: ['3', '4'],
        removed: ['1'],
        moreAdded: 0,
        moreRemoved: 0,
      },
    ]);
  });

  it('lists at most five ids each way and counts the rest', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ tilesetId: 't', featureId: `b${i}` }));
    const f = summariseChange(change({ before: { replaced: [] }, after: { replaced: many } }), 'en').fields[0]!;
    expect(f.added).toEqual(['b0', 'b1', 'b2', 'b3', 'b4']);
    expect(f.moreAdded).toBe(3);
    expect(f.removed).toEqual([]);
  });

  it('flattens a placement position into lon, lat and height, with the field decimals in the UI language', () => {
    const s = summariseChange(
      change({
        entity: 'placement',
        before: { position: { lon: 4.45781234, lat: 51.9, height: 0 }, heading: 0 },
        after: { position: { lon: 4.4579, lat: 51.9, height: 1.5 }, heading: 180 },
      }),
      'nl',
    );
    expect(s.fields).toEqual([
      { field: 'lon', before: { kind: 'text', text: '4,4578123' }, after: { kind: 'text', text: '4,4579' } },
      { field: 'height', before: { kind: 'text', text: '0' }, after: { kind: 'text', text: '1,5' } },
      { field: 'heading', before: { kind: 'text', text: '0' }, after: { kind: 'text', text: '180' } },
    ]);
    expect(summariseChange(change({ entity: 'placement', before: { scale: 1 }, after: { scale: 0.001 } }), 'en').fields[0]).toMatchObject({
      after: { kind: 'text', text: '0.001' },
    });
  });

  it('shows a status change with the status codes (put into words by the component)', () => {
    const s = summariseChange(change({ entity: 'plan', action: 'status_changed', before: { status: 'draft' }, after: { status: 'published' } }), 'nl');
    expect(s.fields).toEqual([{ field: 'status', before: { kind: 'status', status: 'draft' }, after: { kind: 'status', status: 'published' } }]);
  });

  it('shows phases with their times in Europe/Amsterdam', () => {
    const phase = (name: string, startsAt: string, endsAt: string) => ({ name, startsAt, endsAt, allows: ['comment'] });
    const s = summariseChange(
      change({
        entity: 'plan',
        before: { phases: [phase('Inspraak', '2026-01-15T08:00:00.000Z', '2026-02-01T08:00:00.000Z')] },
        after: { phases: [phase('Inspraak', '2026-07-01T07:30:00.000Z', '2026-07-02T07:30:00.000Z')] },
      }),
      'en',
    );
    const after = s.fields[0]!.after;
    expect(after.kind).toBe('text');
    // 07:30 UTC in summer is 09:30 in Amsterdam; 08:00 UTC in winter is 09:00.
    expect(after.kind === 'text' && after.text).toMatch(/^Inspraak \(1 Jul 2026, 09:30 – 2 Jul 2026, 09:30\)$/);
    const before = s.fields[0]!.before;
    expect(before.kind === 'text' && before.text).toMatch(/15 Jan 2026, 09:00/);
  });

  it('shows the area as a vertex count and the home view by where the camera stands', () => {
    const square = { type: 'Polygon', coordinates: [[[5, 52], [5.1, 52], [5.1, 52.1], [5, 52.1], [5, 52]]] };
    const tri = { type: 'Polygon', coordinates: [[[5, 52], [5.1, 52], [5.1, 52.1], [5, 52]]] };
    const view = { position: { lon: 4.4578123, lat: 51.9123456, height: 350.4 }, heading: 0, pitch: -45, roll: 0 };
    const s = summariseChange(change({ entity: 'plan', before: { area: square, homeView: null }, after: { area: tri, homeView: view } }), 'nl');
    expect(s.fields).toEqual([
      { field: 'area', before: { kind: 'vertices', count: 4 }, after: { kind: 'vertices', count: 3 } },
      { field: 'homeView', before: { kind: 'empty' }, after: { kind: 'view', lon: '4,45781', lat: '51,91235', height: '350' } },
    ]);
  });

  it('shortens long texts, and shows two long texts that differ late around where they differ', () => {
    const long = 'Een lange samenvatting over het plan. '.repeat(10);
    const s = summariseChange(change({ entity: 'plan', before: { summary: long }, after: { summary: long + 'Nog een zin.' } }), 'nl');
    const f = s.fields[0]!;
    expect(f.before.kind === 'text' && f.before.text.startsWith('…')).toBe(true);
    expect(f.after.kind === 'text' && f.after.text).toMatch(/Nog een zin\.$/);
    // A short change near the start is shown from the start.
    const g = summariseChange(change({ before: { description: 'kort' }, after: { description: 'korter\n\nen meer' } }), 'nl').fields[0]!;
    expect(g.after).toEqual({ kind: 'text', text: 'korter en meer' });
    expect(g.before).toEqual({ kind: 'text', text: 'kort' });
  });

  it('hides ids and internal details and skips fields that did not change', () => {
    const s = summariseChange(change({ entity: 'placement', before: { scenarioId: 'a', modelId: 'm', scale: 2 }, after: { scenarioId: 'b', modelId: 'm', scale: 2 } }), 'nl');
    expect(s.fields).toEqual([]);
  });
});

describe('shownValue and text helpers', () => {
  it('turns empty values into empty', () => {
    expect(shownValue('description', '', 'nl')).toEqual({ kind: 'empty' });
    expect(shownValue('description', null, 'nl')).toEqual({ kind: 'empty' });
    expect(shownValue('x', [], 'nl')).toEqual({ kind: 'empty' });
  });

  it('formats ISO instants in Europe/Amsterdam', () => {
    expect(shownValue('startsAt', '2026-11-29T20:11:55.123Z', 'en')).toEqual({ kind: 'text', text: '29 Nov 2026, 21:11' });
  });

  it('puts text on one line and shortens it to MAX_TEXT code points plus "…"', () => {
    expect(shortText('a\n\n b\tc')).toBe('a b c');
    const s = shortText('x'.repeat(200));
    expect([...s]).toHaveLength(MAX_TEXT + 1);
    expect(s.endsWith('…')).toBe(true);
  });

  it('differingWindows starts both texts a little before the first difference', () => {
    const [b, a] = differingWindows('abcdefghijklmnopqrstuvwxyz-1', 'abcdefghijklmnopqrstuvwxyz-2', 60, 5);
    expect(b).toBe('…wxyz-1'); // five code points before the first difference
    expect(a).toBe('…wxyz-2');
  });
});
