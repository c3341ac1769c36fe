/**
 * Formatting for display. Times arrive as UTC ISO-8601 (DESIGN.md: Words) and are shown in
 * Europe/Amsterdam whatever the browser's own time zone is.
 */

const TIME_ZONE = 'Europe/Amsterdam';
const cache = new Map<string, Intl.DateTimeFormat>();

function localeFor(lng: string): string {
  return lng.startsWith('en') ? 'en-GB' : 'nl-NL';
}

/** `2026-11-29T20:11:55.123Z` → e.g. `29 nov 2026, 21:11` (nl) in Europe/Amsterdam. Bad input → the input. */
export function formatDateTime(iso: string, lng: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const locale = localeFor(lng);
  let f = cache.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, dateStyle: 'medium', timeStyle: 'short' });
    cache.set(locale, f);
  }
  return f.format(d);
}

/** A number with `digits` decimals in the UI language's style. */
export function formatNumber(n: number, lng: string, digits: number): string {
  return new Intl.NumberFormat(localeFor(lng), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

/**
 * A building attribute value as plain text: strings as they are, numbers and bigints in full,
 * arrays joined with ", ", other objects as JSON. Never HTML: callers render it as a text node.
 */
export function formatAttribute(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    return Array.from(value as ArrayLike<unknown>, formatAttribute).join(', ');
  }
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  } catch {
    return String(value);
  }
}

/** At most `max` code points of s (whole code points, so no broken surrogate pairs), with "…" when cut. */
export function truncate(s: string, max: number): string {
  const cps = [...s];
  return cps.length <= max ? s : cps.slice(0, max).join('') + '…';
}
