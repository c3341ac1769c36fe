/**
 * Feature properties as an EXT_structural_metadata property table (glTF extension, CesiumGS/glTF
 * extensions/2.0/Vendor/EXT_structural_metadata; 3D Metadata Specification for types and binary layout).
 *
 * One schema for the whole tileset, class `building`: property `id` (the CityJSON id, STRING) and one property per
 * attribute key found on any feature. Property ids must match ^[a-zA-Z_][a-zA-Z0-9_]*$, so keys are sanitised and
 * the original key kept as the property's `name`. Types: BOOLEAN when every value is a boolean and none is
 * missing; INT32 when every value is an integer in range; FLOAT64 when every value is a number; otherwise STRING
 * (objects and arrays as JSON text). Missing values use the property's `noData` value.
 */

export type PropertyKind = 'STRING' | 'INT32' | 'FLOAT64' | 'BOOLEAN';

export interface PropertyDef {
  /** Property id in the schema (sanitised). */
  id: string;
  /** The original attribute key, or null for the built-in `id` property. */
  key: string | null;
  /** Shown name: the original attribute key. */
  name: string;
  kind: PropertyKind;
  /** Some feature lacks a value: the property has a `noData` value. */
  hasMissing: boolean;
}

export const CLASS_ID = 'building';
const INT32_NO_DATA = -2147483648;
const FLOAT64_NO_DATA = -1.7976931348623157e308;

interface KeyStats {
  present: number;
  numbers: number;
  integers: number;
  booleans: number;
}

/** Sanitises an attribute key into a property id (^[a-zA-Z_][a-zA-Z0-9_]*$), unique among `taken`. */
export function propertyId(key: string, taken: Set<string>): string {
  let id = key.replace(/[^A-Za-z0-9_]/g, '_');
  if (!/^[A-Za-z_]/.test(id)) id = `_${id}`;
  let unique = id;
  for (let i = 2; taken.has(unique); i++) unique = `${id}_${i}`;
  taken.add(unique);
  return unique;
}

/**
 * Infers the property definitions (see module comment) from attributes seen one feature at a time, so a streamed
 * build keeps only per-key counters, never the features.
 */
export class SchemaBuilder {
  private stats = new Map<string, KeyStats>();
  private count = 0;

  /** Counts one feature's attributes. */
  add(attributes: Record<string, unknown>): void {
    this.count++;
    for (const key in attributes) {
      const v = attributes[key];
      let s = this.stats.get(key);
      if (!s) this.stats.set(key, (s = { present: 0, numbers: 0, integers: 0, booleans: 0 }));
      if (v === null || v === undefined) continue;
      s.present++;
      if (typeof v === 'number' && Number.isFinite(v)) {
        s.numbers++;
        if (Number.isInteger(v) && v > INT32_NO_DATA && v <= 2147483647) s.integers++;
      } else if (typeof v === 'boolean') s.booleans++;
    }
  }

  /** The definitions for everything added so far: `id` first, then one per attribute key in first-seen order. */
  finish(): PropertyDef[] {
    const taken = new Set(['id']);
    const defs: PropertyDef[] = [{ id: 'id', key: null, name: 'CityJSON id', kind: 'STRING', hasMissing: false }];
    for (const [key, s] of this.stats) {
      const hasMissing = s.present < this.count;
      let kind: PropertyKind = 'STRING';
      if (s.present > 0 && s.numbers === s.present) kind = s.integers === s.present ? 'INT32' : 'FLOAT64';
      else if (s.present > 0 && s.booleans === s.present && !hasMissing) kind = 'BOOLEAN';
      defs.push({ id: propertyId(key, taken), key, name: key, kind, hasMissing });
    }
    return defs;
  }
}

/** Infers the property definitions from all features' attributes (see module comment). */
export function inferSchema(features: Iterable<{ attributes: Record<string, unknown> }>): PropertyDef[] {
  const b = new SchemaBuilder();
  for (const f of features) b.add(f.attributes);
  return b.finish();
}

/** The EXT_structural_metadata `schema` object for the definitions. */
export function schemaJson(defs: PropertyDef[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const d of defs) {
    const p: Record<string, unknown> = { name: d.name };
    if (d.key === null) {
      p.description = 'CityJSON CityObject id';
      p.required = true;
    }
    if (d.kind === 'STRING') p.type = 'STRING';
    else if (d.kind === 'BOOLEAN') p.type = 'BOOLEAN';
    else {
      p.type = 'SCALAR';
      p.componentType = d.kind;
    }
    if (d.hasMissing) p.noData = d.kind === 'STRING' ? '' : d.kind === 'INT32' ? INT32_NO_DATA : FLOAT64_NO_DATA;
    properties[d.id] = p;
  }
  return {
    id: 'digitale_stad',
    classes: { [CLASS_ID]: { name: 'Building', description: 'A CityJSON CityObject with its parts', properties } },
  };
}

function stringValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/**
 * Encodes the property table of one tile. `addView` stores a bufferView's bytes and returns its index; the caller
 * aligns each view to 8 bytes (3D Metadata Specification, "Binary Table Format": offsets aligned to 8 bytes).
 * @returns the `propertyTables[0]` JSON object
 */
export function encodePropertyTable(
  defs: PropertyDef[],
  rows: { id: string; attributes: Record<string, unknown> }[],
  addView: (bytes: Uint8Array) => number,
): Record<string, unknown> {
  const count = rows.length;
  const properties: Record<string, unknown> = {};
  for (const d of defs) {
    const value = (r: { id: string; attributes: Record<string, unknown> }) => (d.key === null ? r.id : r.attributes[d.key]);
    if (d.kind === 'STRING') {
      const parts: Buffer[] = [];
      const offsets = new Uint32Array(count + 1);
      let total = 0;
      for (let i = 0; i < count; i++) {
        const s = stringValue(value(rows[i])) ?? '';
        const b = Buffer.from(s, 'utf8');
        parts.push(b);
        total += b.length;
        offsets[i + 1] = total;
      }
      const values = addView(new Uint8Array(Buffer.concat(parts, total)));
      const stringOffsets = addView(new Uint8Array(offsets.buffer));
      properties[d.id] = { values, stringOffsets, stringOffsetType: 'UINT32' };
    } else if (d.kind === 'BOOLEAN') {
      const bits = new Uint8Array(Math.max(1, Math.ceil(count / 8)));
      for (let i = 0; i < count; i++) if (value(rows[i]) === true) bits[i >> 3] |= 1 << (i & 7);
      properties[d.id] = { values: addView(bits) };
    } else {
      const arr = d.kind === 'INT32' ? new Int32Array(count) : new Float64Array(count);
      const noData = d.kind === 'INT32' ? INT32_NO_DATA : FLOAT64_NO_DATA;
      for (let i = 0; i < count; i++) {
        const v = value(rows[i]);
        arr[i] = typeof v === 'number' && Number.isFinite(v) ? v : noData;
      }
      properties[d.id] = { values: addView(new Uint8Array(arr.buffer)) };
    }
  }
  return { name: 'buildings', class: CLASS_ID, count, properties };
}
