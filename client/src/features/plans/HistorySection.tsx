/** Planner tools: who changed what in the plan and when (GET /plans/:id/history, newest first, paged). */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PLAN_STATUSES, type PlanChange, type PlanStatus } from '../../../../shared/index.js';
import { planHistory } from '../../api/plans.js';
import { formatDateTime } from '../../i18n/format.js';
import { ErrorText } from '../../ui/ErrorText.js';

/** A short name of what changed, from the change's before/after (name or title when present). */
function subject(c: PlanChange, statusName: (s: string) => string): string {
  if (c.action === 'status_changed') {
    const status = (x: unknown) => (x && typeof x === 'object' ? (x as { status?: unknown }).status : undefined);
    const before = status(c.before);
    const after = status(c.after);
    if (typeof after === 'string') return typeof before === 'string' ? `(${statusName(before)} → ${statusName(after)})` : `(${statusName(after)})`;
  }
  for (const x of [c.after, c.before]) {
    if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      for (const k of ['name', 'title', 'displayName']) if (typeof o[k] === 'string') return o[k] as string;
    }
  }
  return '';
}

export function HistorySection({ planId, version }: { planId: string; version: number }) {
  const { t, i18n } = useTranslation();
  const [changes, setChanges] = useState<PlanChange[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<'loading' | 'idle' | 'error'>('loading');
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(
    (from: string | null) => {
      setStatus('loading');
      planHistory(planId, from)
        .then((page) => {
          setChanges((list) => (from ? [...list, ...page.changes.filter((c) => !list.some((x) => x.id === c.id))] : page.changes));
          setCursor(page.nextCursor);
          setStatus('idle');
        })
        .catch((e: unknown) => {
          setError(e);
          setStatus('error');
        });
    },
    [planId],
  );

  // First page, again when the plan changes (its version moves).
  useEffect(() => load(null), [load, version]);

  return (
    <div className="history">
      {status === 'error' && <ErrorText error={error} />}
      {changes.length === 0 && status === 'idle' && <p className="muted">{t('plans.history.none')}</p>}
      <ol className="history__list" aria-label={t('plans.history.listLabel')}>
        {changes.map((c) => (
          <li key={c.id}>
            <time dateTime={c.at}>{formatDateTime(c.at, i18n.language)}</time>{' '}
            {t('plans.history.line', {
              actor: c.actor.displayName,
              action: t(`plans.history.action.${c.action}`),
              entity: t(`plans.history.entity.${c.entity}`),
              subject: subject(c, (st) => (PLAN_STATUSES.includes(st as PlanStatus) ? t(`plans.status.${st as PlanStatus}`) : st)),
            })}
          </li>
        ))}
      </ol>
      {status === 'loading' && <p className="muted" role="status">{t('plans.loading')}</p>}
      {cursor && status === 'idle' && (
        <button type="button" className="btn btn--small" onClick={() => load(cursor)}>
          {t('plans.history.more')}
        </button>
      )}
    </div>
  );
}
