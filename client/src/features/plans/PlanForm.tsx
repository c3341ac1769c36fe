/**
 * Create a plan (POST /plans, planners and admins) or edit one (PATCH /plans/:id with the version the editor saw):
 * title, summary (plain text, paragraphs and links), area, home view, phases. Server errors are shown in place:
 * field errors next to their fields, a version conflict with a reload button.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PLAN_LIMITS, codePointLength, type CameraView, type Plan, type PlanArea } from '../../../../shared/index.js';
import { createPlan, updatePlan } from '../../api/plans.js';
import { useSubmit } from '../../ui/useSubmit.js';
import type { CityViewer } from '../../viewer/types.js';
import { AreaField } from './AreaField.js';
import { HomeViewField } from './HomeViewField.js';
import { PhasesEditor, phaseDrafts, phasesForWire, type PhaseDraft } from './PhasesEditor.js';
import { FieldErrors, PlanError } from './PlanError.js';
import { withoutEditedFields } from './staleErrors.js';

interface Props {
  viewer: CityViewer;
  /** The plan to edit; null creates a new one. */
  plan: Plan | null;
  onDone(plan: Plan): void;
  onCancel(): void;
  /** Reload the plan after a version conflict. */
  onReload?(): void;
}

/**
 * The form keeps the plan as it was when editing began (its `version` goes into the PATCH, so a change made by
 * someone else meanwhile answers `version_conflict`); "reload" starts again from the current plan.
 */
export function PlanForm(props: Props) {
  const [gen, setGen] = useState(0);
  return (
    <PlanFormFields
      key={gen}
      {...props}
      onReload={() => {
        props.onReload?.();
        setGen((g) => g + 1);
      }}
    />
  );
}

function PlanFormFields({ viewer, plan: current, onDone, onCancel, onReload }: Props) {
  const { t } = useTranslation();
  const [plan] = useState(current);
  const id = useId();
  const [title, setTitle] = useState(plan?.title ?? '');
  const [summary, setSummary] = useState(plan?.summary ?? '');
  const [area, setArea] = useState<PlanArea | null>(plan?.area ?? null);
  const [homeView, setHomeView] = useState<CameraView | null>(plan?.homeView ?? null);
  const [phases, setPhases] = useState<PhaseDraft[]>(() => phaseDrafts(plan));
  const [tried, setTried] = useState(false);

  const summaryCount = codePointLength(summary);
  const summaryTooLong = summaryCount > PLAN_LIMITS.summary.max;

  const { busy, error: lastError, submit } = useSubmit(
    async () => {
      const wirePhases = phasesForWire(phases)!;
      const saved = plan
        ? await updatePlan(plan.id, { version: plan.version, title, summary, area: area!, homeView, phases: wirePhases })
        : await createPlan({ title, summary, area: area!, homeView, phases: wirePhases });
      onDone(saved);
    },
    () => {
      setTried(true);
      return title.trim() !== '' && area !== null && !summaryTooLong && phasesForWire(phases) !== null;
    },
  );

  // The area changed after the server refused the last one: its message no longer applies (staleErrors.ts).
  const [areaChangedAfter, setAreaChangedAfter] = useState<unknown>(null);
  const error = lastError && areaChangedAfter === lastError ? withoutEditedFields(lastError, ['area']) : lastError;
  const changeArea = (a: PlanArea) => {
    setArea(a);
    setAreaChangedAfter(lastError);
  };

  return (
    <form className="form plan-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{plan ? t('plans.form.editTitle') : t('plans.form.createTitle')}</h3>
      <label className="field" htmlFor={`${id}-name`}>
        <span>{t('plans.form.title')}</span>
        <input
          id={`${id}-name`}
          type="text"
          value={title}
          maxLength={PLAN_LIMITS.title.max}
          required
          aria-invalid={tried && title.trim() === ''}
          onChange={(e) => setTitle(e.target.value)}
        />
      </label>
      <FieldErrors error={error} path="title" extra={tried && title.trim() === '' ? t('plans.form.titleRequired') : null} />

      <label className="field" htmlFor={`${id}-summary`}>
        <span>{t('plans.form.summary')}</span>
        <small>{t('plans.form.summaryHint')}</small>
        <textarea id={`${id}-summary`} rows={6} value={summary} aria-invalid={summaryTooLong} onChange={(e) => setSummary(e.target.value)} />
      </label>
      <p className={`compose__count${summaryTooLong ? ' compose__count--over' : ''}`} aria-live="polite">
        {t('compose.counter', { count: summaryCount, max: PLAN_LIMITS.summary.max })}
      </p>
      <FieldErrors error={error} path="summary" />

      <AreaField viewer={viewer} area={area} onChange={changeArea} error={error} showRequired={tried} />
      <HomeViewField viewer={viewer} value={homeView} onChange={setHomeView} error={error} />
      <PhasesEditor phases={phases} onChange={setPhases} error={error} showProblems={tried} />

      <PlanError error={error} onReload={onReload} shown={['title', 'summary', 'area', 'homeView', 'phases']} />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? t('plans.saving') : plan ? t('plans.form.save') : t('plans.form.create')}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          {t('compose.cancel')}
        </button>
      </div>
    </form>
  );
}
