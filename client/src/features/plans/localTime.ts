/**
 * Wall-clock time in Europe/Amsterdam ↔ UTC instants, for `<input type="datetime-local">` (whose value,
 * `YYYY-MM-DDTHH:mm`, has no zone: it is always read as Amsterdam time here, whatever the browser's own zone).
 *
 * Daylight saving time (EU rules: clocks go forward at 01:00 UTC on the last Sunday of March, back at 01:00 UTC on
 * the last Sunday of October):
 * - Spring gap: local times from 02:00 to 02:59 on the last Sunday of March do not exist → `{ ok: false,
 *   reason: 'nonexistent' }`, and the form says so instead of guessing.
 * - Autumn overlap: local times from 02:00 to 02:59 on the last Sunday of October happen twice → the first one
 *   (still summer time, UTC+2) is chosen and `ambiguous: true` is returned so the form can mention it.
 * The offsets come from the browser's time zone database (Intl.DateTimeFormat with `timeZone`), not from
 * hard-coded rules.
 */

import { AMSTERDAM_TIME_ZONE, amsterdamOffsetMs, localCandidates, toAmsterdamLocal } from '../../../../shared/amsterdamTime.js';

export const PLAN_TIME_ZONE = AMSTERDAM_TIME_ZONE;
export { amsterdamOffsetMs };

/**
 * A UTC ISO-8601 instant → the `datetime-local` value (`YYYY-MM-DDTHH:mm`) of the same moment in Amsterdam.
 * Invalid input → ''.
 */
export const utcToLocalInput = toAmsterdamLocal;

export type LocalToUtc =
  | { ok: true; iso: string; /** The local time happened twice (autumn overlap); the earlier instant was taken. */ ambiguous: boolean }
  | { ok: false; reason: 'invalid' | 'nonexistent' };

/**
 * A `datetime-local` value read as Amsterdam wall-clock time → the UTC ISO instant (`…Z`, milliseconds).
 * `reason: 'invalid'` for a malformed value or a date that does not exist (31 February); `'nonexistent'` for a time
 * in the spring DST gap. See the module comment for the autumn overlap.
 */
export function localInputToUtc(value: string): LocalToUtc {
  const hits = localCandidates(value);
  if (hits === null) return { ok: false, reason: 'invalid' };
  if (hits.length === 0) return { ok: false, reason: 'nonexistent' };
  return { ok: true, iso: new Date(hits[0]!).toISOString(), ambiguous: hits.length > 1 };
}
