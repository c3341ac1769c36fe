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

export const PLAN_TIME_ZONE = 'Europe/Amsterdam';

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

let partsFormat: Intl.DateTimeFormat | null = null;
function fmt(): Intl.DateTimeFormat {
  partsFormat ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: PLAN_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  return partsFormat;
}

/** Amsterdam wall-clock fields of a UTC instant (ms since epoch). */
function wallClock(ms: number): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts: Record<string, number> = {};
  for (const p of fmt().formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { y: parts.year!, mo: parts.month!, d: parts.day!, h: parts.hour! % 24, mi: parts.minute!, s: parts.second! };
}

/** Offset of Amsterdam from UTC at instant `ms`, in ms (3 600 000 in winter, 7 200 000 in summer). */
export function amsterdamOffsetMs(ms: number): number {
  const w = wallClock(ms);
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * A UTC ISO-8601 instant → the `datetime-local` value (`YYYY-MM-DDTHH:mm`) of the same moment in Amsterdam.
 * Invalid input → ''.
 */
export function utcToLocalInput(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const w = wallClock(ms);
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}`;
}

export type LocalToUtc =
  | { ok: true; iso: string; /** The local time happened twice (autumn overlap); the earlier instant was taken. */ ambiguous: boolean }
  | { ok: false; reason: 'invalid' | 'nonexistent' };

/**
 * A `datetime-local` value read as Amsterdam wall-clock time → the UTC ISO instant (`…Z`, milliseconds).
 * `reason: 'invalid'` for a malformed value or a date that does not exist (31 February); `'nonexistent'` for a time
 * in the spring DST gap. See the module comment for the autumn overlap.
 */
export function localInputToUtc(value: string): LocalToUtc {
  const m = LOCAL_RE.exec(value.trim());
  if (!m) return { ok: false, reason: 'invalid' };
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const naive = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(naive);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    return { ok: false, reason: 'invalid' };
  }
  // The offset in force is one of the offsets a few hours either side; keep the candidates that map back to
  // the same wall-clock time.
  const offsets = new Set([amsterdamOffsetMs(naive - 12 * 3600_000), amsterdamOffsetMs(naive), amsterdamOffsetMs(naive + 12 * 3600_000)]);
  const hits: number[] = [];
  for (const off of offsets) {
    const ms = naive - off;
    const w = wallClock(ms);
    if (w.y === y && w.mo === mo && w.d === d && w.h === h && w.mi === mi && w.s === s) hits.push(ms);
  }
  if (hits.length === 0) return { ok: false, reason: 'nonexistent' };
  hits.sort((a, b) => a - b);
  return { ok: true, iso: new Date(hits[0]!).toISOString(), ambiguous: new Set(hits).size > 1 };
}
