/** Planner tools: the plan's scenarios (ScenarioEditor each) and a form to add one (POST /plans/:id/scenarios). */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PLAN_LIMITS, type Scenario } from '../../../../shared/index.js';
import { createScenario } from '../../api/plans.js';
import { useSubmit } from '../../ui/useSubmit.js';
import type { BuildingPick } from '../../viewer/types.js';
import { FieldErrors, PlanError } from './PlanError.js';
import { ScenarioEditor } from './ScenarioEditor.js';

interface Props {
  planId: string;
  scenarios: Scenario[];
  building: BuildingPick | null;
  onSaved(s: Scenario): void;
  onDeleted(id: string): void;
  onReload(): void;
  /** A new scenario was made: show it. */
  onCreated(s: Scenario): void;
}

export function ScenariosSection(p: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useSubmit(
    async () => {
      const s = await createScenario(p.planId, { name, description });
      setName('');
      setDescription('');
      p.onSaved(s);
      p.onCreated(s);
    },
    () => name.trim() !== '',
  );

  return (
    <div className="scenarios-section">
      {p.scenarios.length === 0 && <p className="muted">{t('plans.scenario.none')}</p>}
      {p.scenarios.map((s) => (
        <ScenarioEditor
          key={`${s.id}:${s.version}`}
          planId={p.planId}
          scenario={s}
          building={p.building}
          onSaved={p.onSaved}
          onDeleted={p.onDeleted}
          onReload={p.onReload}
        />
      ))}
      {p.scenarios.length < PLAN_LIMITS.scenarios.max && (
        <form className="form card" onSubmit={create.submit} aria-labelledby={`${id}-h`}>
          <h4 id={`${id}-h`}>{t('plans.scenario.new')}</h4>
          <label className="field" htmlFor={`${id}-name`}>
            <span>{t('plans.scenario.name')}</span>
            <input id={`${id}-name`} type="text" value={name} maxLength={PLAN_LIMITS.scenarioName.max} required onChange={(e) => setName(e.target.value)} />
          </label>
          <FieldErrors error={create.error} path="name" />
          <label className="field" htmlFor={`${id}-desc`}>
            <span>{t('plans.scenario.description')}</span>
            <textarea id={`${id}-desc`} rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
          </label>
          <FieldErrors error={create.error} path="description" />
          <PlanError error={create.error} shown={['name', 'description']} />
          <div className="form__actions">
            <button type="submit" className="btn btn--primary" disabled={create.busy || name.trim() === ''}>
              {t('plans.scenario.create')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
