/**
 * An upload or placement error for people: the models-specific message for its code (modelMessages.ts), the
 * server's detail when it names the problem (what the file looks like, the missing URI, the validator's first
 * errors), and the fields a `validation_failed` names. Text only, in a live region.
 */
import { useTranslation } from 'react-i18next';
import { toApiError } from '../../api/errors.js';
import { modelErrorKey } from './modelMessages.js';

export function ModelErrorText({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const e = toApiError(error);
  const { key, showDetail } = modelErrorKey(e.code);
  const text = t(key as 'errors.internal_error', { defaultValue: t('errors.internal_error') });
  return (
    <div className="error-text" role="alert" data-testid="model-error" data-code={e.code}>
      <p>{text}</p>
      {showDetail && e.message !== '' && <p className="muted">{t('models.errors.detail', { detail: e.message })}</p>}
      {e.errors.length > 0 && (
        <ul>
          {e.errors.map((f, i) => (
            <li key={i}>{t('errors.field', { field: f.path, message: f.message })}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
