/**
 * The picked building: its id (the CityJSON CityObject id) and every attribute from the tileset's
 * metadata, rendered as text nodes only.
 */
import { useTranslation } from 'react-i18next';
import { formatAttribute } from '../../i18n/format.js';
import type { BuildingPick } from '../../viewer/types.js';

interface Props {
  building: BuildingPick | null;
  layerName: string | null;
  /** Shown as the "comment on this building" action (signed in) or a log-in prompt (signed out). */
  commentAction: React.ReactNode;
  onClear: () => void;
}

export function BuildingPanel({ building, layerName, commentAction, onClear }: Props) {
  const { t } = useTranslation();
  if (!building) return <p className="muted">{t('buildings.none')}</p>;
  const attrs = building.properties.filter((p) => p.name !== 'id');
  return (
    <div className="building">
      <dl className="attrs attrs--head">
        <dt>{t('buildings.id')}</dt>
        <dd className="building__id" data-testid="building-id">
          {building.buildingId ?? t('buildings.unknownId')}
        </dd>
        {layerName !== null && (
          <>
            <dt>{t('buildings.layer')}</dt>
            <dd>{layerName}</dd>
          </>
        )}
      </dl>
      <div className="building__actions">
        {commentAction}
        <button type="button" className="btn" onClick={onClear}>
          {t('buildings.clear')}
        </button>
      </div>
      <h3>{t('buildings.attributes')}</h3>
      {attrs.length === 0 ? (
        <p className="muted">{t('buildings.noAttributes')}</p>
      ) : (
        <dl className="attrs">
          {attrs.map((p) => (
            <div className="attrs__row" key={p.name}>
              <dt>{p.name}</dt>
              <dd>{formatAttribute(p.value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
