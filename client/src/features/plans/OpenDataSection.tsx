/**
 * A plan's open data (issue 6, Wet open overheid): links to the public files the server builds per plan
 * (GET /api/v1/plans/{id}/open-data/…): comments and thread outcomes as GeoJSON (RFC 7946) and CSV (RFC 4180),
 * and poll results as CSV. No personal data: no names, positions rounded, only what the public may see.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { openDataLinks } from '../../api/privacy.js';

const LABEL_KEYS = {
  'comments.geojson': 'commentsGeojson',
  'comments.csv': 'commentsCsv',
  'threads.geojson': 'threadsGeojson',
  'threads.csv': 'threadsCsv',
  'polls.csv': 'pollsCsv',
} as const;

export function OpenDataSection({ planId }: { planId: string }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section className="plan-page__open-data" aria-labelledby={`${id}-title`} data-testid="open-data">
      <h3 id={`${id}-title`}>{t('resident.openData.title')}</h3>
      <p className="muted">{t('resident.openData.intro')}</p>
      <ul>
        {openDataLinks(planId).map((l) => (
          <li key={l.name}>
            <a href={l.href} download>
              {t(`resident.openData.label.${LABEL_KEYS[l.name as keyof typeof LABEL_KEYS]}`)}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
