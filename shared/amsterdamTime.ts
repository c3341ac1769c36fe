/**
 * Instants entered by people, read in Europe/Amsterdam, stored and sent in UTC (BRIEF issue 5, fixed decision).
 *
 * Accepted input (ISO 8601 / RFC 3339 profile):
 * - with a zone: `2027-03-28T01:30:00Z`, `2027-10-31T02:30:00+01:00`, optional fractional seconds → that instant;
 * - without a zone: `2027-03-28T02:30` or `2027-03-28T02:30:15` → Amsterdam wall-clock time.
 * Daylight saving time (EU rules: forward at 01:00 UTC on the last Sunday of March, back at 01:00 UTC on the last
 * Sunday of October), offsets taken from the runtime's tz database (Intl.DateTimeFormat with `timeZone`):
 * - spring gap: local 02:00–02:59 on the last Sunday of March does not exist → `nonexistent_local_time`;
 * - autumn overlap: local 02:00–02:59 on the last Sunday of October happens twice → `ambiguous_local_time`
 *   (the message says to add +02:00 for the first, summer-time, one or +01:00 for the second).
 * The server answers both as 422 problem+json (REST) or ack errors (socket). The client's forms
 * (client/src/features/plans/localTime.ts) use the same functions but pick the earlier instant in the overlap.
 */

export const AMSTERDAM_TIME_ZONE = 'Europe/Amsterdam';

const ZONED_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;
const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

let partsFormat: Intl.DateTimeFormat | null = null;
function fmt(): Intl.DateTimeFormat {
  partsFormat ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: AMSTERDAM_TIME_ZONE,
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

interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

/** Amsterdam wall-clock fields of a UTC instant (ms since the epoch). */
export function amsterdamWallClock(ms: number): Wall {
  const parts: Record<string, number> = {};
  for (const p of fmt().formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { y: parts.year!, mo: parts.month!, d: parts.day!, h: parts.hour! % 24, mi: parts.minute!, s: parts.second! };
}

/** Offset of Amsterdam from UTC at instant `ms`, in ms (3 600 000 in winter, 7 200 000 in summer). */
export function amsterdamOffsetMs(ms: number): number {
  const w = amsterdamWallClock(ms);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000;
}

export type AmsterdamTimeError = 'invalid_time' | 'nonexistent_local_time' | 'ambiguous_local_time';

export type ParsedInstant =
  | { ok: true; /** UTC, `YYYY-MM-DDTHH:mm:ss.sssZ` */ iso: string }
  | { ok: false; code: AmsterdamTimeError; message: string };

/**
 * Parses one instant as described in the module comment. `invalid_time` for anything malformed (the server
 * reports that as `validation_failed`), the two DST codes otherwise.
 */
export function parseAmsterdamInstant(input: string): ParsedInstant {
  const value = input.trim();
  if (ZONED_RE.test(value)) {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) return { ok: false, code: 'invalid_time', message: `"${value}" is not a valid date and time` };
    // Date.parse rolls 31 February over; require the date part to survive the round trip.
    const offset = /(?:Z|([+-])(\d{2}):(\d{2}))$/i.exec(value)!;
    const offMs = offset[1] ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000 : 0;
    if (new Date(ms + offMs).toISOString().slice(0, 16) !== value.slice(0, 16)) {
      return { ok: false, code: 'invalid_time', message: `"${value}" is not a valid date and time` };
    }
    return { ok: true, iso: new Date(ms).toISOString() };
  }
  const m = LOCAL_RE.exec(value);
  if (!m) {
    return {
      ok: false,
      code: 'invalid_time',
      message: `"${value}" is not a time: use e.g. 2027-05-01T09:00 (Amsterdam time) or 2027-05-01T07:00:00Z`,
    };
  }
  const hits = localCandidates(value);
  if (hits === null) return { ok: false, code: 'invalid_time', message: `"${value}" is not a valid date and time` };
  if (hits.length === 0) {
    return {
      ok: false,
      code: 'nonexistent_local_time',
      message: `${value} does not exist in Amsterdam: the clocks jump from 02:00 to 03:00 that night`,
    };
  }
  if (hits.length > 1) {
    return {
      ok: false,
      code: 'ambiguous_local_time',
      message: `${value} happens twice in Amsterdam (the clocks go back that night): add +02:00 for the first (summer time) or +01:00 for the second (winter time)`,
    };
  }
  return { ok: true, iso: new Date(hits[0]!).toISOString() };
}

/**
 * The UTC instants (ms since the epoch, ascending) at which Amsterdam clocks show the wall-clock time `value`
 * (`YYYY-MM-DDTHH:mm[:ss]`, no zone): one normally, none in the spring gap, two in the autumn overlap; null when
 * `value` is malformed or names a date or time that does not exist on any calendar (31 February, 24:00).
 */
export function localCandidates(value: string): number[] | null {
  const m = LOCAL_RE.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const naive = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(naive);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    return null;
  }
  // The offset in force is one of the offsets a few hours either side; keep those that map back to the same time.
  const offsets = new Set([amsterdamOffsetMs(naive - 12 * 3600_000), amsterdamOffsetMs(naive), amsterdamOffsetMs(naive + 12 * 3600_000)]);
  const hits = new Set<number>();
  for (const off of offsets) {
    const ms = naive - off;
    const w = amsterdamWallClock(ms);
    if (w.y === y && w.mo === mo && w.d === d && w.h === h && w.mi === mi && w.s === s) hits.add(ms);
  }
  return [...hits].sort((a, b) => a - b);
}

/** A UTC instant → Amsterdam wall-clock `YYYY-MM-DDTHH:mm` (for display and forms); '' for invalid input. */
export function toAmsterdamLocal(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const w = amsterdamWallClock(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}`;
}
