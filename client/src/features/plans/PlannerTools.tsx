/**
 * The planner's tools on a plan page (shown when `plan.can.edit`): edit the plan, change its status, manage
 * scenarios, invite partners, read the history. Each section is a disclosure whose content mounts when opened.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Plan, Scenario } from '../../../../shared/index.js';
import type { BuildingPick, CityViewer } from '../../viewer/types.js';
import { outerRing } from './areaFile.js';
import { HistorySection } from './HistorySection.js';
import { PartnersSection } from './PartnersSection.js';
import { PlanForm } from './PlanForm.js';
import { ScenariosSection } from './ScenariosSection.js';
import { StatusActions } from './StatusActions.js';

function Disclosure({ title, children, open, onToggle }: { title: string; children: ReactNode; open: boolean; onToggle(open: boolean): void }) {
  return (
    <details className="disclosure" open={open} onToggle={(e) => onToggle((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{title}</summary>
      {open && <div className="disclosure__body">{children}</div>}
    </details>
  );
}

type Section = 'edit' | 'status' | 'scenarios' | 'partners' | 'history';

interface Props {
  viewer: CityViewer;
  plan: Plan;
  scenarios: Scenario[];
  building: BuildingPick | null;
  onPlan(plan: Plan): void;
  onScenario(s: Scenario): void;
  onScenarioDeleted(id: string): void;
  onShowScenario(id: string): void;
  onReload(): void;
}

export function PlannerTools(p: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Record<Section, boolean>>({ edit: false, status: false, scenarios: true, partners: false, history: false });
  const toggle = (s: Section) => (v: boolean) => {
    setOpen((o) => (o[s] === v ? o : { ...o, [s]: v }));
    // Leaving the editor puts the stored area back in the view (the form shows the area being edited).
    if (s === 'edit' && !v) p.viewer.setPlanArea(outerRing(p.plan.area));
  };

  return (
    <section className="planner-tools" aria-label={t('plans.tools.title')}>
      <h3>{t('plans.tools.title')}</h3>
      <Disclosure title={t('plans.tools.edit')} open={open.edit} onToggle={toggle('edit')}>
        <PlanForm
          viewer={p.viewer}
          plan={p.plan}
          onDone={(plan) => {
            p.onPlan(plan);
            toggle('edit')(false);
          }}
          onCancel={() => toggle('edit')(false)}
          onReload={p.onReload}
        />
      </Disclosure>
      <Disclosure title={t('plans.tools.status')} open={open.status} onToggle={toggle('status')}>
        <StatusActions plan={p.plan} onChanged={p.onPlan} onReload={p.onReload} />
      </Disclosure>
      <Disclosure title={t('plans.tools.scenarios')} open={open.scenarios} onToggle={toggle('scenarios')}>
        <ScenariosSection
          planId={p.plan.id}
          scenarios={p.scenarios}
          building={p.building}
          onSaved={p.onScenario}
          onDeleted={p.onScenarioDeleted}
          onReload={p.onReload}
          onCreated={(s) => p.onShowScenario(s.id)}
        />
      </Disclosure>
      <Disclosure title={t('plans.tools.partners')} open={open.partners} onToggle={toggle('partners')}>
        <PartnersSection planId={p.plan.id} />
      </Disclosure>
      <Disclosure title={t('plans.tools.history')} open={open.history} onToggle={toggle('history')}>
        <HistorySection planId={p.plan.id} version={p.plan.version} planTitle={p.plan.title} scenarios={p.scenarios} />
      </Disclosure>
    </section>
  );
}
