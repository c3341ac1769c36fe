/**
 * The whole view in the URL (BRIEF, issue 4 "the whole view lives in the URL"), as a query string on `/`:
 *
 *   cam=lon,lat,height,heading,pitch,roll   degrees / metres above the WGS84 ellipsoid, 6/6/1/1/1/1 decimals
 *   plan=<id>  scenario=<id|today>  compare=<id|today>  split=0..1  comment=<id>
 *   sun=<UTC ISO-8601 instant>          the sun and shadow study's moment (e.g. 2025-12-21T09:00:00Z); absent = off
 *
 * Pure (no Cesium, no DOM), so it runs in unit tests. Parsing is tolerant: a missing, malformed or out-of-range
 * value is left out of the result (never throws); unknown parameters are ignored.
 */
import type { CameraView } from '../../../shared/index.js';

/** The scenario value that means "the city as it is" (no scenario). */
export const TODAY = 'today';

export interface ViewUrlState {
  camera?: CameraView;
  plan?: string;
  /** A scenario id, or `'today'`. */
  scenario?: string;
  /** The scenario shown on the right of the split (compare mode): an id, or `'today'`. */
  compare?: string;
  /** Compare split, 0..1 of the view's width from the left. */
  split?: number;
  comment?: string;
  /** The sun and shadow study's instant, UTC ISO-8601 (`YYYY-MM-DDTHH:mm:ssZ`); absent when the study is off. */
  sun?: string;
}

/** Ids as the server makes them (UUIDs, nanoids) and `today`: letters, digits, `_`, `-`, 1..100 characters. */
const ID = /^[A-Za-z0-9_-]{1,100}$/;
/** Camera heights accepted from a URL (metres above the ellipsoid): below the Dead Sea to well into orbit. */
const HEIGHT_RANGE = [-1000, 50_000_000] as const;

const finite = (s: string): number | null => {
  if (s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};

/** Heading into [0, 360) degrees. */
function normaliseHeading(h: number): number {
  const r = ((h % 360) + 360) % 360;
  return r === 360 ? 0 : r;
}

/** Roll into [-180, 180] degrees. */
function normaliseRoll(r: number): number {
  const x = ((((r + 180) % 360) + 360) % 360) - 180;
  return x;
}

function parseCamera(s: string): CameraView | undefined {
  const parts = s.split(',');
  if (parts.length !== 6) return undefined;
  const n = parts.map(finite);
  if (n.some((v) => v === null)) return undefined;
  const [lon, lat, height, heading, pitch, roll] = n as number[];
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return undefined;
  if (height < HEIGHT_RANGE[0] || height > HEIGHT_RANGE[1]) return undefined;
  if (pitch < -90 || pitch > 90) return undefined;
  return { position: { lon, lat, height }, heading: normaliseHeading(heading), pitch, roll: normaliseRoll(roll) };
}

/** ISO-8601 date-time with seconds optional, fraction optional, and a zone (`Z` or ±hh:mm / ±hhmm) required. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
/** Years accepted for the sun study (the Simon 1994 sun positions are good for centuries around 2000). */
const SUN_YEARS = [1800, 2300] as const;

/**
 * An ISO-8601 instant (RFC 3339 date-time, zone required; seconds optional) → the same instant as
 * `YYYY-MM-DDTHH:mm:ssZ` (UTC, whole seconds), or null. Tolerant of what a shared link may do to it: lower-case
 * `t`/`z`, and a `+` offset turned into a space by form decoding. Impossible dates (30 February) are refused.
 */
export function normaliseInstant(s: string): string | null {
  const m = INSTANT.exec(s.trim().replace(/ (\d{2}:?\d{2})$/, '+$1'));
  if (!m) return null;
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as number[];
  if (y! < SUN_YEARS[0] || y! > SUN_YEARS[1] || mo! < 1 || mo! > 12 || d! < 1 || h! > 23 || mi! > 59 || sec! > 59) return null;
  const daysInMonth = new Date(Date.UTC(y!, mo!, 0)).getUTCDate();
  if (d! > daysInMonth) return null;
  const zone = m[7]!.toUpperCase();
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2')}`);
  if (!Number.isFinite(ms)) return null;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Reads the view from a query string (`location.search`, with or without the leading `?`).
 * Returns only the parts that are present and valid; never throws.
 */
export function parseViewUrl(search: string): ViewUrlState {
  const out: ViewUrlState = {};
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  } catch {
    return out;
  }
  const cam = params.get('cam');
  if (cam !== null) {
    const camera = parseCamera(cam);
    if (camera) out.camera = camera;
  }
  for (const key of ['plan', 'scenario', 'compare', 'comment'] as const) {
    const v = params.get(key);
    if (v !== null && ID.test(v)) out[key] = v;
  }
  const split = params.get('split');
  if (split !== null) {
    const v = finite(split);
    if (v !== null && v >= 0 && v <= 1) out.split = v;
  }
  const sun = params.get('sun');
  if (sun !== null) {
    const v = normaliseInstant(sun);
    if (v !== null) out.sun = v;
  }
  return out;
}

/** `n` with at most `decimals` decimals, no trailing zeros, no `-0`. */
function num(n: number, decimals: number): string {
  const s = Number(n.toFixed(decimals));
  return String(Object.is(s, -0) ? 0 : s);
}

/**
 * Writes the view as a query string: `''` when there is nothing to say, else `?key=value&…` in the order
 * cam, plan, scenario, compare, split, comment, sun. Invalid parts (non-finite camera numbers, ids with other
 * characters, a split outside 0..1, a sun instant that is not ISO-8601 with a zone) are left out, so
 * `parseViewUrl(formatViewUrl(s))` gives back `s`
 * (up to rounding and heading/roll normalisation).
 */
export function formatViewUrl(state: ViewUrlState): string {
  const parts: string[] = [];
  const c = state.camera;
  if (c) {
    const values = [c.position.lon, c.position.lat, c.position.height, c.heading, c.pitch, c.roll];
    if (values.every(Number.isFinite)) {
      const pitch = Math.max(-90, Math.min(90, c.pitch));
      parts.push(
        `cam=${[
          num(c.position.lon, 6),
          num(c.position.lat, 6),
          num(c.position.height, 1),
          num(normaliseHeading(Number(c.heading.toFixed(1))), 1),
          num(pitch, 1),
          num(normaliseRoll(c.roll), 1),
        ].join(',')}`,
      );
    }
  }
  for (const key of ['plan', 'scenario', 'compare'] as const) {
    const v = state[key];
    if (v !== undefined && ID.test(v)) parts.push(`${key}=${v}`);
  }
  if (state.split !== undefined && Number.isFinite(state.split) && state.split >= 0 && state.split <= 1) {
    parts.push(`split=${num(state.split, 3)}`);
  }
  if (state.comment !== undefined && ID.test(state.comment)) parts.push(`comment=${state.comment}`);
  const sun = state.sun !== undefined ? normaliseInstant(state.sun) : null;
  if (sun !== null) parts.push(`sun=${sun}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
