/**
 * The "Meedenken" tab (issue 5): co-creation threads in the open plan, or (no plan open) in the current view
 * (GET /threads?bbox=, refreshed when the camera stops), "new thread", and the open thread's page (ThreadPage).
 * A link with `?thread=<id>` opens that thread. Clicking one of the open thread's sketches in 3D selects it.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BBox, Me, Thread } from '../../../../shared/index.js';
import { onContentModerated } from '../../api/moderation.js';
import { useRealtime } from '../../api/RealtimeContext.js';
import { listThreads } from '../../api/threads.js';
import { ErrorText } from '../../ui/ErrorText.js';
import type { CityViewer } from '../../viewer/types.js';
import { NewThreadForm } from './NewThreadForm.js';
import { ThreadPage } from './ThreadPage.js';
import { useThread } from './useThread.js';
import './threads.css';

interface Props {
  viewer: CityViewer;
  me: Me | null;
  /** The plan open in the Plans tab, if any. */
  plan: { id: string; title: string } | null;
  loginPrompt: ReactNode;
}

/** The thread id of a `?thread=` link, if any. */
export function threadIdFromUrl(): string | null {
  return new URLSearchParams(window.location.search).get('thread');
}

export function ThreadsPanel({ viewer, me, plan, loginPrompt }: Props) {
  const { t } = useTranslation();
  const [openId, setOpenId] = useState<string | null>(threadIdFromUrl);
  const [creating, setCreating] = useState(false);
  const [threads, setThreads] = useState<Thread[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [bbox, setBbox] = useState<BBox | null>(() => viewer.viewBBox());
  const api = useThread(viewer, openId);
  const planId = plan?.id ?? null;

  useEffect(() => viewer.onViewChanged(setBbox), [viewer]);
  // A click on a sketch of the open thread in 3D selects it (its number fields open).
  const { setSelected } = api;
  const sketchIds = api.state.thread?.sketches.map((x) => x.id).join(',') ?? '';
  useEffect(() => {
    const ids = new Set(sketchIds.split(','));
    return viewer.onPick((p) => {
      if (p.kind === 'sketch' && ids.has(p.sketchId)) setSelected(p.sketchId);
    });
  }, [viewer, sketchIds, setSelected]);

  const load = useCallback(async () => {
    if (!planId && !bbox) return;
    setError(null);
    try {
      setThreads(await listThreads(planId ? { planId } : { bbox: bbox! }));
    } catch (e) {
      setError(e);
    }
  }, [planId, bbox]);
  useEffect(() => {
    if (!openId && !creating) void load();
  }, [load, openId, creating]);
  // Moderation (issue 6): a listed thread (or a post or sketch of one) changed: refetch the list (counts, gone ones).
  const realtime = useRealtime();
  useEffect(() => {
    if (openId || creating) return undefined;
    return onContentModerated(realtime, (e) => {
      const listed = threads?.some((x) => x.id === e.id || x.id === e.threadId) ?? false;
      if (listed || (e.kind === 'thread' && e.change === 'restored')) void load();
    });
  }, [realtime, load, openId, creating, threads]);

  if (openId) {
    return <ThreadPage viewer={viewer} api={api} me={me} onBack={() => setOpenId(null)} />;
  }
  if (creating) {
    return me ? (
      <NewThreadForm
        viewer={viewer}
        plan={plan}
        onDone={(th) => {
          setCreating(false);
          setOpenId(th.id);
        }}
        onCancel={() => setCreating(false)}
      />
    ) : (
      <>{loginPrompt}</>
    );
  }

  return (
    <div className="cocreate">
      <div className="plans__head">
        <h3>{plan ? t('cocreate.inPlan', { title: plan.title }) : t('cocreate.inView')}</h3>
        {me && (
          <button type="button" className="btn btn--primary btn--small" onClick={() => setCreating(true)}>
            {t('cocreate.new')}
          </button>
        )}
      </div>
      {!me && loginPrompt}
      <ErrorText error={error} />
      {error !== null && (
        <button type="button" className="btn btn--small" onClick={() => void load()}>
          {t('cocreate.retry')}
        </button>
      )}
      {threads === null ? (
        error === null && <p className="muted">{t('cocreate.loading')}</p>
      ) : threads.length === 0 ? (
        <p className="muted">{t('cocreate.none')}</p>
      ) : (
        <ul className="cocreate__list" data-testid="thread-list">
          {threads.map((th) => (
            <li key={th.id}>
              <button type="button" className="cocreate__item" onClick={() => setOpenId(th.id)}>
                <strong>{th.title}</strong>
                <span className="muted">
                  {t('cocreate.listItem', { status: t(`cocreate.status.${th.status}`), supports: th.supportCount, posts: th.postCount })}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
