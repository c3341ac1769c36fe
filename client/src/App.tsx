/**
 * The page: the 3D view filling the window and a side panel beside it (comments, building,
 * layers, account). Clicks in 3D arrive here already picked (viewer/types.ts) and are routed to
 * the features; everything a click in 3D does is also reachable from the panel.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AccountPanel } from './features/account/AccountPanel.js';
import { useSession } from './features/account/session.js';
import { BuildingPanel } from './features/buildings/BuildingPanel.js';
import { CommentsPanel, type Draft } from './features/comments/CommentsPanel.js';
import { useComments } from './features/comments/useComments.js';
import { visibleCount } from './features/comments/store.js';
import { LayersPanel } from './features/layers/LayersPanel.js';
import { ModerationPanel, canModerate } from './features/moderation/ModerationPanel.js';
import { useLayers } from './features/layers/useLayers.js';
import { useSunStudy } from './features/layers/useSunStudy.js';
import { modelPlacingActive, requestPlacementEdit } from './features/models/placingSignal.js';
import { PlansPanel } from './features/plans/PlansPanel.js';
import { PollsInView } from './features/polls/PollsInView.js';
import { ThreadsPanel, threadIdFromUrl } from './features/threads/ThreadsPanel.js';
import { usePlanView } from './features/plans/usePlanView.js';
import { useViewUrl } from './features/plans/useViewUrl.js';
import { getComment } from './api/rest.js';
import { Header } from './ui/Header.js';
import { LoginPrompt } from './ui/LoginPrompt.js';
import { Tabs } from './ui/Tabs.js';
import { CityView } from './viewer/CityView.js';
import type { BuildingPick, CityViewer, PickResult } from './viewer/types.js';
import { ReportDialogHost } from './features/moderation/ReportButton.js';

type TabKey = 'comments' | 'plans' | 'cocreate' | 'building' | 'layers' | 'account' | 'moderation';

export function App({ viewer }: { viewer: CityViewer }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const [tab, setTab] = useState<TabKey>(() => (threadIdFromUrl() ? 'cocreate' : 'comments'));
  const { layers, error: layersError } = useLayers(viewer);
  const sun = useSunStudy(viewer);
  const comments = useComments(viewer);
  const [building, setBuilding] = useState<BuildingPick | null>(null);
  const [placing, setPlacing] = useState(false);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [nothingHere, setNothingHere] = useState(false);
  const signedIn = me !== null;
  const planView = usePlanView(viewer, me?.id ?? null);
  const planRef = useRef(planView.state);
  planRef.current = planView.state;

  useViewUrl(
    viewer,
    {
      planId: planView.state.planId,
      scenarioId: planView.state.scenarioId,
      compareId: planView.state.compareId,
      split: planView.state.split,
      commentId: comments.state.selected?.id ?? null,
      sun: sun.iso,
    },
    {
      openPlan: (id, opts) => {
        planView.open(id, opts);
        setTab('plans');
      },
      setSun: sun.restore,
      selectComment: async (id, opts) => {
        comments.select(await getComment(id), opts);
        setTab('comments');
      },
    },
  );

  useEffect(() => viewer.setPlacing(placing), [viewer, placing]);
  useEffect(() => {
    viewer.highlightBuilding(building ? { tilesetId: building.tilesetId, buildingId: building.buildingId } : null);
  }, [viewer, building]);
  useEffect(() => {
    if (!signedIn) {
      setPlacing(false);
      setDraft(null);
    }
  }, [signedIn]);
  const moderator = canModerate(me);
  useEffect(() => {
    if (!moderator) setTab((k) => (k === 'moderation' ? 'account' : k));
  }, [moderator]);

  /** Opens the compose form at what was picked; false when nothing there can carry a comment. */
  const startDraft = useCallback(
    (pick: PickResult): boolean => {
      setPlacing(false);
      if (pick.kind !== 'building' && pick.kind !== 'ground' && pick.kind !== 'model') {
        setNothingHere(true);
        return false;
      }
      setNothingHere(false);
      // While a plan is open, the comment belongs to it and to the scenario shown (issue 4).
      const open = planRef.current;
      const scenario = open.scenarios.find((s) => s.id === open.scenarioId) ?? null;
      setDraft({
        position: pick.position,
        buildingId: pick.kind === 'building' ? pick.buildingId : null,
        onModel: pick.kind === 'model',
        plan: open.plan ? { id: open.plan.id, title: open.plan.title, scenarioId: scenario?.id ?? null, scenarioName: scenario?.name ?? null } : undefined,
      });
      comments.select(null, { fly: false });
      setTab('comments');
      return true;
    },
    [comments],
  );

  const onPick = useRef<(p: PickResult) => void>(() => {});
  onPick.current = (pick: PickResult) => {
    // A partner model waiting for its place takes the click (features/models/PlacementEditor).
    if (modelPlacingActive()) return;
    if (pick.kind === 'pin') {
      setPlacing(false);
      comments.selectById(pick.commentId);
      setTab('comments');
      return;
    }
    if (placing) {
      startDraft(pick);
      if (pick.kind === 'building') setBuilding(pick);
      return;
    }
    // A placed model, for someone who may place models in the open plan: open it in the placement editor.
    if (pick.kind === 'model' && requestPlacementEdit(pick.placementId)) {
      setBuilding(null);
      setTab('plans');
      return;
    }
    if (pick.kind === 'building') {
      setBuilding(pick);
      setTab('building');
    } else {
      setBuilding(null);
    }
  };
  useEffect(() => viewer.onPick((p) => onPick.current(p)), [viewer]);

  useEffect(() => {
    if (!placing) return undefined;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setPlacing(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [placing]);

  const loginPrompt = <LoginPrompt onLogin={() => setTab('account')} />;
  const layerName = building ? (layers.find((l) => l.info.id === building.tilesetId)?.info.name ?? null) : null;
  const demoShown = layers.some((l) => l.info.demo && l.visible);
  const loading = layers.some((l) => l.status === 'loading');

  return (
    <div className={`app${placing ? ' app--placing' : ''}`}>
      <a className="skip-link" href="#side-panel">
        {t('app.skipToPanel')}
      </a>
      <CityView viewer={viewer}>
        {placing && (
          <p className="city-view__hint" role="status">
            {t('viewer.placingHint')}
          </p>
        )}
        <div className="city-view__chips">
          {loading && (
            <span className="chip" role="status">
              {t('viewer.loading')}
            </span>
          )}
          {demoShown && (
            <span className="chip chip--demo" data-testid="demo-label" title={t('layers.demoHint')}>
              {t('layers.demo')}
            </span>
          )}
        </div>
      </CityView>
      <aside className="side" id="side-panel" tabIndex={-1}>
        <Header />
        <ReportDialogHost />
        <Tabs<TabKey>
          label={t('tabs.label')}
          active={tab}
          onChange={setTab}
          tabs={[
            {
              key: 'comments',
              label: t('tabs.comments'),
              badge: <span className="tabs__badge">{visibleCount(comments.state)}</span>,
              panel: (
                <>
                <CommentsPanel
                  comments={comments}
                  draft={draft}
                  placing={placing}
                  signedIn={signedIn}
                  loginPrompt={loginPrompt}
                  nothingHere={nothingHere}
                  onStartPlacing={() => {
                    setNothingHere(false);
                    setDraft(null);
                    setPlacing(true);
                  }}
                  onCancelPlacing={() => setPlacing(false)}
                  onCommentAtCentre={() => startDraft(viewer.pickCentre())}
                  onCloseDraft={() => setDraft(null)}
                />
                <PollsInView viewer={viewer} building={building} />
                </>
              ),
            },
            {
              key: 'plans',
              label: t('tabs.plans'),
              panel: <PlansPanel planView={planView} viewer={viewer} me={me} building={building} />,
            },
            {
              key: 'cocreate',
              label: t('tabs.cocreate'),
              panel: (
                <ThreadsPanel
                  viewer={viewer}
                  me={me}
                  plan={planView.state.plan ? { id: planView.state.plan.id, title: planView.state.plan.title } : null}
                  loginPrompt={<LoginPrompt onLogin={() => setTab('account')} text={t('cocreate.signIn')} />}
                />
              ),
            },
            {
              key: 'building',
              label: t('tabs.building'),
              panel: (
                <BuildingPanel
                  building={building}
                  layerName={layerName}
                  onClear={() => setBuilding(null)}
                  commentAction={
                    signedIn ? (
                      <button type="button" className="btn btn--primary" onClick={() => building && startDraft(building)}>
                        {t('buildings.commentHere')}
                      </button>
                    ) : (
                      loginPrompt
                    )
                  }
                />
              ),
            },
            { key: 'layers', label: t('tabs.layers'), panel: <LayersPanel viewer={viewer} layers={layers} error={layersError} sun={sun} /> },
            { key: 'account', label: t('tabs.account'), panel: <AccountPanel /> },
            // Moderators and admins only (issue 6); the server checks every request itself.
            ...(me && moderator
              ? [{ key: 'moderation' as const, label: t('moderation.tab'), panel: <ModerationPanel me={me} viewer={viewer} active={tab === 'moderation'} /> }]
              : []),
          ]}
        />
      </aside>
    </div>
  );
}
