/** The plans the viewer may see: title, status and current phase; each opens the plan page. */
import { useTranslation } from 'react-i18next';
import type { Plan } from '../../../../shared/index.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { CurrentPhase, StatusBadge } from './PhaseInfo.js';

interface Props {
  plans: Plan[];
  status: 'loading' | 'idle' | 'error';
  error: unknown;
  onOpen(plan: Plan): void;
  onRetry(): void;
}

export function PlanList({ plans, status, error, onOpen, onRetry }: Props) {
  const { t } = useTranslation();
  if (status === 'error') {
    return (
      <div>
        <ErrorText error={error} />
        <button type="button" className="btn btn--small" onClick={onRetry}>
          {t('plans.retry')}
        </button>
      </div>
    );
  }
  if (status === 'loading' && plans.length === 0) return <p className="muted" role="status">{t('plans.loading')}</p>;
  if (plans.length === 0) return <p className="muted">{t('plans.none')}</p>;
  return (
    <ul className="plan-list" aria-label={t('plans.listLabel')}>
      {plans.map((p) => (
        <li key={p.id}>
          <button type="button" className="plan-card" onClick={() => onOpen(p)}>
            <span className="plan-card__title">{p.title}</span>
            <span className="plan-card__meta">
              <StatusBadge status={p.status} /> <CurrentPhase plan={p} />
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
