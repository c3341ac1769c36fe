/** Status buttons for planners: the transitions PLAN_TRANSITIONS allows from the current status (PATCH {status}). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PLAN_TRANSITIONS, type Plan, type PlanStatus } from '../../../../shared/index.js';
import { updatePlan } from '../../api/plans.js';
import { PlanError } from './PlanError.js';

interface Props {
  plan: Plan;
  onChanged(plan: Plan): void;
  onReload(): void;
}

export function StatusActions({ plan, onChanged, onReload }: Props) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<PlanStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const next = PLAN_TRANSITIONS[plan.status];

  async function change(status: PlanStatus) {
    setBusy(status);
    setError(null);
    try {
      onChanged(await updatePlan(plan.id, { version: plan.version, status }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="status-actions">
      <p>{t('plans.statusNow', { status: t(`plans.status.${plan.status}`) })}</p>
      {next.length === 0 ? (
        <p className="muted">{t('plans.noTransitions')}</p>
      ) : (
        <div className="form__actions">
          {next.map((s) => (
            <button key={s} type="button" className="btn" disabled={busy !== null} onClick={() => void change(s)}>
              {plan.status === 'closed' && s === 'published' ? t('plans.transition.reopen') : t(`plans.transition.${s}`)}
            </button>
          ))}
        </div>
      )}
      <PlanError error={error} onReload={onReload} />
    </div>
  );
}
