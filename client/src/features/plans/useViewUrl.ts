/**
 * The whole view in the URL (BRIEF: URL view state): `?cam=lon,lat,height,heading,pitch,roll&plan=…&scenario=…
 * &compare=…&split=…&comment=…&sun=…`, kept current with `history.replaceState` (no reload, no history entries) when the
 * camera stops and whenever the plan, scenario, comparison, split or selected comment changes. On the first mount
 * a shared URL is restored: the camera jumps there (no flight), the plan opens (without flying, when the URL has a
 * camera), its scenario and comparison are shown and the comment is selected.
 * The query format itself is viewer/urlState.ts (parseViewUrl / formatViewUrl).
 */
import { useEffect, useRef } from 'react';
import type { CameraView } from '../../../../shared/index.js';
import { formatViewUrl, parseViewUrl } from '../../viewer/urlState.js';
import type { CityViewer } from '../../viewer/types.js';
import { TODAY } from './openPlan.js';

/** What the app shows now, apart from the camera. */
export interface ViewNow {
  planId: string | null;
  /** Scenario shown; null = today. */
  scenarioId: string | null;
  /** Compared scenario id or TODAY; null = not comparing. */
  compareId: string | null;
  split: number;
  commentId: string | null;
  /** The sun study's UTC ISO instant (`sun=`); null or absent = off. */
  sun?: string | null;
}

export interface ViewRestore {
  openPlan(planId: string, opts: { fly: boolean; scenarioId: string | null; compareId: string | null; split?: number }): void;
  /** Fetches and selects the comment; settles when done (the URL keeps `comment=` until then). */
  selectComment(commentId: string, opts: { fly: boolean }): Promise<void>;
  /** Turns the sun study on at a UTC ISO instant from the URL. */
  setSun?(iso: string): void;
}

/** The query string (with `?`, or '' when empty) for the view. */
function queryOf(now: ViewNow, camera: CameraView | null): string {
  const q = formatViewUrl({
    camera: camera ?? undefined,
    plan: now.planId ?? undefined,
    scenario: now.planId ? (now.scenarioId ?? TODAY) : undefined,
    compare: now.planId && now.compareId ? now.compareId : undefined,
    split: now.planId && now.compareId ? now.split : undefined,
    comment: now.commentId ?? undefined,
    sun: now.sun ?? undefined,
  });
  if (q === '' || q === '?') return '';
  return q.startsWith('?') ? q : `?${q}`;
}

/** Restores the view from the URL once, then mirrors the view into it. */
export function useViewUrl(viewer: CityViewer, now: ViewNow, restore: ViewRestore): void {
  const nowRef = useRef(now);
  nowRef.current = now;
  const restoreRef = useRef(restore);
  restoreRef.current = restore;
  const camera = useRef<CameraView | null>(null);
  const restored = useRef(false);
  /** A comment from the URL still being fetched: kept in the URL meanwhile. */
  const pendingComment = useRef<string | null>(null);
  /** The plan part of the URL until the app's state has taken it over (the open is dispatched, not yet rendered). */
  const pendingPlan = useRef<Pick<ViewNow, 'planId' | 'scenarioId' | 'compareId' | 'split'> | null>(null);

  const write = useRef(() => {
    if (!restored.current) return;
    let n = nowRef.current;
    if (pendingPlan.current && n.planId !== pendingPlan.current.planId) n = { ...n, ...pendingPlan.current };
    if (n.commentId === null && pendingComment.current) n = { ...n, commentId: pendingComment.current };
    const q = queryOf(n, camera.current);
    const { pathname, search, hash } = window.location;
    if (q !== search) window.history.replaceState(window.history.state, '', `${pathname}${q}${hash}`);
  });

  // Restore once (the ref survives StrictMode's second effect run).
  useEffect(() => {
    if (restored.current) return;
    const s = parseViewUrl(window.location.search);
    if (s.camera) {
      camera.current = s.camera;
      viewer.setCameraView(s.camera, { fly: false });
    }
    if (s.plan) {
      const scenarioId = s.scenario && s.scenario !== TODAY ? s.scenario : null;
      const compareId = s.compare ?? null;
      pendingPlan.current = { planId: s.plan, scenarioId, compareId, split: s.split ?? 0.5 };
      restoreRef.current.openPlan(s.plan, { fly: !s.camera, scenarioId, compareId, split: s.split });
    }
    if (s.sun) restoreRef.current.setSun?.(s.sun);
    if (s.comment) {
      const id = s.comment;
      pendingComment.current = id;
      void restoreRef.current
        .selectComment(id, { fly: !s.camera && !s.plan })
        .catch((e: unknown) => console.warn('comment from the URL not shown', e))
        .finally(() => {
          if (pendingComment.current === id) pendingComment.current = null;
        });
    }
    restored.current = true;
  }, [viewer]);

  // The camera, each time it stops.
  useEffect(
    () =>
      viewer.onViewChanged(() => {
        camera.current = viewer.getCameraView();
        write.current();
      }),
    [viewer],
  );

  // Everything else, as it changes.
  useEffect(() => {
    if (pendingPlan.current && now.planId === pendingPlan.current.planId) pendingPlan.current = null;
    if (now.commentId !== null) pendingComment.current = null;
    write.current();
  }, [now.planId, now.scenarioId, now.compareId, now.split, now.commentId, now.sun]);
}
