/**
 * The open plan as a pure reducer (no React, no network): the plan, its scenarios with their placements, which
 * scenario is shown ("today" = null), the comparison and the split, merged with live socket events
 * (`plan:updated`, `scenario:updated`, `model:placed`). Also the mapping to what the viewer shows (ScenarioSpec).
 */
import type { Placement, Plan, Scenario } from '../../../../shared/index.js';
import { modelGlbUrl } from '../../api/plans.js';
import type { ModelPlacementSpec, ScenarioSpec } from '../../viewer/types.js';
import { outerRing } from './areaFile.js';

/** "today": the city as it is, no scenario. In the URL as `scenario=today` / `compare=today`. */
export const TODAY = 'today';

export interface OpenPlanState {
  planId: string | null;
  plan: Plan | null;
  scenarios: Scenario[];
  status: 'idle' | 'loading' | 'error';
  error: unknown;
  /** The scenario shown (on the left when comparing); null = today. */
  scenarioId: string | null;
  /** The scenario on the right when comparing: a scenario id, TODAY, or null when not comparing. */
  compareId: string | null;
  /** Where the compare split lies, 0..1 of the view's width from the left. */
  split: number;
  /** Bumped to refetch (after a reconnect, or the user asked to reload after a version conflict). */
  reloadToken: number;
}

export const initialOpenPlan: OpenPlanState = {
  planId: null,
  plan: null,
  scenarios: [],
  status: 'idle',
  error: null,
  scenarioId: null,
  compareId: null,
  split: 0.5,
  reloadToken: 0,
};

export type OpenPlanAction =
  | { type: 'open'; planId: string; scenarioId?: string | null; compareId?: string | null; split?: number }
  | { type: 'close' }
  | { type: 'loaded'; plan: Plan; scenarios: Scenario[] }
  | { type: 'failed'; error: unknown }
  | { type: 'reload' }
  | { type: 'plan'; plan: Plan }
  | { type: 'scenario'; scenario: Scenario }
  | { type: 'scenarioDeleted'; scenarioId: string }
  | { type: 'placement'; placement: Placement }
  | { type: 'placementDeleted'; placementId: string; scenarioId: string }
  | { type: 'show'; scenarioId: string | null }
  | { type: 'compare'; compareId: string | null }
  | { type: 'split'; split: number };

export const clampSplit = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0.5);

/** Newer of two versions of the same object (live events and fetches may arrive in any order). */
function newer<T extends { version: number }>(a: T | undefined, b: T): T {
  return a && a.version > b.version ? a : b;
}

/** A selection that names a scenario that is gone falls back to today / no comparison. */
function fixSelection(s: OpenPlanState): OpenPlanState {
  const ids = new Set(s.scenarios.map((x) => x.id));
  const scenarioId = s.scenarioId && ids.has(s.scenarioId) ? s.scenarioId : null;
  const compareId = s.compareId === TODAY || (s.compareId && ids.has(s.compareId)) ? s.compareId : null;
  return scenarioId === s.scenarioId && compareId === s.compareId ? s : { ...s, scenarioId, compareId };
}

function withScenario(s: OpenPlanState, sc: Scenario): OpenPlanState {
  if (sc.planId !== s.planId) return s;
  const i = s.scenarios.findIndex((x) => x.id === sc.id);
  const scenarios = i < 0 ? [...s.scenarios, sc] : s.scenarios.map((x, j) => (j === i ? newer(x, sc) : x));
  return { ...s, scenarios };
}

function mapScenario(s: OpenPlanState, id: string, f: (sc: Scenario) => Scenario): OpenPlanState {
  return { ...s, scenarios: s.scenarios.map((x) => (x.id === id ? f(x) : x)) };
}

export function openPlanReducer(s: OpenPlanState, a: OpenPlanAction): OpenPlanState {
  switch (a.type) {
    case 'open':
      return {
        ...initialOpenPlan,
        planId: a.planId,
        status: s.planId === a.planId && s.plan ? s.status : 'loading',
        scenarioId: a.scenarioId === TODAY ? null : (a.scenarioId ?? null),
        compareId: a.compareId ?? null,
        split: clampSplit(a.split ?? 0.5),
        plan: s.planId === a.planId ? s.plan : null,
        scenarios: s.planId === a.planId ? s.scenarios : [],
      };
    case 'close':
      return initialOpenPlan;
    case 'loaded':
      if (a.plan.id !== s.planId) return s;
      return fixSelection({ ...s, status: 'idle', error: null, plan: newer(s.plan ?? undefined, a.plan), scenarios: a.scenarios });
    case 'failed':
      return { ...s, status: 'error', error: a.error };
    case 'reload':
      return { ...s, reloadToken: s.reloadToken + 1 };
    case 'plan':
      return a.plan.id === s.planId ? { ...s, plan: newer(s.plan ?? undefined, a.plan) } : s;
    case 'scenario':
      return withScenario(s, a.scenario);
    case 'scenarioDeleted':
      return fixSelection({ ...s, scenarios: s.scenarios.filter((x) => x.id !== a.scenarioId) });
    case 'placement':
      return mapScenario(s, a.placement.scenarioId, (sc) => {
        const i = sc.placements.findIndex((p) => p.id === a.placement.id);
        const placements = i < 0 ? [...sc.placements, a.placement] : sc.placements.map((p, j) => (j === i ? newer(p, a.placement) : p));
        return { ...sc, placements };
      });
    case 'placementDeleted':
      return mapScenario(s, a.scenarioId, (sc) => ({ ...sc, placements: sc.placements.filter((p) => p.id !== a.placementId) }));
    case 'show': {
      const scenarioId = a.scenarioId === TODAY ? null : a.scenarioId;
      // Comparing a scenario with itself shows nothing new: stop comparing.
      const compareId = s.compareId === (scenarioId ?? TODAY) ? null : s.compareId;
      return fixSelection({ ...s, scenarioId, compareId });
    }
    case 'compare':
      return fixSelection({ ...s, compareId: a.compareId });
    case 'split':
      return { ...s, split: clampSplit(a.split) };
  }
}

/** A placement → what the viewer draws (the model's GLB through the plan's visibility gate). */
export function placementSpec(planId: string, p: Placement): ModelPlacementSpec {
  return {
    id: p.id,
    modelId: p.modelId,
    url: modelGlbUrl(planId, p.modelId),
    position: p.position,
    heading: p.heading,
    pitch: p.pitch,
    roll: p.roll,
    scale: p.scale,
  };
}

/** A scenario of `plan` → the viewer's ScenarioSpec (clipped by the plan area when `replaceArea`); null → today. */
export function scenarioSpec(plan: Plan, scenario: Scenario | null | undefined): ScenarioSpec | null {
  if (!scenario) return null;
  return {
    id: scenario.id,
    replaced: scenario.replaced,
    clipArea: scenario.replaceArea ? outerRing(plan.area) : null,
    placements: scenario.placements.map((p) => placementSpec(plan.id, p)),
  };
}

/** What the viewer should show for the state: one scenario, or two side by side when comparing. */
export function viewOf(s: OpenPlanState): { left: ScenarioSpec | null; right?: ScenarioSpec | null; split?: number } {
  if (!s.plan) return { left: null };
  const find = (id: string | null) => (id && id !== TODAY ? s.scenarios.find((x) => x.id === id) : null);
  const left = scenarioSpec(s.plan, find(s.scenarioId));
  if (s.compareId === null) return { left };
  return { left, right: scenarioSpec(s.plan, find(s.compareId)), split: s.split };
}
