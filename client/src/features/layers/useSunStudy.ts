/**
 * State of the sun and shadow study (SunPanel.tsx): on/off and the chosen moment as Amsterdam wall-clock time
 * (`YYYY-MM-DDTHH:mm`, Europe/Amsterdam whatever the browser's zone), converted to a UTC instant with the plans
 * feature's DST-aware helper (plans/localTime.ts). The instant goes to the viewer (`CityViewer.setSun`) and,
 * through App.tsx, into the shared URL (`sun=`).
 *
 * A local time that does not exist (the spring DST gap) keeps the previous instant and reports `nonexistent`;
 * one that happens twice (autumn) takes the first and reports `ambiguous`.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { localInputToUtc, utcToLocalInput } from '../plans/localTime.js';
import type { CityViewer } from '../../viewer/types.js';

export interface SunStudy {
  on: boolean;
  /** Amsterdam wall-clock `YYYY-MM-DDTHH:mm` shown in the fields. */
  local: string;
  /** The UTC instant shown (ISO-8601), or null when the study is off. */
  iso: string | null;
  /** Why `local` could not be used (the previous instant stays), or a note about it. */
  problem: 'invalid' | 'nonexistent' | 'ambiguous' | null;
  setOn(on: boolean): void;
  setLocal(local: string): void;
  /** Turns the study on at a UTC instant (a shared link's `sun=`). */
  restore(iso: string): void;
}

/** Today in Amsterdam at 12:00 local time. */
export function defaultLocal(now = new Date()): string {
  const today = utcToLocalInput(now.toISOString()).slice(0, 10);
  return `${today}T12:00`;
}

export function useSunStudy(viewer: CityViewer): SunStudy {
  const [on, setOn] = useState(false);
  const [local, setLocalState] = useState(defaultLocal);
  const [instant, setInstant] = useState<string | null>(() => {
    const r = localInputToUtc(defaultLocal());
    return r.ok ? r.iso : null;
  });
  const [problem, setProblem] = useState<SunStudy['problem']>(null);

  const setLocal = useCallback((value: string) => {
    setLocalState(value);
    const r = localInputToUtc(value);
    if (r.ok) {
      setInstant(r.iso);
      setProblem(r.ambiguous ? 'ambiguous' : null);
    } else {
      setProblem(r.reason);
    }
  }, []);

  const restore = useCallback((iso: string) => {
    const local = utcToLocalInput(iso);
    if (!local) return;
    setLocalState(local);
    setInstant(new Date(iso).toISOString());
    setProblem(null);
    setOn(true);
  }, []);

  const iso = on ? instant : null;
  useEffect(() => viewer.setSun(iso ? new Date(iso) : null), [viewer, iso]);

  return useMemo(() => ({ on, local, iso, problem, setOn, setLocal, restore }), [on, local, iso, problem, setLocal, restore]);
}
