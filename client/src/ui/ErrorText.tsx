/**
 * An API error for people: the message for its `code` in the UI language (`errors.<code>`), plus
 * the fields a `validation_failed` names. Rendered as text in a live region.
 */
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError, toApiError } from '../api/errors.js';
import { formatDateTime } from '../i18n/format.js';

const FIELDS = new Set(['email', 'password', 'displayName', 'body', 'position', 'parentId']);

/**
 * Issue 6: what the person needs besides the code's message, in the UI language: the words a filter refused
 * (`content_blocked`, from `errors[].message` "blocked word: …" / "word held for review: …") and until when an
 * account is muted or banned (`errors: [{path: 'until', message: ISO instant | 'forever'}]`). The server's own
 * (English) message is never shown.
 */
export function errorDetail(t: TFunction, e: ApiError, lng: string): string | null {
  if (e.code === 'content_blocked') {
    const words = [...new Set(e.errors.map((f) => /^(?:blocked word|word held for review): (.+)$/.exec(f.message)?.[1]).filter((w): w is string => !!w))];
    return words.length > 0 ? t('errors.blockedWords', { words: words.map((w) => `“${w}”`).join(', ') }) : null;
  }
  if (e.code === 'account_muted' || e.code === 'account_banned') {
    const until = e.errors.find((f) => f.path === 'until')?.message;
    if (!until) return null;
    return until === 'forever' ? t('errors.sanctionForGood') : t('errors.sanctionUntil', { date: formatDateTime(until, lng) });
  }
  return null;
}
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
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const e = error instanceof ApiError ? error : toApiError(error);
  const detail = WITH_DETAIL.has(e.code) ? errorDetail(t, e, i18n.language) : null;
  return (
    <div className="error-text" role="alert" id={id}>
      <p>{errorMessage(t, e)}</p>
      {detail && <p className="error-text__detail">{detail}</p>}
      {e.errors.length > 0 && !WITH_DETAIL.has(e.code) && (
        <ul>
          {e.errors.map((f, i) => (
            <li key={i}>{t('errors.field', { field: fieldLabel(t, f.path), message: f.message })}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
