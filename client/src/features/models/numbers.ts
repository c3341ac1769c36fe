/**
 * Number fields of a placement (lon, lat, height, heading, pitch, roll, scale): parsing what people type in Dutch or English,
 * clamping to what the protocol accepts (shared/plans.ts CreatePlacementBody, shared/geo.ts Position), and
 * formatting back so the text parses to the same number. Pure functions, no DOM.
 */

export type Lang = 'nl' | 'en';

/** UI language string (`nl`, `en`, `en-GB`, …) → the two the app knows (Dutch by default). */
export function langOf(lng: string): Lang {
  return lng.startsWith('en') ? 'en' : 'nl';
}

/**
 * Text → number, or null when it is not a number. Accepts both decimal marks, because coordinates are copied from
 * everywhere: `4,4578` and `4.4578` are 4.4578 in both languages. Rules, after removing spaces (also U+00A0 and
 * U+202F) and reading `−` as `-`:
 * - `.` and `,` both present: the last one is the decimal mark, the other groups thousands (`1.234,5`, `1,234.5`);
 * - one mark repeated: thousands grouping, each group 3 digits (`1.000.000`; `1.2.3` is not a number);
 * - one mark once: the decimal mark, except in English a `,` between 1–3 digits (not starting with 0) and
 *   exactly 3 digits (`1,000` = 1000, but `0,001` = 0.001), the way English writes thousands; in Dutch `.`
 *   stays decimal (`4.457` = 4.457), since degrees are written with a point on maps and GPS devices;
 * - an exponent is allowed (`1e-3`); `Infinity`, hex and empty text are not numbers.
 */
export function parseNumber(text: string, lng: Lang | string): number | null {
  const lang = langOf(lng);
  let s = text.replace(/[\s\u00a0\u202f]/g, '').replace(/\u2212/g, '-');
  if (s === '') return null;
  const dots = (s.match(/\./g) ?? []).length;
  const commas = (s.match(/,/g) ?? []).length;
  /** `t` with thousands marks `mark` removed, or null when its groups are not 1–3 digits (no leading 0) then 3s. */
  const ungroup = (t: string, mark: '.' | ','): string | null => {
    const [head, ...rest] = t.replace(/^[+-]/, '').split(mark);
    if (!/^[1-9]\d{0,2}$/.test(head ?? '') || !rest.every((g) => /^\d{3}$/.test(g))) return null;
    return t.split(mark).join('');
  };
  if (dots > 0 && commas > 0) {
    const decimal = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
    if ((decimal === '.' ? dots : commas) !== 1) return null;
    const [intPart, frac] = s.split(decimal) as [string, string];
    const whole = ungroup(intPart, decimal === '.' ? ',' : '.');
    if (whole === null) return null;
    s = `${whole}.${frac}`;
  } else if (dots > 1 || commas > 1) {
    const whole = ungroup(s, dots > 1 ? '.' : ',');
    if (whole === null) return null;
    s = whole;
  } else if (commas === 1) {
    if (lang === 'en' && /^[+-]?[1-9]\d{0,2},\d{3}$/.test(s)) s = s.replace(',', '');
    else s = s.replace(',', '.');
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** n limited to [min, max]. */
export function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}

/** Degrees → [0, 360) (heading clockwise from north, Cesium HeadingPitchRoll). */
export function wrapDegrees(deg: number): number {
  const w = ((deg % 360) + 360) % 360;
  return w === 360 || Object.is(w, -0) ? 0 : w;
}

export const PLACEMENT_FIELDS = ['lon', 'lat', 'height', 'heading', 'pitch', 'roll', 'scale'] as const;
export type PlacementField = (typeof PLACEMENT_FIELDS)[number];

/**
 * Range and shown decimals per field. lon/lat degrees (WGS84, 7 decimals ≈ 1 cm), height metres above the
 * ellipsoid (shared/geo.ts Position: −1000…10000), heading degrees (wrapped into 0…360), pitch and roll degrees
 * (Cesium HeadingPitchRoll; CreatePlacementBody: pitch −90…90, roll −180…180, clamped), scale uniform factor
 * (CreatePlacementBody: 0.0001…10000).
 */
export const FIELD_SPECS: Record<PlacementField, { min: number; max: number; digits: number; wrap?: boolean }> = {
  lon: { min: -180, max: 180, digits: 7 },
  lat: { min: -90, max: 90, digits: 7 },
  height: { min: -1000, max: 10000, digits: 2 },
  heading: { min: 0, max: 360, digits: 1, wrap: true },
  pitch: { min: -90, max: 90, digits: 1 },
  roll: { min: -180, max: 180, digits: 1 },
  scale: { min: 1e-4, max: 1e4, digits: 6 },
};

/** The result of reading one field: the value to use, and whether it had to be clamped into range. */
export type FieldResult = { ok: true; value: number; clamped: boolean } | { ok: false };

/** Parses and clamps (or wraps, for heading) one field's text. */
export function readField(field: PlacementField, text: string, lng: Lang | string): FieldResult {
  const n = parseNumber(text, lng);
  if (n === null) return { ok: false };
  const spec = FIELD_SPECS[field];
  if (spec.wrap) return { ok: true, value: wrapDegrees(n), clamped: false };
  const value = clamp(n, spec.min, spec.max);
  return { ok: true, value, clamped: value !== n };
}

/**
 * A field value as text in the UI language with the field's decimals (trailing zeros dropped, at least
 * one for lon/lat), no thousands grouping, so `parseNumber(formatField(f, n, l), l)` gives n back (rounded).
 */
export function formatField(field: PlacementField, n: number, lng: Lang | string): string {
  const spec = FIELD_SPECS[field];
  const locale = langOf(lng) === 'en' ? 'en-GB' : 'nl-NL';
  // Rounded first, so −0.0001 m shows as 0, not −0.
  const rounded = Number(n.toFixed(spec.digits)) || 0;
  return new Intl.NumberFormat(locale, {
    useGrouping: false,
    minimumFractionDigits: field === 'lon' || field === 'lat' ? spec.digits : 0,
    maximumFractionDigits: spec.digits,
  }).format(rounded);
}

/** The seven numbers of a placement as the editor holds them (degrees, metres, factor). */
export interface PlacementValues {
  lon: number;
  lat: number;
  height: number;
  heading: number;
  pitch: number;
  roll: number;
  scale: number;
}

/** Where a placement starts: pitch and roll may be left out (0, upright). */
export type PlacementStart = Omit<PlacementValues, 'pitch' | 'roll'> & Partial<Pick<PlacementValues, 'pitch' | 'roll'>>;

/** Texts of the seven fields → values, or the list of fields that are not numbers. */
export function readFields(
  texts: Record<PlacementField, string>,
  lng: Lang | string,
): { ok: true; values: PlacementValues } | { ok: false; invalid: PlacementField[] } {
  const out: Partial<PlacementValues> = {};
  const invalid: PlacementField[] = [];
  for (const f of PLACEMENT_FIELDS) {
    const r = readField(f, texts[f], lng);
    if (r.ok) out[f] = r.value;
    else invalid.push(f);
  }
  return invalid.length > 0 ? { ok: false, invalid } : { ok: true, values: out as PlacementValues };
}

/** Values → the texts of the seven fields in the UI language (missing pitch / roll: 0). */
export function formatFields(v: PlacementStart, lng: Lang | string): Record<PlacementField, string> {
  return {
    lon: formatField('lon', v.lon, lng),
    lat: formatField('lat', v.lat, lng),
    height: formatField('height', v.height, lng),
    heading: formatField('heading', wrapDegrees(v.heading), lng),
    pitch: formatField('pitch', v.pitch ?? 0, lng),
    roll: formatField('roll', v.roll ?? 0, lng),
    scale: formatField('scale', v.scale, lng),
  };
}

/** The warning code of a model the server read as Z-up (server/src/models/georef.ts); it may lie on its side. */
export const UP_AXIS_Z = 'up_axis_z';

/**
 * The "tilt 90°" quick fix for a model read as Z-up that was really Y-up: its real up then lies along the model's
 * north axis (y), so it is rolled by +90° about its east axis (Cesium HeadingPitchRoll: roll turns y towards up),
 * and lifted by half its north size × scale, because the base centre was taken in the lying pose. Applied to a
 * model already rolled by 90° it stands it back (roll 0, lowered again). `northSize`: Model.stats.size.y, metres.
 */
export function tiltQuarter(v: PlacementValues, northSize: number): PlacementValues {
  const lift = (Number.isFinite(northSize) ? northSize : 0) * v.scale / 2;
  const tilted = Math.abs(v.roll - 90) < 0.05;
  return tilted ? { ...v, roll: 0, height: v.height - lift } : { ...v, roll: 90, height: v.height + lift };
}
