/**
 * The moderation queue (Wachtrij): a status and kind filter, the items (QueueItemCard) newest update first,
 * live through useQueue, "meer laden" for the next page.
 */
import { useTranslation } from 'react-i18next';
import { CONTENT_KINDS, type ContentKind } from '../../../../shared/index.js';
import type { QueueStatus } from '../../api/moderation.js';
import { ErrorText } from '../../ui/ErrorText.js';
import type { CityViewer } from '../../viewer/types.js';
import { QueueItemCard } from './QueueItemCard.js';
import { itemKey, type QueueApi } from './useQueue.js';

const STATUSES: QueueStatus[] = ['pending', 'held', 'hidden', 'removed', 'all'];

export function QueuePanel({ queue, viewer }: { queue: QueueApi; viewer: CityViewer }) {
  const { t } = useTranslation();
  const { filter } = queue;
  return (
    <section className="mod-section" data-testid="moderation-queue" aria-label={t('moderation.sections.queue')}>
      <div className="mod-filter">
        <label className="field">
          {t('moderation.queue.status')}
          <select value={filter.status} onChange={(e) => queue.setFilter({ ...filter, status: e.target.value as QueueStatus })}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`moderation.queue.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('moderation.queue.kind')}
          <select value={filter.kind} onChange={(e) => queue.setFilter({ ...filter, kind: e.target.value as ContentKind | '' })}>
            <option value="">{t('moderation.queue.allKinds')}</option>
            {CONTENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`moderation.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn--small" onClick={queue.refresh}>
          {t('moderation.queue.refresh')}
        </button>
      </div>
      {!queue.live && <p className="muted" role="status">{t('moderation.queue.notLive')}</p>}
      <ErrorText error={queue.error} />
      {queue.loading && queue.items.length === 0 && <p role="status">{t('moderation.queue.loading')}</p>}
      {!queue.loading && !queue.error && queue.items.length === 0 && <p className="muted">{t('moderation.queue.empty')}</p>}
      <ol className="mod-list" data-testid="queue-items">
        {queue.items.map((item) => (
          <li key={itemKey(item)}>
            <QueueItemCard item={item} viewer={viewer} onChanged={queue.replace} />
          </li>
        ))}
      </ol>
      {queue.nextCursor && (
        <button type="button" className="btn btn--block" disabled={queue.loading} onClick={queue.loadMore}>
          {t('moderation.queue.more')}
        </button>
      )}
    </section>
  );
}
