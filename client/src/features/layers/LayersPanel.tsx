/** The tileset layers: visibility toggles, "go to", and the demo / attribution labels; below them the sun study. */
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../../ui/ErrorText.js';
import type { CityViewer, LayerState } from '../../viewer/types.js';
import { SunPanel } from './SunPanel.js';
import type { SunStudy } from './useSunStudy.js';

export function LayersPanel({ viewer, layers, error, sun }: { viewer: CityViewer; layers: LayerState[]; error: unknown; sun?: SunStudy }) {
  const { t } = useTranslation();
  return (
    <div className="layers">
      <ErrorText error={error} />
      {layers.length === 0 && !error && <p className="muted">{t('layers.none')}</p>}
      <ul className="layer-list">
        {layers.map((l) => {
          // The generated demo district is named in the UI's language; real layers by their manifest name.
          const name = l.info.demo ? t('layers.demoName') : l.info.name;
          const attribution = l.info.demo ? t('layers.demoHint') : l.info.attribution;
          return (
          <li key={l.info.id} className="layer">
            <label className="layer__toggle">
              <input
                type="checkbox"
                checked={l.visible}
                aria-label={t('layers.show', { name })}
                onChange={(e) => viewer.setTilesetVisible(l.info.id, e.target.checked)}
              />
              <span className="layer__name">{name}</span>
            </label>
            {l.info.demo && (
              <span className="badge badge--demo" title={t('layers.demoHint')}>
                {t('layers.demo')}
              </span>
            )}
            {attribution && <p className="layer__attribution">{attribution}</p>}
            {l.status === 'failed' && <p className="error-text">{t('layers.failed')}</p>}
            <button
              type="button"
              className="btn btn--small"
              disabled={l.status !== 'ready'}
              aria-label={t('layers.flyToLabel', { name })}
              onClick={() => viewer.flyToTileset(l.info.id)}
            >
              {t('layers.flyTo')}
            </button>
          </li>
          );
        })}
      </ul>
      {sun && <SunPanel sun={sun} />}
    </div>
  );
}
