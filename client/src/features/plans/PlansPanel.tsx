/**
 * The "Plannen" tab: the list of plans (and, for planners and admins, "new plan"), or the open plan's page.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../../shared/index.js';
import type { BuildingPick, CityViewer } from '../../viewer/types.js';
import { PlanForm } from './PlanForm.js';
import { PlanList } from './PlanList.js';
import { PlanPage } from './PlanPage.js';
import type { PlanViewApi } from './usePlanView.js';
import './plans.css';

interface Props {
  planView: PlanViewApi;
  viewer: CityViewer;
  me: Me | null;
  building: BuildingPick | null;
}

/** Whether this account may create plans (the server checks again). */
export function canCreatePlans(me: Me | null): boolean {
  return me?.role === 'planner' || me?.role === 'admin';
}

export function PlansPanel({ planView, viewer, me, building }: Props) {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);

  if (planView.state.planId) {
    return <PlanPage planView={planView} viewer={viewer} building={building} onBack={planView.close} />;
  }

  if (creating && canCreatePlans(me)) {
    return (
      <PlanForm
        viewer={viewer}
        plan={null}
        onDone={(plan) => {
          setCreating(false);
          planView.gotPlan(plan);
          planView.open(plan.id);
        }}
        onCancel={() => {
          setCreating(false);
          viewer.setPlanArea(null);
        }}
      />
    );
  }

  return (
    <div className="plans">
      <div className="plans__head">
        <h3>{t('plans.title')}</h3>
        {canCreatePlans(me) && (
          <button type="button" className="btn btn--primary btn--small" onClick={() => setCreating(true)}>
            {t('plans.new')}
          </button>
        )}
      </div>
      <PlanList
        plans={planView.plans}
        status={planView.plansStatus}
        error={planView.plansError}
        onOpen={(p) => planView.open(p.id)}
        onRetry={planView.reloadPlans}
      />
    </div>
  );
}
