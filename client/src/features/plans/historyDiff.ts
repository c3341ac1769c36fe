/**
 * What a history entry (shared/plans.ts PlanChange, GET /plans/:id/history) says, for people: the name of what was
 * changed and a short list of changed fields with their value before and after. The server stores, per change,
 * only the fields that changed (server/src/domain/plan-history.ts diffFields) for `updated`, the whole content for
 * `created` / `deleted`, and `{ status }` for `status_changed`.
 *
 * Pure functions, no DOM, no i18n instance: values come back as text where text is language-neutral (numbers in
 * the UI language's style, times in Europe/Amsterdam via i18n/format.ts, long texts shortened), and as tagged
 * values where words are needed (yes/no, status, counts); HistorySection.tsx puts those into words.
 */
import { formatDateTime, truncate } from '../../i18n/format.js';

/** One side of a changed field. */
export type ShownValue =
  /** Language-neutral text, already formatted and shortened. */
  | { kind: 'text'; text: string }
  /** Nothing (null, absent, empty text or list). */
  | { kind: 'empty' }
  | { kind: 'bool'; value: boolean }
  /** A plan status (`draft`, `published`, …). */
  | { kind: 'status'; status: string }
  /** The plan area: a polygon with `count` vertices (the closing vertex not counted). */
  | { kind: 'vertices'; count: number }
  /** A list of replaced buildings: how many. */
  | { kind: 'buildings'; count: number }
  /** A camera view (the plan's home view): where the camera stands, numbers formatted. */
  | { kind: 'view'; lon: string; lat: string; height: string };

/** One changed field: its name (as on the wire; `lon`/`lat`/`height` for a placement's position) and both sides. */
export interface FieldChange {
  field: string;
  before: ShownValue;
  after: ShownValue;
  /** For lists of replaced buildings: feature ids added and removed (at most `MAX_IDS` each; `more*` counts the rest). */
  added?: string[];
  removed?: string[];
  moreAdded?: number;
  moreRemoved?: number;
}

export interface ChangeSummary {
  /** The entity's name: scenario or model name, plan title, partner name; null when neither side nor `nameOf` knows it. */
  name: string | null;
  /** Changed fields, in the order the server sent them. Empty for `created`, `deleted`, `invited`, `removed`. */
  fields: FieldChange[];
}

/** Longest text value shown (code points; longer ones end in "…"). */
export const MAX_TEXT = 60;
/** Longest phases list shown. */
export const MAX_PHASES_TEXT = 120;
/** Most building ids listed as added or removed. */
export const MAX_IDS = 5;

/** Fields that are ids or internal details, never listed. */
const HIDDEN = new Set(['scenarioId', 'modelId', 'userId', 'stats', 'georef', 'originalFiles', 'version', 'updatedAt', 'createdAt']);

/** Decimals shown per numeric field (placements: shared/plans.ts; lon/lat 7 ≈ 1 cm). Others: up to 3. */
const DIGITS: Record<string, number> = { lon: 7, lat: 7, height: 2, heading: 1, pitch: 1, roll: 1, scale: 6 };

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

function localeFor(lng: string): string {
  return lng.startsWith('en') ? 'en-GB' : 'nl-NL';
}

/** A number in the UI language's style, at most `digits` decimals (trailing zeros dropped), no grouping. */
export function formatValueNumber(n: number, lng: string, digits = 3): string {
  return new Intl.NumberFormat(localeFor(lng), { maximumFractionDigits: digits, useGrouping: false }).format(n);
}

/** Text on one line (runs of white space, newlines included, become one space), shortened to `max` code points. */
export function shortText(s: string, max = MAX_TEXT): string {
  return truncate(s.replace(/\s+/g, ' ').trim(), max);
}

/**
 * Two texts shortened around where they start to differ (one line each, at most `max` code points plus the "…"
 * marks): from `lead` code points before the first difference, with a leading "…" when that is not the start.
 */
export function differingWindows(before: string, after: string, max = MAX_TEXT, lead = 15): [string, string] {
  const b = [...before.replace(/\s+/g, ' ').trim()];
  const a = [...after.replace(/\s+/g, ' ').trim()];
  let i = 0;
  while (i < b.length && i < a.length && b[i] === a[i]) i++;
  const from = Math.max(0, i - lead);
  const cut = (cps: string[]) => (from > 0 ? '…' : '') + truncate(cps.slice(from).join(''), max);
  return [cut(b), cut(a)];
}

function text(s: string): ShownValue {
  return s === '' ? { kind: 'empty' } : { kind: 'text', text: s };
}

/** Phases as `name (start – end)`, joined with "; ", times in Europe/Amsterdam. */
function phasesText(list: unknown[], lng: string): string {
  return list
    .map((p) => {
      if (!isObj(p)) return '';
      const name = typeof p.name === 'string' ? p.name : '';
      const from = typeof p.startsAt === 'string' ? formatDateTime(p.startsAt, lng) : '';
      const to = typeof p.endsAt === 'string' ? formatDateTime(p.endsAt, lng) : '';
      return from || to ? `${name} (${from} – ${to})` : name;
    })
    .filter((s) => s !== '')
    .join('; ');
}

/** The vertex count of a GeoJSON Polygon's outer ring (closing vertex not counted), or null when it is not one. */
function polygonVertices(x: unknown): number | null {
  if (!isObj(x) || x.type !== 'Polygon' || !Array.isArray(x.coordinates)) return null;
  const ring = x.coordinates[0];
  return Array.isArray(ring) ? Math.max(0, ring.length - 1) : null;
}

/** A stored value → what is shown for it. `field` chooses decimals and special forms. */
export function shownValue(field: string, v: unknown, lng: string): ShownValue {
  if (v === null || v === undefined) return { kind: 'empty' };
  if (field === 'status' && typeof v === 'string') return { kind: 'status', status: v };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (typeof v === 'number') return text(Number.isFinite(v) ? formatValueNumber(v, lng, DIGITS[field] ?? 3) : String(v));
  if (typeof v === 'string') return text(ISO_INSTANT.test(v) ? formatDateTime(v, lng) : shortText(v));
  if (field === 'replaced' && Array.isArray(v)) return { kind: 'buildings', count: v.length };
  if (field === 'phases' && Array.isArray(v)) return text(shortText(phasesText(v, lng), MAX_PHASES_TEXT));
  if (field === 'area') {
    const n = polygonVertices(v);
    if (n !== null) return { kind: 'vertices', count: n };
  }
  if (field === 'homeView' && isObj(v) && isObj(v.position)) {
    const p = v.position;
    if (typeof p.lon === 'number' && typeof p.lat === 'number' && typeof p.height === 'number') {
      return { kind: 'view', lon: formatValueNumber(p.lon, lng, 5), lat: formatValueNumber(p.lat, lng, 5), height: formatValueNumber(p.height, lng, 0) };
    }
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return { kind: 'empty' };
    if (v.every((x) => typeof x === 'string' || typeof x === 'number')) return text(shortText(v.join(', ')));
  }
  let json: string;
  try {
    json = JSON.stringify(v) ?? String(v);
  } catch {
    json = String(v);
  }
  return text(shortText(json));
}

/** `tilesetId/featureId` keys of a replaced-buildings list (anything else in the list is ignored). */
function buildingKeys(v: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(v)) return out;
  for (const b of v) {
    if (isObj(b) && typeof b.featureId === 'string') out.set(`${String(b.tilesetId)}\u0000${b.featureId}`, b.featureId);
  }
  return out;
}

/** Feature ids in `a` and not in `b` (by tileset and feature id), at most MAX_IDS, and how many more there are. */
function minus(a: Map<string, string>, b: Map<string, string>): { ids: string[]; more: number } {
  const ids = [...a.entries()].filter(([k]) => !b.has(k)).map(([, id]) => id);
  return { ids: ids.slice(0, MAX_IDS), more: Math.max(0, ids.length - MAX_IDS) };
}

/** A placement's `position: {lon, lat, height}` flattened into three fields; other objects as they are. */
function flatten(x: unknown): Obj {
  if (!isObj(x)) return {};
  const out: Obj = {};
  for (const [k, v] of Object.entries(x)) {
    if (k === 'position' && isObj(v) && ('lon' in v || 'lat' in v || 'height' in v)) {
      for (const c of ['lon', 'lat', 'height']) if (c in v) out[c] = v[c];
    } else out[k] = v;
  }
  return out;
}

/** The name (or title, or display name) the object carries, or null. */
function nameIn(x: unknown): string | null {
  if (!isObj(x)) return null;
  for (const k of ['name', 'title', 'displayName']) {
    const v = x[k];
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return null;
}

/** The parts of a PlanChange this module reads. */
export interface ChangeInput {
  entity: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
}

/**
 * Summarises one history entry. `lng`: UI language (`nl`, `en`, …). `nameOf(entity, entityId)`: the current name of
 * an entity still known to the page (plan title, scenario name), used when the change itself does not carry one
 * (an update that did not rename). The name after the change wins over the one before.
 *
 * Fields: for `updated` and `status_changed`, every field in `after` or `before` except ids and internal details,
 * whose shown values differ; a replaced-buildings list also gets the ids added and removed. For other actions none.
 */
export function summariseChange(c: ChangeInput, lng: string, nameOf?: (entity: string, id: string) => string | null): ChangeSummary {
  const name = nameIn(c.after) ?? nameIn(c.before) ?? nameOf?.(c.entity, c.entityId) ?? null;
  if (c.action !== 'updated' && c.action !== 'status_changed') return { name, fields: [] };
  const before = flatten(c.before);
  const after = flatten(c.after);
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])].filter((k) => !HIDDEN.has(k));
  const fields: FieldChange[] = [];
  for (const field of keys) {
    const b = shownValue(field, before[field], lng);
    const a = shownValue(field, after[field], lng);
    if (field === 'replaced') {
      const bk = buildingKeys(before[field]);
      const ak = buildingKeys(after[field]);
      const added = minus(ak, bk);
      const removed = minus(bk, ak);
      if (added.ids.length === 0 && removed.ids.length === 0 && JSON.stringify(a) === JSON.stringify(b)) continue;
      fields.push({ field, before: b, after: a, added: added.ids, removed: removed.ids, moreAdded: added.more, moreRemoved: removed.more });
      continue;
    }
    const rawB = before[field];
    const rawA = after[field];
    if (JSON.stringify(rawA) === JSON.stringify(rawB)) continue;
    if (typeof rawB === 'string' && typeof rawA === 'string' && !ISO_INSTANT.test(rawA) && JSON.stringify(a) === JSON.stringify(b)) {
      // Two long texts that differ only after the shown part: show both around where they start to differ.
      const [wb, wa] = differingWindows(rawB, rawA);
      fields.push({ field, before: text(wb), after: text(wa) });
      continue;
    }
    fields.push({ field, before: b, after: a });
  }
  return { name, fields };
}
