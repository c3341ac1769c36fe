/**
 * Buildings a scenario replaces, hidden by feature id with a reference count (the VC Map way): every owner
 * (a scenario shown on one side of the view, or a test) hides a list of `{ tilesetId, featureId }`; a building
 * stays hidden while at least one owner hides it. So two scenarios hiding the same building can be shown and
 * removed in any order.
 *
 * The hiding itself is a Cesium3DTileStyle per tileset instance whose `show` is a function of the feature
 * (`{ evaluate(feature) }`, Cesium3DTileStyle accepts any object with `evaluate`): false when the feature's id
 * (featureIds.ts, the same id picking reports) is hidden for that layer. Cesium styles newly visible tiles
 * itself; a change calls `makeStyleDirty()` so the loaded ones are restyled. A hidden feature is not drawn at
 * all, so it is neither picked nor casts a shadow.
 */
import { Cesium3DTileStyle, type Cesium3DTileFeature, type Cesium3DTileset } from 'cesium';
import type { ReplacedBuilding } from '../../../shared/index.js';
import { featureId } from './featureIds.js';

/** Reference-counted hidden features, per tileset layer id. */
export class HiddenFeatures {
  /** tilesetId → featureId → number of owners hiding it. */
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly owners = new Map<string, ReplacedBuilding[]>();
  private readonly listeners = new Set<(tilesetIds: Set<string>) => void>();

  /**
   * Sets what `owner` hides (replacing its previous list; the new list is counted before the old one is
   * released, so buildings in both never flicker).
   */
  hide(owner: string, list: readonly ReplacedBuilding[]): void {
    const previous = this.owners.get(owner) ?? [];
    const changed = new Set<string>();
    const copy = list.map((b) => ({ tilesetId: b.tilesetId, featureId: b.featureId }));
    for (const b of dedupe(copy)) if (this.add(b, 1)) changed.add(b.tilesetId);
    this.owners.set(owner, copy);
    for (const b of dedupe(previous)) if (this.add(b, -1)) changed.add(b.tilesetId);
    this.emit(changed);
  }

  /** Stops `owner` hiding anything. */
  release(owner: string): void {
    const previous = this.owners.get(owner);
    if (!previous) return;
    this.owners.delete(owner);
    const changed = new Set<string>();
    for (const b of dedupe(previous)) if (this.add(b, -1)) changed.add(b.tilesetId);
    this.emit(changed);
  }

  /** Returns true when the building's hidden state changed. */
  private add(b: ReplacedBuilding, delta: 1 | -1): boolean {
    let m = this.counts.get(b.tilesetId);
    if (!m) {
      if (delta < 0) return false;
      m = new Map();
      this.counts.set(b.tilesetId, m);
    }
    const before = m.get(b.featureId) ?? 0;
    const after = Math.max(0, before + delta);
    if (after === 0) m.delete(b.featureId);
    else m.set(b.featureId, after);
    if (m.size === 0) this.counts.delete(b.tilesetId);
    return (before > 0) !== (after > 0);
  }

  private emit(changed: Set<string>): void {
    if (changed.size === 0) return;
    for (const f of this.listeners) f(changed);
  }

  isHidden(tilesetId: string, id: string | null): boolean {
    if (id === null) return false;
    return (this.counts.get(tilesetId)?.get(id) ?? 0) > 0;
  }

  /** True when the layer hides anything (the style's fast path). */
  hasAny(tilesetId: string): boolean {
    return this.counts.has(tilesetId);
  }

  /** Hidden feature ids of a layer, sorted. */
  ids(tilesetId: string): string[] {
    return [...(this.counts.get(tilesetId)?.keys() ?? [])].sort();
  }

  /** Called with the layer ids whose hidden set changed. */
  onChange(f: (tilesetIds: Set<string>) => void): () => void {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }
}

function dedupe(list: readonly ReplacedBuilding[]): ReplacedBuilding[] {
  const seen = new Set<string>();
  return list.filter((b) => {
    const k = `${b.tilesetId}\u0000${b.featureId}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * A style for one tileset instance of layer `tilesetId` that hides what `hidden()` (read at evaluation time)
 * hides. Colours stay the default (white: the model's own materials).
 */
export function hidingStyle(tilesetId: string, hidden: () => HiddenFeatures): Cesium3DTileStyle {
  const style = new Cesium3DTileStyle();
  style.show = {
    evaluate(feature: Cesium3DTileFeature): boolean {
      const h = hidden();
      if (!h.hasAny(tilesetId)) return true;
      return !h.isHidden(tilesetId, featureId(feature));
    },
  } as unknown as Cesium3DTileStyle['show'];
  return style;
}

/** Makes a tileset restyle its loaded tiles (after the hidden set changed). */
export function restyle(tileset: Cesium3DTileset): void {
  if (!tileset.isDestroyed()) tileset.makeStyleDirty();
}
