/**
 * The moderation queue's state: the filter (status, kind), the loaded pages, and live updates from the
 * `moderation` room (api/moderation.ts followModeration): `moderation:queued {item}` puts the item at the top
 * (or moves it there when it is listed already), `moderation:resolved {kind, id, state}` updates the listed item's
 * state in place; after a reconnect the first page is fetched again. Decisions taken here replace the item with
 * the server's answer (`replace`).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { QueueItem } from '../../../../shared/index.js';
import { followModeration, listQueue, type ResolvedEvent } from '../../api/moderation.js';
import { useRealtime } from '../../api/RealtimeContext.js';
import { itemKey, matchesFilter, type QueueFilter } from './logic.js';

export { itemKey, type QueueFilter };

export interface QueueApi {
  filter: QueueFilter;
  setFilter(f: QueueFilter): void;
  items: QueueItem[];
  nextCursor: string | null;
  loading: boolean;
  error: unknown;
  /** False when joining the live room failed (the list then only changes on refresh). */
  live: boolean;
  refresh(): void;
  loadMore(): void;
  /** Puts the server's answer to a decision in place of the listed item. */
  replace(item: QueueItem): void;
}

/** Follows the queue for as long as the component lives (`enabled` false: nothing is fetched or joined). */
export function useQueue(enabled: boolean): QueueApi {
  const realtime = useRealtime();
  const [filter, setFilter] = useState<QueueFilter>({ status: 'pending', kind: '' });
  const [items, setItems] = useState<QueueItem[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [live, setLive] = useState(true);
  const [token, setToken] = useState(0);
  const seq = useRef(0);
  const filterRef = useRef(filter);
  filterRef.current = filter;

  useEffect(() => {
    if (!enabled) return;
    const my = ++seq.current;
    setLoading(true);
    setError(null);
    listQueue({ status: filter.status, kind: filter.kind })
      .then((page) => {
        if (my !== seq.current) return;
        setItems(page.items);
        setNextCursor(page.nextCursor);
      })
      .catch((e: unknown) => my === seq.current && setError(e))
      .finally(() => my === seq.current && setLoading(false));
  }, [enabled, filter, token]);

  useEffect(() => {
    if (!enabled) return undefined;
    setLive(true);
    return followModeration(realtime, {
      queued: (item) => {
        if (!matchesFilter(item, filterRef.current)) {
          // No longer belongs here (e.g. its state changed): keep what is listed up to date, in place.
          setItems((list) => list.map((x) => (itemKey(x) === itemKey(item) ? item : x)));
          return;
        }
        setItems((list) => [item, ...list.filter((x) => itemKey(x) !== itemKey(item))]);
      },
      resolved: (e: ResolvedEvent) => {
        setItems((list) =>
          list.map((x) => (itemKey(x) === itemKey(e) ? { ...x, state: e.state, pending: null, openReports: 0 } : x)),
        );
      },
      resync: () => setToken((n) => n + 1),
      joinFailed: () => setLive(false),
    });
  }, [enabled, realtime]);

  const loadMore = useCallback(() => {
    if (!nextCursor || loading) return;
    const my = seq.current;
    setLoading(true);
    listQueue({ status: filter.status, kind: filter.kind, cursor: nextCursor })
      .then((page) => {
        if (my !== seq.current) return;
        setItems((list) => {
          const seen = new Set(list.map(itemKey));
          return [...list, ...page.items.filter((x) => !seen.has(itemKey(x)))];
        });
        setNextCursor(page.nextCursor);
      })
      .catch((e: unknown) => my === seq.current && setError(e))
      .finally(() => my === seq.current && setLoading(false));
  }, [filter, nextCursor, loading]);

  const replace = useCallback((item: QueueItem) => {
    setItems((list) => list.map((x) => (itemKey(x) === itemKey(item) ? item : x)));
  }, []);

  return {
    filter,
    setFilter,
    items,
    nextCursor,
    loading,
    error,
    live,
    refresh: () => setToken((n) => n + 1),
    loadMore,
    replace,
  };
}
