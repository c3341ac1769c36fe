/**
 * What the city shows (issue 4): "today" (`null`), one scenario across the view, or two scenarios side by side
 * around `scene.splitPosition` (compare). Per side:
 * - replaced buildings hidden by feature id, reference-counted (featureHiding.ts), on that side's tileset
 *   instances (left: the layers' own tilesets; right: their compare twins, tilesetLayers.ts);
 * - the plan area clipped away (`clipArea`) with a ClippingPolygonCollection (CesiumJS ≥ 1.116, WebGL 2)
 *   on that side's city tilesets;
 * - the scenario's placed models (planModels.ts), split LEFT/RIGHT while comparing.
 * Hidden features are not drawn, and clipped fragments are discarded, so neither casts a shadow.
 */
import { Cartesian3, ClippingPolygon, ClippingPolygonCollection, SplitDirection, type Cesium3DTileset, type Model, type Scene } from 'cesium';
import { HiddenFeatures, hidingStyle, restyle } from './featureHiding.js';
import { PlanModels } from './planModels.js';
import { SplitLine } from './splitLine.js';
import type { TilesetLayers } from './tilesetLayers.js';
import type { ModelPlacementSpec, ScenarioSpec } from './types.js';

export type SideName = 'left' | 'right';

interface Side {
  name: SideName;
  spec: ScenarioSpec | null;
  /** The owner key under which this side's scenario hides buildings. */
  owner: string | null;
  hidden: HiddenFeatures;
  models: PlanModels;
  /** The clip ring as applied (JSON), '' for none. */
  clipKey: string;
}

/** What was applied to a tileset instance, so `refresh` only touches what changed. */
interface Applied {
  side: SideName;
  style: unknown;
  clipKey: string;
}

const clamp01 = (v: number) => (Number.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0.5);

/** A ring as [lon, lat] pairs without the closing vertex, or null when it has fewer than 3 distinct vertices. */
function openRing(ring: [number, number][] | null): [number, number][] | null {
  if (!ring) return null;
  const r = ring.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
  if (r.length > 1 && r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1]) r.pop();
  return r.length >= 3 ? r : null;
}

export class ScenarioView {
  private readonly sides: Record<SideName, Side>;
  private compare = false;
  private split = 0.5;
  private readonly applied = new WeakMap<Cesium3DTileset, Applied>();
  private readonly splitLine: SplitLine;
  private readonly splitListeners = new Set<(split: number) => void>();
  private warnedClipping = false;
  /**
   * Models being placed or edited (previewModel), shown on both sides. Set them with `setPreview`, which hides a
   * stored placement while its preview (same id) stands in for it.
   */
  readonly preview: PlanModels;

  constructor(
    private readonly scene: Scene,
    private readonly layers: TilesetLayers,
    host: HTMLElement,
    onModelsChanged: () => void,
  ) {
    const side = (name: SideName): Side => {
      const hidden = new HiddenFeatures();
      hidden.onChange((ids) => this.restyleSide(name, ids));
      return { name, spec: null, owner: null, hidden, models: new PlanModels(scene, SplitDirection.NONE, onModelsChanged), clipKey: '' };
    };
    this.sides = { left: side('left'), right: side('right') };
    this.preview = new PlanModels(scene, SplitDirection.NONE, onModelsChanged);
    this.splitLine = new SplitLine(host, (v) => {
      this.applySplit(v);
      for (const f of this.splitListeners) f(v);
    });
    this.splitLine.set(this.split);
  }

  /** See CityViewer.setScenarioView. */
  set(view: { left: ScenarioSpec | null; right?: ScenarioSpec | null; split?: number }): void {
    this.compare = view.right !== undefined;
    if (view.split !== undefined) this.split = clamp01(view.split);
    this.setSide(this.sides.left, view.left);
    this.setSide(this.sides.right, this.compare ? (view.right ?? null) : null);
    const dir = (s: SplitDirection) => (this.compare ? s : SplitDirection.NONE);
    this.sides.left.models.setDirection(dir(SplitDirection.LEFT));
    this.sides.right.models.setDirection(dir(SplitDirection.RIGHT));
    this.splitLine.setVisible(this.compare);
    this.setSplit(this.split);
    this.layers.setCompare(this.compare); // calls refresh() through the layers' onChange when twins arrive
    this.refresh();
  }

  private setSide(side: Side, spec: ScenarioSpec | null): void {
    side.spec = spec;
    const owner = spec ? `scenario:${spec.id}` : null;
    // Count the new scenario's buildings before releasing the old one's (no flicker for buildings in both).
    if (owner) side.hidden.hide(owner, spec?.replaced ?? []);
    if (side.owner && side.owner !== owner) side.hidden.release(side.owner);
    side.owner = owner;
    side.models.set(spec?.placements ?? []);
  }

  /**
   * Shows these previews (CityViewer.previewModel). A preview with the id of a stored placement (editing it) hides
   * that placement's model on both sides while the preview exists, so the model is not drawn twice; it shows again
   * when the preview goes. The hiding outlasts scenario reloads (PlanModels keeps it by id).
   */
  setPreview(specs: ModelPlacementSpec[]): void {
    this.preview.set(specs);
    const ids = specs.map((s) => s.id);
    this.sides.left.models.setHidden(ids);
    this.sides.right.models.setHidden(ids);
  }

  /** See CityViewer.setSplit. */
  setSplit(split: number): void {
    this.split = clamp01(split);
    this.splitLine.set(this.split);
    this.applySplit(this.split);
  }

  private applySplit(v: number): void {
    this.split = v;
    this.scene.splitPosition = v;
    this.scene.requestRender();
  }

  onSplitChanged(f: (split: number) => void): () => void {
    this.splitListeners.add(f);
    return () => this.splitListeners.delete(f);
  }

  /**
   * Brings every tileset instance in line with the state: style (hidden features of its side), clipping and
   * split direction. Called after `set` and whenever the layers change (a layer or twin loaded).
   */
  refresh(): void {
    for (const inst of this.layers.instances()) {
      const t = inst.tileset;
      if (t.isDestroyed()) continue;
      const name: SideName = inst.side === 'twin' ? 'right' : 'left';
      const side = this.sides[name];
      const direction = !this.compare ? SplitDirection.NONE : name === 'left' ? SplitDirection.LEFT : SplitDirection.RIGHT;
      if (t.splitDirection !== direction) t.splitDirection = direction;
      let a = this.applied.get(t);
      if (!a || a.side !== name) {
        const style = hidingStyle(inst.id, () => side.hidden);
        t.style = style;
        a = { side: name, style, clipKey: '' };
        this.applied.set(t, a);
      }
      const ring = openRing(side.spec?.clipArea ?? null);
      const key = ring ? JSON.stringify(ring) : '';
      if (a.clipKey !== key) {
        this.clip(t, ring);
        a.clipKey = key;
      }
      side.clipKey = key;
    }
    this.scene.requestRender();
  }

  /**
   * Clips `t` inside `ring`, or stops clipping. Removing uses `enabled = false` (CesiumJS 1.145's
   * Model3DTileContent keeps a tile's old collection when the tileset's becomes undefined), and every loaded
   * tile is marked so its content re-reads the clipping (the content only does so when the collection's
   * state changes, so a second ring would miss tiles the first one did not touch).
   */
  private clip(t: Cesium3DTileset, ring: [number, number][] | null): void {
    if (!ring) {
      if (t.clippingPolygons) t.clippingPolygons.enabled = false;
    } else if (!ClippingPolygonCollection.isSupported(this.scene)) {
      if (!this.warnedClipping) console.warn('clipping polygons need WebGL 2; the plan area is not clipped');
      this.warnedClipping = true;
      return;
    } else {
      const positions = Cartesian3.fromDegreesArray(ring.flat());
      // A collection belongs to one tileset: a new one per instance and change.
      t.clippingPolygons = new ClippingPolygonCollection({ polygons: [new ClippingPolygon({ positions })] });
    }
    const cache = (t as unknown as { _cache?: { forEachLoadedTile?(f: (tile: { clippingPolygonsDirty: boolean }) => void): void } })._cache;
    cache?.forEachLoadedTile?.((tile) => {
      tile.clippingPolygonsDirty = true;
    });
  }

  private restyleSide(name: SideName, layerIds: Set<string>): void {
    for (const inst of this.layers.instances()) {
      if ((inst.side === 'twin' ? 'right' : 'left') === name && layerIds.has(inst.id)) restyle(inst.tileset);
    }
    this.scene.requestRender();
  }

  /** The hidden-feature counter of a side (test hooks). */
  hidden(side: SideName = 'left'): HiddenFeatures {
    return this.sides[side].hidden;
  }

  /** Where a placement lives: a side's models or the preview. */
  find(placementId: string): { models: PlanModels; spec: ModelPlacementSpec } | null {
    for (const m of [this.preview, this.sides.left.models, this.sides.right.models]) {
      const spec = m.spec(placementId);
      if (spec) return { models: m, spec };
    }
    return null;
  }

  /** Every loaded model, both sides and preview (excluded from ground height sampling). */
  allModels(): Model[] {
    return [...this.sides.left.models.models(), ...this.sides.right.models.models(), ...this.preview.models()];
  }

  modelCount(): number {
    return this.sides.left.models.count() + this.sides.right.models.count() + this.preview.count();
  }

  modelsSettled(): boolean {
    return this.sides.left.models.settled() && this.sides.right.models.settled() && this.preview.settled();
  }

  modelStates(): { side: SideName | 'preview'; id: string; modelId: string; status: string }[] {
    return [
      ...this.sides.left.models.states().map((s) => ({ side: 'left' as const, ...s })),
      ...this.sides.right.models.states().map((s) => ({ side: 'right' as const, ...s })),
      ...this.preview.states().map((s) => ({ side: 'preview' as const, ...s })),
    ];
  }

  state(): { compare: boolean; split: number; left: string | null; right: string | null } {
    return {
      compare: this.compare,
      split: this.split,
      left: this.sides.left.spec?.id ?? null,
      right: this.compare ? (this.sides.right.spec?.id ?? null) : null,
    };
  }
}
