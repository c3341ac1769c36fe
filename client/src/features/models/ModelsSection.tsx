/**
 * Partner models of an open plan (issue 4, "Partners"): upload (when the viewer may), the plan's models with
 * their sizes and warnings, the three.js inspector (lazy-loaded: three.js stays out of the main bundle), and
 * placing models in the selected scenario with the list of its placements. Rendered by the plan page
 * (features/plans); it calls `onChanged()` after a placement is saved or deleted so the page reloads the scenario.
 * The list follows uploads and deletes by others live (useModels); the uploader and the plan's planner may delete a
 * model; a click on a placed model in 3D opens it in the editor (placingSignal.ts requestPlacementEdit, sent by App).
 */
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Model, Placement, Plan, Scenario } from '../../../../shared/index.js';
import { deleteModel } from '../../api/models.js';
import type { CityViewer } from '../../viewer/types.js';
import { useSession } from '../account/session.js';
import { ModelList } from './ModelList.js';
import type { PlacementStart } from './numbers.js';
import { PlacementEditor } from './PlacementEditor.js';
import { onPlacementEditRequest } from './placingSignal.js';
import { PlacementList } from './PlacementList.js';
import { UploadForm } from './UploadForm.js';
import { useModels } from './useModels.js';
import './models.css';

const ModelInspector = lazy(() => import('./ModelInspector.js'));

export interface ModelsSectionProps {
  plan: Plan;
  scenarios: Scenario[];
  /** The selected scenario, or null for "today" (then nothing can be placed). */
  scenarioId: string | null;
  viewer: CityViewer;
  /** A placement was saved or deleted (or found stale): reload the scenario. */
  onChanged(): void;
}

/** What the placement editor is working on. `n` remounts it for every new start. */
interface Editing {
  modelId: string;
  placementId: string | null;
  initial: PlacementStart | null;
  n: number;
}

/** Whether the viewer may place models in this plan (`placeModels` when the server sends it, else `uploadModels`). */
export function canPlaceModels(plan: Plan): boolean {
  const can = plan.can as Plan['can'] & { placeModels?: boolean };
  return can.placeModels ?? can.uploadModels;
}

/** Whether viewer `meId` may delete `model`: the plan's planner (and admins: `can.edit`), or its uploader while they may upload. */
export function canRemoveModel(plan: Plan, model: Model, meId: string | null): boolean {
  return plan.can.edit || (plan.can.uploadModels && meId !== null && model.uploadedBy.id === meId);
}

export function ModelsSection({ plan, scenarios, scenarioId, viewer, onChanged }: ModelsSectionProps) {
  const { t } = useTranslation();
  const { me } = useSession();
  const meId = me?.id ?? null;
  const { models, loading, error, put, drop } = useModels(plan.id);
  const [inspecting, setInspecting] = useState<Model | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [chosenScale, setChosenScale] = useState<Record<string, number>>({});
  const [scaleRequest, setScaleRequest] = useState<{ value: number; n: number } | null>(null);
  const [status, setStatus] = useState<'saved' | 'deleted' | null>(null);
  const [removed, setRemoved] = useState<string | null>(null);

  const scenario = scenarios.find((s) => s.id === scenarioId) ?? null;
  const canPlace = canPlaceModels(plan) && scenario !== null;
  const model = editing ? (models.find((m) => m.id === editing.modelId) ?? null) : null;
  const placement = editing?.placementId ? (scenario?.placements.find((p) => p.id === editing.placementId) ?? null) : null;

  // Another scenario, a placement removed elsewhere, or the right to place gone: the editor closes.
  const stale = editing !== null && (!canPlace || !model || (editing.placementId !== null && !placement));
  useEffect(() => {
    if (stale) setEditing(null);
  }, [stale]);
  useEffect(() => setEditing(null), [scenarioId, plan.id]);
  useEffect(() => setRemoved(null), [plan.id]);

  const close = useCallback(() => setEditing(null), []);

  function startPlacing(m: Model, atGeoref: boolean) {
    setStatus(null);
    setRemoved(null);
    const scale = chosenScale[m.id] ?? 1;
    const g = atGeoref ? m.georef : null;
    const initial = g ? { ...g.position, heading: g.heading, scale } : null;
    setEditing((e) => ({ modelId: m.id, placementId: null, initial, n: (e?.n ?? 0) + 1 }));
  }

  function startEditing(p: Placement) {
    setStatus(null);
    setRemoved(null);
    setEditing((e) => ({ modelId: p.modelId, placementId: p.id, initial: null, n: (e?.n ?? 0) + 1 }));
  }

  // A placed model clicked in 3D (App): edit it (it stays open when it is the one being edited already).
  const clickRef = useRef<(placementId: string) => boolean>(() => false);
  clickRef.current = (placementId) => {
    const p = canPlace ? scenario?.placements.find((x) => x.id === placementId) : undefined;
    if (!p) return false;
    if (editing?.placementId !== p.id) startEditing(p);
    return true;
  };
  useEffect(() => onPlacementEditRequest((id) => clickRef.current(id)), []);

  async function removeModel(m: Model) {
    await deleteModel(plan.id, m.id);
    drop(m.id);
    setInspecting((i) => (i?.id === m.id ? null : i));
    setStatus(null);
    setRemoved(m.name);
    onChanged(); // its placements are gone (scenario:updated brings the same)
  }

  function applyScale(m: Model, scale: number) {
    setChosenScale((c) => ({ ...c, [m.id]: scale }));
    if (editing?.modelId === m.id) setScaleRequest((r) => ({ value: scale, n: (r?.n ?? 0) + 1 }));
  }

  return (
    <section className="models" aria-labelledby="models-title" data-testid="models-section">
      <h3 id="models-title">{t('models.title')}</h3>
      {plan.can.uploadModels && <UploadForm planId={plan.id} onUploaded={put} />}
      <ModelList
        models={models}
        loading={loading}
        error={error}
        canPlace={canPlace}
        chosenScale={chosenScale}
        onInspect={setInspecting}
        onPlace={startPlacing}
        onApplyScale={applyScale}
        canRemove={(m) => canRemoveModel(plan, m, meId)}
        onRemove={removeModel}
      />
      {removed && (
        <p role="status" data-testid="model-removed">
          {t('models.removed', { name: removed })}
        </p>
      )}
      {canPlaceModels(plan) && scenario === null && <p className="hint">{t('models.noScenario')}</p>}
      {status && (
        <p role="status" data-testid="placement-status">
          {t(status === 'saved' ? 'models.placement.saved' : 'models.placement.deleted')}
        </p>
      )}
      {editing && model && scenario && !stale && (
        <PlacementEditor
          key={editing.n}
          plan={plan}
          scenario={scenario}
          model={model}
          placement={placement}
          initial={editing.initial}
          startScale={chosenScale[model.id] ?? 1}
          scaleRequest={scaleRequest}
          viewer={viewer}
          onClose={close}
          onDone={(what) => {
            setEditing(null);
            setStatus(what);
            onChanged();
          }}
          onStale={onChanged}
        />
      )}
      {scenario && (
        <PlacementList
          placements={scenario.placements}
          models={models}
          canPlace={canPlace}
          editingId={editing?.placementId ?? null}
          onEdit={startEditing}
        />
      )}
      {inspecting && (
        <Suspense fallback={<p role="status">{t('models.inspector.loading')}</p>}>
          <ModelInspector model={inspecting} onClose={() => setInspecting(null)} />
        </Suspense>
      )}
    </section>
  );
}
