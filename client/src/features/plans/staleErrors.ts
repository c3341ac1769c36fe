/**
 * A form's last server error after the user changed some fields: what it said about those fields no longer holds
 * (the area the server refused has been replaced), so it is dropped until the next submit. Pure, no DOM.
 */
import { ErrorCode } from '../../../../shared/index.js';
import { ApiError, toApiError } from '../../api/errors.js';

/** Error codes that are about one field only (the whole error goes once that field changed). */
const FIELD_OF_CODE: Partial<Record<string, string>> = { [ErrorCode.invalidArea]: 'area' };

const under = (path: string, field: string) => path === field || path.startsWith(`${field}.`);

/**
 * `error` without what it says about the fields in `edited` (field paths: `area` covers `area.coordinates.0`).
 * Returns null when nothing is left: a `validation_failed` whose field errors were all about edited fields, or an
 * error whose code is about one edited field (`invalid_area` once `area` changed). Errors that are not about
 * fields (network, conflict, …) and field errors of other fields are kept; null in, null out.
 */
export function withoutEditedFields(error: unknown, edited: readonly string[]): ApiError | null {
  if (!error) return null;
  const e = toApiError(error);
  if (edited.length === 0) return e;
  const codeField = FIELD_OF_CODE[e.code];
  const kept = e.errors.filter((f) => !edited.some((p) => under(f.path, p)));
  if (kept.length === e.errors.length && !(codeField && edited.includes(codeField))) return e;
  const onlyFields = e.code === ErrorCode.validation || (codeField !== undefined && edited.includes(codeField));
  if (kept.length === 0 && onlyFields) return null;
  return new ApiError(e.code, e.message, e.status, kept);
}
