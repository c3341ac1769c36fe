/**
 * After a `version_conflict` on saving a placement (someone else saved first), the editor loads the stored
 * placement into its fields and keeps the user's attempted values in its message so they can be re-applied.
 * This says which of the user's values differ from the stored ones, as the fields would show them. Pure, no DOM.
 */
import { PLACEMENT_FIELDS, formatField, wrapDegrees, type Lang, type PlacementField, type PlacementValues } from './numbers.js';

/** One of the user's values that differs from the stored placement: the field and the user's value as text. */
export interface AttemptedValue {
  field: PlacementField;
  /** The user's value in the UI language with the field's decimals (numbers.ts formatField). */
  text: string;
}

/**
 * The fields (in PLACEMENT_FIELDS order) whose `attempted` value, formatted for `lng`, differs from the `stored`
 * one; differences below a field's shown decimals do not count (heading compared after wrapping into 0…360).
 */
export function attemptedValues(attempted: PlacementValues, stored: PlacementValues, lng: Lang | string): AttemptedValue[] {
  const shown = (f: PlacementField, v: PlacementValues) => formatField(f, f === 'heading' ? wrapDegrees(v[f]) : v[f], lng);
  return PLACEMENT_FIELDS.filter((f) => shown(f, attempted) !== shown(f, stored)).map((f) => ({ field: f, text: shown(f, attempted) }));
}
