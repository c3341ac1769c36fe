/**
 * Wires plans to the world: the list of plans (GET /plans), the open plan (GET /plans/:id and its scenarios,
 * followed live over the socket with `plan:join`), and the 3D view (the plan area outlined, the chosen scenario or
 * comparison shown, the split slider in both directions, the camera flown to the plan when it is opened).
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { Plan, Scenario } from '../../../../shared/index.js';
import { getPlan, listPlans, listScenarios } from '../../api/plans.js';
import { onContentModerated } from '../../api/moderation.js';
import { followPlan } from '../../api/planSocket.js';
import { useRealtime } from '../../api/RealtimeContext.js';
import type { CityViewer } from '../../viewer/types.js';
import { outerRing } from './areaFile.js';
import { initialOpenPlan, openPlanReducer, viewOf, type OpenPlanState } from './openPlan.js';

export interface OpenOptions {
  /** Fly the camera to the plan's home view or bbox once loaded (default true; false when a URL set the camera). */
  fly?: boolean;
  scenarioId?: string | null;
  compareId?: string | null;
  split?: number;
}

export interface PlanViewApi {
  plans: Plan[];
  plansStatus: 'loading' | 'idle' | 'error';
  plansError: unknown;
  reloadPlans(): void;
  state: OpenPlanState;
  open(planId: string, opts?: OpenOptions): void;
  close(): void;
  /** Refetch the open plan and its scenarios (after a version conflict). */
  reload(): void;
  /** Flies to the open plan's home view, or its bbox. */
  flyToPlan(): void;
  /** Shows a scenario (null = today). */
  show(scenarioId: string | null): void;
  /** Compare with a scenario id or TODAY; null stops comparing. */
  compare(compareId: string | null): void;
  setSplit(split: number): void;
  /** A fresh plan or scenario from a REST answer: merge it at once (the socket event follows). */
  gotPlan(plan: Plan): void;
  gotScenario(scenario: Scenario): void;
  scenarioDeleted(scenarioId: string): void;
}

function flyTo(viewer: CityViewer, plan: Plan): void {
  if (plan.homeView) viewer.setCameraView(plan.homeView, { fly: true });
  else viewer.flyToBBox(plan.bbox);
}

export function usePlanView(viewer: CityViewer, meId: string | null): PlanViewApi {
  const realtime = useRealtime();
  const [state, dispatch] = useReducer(openPlanReducer, initialOpenPlan);
  const stateRef = useRef(state);
  stateRef.current = state;
  const [plans, setPlans] = useState<Plan[]>([]);
  const [plansStatus, setPlansStatus] = useState<'loading' | 'idle' | 'error'>('loading');
  const [plansError, setPlansError] = useState<unknown>(null);
  const [plansToken, setPlansToken] = useState(0);
  const flyPending = useRef(false);

  // The list, again after logging in or out (drafts are visible to some) and on request.
  useEffect(() => {
    let live = true;
    setPlansStatus('loading');
    listPlans()
      .then((list) => {
        if (!live) return;
        setPlans(list);
        setPlansStatus('idle');
        setPlansError(null);
      })
      .catch((e: unknown) => {
        if (!live) return;
        setPlansStatus('error');
        setPlansError(e);
      });
    return () => {
      live = false;
    };
  }, [meId, plansToken]);

  // The open plan: fetch (again after login/logout, a reconnect or a reload request).
  const { planId, reloadToken } = state;
  useEffect(() => {
    if (!planId) return undefined;
    let live = true;
    Promise.all([getPlan(planId), listScenarios(planId)])
      .then(([plan, scenarios]) => {
        if (!live) return;
        dispatch({ type: 'loaded', plan, scenarios });
        if (flyPending.current) {
          flyPending.current = false;
          flyTo(viewer, plan);
        }
      })
      .catch((error: unknown) => live && dispatch({ type: 'failed', error }));
    return () => {
      live = false;
    };
  }, [viewer, planId, reloadToken, meId]);

  // Live events while a plan is open.
  useEffect(() => {
    if (!planId) return undefined;
    return followPlan(realtime, planId, {
      plan: (plan) => dispatch({ type: 'plan', plan }),
      scenario: (e) =>
        'scenario' in e ? dispatch({ type: 'scenario', scenario: e.scenario }) : dispatch({ type: 'scenarioDeleted', scenarioId: e.scenarioId }),
      placement: (e) =>
        'placement' in e
          ? dispatch({ type: 'placement', placement: e.placement })
          : dispatch({ type: 'placementDeleted', placementId: e.placementId, scenarioId: e.scenarioId }),
      resync: () => dispatch({ type: 'reload' }),
      joinFailed: (e) => console.warn('plan:join failed', e),
    });
  }, [realtime, planId, meId]);

  // Moderation (issue 6): a model of this plan was hidden, removed or restored: reload the plan and its scenarios, so
  // the 3D scene drops (or shows again) its placements.
  useEffect(() => {
    if (!planId) return undefined;
    return onContentModerated(realtime, (e) => {
      if (e.kind === 'model' && e.planId === planId) dispatch({ type: 'reload' });
    });
  }, [realtime, planId]);

  // Keep the list entry of the open plan current.
  const { plan } = state;
  useEffect(() => {
    if (plan) setPlans((list) => (list.some((p) => p.id === plan.id) ? list.map((p) => (p.id === plan.id ? plan : p)) : list));
  }, [plan]);

  // The plan area on the ground.
  const areaKey = plan ? JSON.stringify(plan.area.coordinates[0]) : null;
  useEffect(() => {
    viewer.setPlanArea(areaKey && plan ? outerRing(plan.area) : null);
    // areaKey stands for plan.area: the outline is redrawn only when the area changes.
  }, [viewer, areaKey]);
  useEffect(() => () => viewer.setPlanArea(null), [viewer]);

  // The scenario(s) in the view; rebuilt only when what is shown changes (the split moves separately).
  const view = useMemo(() => viewOf({ ...state, split: 0.5 }), [state.plan, state.scenarios, state.scenarioId, state.compareId]);
  const viewKey = JSON.stringify(view);
  useEffect(() => {
    const v = JSON.parse(viewKey) as typeof view;
    viewer.setScenarioView(v.right === undefined ? { left: v.left } : { ...v, split: stateRef.current.split });
  }, [viewer, viewKey]);
  useEffect(() => () => viewer.setScenarioView({ left: null }), [viewer]);
  const comparing = state.compareId !== null;
  useEffect(() => {
    if (comparing) viewer.setSplit(state.split);
  }, [viewer, comparing, state.split]);
  useEffect(() => viewer.onSplitChanged((split) => dispatch({ type: 'split', split })), [viewer]);

  const open = useCallback((id: string, opts: OpenOptions = {}) => {
    flyPending.current = opts.fly !== false;
    if (stateRef.current.planId === id && stateRef.current.plan && flyPending.current) {
      flyPending.current = false;
      flyTo(viewer, stateRef.current.plan);
    }
    dispatch({ type: 'open', planId: id, scenarioId: opts.scenarioId, compareId: opts.compareId, split: opts.split });
  }, [viewer]);

  return {
    plans,
    plansStatus,
    plansError,
    reloadPlans: useCallback(() => setPlansToken((n) => n + 1), []),
    state,
    open,
    close: useCallback(() => dispatch({ type: 'close' }), []),
    reload: useCallback(() => dispatch({ type: 'reload' }), []),
    flyToPlan: useCallback(() => {
      const p = stateRef.current.plan;
      if (p) flyTo(viewer, p);
    }, [viewer]),
    show: useCallback((scenarioId: string | null) => dispatch({ type: 'show', scenarioId }), []),
    compare: useCallback((compareId: string | null) => dispatch({ type: 'compare', compareId }), []),
    setSplit: useCallback((split: number) => dispatch({ type: 'split', split }), []),
    gotPlan: useCallback((p: Plan) => {
      dispatch({ type: 'plan', plan: p });
      setPlans((list) => (list.some((x) => x.id === p.id) ? list.map((x) => (x.id === p.id ? p : x)) : [p, ...list]));
    }, []),
    gotScenario: useCallback((scenario: Scenario) => dispatch({ type: 'scenario', scenario }), []),
    scenarioDeleted: useCallback((scenarioId: string) => dispatch({ type: 'scenarioDeleted', scenarioId }), []),
  };
}
