/** The open plan's state and live events, and what the viewer is told to show (features/plans/openPlan.ts). */
import { describe, expect, it } from 'vitest';
import type { Placement, Plan, Scenario } from '../../../shared/index.js';
import { TODAY, initialOpenPlan, openPlanReducer, viewOf, type OpenPlanAction, type OpenPlanState } from '../../../client/src/features/plans/openPlan.js';

const author = { id: 'u1', displayName: 'Planner' };
const ring = [
  [4.89, 52.37],
  [4.9, 52.37],
  [4.9, 52.38],
  [4.89, 52.37],
];
const plan: Plan = {
  id: 'p1',
  title: 'Plein',
  summary: '',
  area: { type: 'Polygon', coordinates: [ring] },
  bbox: [4.89, 52.37, 4.9, 52.38],
  homeView: null,
  phases: [],
  currentPhase: null,
  allows: [],
  status: 'published',
  createdBy: author,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
  can: { edit: false, uploadModels: false, comment: true },
};
const placement = (id: string, scenarioId: string, version = 1): Placement => ({
  id,
  scenarioId,
  modelId: 'm1',
  position: { lon: 4.895, lat: 52.375, height: 0 },
  heading: 90,
  pitch: 0,
  roll: 0,
  scale: 1,
  updatedBy: author,
  updatedAt: '2026-01-01T00:00:00.000Z',
  version,
});
const scenario = (id: string, extra: Partial<Scenario> = {}): Scenario => ({
  id,
  planId: 'p1',
  name: id,
  description: '',
  replaced: [],
  replaceArea: false,
  placements: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
  ...extra,
});

const run = (actions: OpenPlanAction[], from: OpenPlanState = initialOpenPlan) => actions.reduce(openPlanReducer, from);

describe('openPlanReducer', () => {
  const a = scenario('a', { replaced: [{ tilesetId: 'rotterdam', featureId: 'NL.IMBAG.Pand.1' }], placements: [placement('pl1', 'a')] });
  const b = scenario('b', { replaceArea: true });

  it('keeps a scenario from the URL once it is known, and falls back to today for an unknown one', () => {
    const s = run([{ type: 'open', planId: 'p1', scenarioId: 'b', compareId: TODAY, split: 0.3 }, { type: 'loaded', plan, scenarios: [a, b] }]);
    expect([s.scenarioId, s.compareId, s.split, s.status]).toEqual(['b', TODAY, 0.3, 'idle']);
    const t = run([{ type: 'open', planId: 'p1', scenarioId: 'gone', compareId: 'gone' }, { type: 'loaded', plan, scenarios: [a] }]);
    expect([t.scenarioId, t.compareId]).toEqual([null, null]);
  });

  it('merges live events by id and version, and drops a deleted scenario from the selection', () => {
    let s = run([{ type: 'open', planId: 'p1' }, { type: 'loaded', plan, scenarios: [a, b] }, { type: 'show', scenarioId: 'a' }]);
    s = run([{ type: 'placement', placement: placement('pl2', 'a') }, { type: 'placement', placement: placement('pl1', 'a', 3) }], s);
    expect(s.scenarios[0]!.placements.map((p) => [p.id, p.version])).toEqual([['pl1', 3], ['pl2', 1]]);
    s = run([{ type: 'placement', placement: placement('pl1', 'a', 2) }], s); // older than what we have
    expect(s.scenarios[0]!.placements[0]!.version).toBe(3);
    s = run([{ type: 'placementDeleted', placementId: 'pl2', scenarioId: 'a' }, { type: 'scenarioDeleted', scenarioId: 'a' }], s);
    expect(s.scenarios.map((x) => x.id)).toEqual(['b']);
    expect(s.scenarioId).toBeNull();
    // Events of another plan are ignored.
    expect(run([{ type: 'scenario', scenario: { ...b, id: 'x', planId: 'p2' } }], s).scenarios).toHaveLength(1);
  });
});

describe('viewOf', () => {
  const a = scenario('a', { replaced: [{ tilesetId: 'rotterdam', featureId: 'NL.IMBAG.Pand.1' }], placements: [placement('pl1', 'a')] });
  const b = scenario('b', { replaceArea: true });
  const loaded = run([{ type: 'open', planId: 'p1' }, { type: 'loaded', plan, scenarios: [a, b] }]);

  it('shows today as no scenario, and a scenario with its replaced buildings, clip area and model URLs', () => {
    expect(viewOf(loaded)).toEqual({ left: null });
    const v = viewOf(run([{ type: 'show', scenarioId: 'a' }], loaded));
    expect(v.left).toEqual({
      id: 'a',
      replaced: [{ tilesetId: 'rotterdam', featureId: 'NL.IMBAG.Pand.1' }],
      clipArea: null,
      placements: [
        { id: 'pl1', modelId: 'm1', url: '/api/v1/plans/p1/models/m1/model.glb', position: { lon: 4.895, lat: 52.375, height: 0 }, heading: 90, pitch: 0, roll: 0, scale: 1 },
      ],
    });
    expect(viewOf(run([{ type: 'show', scenarioId: 'b' }], loaded)).left?.clipArea).toEqual(ring);
  });

  it('compares two scenarios (or one and today) side by side with the split', () => {
    const v = viewOf(run([{ type: 'show', scenarioId: 'a' }, { type: 'compare', compareId: TODAY }, { type: 'split', split: 2 }], loaded));
    expect(v.left?.id).toBe('a');
    expect(v.right).toBeNull();
    expect(v.split).toBe(1);
  });
});
