/**
 * A plan's status, its current phase with dates (Europe/Amsterdam, i18n/format.ts), what residents may do now, and
 * optionally all phases. Text only.
 */
import { useTranslation } from 'react-i18next';
import type { Plan } from '../../../../shared/index.js';
import { formatDateTime } from '../../i18n/format.js';

export function StatusBadge({ status }: { status: Plan['status'] }) {
  const { t } = useTranslation();
  return <span className={`badge badge--status badge--${status}`}>{t(`plans.status.${status}`)}</span>;
}

/** "name: start – end" of the plan's current phase, or "no current phase". */
export function CurrentPhase({ plan }: { plan: Plan }) {
  const { t, i18n } = useTranslation();
  const phase = plan.currentPhase !== null ? plan.phases[plan.currentPhase] : undefined;
  if (!phase) return <span className="muted">{t('plans.noCurrentPhase')}</span>;
  return (
    <span>
      {t('plans.phaseNow', {
        name: phase.name,
        start: formatDateTime(phase.startsAt, i18n.language),
        end: formatDateTime(phase.endsAt, i18n.language),
      })}
    </span>
  );
}

export function PhaseInfo({ plan }: { plan: Plan }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <div className="phase-info">
      <p>
        <CurrentPhase plan={plan} />
      </p>
      <h4>{t('plans.mayNow')}</h4>
      {plan.allows.length === 0 ? (
        <p className="muted">{plan.status === 'closed' || plan.status === 'archived' ? t('plans.readOnly') : t('plans.onlyLook')}</p>
      ) : (
        <ul className="phase-info__allows">
          {plan.allows.map((a) => (
            <li key={a}>{t(`plans.allowsNow.${a}`)}</li>
          ))}
        </ul>
      )}
      {plan.phases.length > 0 && (
        <details className="phase-info__all">
          <summary>{t('plans.allPhases', { count: plan.phases.length })}</summary>
          <ol>
            {plan.phases.map((p, i) => (
              <li key={i} aria-current={i === plan.currentPhase ? 'step' : undefined}>
                <strong>{p.name}</strong>{' '}
                {t('plans.period', { start: formatDateTime(p.startsAt, lng), end: formatDateTime(p.endsAt, lng) })}
                {p.allows.length > 0 && (
                  <>
                    {' · '}
                    {p.allows.map((a) => t(`plans.allows.${a}`)).join(', ')}
                  </>
                )}
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}
