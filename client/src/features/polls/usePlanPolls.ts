/**
 * A list of polls kept current, for one plan (`usePlanPolls`, GET /polls?planId=) or for the view (`usePolls` with
 * `{bbox}`, GET /polls?bbox=; pollScope.ts): fetched again after logging in or out, a reconnect, a scope change and
 * just after every opening or closing instant (when the server's results gate and `can.vote` change); live counts
 * from `poll:results` in the polls' socket rooms (api/polls.ts followPolls), merged within the event's tick; new
 * polls from `poll:created` that fit the scope (pollScope.ts createdPollFits) are added at once.
 * `now` (ms since the epoch) is the clock the cards show states by; it moves at each opening or closing and whenever a
 * poll is added or replaced (poll:created, gotPoll), so a poll that opened since the last fetch shows as open.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Poll } from '../../../../shared/index.js';
import { followPolls, listPlanPolls, listPollsInBBox, onPollCreated } from '../../api/polls.js';
import { useRealtime } from '../../api/RealtimeContext.js';
import { nextBoundaryDelay, pollStateAt, withResults } from './pollLogic.js';
import { createdPollFits, scopeKey, upsertPoll, type PollScope } from './pollScope.js';

export interface PlanPolls {
  polls: Poll[];
  status: 'loading' | 'idle' | 'error';
  error: unknown;
  now: number;
  reload(): void;
  /** A fresh poll from a REST answer (vote, create): replace or add it at once. */
  gotPoll(poll: Poll): void;
}

/** The polls of one plan. */
export function usePlanPolls(planId: string, meId: string | null): PlanPolls {
  return usePolls(useMemo(() => ({ planId }), [planId]), meId);
}

/** The polls of a scope (a plan, or the view's bbox: null while there is no view, an empty idle list). */
export function usePolls(scope: PollScope, meId: string | null): PlanPolls {
  const key = scopeKey(scope);
  const scopeRef = useRef(scope);
  scopeRef.current = scope;
  const realtime = useRealtime();
  const [polls, setPolls] = useState<Poll[]>([]);
  const [status, setStatus] = useState<'loading' | 'idle' | 'error'>('loading');
  const [error, setError] = useState<unknown>(null);
  const [token, setToken] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const reload = useCallback(() => setToken((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    const sc = scopeRef.current;
    setStatus((s) => (s === 'idle' ? s : 'loading'));
    const load = 'planId' in sc ? listPlanPolls(sc.planId) : sc.bbox ? listPollsInBBox(sc.bbox) : Promise.resolve([]);
    load
      .then((list) => {
        if (!live) return;
        setPolls(list);
        setStatus('idle');
        setError(null);
        setNow(Date.now());
      })
      .catch((e: unknown) => {
        if (!live) return;
        setStatus('error');
        setError(e);
      });
    return () => {
      live = false;
    };
  }, [key, meId, token]);

  // New polls announced live (plan room / viewport tile rooms), when they fit this list.
  useEffect(
    () =>
      onPollCreated(realtime, (poll) => {
        if (!createdPollFits(poll, scopeRef.current)) return;
        setPolls((list) => upsertPoll(list, poll, scopeRef.current));
        // The clock was set at the last fetch, maybe before this poll opened: move it, or the card shows it upcoming.
        setNow(Date.now());
      }),
    [realtime],
  );

  // Live counts; the rooms are re-joined when the set of polls changes.
  const idsKey = useMemo(() => polls.map((p) => p.id).sort().join(','), [polls]);
  useEffect(() => {
    if (idsKey === '') return undefined;
    return followPolls(realtime, idsKey.split(','), {
      results: (results) => setPolls((list) => list.map((p) => withResults(p, results))),
      resync: reload,
      joinFailed: (pollId, e) => console.warn(`poll:join ${pollId} failed`, e),
    });
  }, [realtime, idsKey, meId, reload]);

  // At the next opening or closing: move the clock and re-fetch (results may become visible, voting starts/ends).
  const timesKey = polls.map((p) => `${p.opensAt}/${p.closesAt}/${p.state}`).join(',');
  useEffect(() => {
    // The server's clock may lag ours: while a poll's state (by the server, when sent) differs from ours, ask again.
    const lagging = polls.some((p) => p.state !== pollStateAt(p, Date.now()));
    const delay = lagging ? 1000 : nextBoundaryDelay(polls, Date.now());
    if (delay === null) return undefined;
    const timer = setTimeout(() => {
      setNow(Date.now());
      reload();
    }, delay);
    return () => clearTimeout(timer);
    // timesKey (with the states) stands for `polls`; `now` re-arms after each boundary.
  }, [timesKey, now, reload]);

  const gotPoll = useCallback((poll: Poll) => {
    setPolls((list) => upsertPoll(list, poll, scopeRef.current));
    setNow(Date.now());
  }, []);

  return { polls, status, error, now, reload, gotPoll };
}
