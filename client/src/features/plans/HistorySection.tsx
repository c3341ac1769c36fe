/**
 * Planner tools: who changed what in the plan and when (GET /plans/:id/history, newest first, paged): each entry
 * names what changed (historyDiff.ts: the name in the change, else the current name the page knows) and lists the
 * changed fields as "field: before → after", in text only.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { PLAN_STATUSES, type PlanChange, type PlanStatus, type Scenario } from '../../../../shared/index.js';
import { planHistory } from '../../api/plans.js';
import { formatDateTime } from '../../i18n/format.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { summariseChange, type FieldChange, type ShownValue } from './historyDiff.js';

/** A shown value in words (historyDiff.ts ShownValue). */
function valueText(t: TFunction, v: ShownValue): string {
  switch (v.kind) {
    case 'text':
      return v.text;
    case 'empty':
      return t('plans.history.empty');
    case 'bool':
      return v.value ? t('plans.history.yes') : t('plans.history.no');
    case 'status':
      return PLAN_STATUSES.includes(v.status as PlanStatus) ? t(`plans.status.${v.status as PlanStatus}`) : v.status;
    case 'vertices':
      return t('plans.history.vertices', { count: v.count });
    case 'buildings':
      return t('plans.history.buildings', { count: v.count });
    case 'view':
      return t('plans.history.view', { lon: v.lon, lat: v.lat, height: v.height });
  }
}

const FIELD_NAMES = [
  'title', 'summary', 'area', 'homeView', 'phases', 'status', 'name', 'description', 'replaced', 'replaceArea',
  'lon', 'lat', 'height', 'heading', 'pitch', 'roll', 'scale',
] as const;
type KnownField = (typeof FIELD_NAMES)[number];

/** "field: before → after", plus the building ids added and removed for a replaced-buildings list. */
function fieldText(t: TFunction, f: FieldChange): string {
  const field = (FIELD_NAMES as readonly string[]).includes(f.field) ? t(`plans.history.field.${f.field as KnownField}`) : f.field;
  let line = t('plans.history.fieldChange', { field, before: valueText(t, f.before), after: valueText(t, f.after) });
  const ids = (list: string[], more: number) => (more > 0 ? t('plans.history.moreIds', { ids: list.join(', '), count: more }) : list.join(', '));
  if (f.added?.length) line += `; ${t('plans.history.added', { ids: ids(f.added, f.moreAdded ?? 0) })}`;
  if (f.removed?.length) line += `; ${t('plans.history.removed', { ids: ids(f.removed, f.moreRemoved ?? 0) })}`;
  return line;
}

interface Props {
  planId: string;
  version: number;
  /** The plan's current title and scenarios: names for changes that do not carry one (an update that did not rename). */
  planTitle?: string;
  scenarios?: Scenario[];
}

export function HistorySection({ planId, version, planTitle, scenarios = [] }: Props) {
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

  const nameOf = (entity: string, id: string): string | null =>
    entity === 'plan' ? (planTitle ?? null) : entity === 'scenario' ? (scenarios.find((x) => x.id === id)?.name ?? null) : null;

  // First page, again when the plan changes (its version moves).
  useEffect(() => load(null), [load, version]);

  return (
    <div className="history">
      {status === 'error' && <ErrorText error={error} />}
      {changes.length === 0 && status === 'idle' && <p className="muted">{t('plans.history.none')}</p>}
      <ol className="history__list" aria-label={t('plans.history.listLabel')}>
        {changes.map((c) => {
          const { name, fields } = summariseChange(c, i18n.language, nameOf);
          return (
            <li key={c.id}>
              <time dateTime={c.at}>{formatDateTime(c.at, i18n.language)}</time>{' '}
              {t('plans.history.line', {
                actor: c.actor.displayName,
                action: t(`plans.history.action.${c.action}`),
                entity: t(`plans.history.entity.${c.entity}`),
                subject: name ? t('plans.history.named', { name }) : '',
              })}
              {fields.length > 0 && (
                <ul className="history__fields" aria-label={t('plans.history.fieldsLabel')}>
                  {fields.map((f) => (
                    <li key={f.field}>{fieldText(t, f)}</li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
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
