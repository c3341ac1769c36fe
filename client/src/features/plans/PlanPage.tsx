/**
 * One plan: title, status, phase and dates, what residents may do now, the summary (text and links), the scenario
 * switcher with comparison, partner models (ModelsSection, for partners and planners) and the planner's tools.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ModelsSection } from '../models/ModelsSection.js';
import { PollsSection } from '../polls/PollsSection.js';
import { FollowPlanButton } from '../threads/FollowPlanButton.js';
import { ErrorText } from '../../ui/ErrorText.js';
import type { BuildingPick, CityViewer } from '../../viewer/types.js';
import { OpenDataSection } from './OpenDataSection.js';
import { PhaseInfo, StatusBadge } from './PhaseInfo.js';
import { PlannerTools } from './PlannerTools.js';
import { ScenarioSwitcher } from './ScenarioSwitcher.js';
import { SummaryText } from './SummaryText.js';
import type { PlanViewApi } from './usePlanView.js';

interface Props {
  planView: PlanViewApi;
  viewer: CityViewer;
  building: BuildingPick | null;
  onBack(): void;
}

export function PlanPage({ planView, viewer, building, onBack }: Props) {
  const { t } = useTranslation();
  const { state } = planView;
  const { plan } = state;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const loadedId = plan?.id ?? null;

  // Focus the title when a plan opens, so keyboard and screen reader users land on it.
  useEffect(() => {
    if (loadedId) headingRef.current?.focus({ preventScroll: false });
  }, [loadedId]);

  const back = (
    <button type="button" className="btn btn--link" onClick={onBack}>
      {t('plans.back')}
    </button>
  );

  if (!plan) {
    return (
      <div className="plan-page">
        {back}
        {state.status === 'error' ? (
          <>
            <ErrorText error={state.error} />
            <button type="button" className="btn btn--small" onClick={planView.reload}>
              {t('plans.retry')}
            </button>
          </>
        ) : (
          <p className="muted" role="status">
            {t('plans.loadingPlan')}
          </p>
        )}
      </div>
    );
  }

  return (
    <article className="plan-page" aria-labelledby="plan-page-title">
      {back}
      <header className="plan-page__head">
        <h2 id="plan-page-title" ref={headingRef} tabIndex={-1}>
          {plan.title}
        </h2>
        <StatusBadge status={plan.status} />
      </header>
      {state.status === 'error' && <ErrorText error={state.error} />}
      <PhaseInfo plan={plan} />
      <SummaryText text={plan.summary} className="plan-page__summary" />
      <div className="form__actions">
        <button type="button" className="btn" onClick={planView.flyToPlan}>
          {t('plans.flyTo')}
        </button>
      </div>
      <FollowPlanButton planId={plan.id} />

      <ScenarioSwitcher
        scenarios={state.scenarios}
        scenarioId={state.scenarioId}
        compareId={state.compareId}
        split={state.split}
        onShow={planView.show}
        onCompare={planView.compare}
        onSplit={planView.setSplit}
      />

      <PollsSection plan={plan} scenarios={state.scenarios} onShowScenario={planView.show} />

      <OpenDataSection planId={plan.id} />

      {(plan.can.uploadModels || plan.can.edit) && (
        <ModelsSection plan={plan} scenarios={state.scenarios} scenarioId={state.scenarioId} viewer={viewer} onChanged={planView.reload} />
      )}

      {plan.can.edit && (
        <PlannerTools
          viewer={viewer}
          plan={plan}
          scenarios={state.scenarios}
          building={building}
          onPlan={planView.gotPlan}
          onScenario={planView.gotScenario}
          onScenarioDeleted={planView.scenarioDeleted}
          onShowScenario={planView.show}
          onReload={planView.reload}
        />
      )}
    </article>
  );
}
