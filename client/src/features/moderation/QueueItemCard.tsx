/**
 * One item of the moderation queue: kind, state, why it is here (open reports with their reasons, personal-data
 * kinds, word-filter matches), the stored text fields, the author, a "show in the city" button when it has a
 * position, the reports (reason, note, reporter, time) and the decisions (ItemActions).
 *
 * Everything the item carries is resident text (or derived from it): rendered as text nodes only.
 */
import { useTranslation } from 'react-i18next';
import type { QueueItem } from '../../../../shared/index.js';
import { formatDateTime } from '../../i18n/format.js';
import type { CityViewer } from '../../viewer/types.js';
import { ItemActions } from './ItemActions.js';
import { authorName, fieldLabel, piiLabel, reportReasonLabel } from './labels.js';

const FIELD_ORDER = ['title', 'name', 'label', 'body', 'text'];

interface Props {
  item: QueueItem;
  viewer: CityViewer;
  onChanged(item: QueueItem): void;
}

export function QueueItemCard({ item, viewer, onChanged }: Props) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const fields = Object.entries(item.fields).sort(
    ([a], [b]) => (FIELD_ORDER.indexOf(a) + 1 || 99) - (FIELD_ORDER.indexOf(b) + 1 || 99),
  );
  const reasons = [...new Set(item.reports.map((r) => r.reason))];
  const matches = item.detail.matches ?? [];
  const pii = item.detail.personalData ?? [];
  const name = authorName(t, item.author);
  const headingId = `mod-item-${item.kind}-${item.id}`;

  return (
    <article
      className={`mod-item mod-item--${item.state}`}
      data-testid="queue-item"
      data-kind={item.kind}
      data-id={item.id}
      data-state={item.state}
      aria-labelledby={headingId}
    >
      <header className="mod-item__head">
        <h3 id={headingId} className="mod-item__title">
          {t('moderation.item.label', { kind: t(`moderation.kinds.${item.kind}`), name })}
        </h3>
        <span className={`mod-badge mod-badge--${item.state}`} data-testid="item-state">
          {t(`moderation.states.${item.state}`)}
        </span>
        {item.pending && <span className="mod-badge mod-badge--pending">{t(`moderation.pending.${item.pending}`)}</span>}
      </header>
      <p className="muted mod-item__meta">{t('moderation.item.posted', { time: formatDateTime(item.createdAt, lng) })}</p>

      {(item.openReports > 0 || pii.length > 0 || matches.length > 0) && (
        <div className="mod-item__why">
          <h4>{t('moderation.item.why')}</h4>
          <ul>
            {item.openReports > 0 && (
              <li>
                {t('moderation.item.reportsCount', { count: item.openReports })}
                {reasons.length > 0 && ` (${reasons.map((r) => reportReasonLabel(t, r)).join(', ')})`}
              </li>
            )}
            {pii.length > 0 && <li>{t('moderation.item.personalData', { kinds: pii.map((k) => piiLabel(t, k)).join(', ') })}</li>}
            {matches.map((m, i) => (
              <li key={i}>
                {t('moderation.item.filterMatch', { pattern: m.pattern, action: t(`moderation.filters.actions.${m.action}`) })}
                <mark className={`mod-mark mod-mark--${m.action}`}>{m.match}</mark>
              </li>
            ))}
          </ul>
        </div>
      )}

      <dl className="mod-item__fields">
        {fields.map(([key, value]) => (
          <div key={key} className="mod-item__field">
            <dt>{fieldLabel(t, key)}</dt>
            <dd className="mod-text" data-field={key}>
              {value === '' ? <span className="muted">{t('moderation.item.empty')}</span> : value}
            </dd>
          </div>
        ))}
      </dl>

      {item.position && (
        <button type="button" className="btn btn--small btn--link" onClick={() => item.position && viewer.flyTo(item.position)}>
          {t('moderation.item.showInCity')}
        </button>
      )}

      <details className="mod-item__reports" open={item.reports.length > 0 && item.reports.length <= 5}>
        <summary>
          {t('moderation.item.reports')} ({item.reports.length})
        </summary>
        {item.reports.length === 0 ? (
          <p className="muted">{t('moderation.item.noReports')}</p>
        ) : (
          <ul data-testid="item-reports">
            {item.reports.map((r) => (
              <li key={r.id}>
                <span>
                  {t('moderation.item.reportBy', {
                    reason: reportReasonLabel(t, r.reason),
                    name: authorName(t, r.reporter),
                    time: formatDateTime(r.createdAt, lng),
                  })}
                </span>
                {r.note && (
                  <span className="mod-text mod-item__note">
                    {t('moderation.item.note')}
                    {r.note}
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </details>

      <ItemActions key={`${item.state}`} item={item} onChanged={onChanged} />
    </article>
  );
}
