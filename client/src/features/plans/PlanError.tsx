/**
 * Server errors in plan forms, shown in place: the message for the error's code (ErrorText), a "reload" button for
 * `version_conflict` (someone else changed it first), and field errors next to the fields they name.
 */
import { useTranslation } from 'react-i18next';
import { ErrorCode } from '../../../../shared/index.js';
import { toApiError } from '../../api/errors.js';
import { errorMessage } from '../../ui/ErrorText.js';

/** Messages of the error's field errors whose path is `path` or lies under it (`phases.1` matches `phases.1.endsAt`). */
export function fieldErrors(error: unknown, path: string): string[] {
  if (!error) return [];
  return toApiError(error)
    .errors.filter((f) => f.path === path || f.path.startsWith(`${path}.`))
    .map((f) => f.message);
}

/** The field errors for `path` as a text list under a field; `id` for the field's aria-describedby. */
export function FieldErrors({ error, path, id, extra }: { error: unknown; path: string; id?: string; extra?: string | null }) {
  const messages = [...(extra ? [extra] : []), ...fieldErrors(error, path)];
  if (messages.length === 0) return null;
  return (
    <ul className="error-text field-errors" id={id} role="alert">
      {messages.map((m, i) => (
        <li key={i}>{m}</li>
      ))}
    </ul>
  );
}

/**
 * The error's message (as ErrorText), the field errors not already shown next to a field (`shown`: the field
 * paths the form shows itself), and for a version conflict a button that reloads the plan.
 */
export function PlanError({ error, onReload, shown = [] }: { error: unknown; onReload?: () => void; shown?: string[] }) {
  const { t } = useTranslation();
  if (!error) return null;
  const e = toApiError(error);
  const conflict = e.code === ErrorCode.versionConflict;
  const rest = e.errors.filter((f) => f.path !== 'version' && !shown.some((p) => f.path === p || f.path.startsWith(`${p}.`)));
  return (
    <div className="plan-error">
      <div className="error-text" role="alert">
        <p>{errorMessage(t, e)}</p>
        {rest.length > 0 && (
          <ul>
            {rest.map((f, i) => (
              <li key={i}>{t('errors.field', { field: f.path, message: f.message })}</li>
            ))}
          </ul>
        )}
      </div>
      {conflict && onReload && (
        <button type="button" className="btn btn--small" onClick={onReload}>
          {t('plans.reload')}
        </button>
      )}
    </div>
  );
}
