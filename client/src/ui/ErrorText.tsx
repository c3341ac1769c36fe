/**
 * An API error for people: the message for its `code` in the UI language (`errors.<code>`), plus
 * the fields a `validation_failed` names. Rendered as text in a live region.
 */
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError, toApiError } from '../api/errors.js';

const FIELDS = new Set(['email', 'password', 'displayName', 'body', 'position', 'parentId']);

/** Codes whose server message carries what the person needs (issue 6: the blocked word; until when muted or banned). */
const WITH_DETAIL = new Set(['content_blocked', 'account_muted', 'account_banned']);

/** The message for an error's code (unknown codes fall back to `internal_error`). */
export function errorMessage(t: TFunction, error: unknown): string {
  const e = toApiError(error);
  return t(`errors.${e.code}` as 'errors.internal_error');
}

function fieldLabel(t: TFunction, path: string): string {
  const head = path.split('.')[0] ?? path;
  return FIELDS.has(head) ? t(`fields.${head}` as 'fields.body') : path;
}

export function ErrorText({ error, id }: { error: unknown; id?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const e = error instanceof ApiError ? error : toApiError(error);
  return (
    <div className="error-text" role="alert" id={id}>
      <p>{errorMessage(t, e)}</p>
      {WITH_DETAIL.has(e.code) && e.message && <p className="error-text__detail">{e.message}</p>}
      {e.errors.length > 0 && (
        <ul>
          {e.errors.map((f, i) => (
            <li key={i}>{t('errors.field', { field: fieldLabel(t, f.path), message: f.message })}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
