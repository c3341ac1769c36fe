/**
 * The plan's home view (where the camera goes when the plan is opened): "use the current view"
 * (viewer.getCameraView), exact number fields (position in degrees / metres above the ellipsoid, heading, pitch,
 * roll in degrees) as the canvas-free way, or none (the camera then flies to the area's bbox).
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { CameraView } from '../../../../shared/index.js';
import { formatNumber } from '../../i18n/format.js';
import type { CityViewer } from '../../viewer/types.js';
import { FieldErrors } from './PlanError.js';

interface Props {
  viewer: CityViewer;
  value: CameraView | null;
  onChange(v: CameraView | null): void;
  error: unknown;
}

type NumKey = 'lon' | 'lat' | 'height' | 'heading' | 'pitch' | 'roll';
const RANGES: Record<NumKey, [number, number, number]> = {
  lon: [-180, 180, 0.000001],
  lat: [-90, 90, 0.000001],
  height: [-1000, 10000, 0.1],
  heading: [-360, 360, 0.1],
  pitch: [-90, 90, 0.1],
  roll: [-180, 180, 0.1],
};

function get(v: CameraView, k: NumKey): number {
  return k === 'lon' || k === 'lat' || k === 'height' ? v.position[k] : v[k];
}

function set(v: CameraView, k: NumKey, n: number): CameraView {
  return k === 'lon' || k === 'lat' || k === 'height' ? { ...v, position: { ...v.position, [k]: n } } : { ...v, [k]: n };
}

export function HomeViewField({ viewer, value, onChange, error }: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const lng = i18n.language;
  return (
    <fieldset className="home-view">
      <legend>{t('plans.homeView.label')}</legend>
      <p role="status">
        {value
          ? t('plans.homeView.set', {
              lat: formatNumber(value.position.lat, lng, 5),
              lon: formatNumber(value.position.lon, lng, 5),
              height: formatNumber(value.position.height, lng, 0),
            })
          : t('plans.homeView.none')}
      </p>
      <div className="form__actions">
        <button type="button" className="btn" onClick={() => onChange(viewer.getCameraView())}>
          {t('plans.homeView.useCurrent')}
        </button>
        {value && (
          <button type="button" className="btn" onClick={() => onChange(null)}>
            {t('plans.homeView.clear')}
          </button>
        )}
      </div>
      {value && (
        <details>
          <summary>{t('plans.homeView.exact')}</summary>
          <div className="number-grid">
            {(Object.keys(RANGES) as NumKey[]).map((k) => {
              const [min, max, step] = RANGES[k];
              return (
                <label key={k} className="field" htmlFor={`${id}-${k}`}>
                  <span>{t(`plans.homeView.${k}`)}</span>
                  <input
                    id={`${id}-${k}`}
                    type="number"
                    min={min}
                    max={max}
                    step={step}
                    value={get(value, k)}
                    onChange={(e) => {
                      const n = e.target.valueAsNumber;
                      if (Number.isFinite(n)) onChange(set(value, k, n));
                    }}
                  />
                </label>
              );
            })}
          </div>
        </details>
      )}
      <FieldErrors error={error} path="homeView" />
    </fieldset>
  );
}
