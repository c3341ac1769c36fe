/** The models placed in one scenario: model name, where (lat, lon, height), and "edit" for those who may place. */
import { useTranslation } from 'react-i18next';
import type { Model, Placement } from '../../../../shared/index.js';
import { formatNumber } from '../../i18n/format.js';

interface Props {
  placements: Placement[];
  models: Model[];
  canPlace: boolean;
  /** The placement being edited now (marked in the list), or null. */
  editingId: string | null;
  onEdit(placement: Placement): void;
}

export function PlacementList({ placements, models, canPlace, editingId, onEdit }: Props) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <section className="models__placements" aria-labelledby="models-placements-title">
      <h4 id="models-placements-title">{t('models.placements.title')}</h4>
      {placements.length === 0 ? (
        <p className="muted">{t('models.placements.empty')}</p>
      ) : (
        <ul data-testid="placement-list">
          {placements.map((p) => {
            const name = models.find((m) => m.id === p.modelId)?.name ?? t('models.placements.unknownModel');
            return (
              <li key={p.id} data-testid="placement-item" data-placement-id={p.id} aria-current={p.id === editingId ? 'true' : undefined}>
                <strong>{name}</strong>{' '}
                <span className="muted">
                  {t('models.placements.where', {
                    lat: formatNumber(p.position.lat, lng, 6),
                    lon: formatNumber(p.position.lon, lng, 6),
                    height: formatNumber(p.position.height, lng, 1),
                  })}
                </span>{' '}
                {canPlace && (
                  <button
                    type="button"
                    className="btn btn--link"
                    aria-label={t('models.placements.editLabel', { name })}
                    onClick={() => onEdit(p)}
                    data-testid="placement-edit"
                  >
                    {t('models.placements.edit')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
