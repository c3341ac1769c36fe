import { useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { Model } from '../../../../shared/index.js';
import { listModels } from '../../api/models.js';
import { followPlanModels } from '../../api/planSocket.js';
import { onContentModerated } from '../../api/moderation.js';
import { RealtimeContext } from '../../api/RealtimeContext.js';

/** The models list of one plan as the UI holds it. */
export interface ModelsState {
  models: Model[];
  loading: boolean;
  /** The last load error (an ApiError), or null. */
  error: unknown;
  /** Loads the list again (e.g. after another partner's upload). */
  reload(): void;
  /** Adds or replaces one model (after an upload) without a reload. */
  put(model: Model): void;
  /** Removes one model (after a delete) without a reload. */
  drop(modelId: string): void;
}

/**
 * GET /plans/:id/models for `planId`, reloaded when the plan changes and after a socket reconnect. Answers that
 * arrive after the plan changed are dropped. Live: `model:uploaded` adds (or replaces) a model and
 * `model:deleted` removes one (api/planSocket.ts followPlanModels; the plan room itself is joined by the plan
 * view), so uploads and deletes by others show without a reload. A public `content:moderated` about a model of this
 * plan (hidden, held, removed or restored by a moderator; issue 6) reloads the list.
 */
export function useModels(planId: string): ModelsState {
  const realtime = useContext(RealtimeContext);
  const [models, setModels] = useState<Model[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const current = useRef(planId);
  current.current = planId;

  useEffect(() => {
    let live = true;
    setLoading(true);
    listModels(planId)
      .then((list) => {
        if (!live) return;
        setModels(list);
        setError(null);
      })
      .catch((e: unknown) => live && setError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [planId, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  const put = useCallback((model: Model) => {
    if (model.planId !== current.current) return;
    setModels((list) => (list.some((m) => m.id === model.id) ? list.map((m) => (m.id === model.id ? model : m)) : [...list, model]));
  }, []);
  const drop = useCallback((modelId: string) => {
    setModels((list) => (list.some((m) => m.id === modelId) ? list.filter((m) => m.id !== modelId) : list));
  }, []);

  useEffect(() => {
    if (!realtime) return undefined;
    const offModels = followPlanModels(realtime, planId, { uploaded: put, deleted: drop, resync: reload });
    const offModerated = onContentModerated(realtime, (e) => {
      if (e.kind === 'model' && e.planId === planId) reload();
    });
    return () => {
      offModels();
      offModerated();
    };
  }, [realtime, planId, put, drop, reload]);

  return { models, loading, error, reload, put, drop };
}
