/**
 * Planner tools for one scenario: rename and describe it, replace the building selected in the 3D view
 * (App's BuildingPick → {tilesetId, featureId: buildingId}), list and remove replaced buildings, replace every
 * building in the plan area (replaceArea), and delete the scenario. Every change is a PATCH with the version seen.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PLAN_LIMITS, type ReplacedBuilding, type Scenario, type UpdateScenarioBody } from '../../../../shared/index.js';
import { deleteScenario, updateScenario } from '../../api/plans.js';
import { useSubmit } from '../../ui/useSubmit.js';
import type { BuildingPick } from '../../viewer/types.js';
import { FieldErrors, PlanError } from './PlanError.js';

interface Props {
  planId: string;
  scenario: Scenario;
  building: BuildingPick | null;
  onSaved(s: Scenario): void;
  onDeleted(id: string): void;
  onReload(): void;
}

const sameBuilding = (a: ReplacedBuilding, b: ReplacedBuilding) => a.tilesetId === b.tilesetId && a.featureId === b.featureId;

export function ScenarioEditor({ planId, scenario, building, onSaved, onDeleted, onReload }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState(scenario.name);
  const [description, setDescription] = useState(scenario.description);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  async function patch(body: Omit<UpdateScenarioBody, 'version'>) {
    setBusy(true);
    setError(null);
    try {
      onSaved(await updateScenario(planId, scenario.id, { version: scenario.version, ...body }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const texts = useSubmit(() => patch({ name, description }), () => name.trim() !== '');

  const picked: ReplacedBuilding | null = building?.buildingId ? { tilesetId: building.tilesetId, featureId: building.buildingId } : null;
  const alreadyReplaced = !!picked && scenario.replaced.some((b) => sameBuilding(b, picked));

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await deleteScenario(planId, scenario.id);
      onDeleted(scenario.id);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <section className="card scenario-editor" aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>{scenario.name}</h4>
      <form className="form" onSubmit={texts.submit}>
        <label className="field" htmlFor={`${id}-name`}>
          <span>{t('plans.scenario.name')}</span>
          <input id={`${id}-name`} type="text" value={name} maxLength={PLAN_LIMITS.scenarioName.max} required onChange={(e) => setName(e.target.value)} />
        </label>
        <FieldErrors error={error} path="name" />
        <label className="field" htmlFor={`${id}-desc`}>
          <span>{t('plans.scenario.description')}</span>
          <textarea id={`${id}-desc`} rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <FieldErrors error={error} path="description" />
        <div className="form__actions">
          <button type="submit" className="btn" disabled={busy || (name === scenario.name && description === scenario.description)}>
            {t('plans.scenario.saveTexts')}
          </button>
        </div>
      </form>

      <label className="check">
        <input type="checkbox" checked={scenario.replaceArea} disabled={busy} onChange={(e) => void patch({ replaceArea: e.target.checked })} />
        <span>{t('plans.scenario.replaceArea')}</span>
      </label>

      <h5>{t('plans.scenario.replaced')}</h5>
      <div className="form__actions">
        <button
          type="button"
          className="btn btn--small"
          disabled={busy || !picked || alreadyReplaced}
          onClick={() => picked && void patch({ replaced: [...scenario.replaced, picked] })}
        >
          {t('plans.scenario.replaceSelected')}
        </button>
      </div>
      <p className="muted">
        <small>
          {picked
            ? alreadyReplaced
              ? t('plans.scenario.selectedAlready', { id: picked.featureId })
              : t('plans.scenario.selected', { id: picked.featureId })
            : t('plans.scenario.noneSelected')}
        </small>
      </p>
      {scenario.replaced.length === 0 ? (
        <p className="muted">{t('plans.scenario.noReplaced')}</p>
      ) : (
        <ul className="replaced-list" aria-label={t('plans.scenario.replaced')}>
          {scenario.replaced.map((b) => (
            <li key={`${b.tilesetId}/${b.featureId}`}>
              <span className="building__id">{b.featureId}</span> <small className="muted">({b.tilesetId})</small>{' '}
              <button
                type="button"
                className="btn btn--small"
                disabled={busy}
                aria-label={t('plans.scenario.unreplace', { id: b.featureId })}
                onClick={() => void patch({ replaced: scenario.replaced.filter((x) => !sameBuilding(x, b)) })}
              >
                {t('plans.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}

      <PlanError error={error ?? texts.error} onReload={onReload} shown={['name', 'description']} />
      <div className="form__actions">
        {confirmDelete ? (
          <>
            <button type="button" className="btn btn--danger" disabled={busy} onClick={() => void remove()}>
              {t('plans.scenario.confirmDelete', { name: scenario.name })}
            </button>
            <button type="button" className="btn" onClick={() => setConfirmDelete(false)}>
              {t('compose.cancel')}
            </button>
          </>
        ) : (
          <button type="button" className="btn" disabled={busy} onClick={() => setConfirmDelete(true)}>
            {t('plans.scenario.delete')}
          </button>
        )}
      </div>
    </section>
  );
}
