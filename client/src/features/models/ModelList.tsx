/**
 * The models of a plan: name, uploader, size in metres (east × north × height), triangles, file size and the
 * server's warnings, with actions: inspect (three.js view), place (click in the city), place at the model's own
 * coordinates (when it has a georef), apply the suggested scale (e.g. 0.001 for millimetres), and delete (for the
 * uploader and the plan's planner; a second click confirms).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Model } from '../../../../shared/index.js';
import { formatDateTime, formatNumber } from '../../i18n/format.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { authorName } from '../threads/authorName.js';
import { ReportButton } from '../moderation/ReportButton.js';
import { ModelErrorText } from './ModelErrorText.js';
import { megabytes, warningKey } from './modelMessages.js';
import { formatField } from './numbers.js';

interface Props {
  models: Model[];
  loading: boolean;
  error: unknown;
  /** Placing is possible now (permission and a scenario chosen). */
  canPlace: boolean;
  /** Scale chosen per model id with "apply scale", used for its next placement. */
  chosenScale: Record<string, number>;
  onInspect(model: Model): void;
  onPlace(model: Model, atGeoref: boolean): void;
  onApplyScale(model: Model, scale: number): void;
  /** Whether the viewer may delete this model (the server decides again). */
  canRemove(model: Model): boolean;
  /** Deletes the model; rejects with the ApiError when the server refuses. */
  onRemove(model: Model): Promise<void>;
}

/** "Verwijderen" with a second click to confirm, a busy state and the server's refusal. */
function RemoveModel({ model, onRemove }: { model: Model; onRemove(model: Model): Promise<void> }) {
  const { t } = useTranslation();
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function click() {
    if (busy) return;
    if (!confirm) {
      setConfirm(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onRemove(model);
    } catch (e) {
      setError(e);
      setConfirm(false);
      setBusy(false);
    }
  }
  return (
    <>
      <button
        type="button"
        className="btn btn--small"
        onClick={() => void click()}
        onBlur={() => !busy && setConfirm(false)}
        disabled={busy}
        aria-label={confirm ? undefined : t('models.removeLabel', { name: model.name })}
        data-testid="model-remove"
      >
        {busy ? t('models.removing') : confirm ? t('models.confirmRemove') : t('models.remove')}
      </button>
      <ModelErrorText error={error} />
    </>
  );
}

/** Size of a model in metres as "12,0 × 8,5 × 20,1 m" (x east, y north, z up; shared/plans.ts Model.stats.size). */
export function ModelSize({ model }: { model: Model }) {
  const { t, i18n } = useTranslation();
  const m = (n: number) => formatNumber(n, i18n.language, n < 10 ? 2 : 1);
  const { x, y, z } = model.stats.size;
  return (
    <span title={t('models.sizeLabel')} aria-label={`${t('models.sizeLabel')}: ${t('models.size', { x: m(x), y: m(y), z: m(z) })}`}>
      {t('models.size', { x: m(x), y: m(y), z: m(z) })}
    </span>
  );
}

/** The model's warnings as a list: a translated text for known codes, else the server's message. */
export function ModelWarnings({ model }: { model: Model }) {
  const { t } = useTranslation();
  if (model.warnings.length === 0) return null;
  return (
    <ul className="models__warnings" aria-label={t('models.warnings')} data-testid="model-warnings">
      {model.warnings.map((w, i) => {
        const key = warningKey(w.code);
        return (
          <li key={i} data-code={w.code}>
            {key ? t(key as 'models.warningCodes.validator_warning') : w.message}
            {key && w.message !== '' && <span className="muted"> ({w.message})</span>}
          </li>
        );
      })}
    </ul>
  );
}

export function ModelList({ models, loading, error, canPlace, chosenScale, onInspect, onPlace, onApplyScale, canRemove, onRemove }: Props) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  if (error) return <ErrorText error={error} />;
  if (loading && models.length === 0) return <p className="muted">{t('models.loading')}</p>;
  if (models.length === 0) return <p className="muted" data-testid="model-list-empty">{t('models.empty')}</p>;
  return (
    <ul className="models__list" aria-label={t('models.listLabel')} data-testid="model-list">
      {models.map((m) => {
        const scale = m.suggestedScale;
        const chosen = chosenScale[m.id];
        return (
          <li key={m.id} className="card models__item" data-testid="model-item" data-model-id={m.id}>
            <strong className="models__name">{m.name}</strong>
            <p className="muted">{t('models.uploadedBy', { name: authorName(t, m.uploadedBy), date: formatDateTime(m.createdAt, lng) })}</p>
            <ReportButton kind="model" id={m.id} authorId={m.uploadedBy.id} what={t('resident.report.what.model', { name: m.name })} />
            <p>
              <ModelSize model={m} />
              {' · '}
              {t('models.triangles', { count: m.stats.triangles, formatted: formatNumber(m.stats.triangles, lng, 0) })}
              {' · '}
              {m.stats.bytesOptimised < 1e6
                ? t('models.kilobytes', { kb: formatNumber(Math.max(1, Math.round(m.stats.bytesOptimised / 1e3)), lng, 0) })
                : t('models.megabytes', { mb: formatNumber(megabytes(m.stats.bytesOptimised), lng, 1) })}
            </p>
            {m.georef && <p className="hint">{t('models.georef', { crs: m.georef.crs })}</p>}
            <ModelWarnings model={m} />
            {chosen !== undefined && <p className="hint">{t('models.scaleNext', { scale: formatField('scale', chosen, lng) })}</p>}
            <div className="form__actions">
              <button type="button" className="btn btn--small" onClick={() => onInspect(m)} data-testid="model-inspect">
                {t('models.inspect')}
              </button>
              {canPlace && (
                <button type="button" className="btn btn--small btn--primary" onClick={() => onPlace(m, false)} data-testid="model-place">
                  {t('models.place')}
                </button>
              )}
              {canPlace && m.georef && (
                <button type="button" className="btn btn--small" onClick={() => onPlace(m, true)} data-testid="model-place-georef">
                  {t('models.placeAtGeoref')}
                </button>
              )}
              {canPlace && scale !== null && chosen !== scale && (
                <button type="button" className="btn btn--small" onClick={() => onApplyScale(m, scale)} data-testid="model-apply-scale">
                  {t('models.applyScale', { scale: formatField('scale', scale, lng) })}
                </button>
              )}
              {canRemove(m) && <RemoveModel model={m} onRemove={onRemove} />}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
