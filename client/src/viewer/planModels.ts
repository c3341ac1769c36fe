/**
 * Partner models placed in a scenario (issue 4): one Cesium `Model` per placement, loaded from the placement's
 * GLB URL with `Model.fromGltfAsync` (CesiumJS 1.145).
 *
 * Placement (BRIEF): the GLB is glTF Y-up, metres, with the base centre (bbox centre in the horizontal plane,
 * minimum in up) at the origin. Cesium turns glTF Y-up into its Z-up model frame itself (Model `upAxis` Y), so
 *
 *   placement = Transforms.headingPitchRollToFixedFrame(position, HPR) × uniform scale
 *
 * i.e. the local east-north-up frame at the base centre (EPSG:4978 ECEF), rotated by heading/pitch/roll
 * (Cesium HeadingPitchRoll convention, heading clockwise from north; degrees at the API, radians inside) and
 * scaled. Rotation and scale therefore happen about the model's own base, never about the Earth's centre.
 * The Cesium Model gets the rigid part as `modelMatrix` (placementFrame) and the scale as `Model.scale`, which
 * Cesium multiplies on the right of the modelMatrix, so it draws the same matrix. The scale is kept out of the
 * modelMatrix because Cesium 1.145 then counts it twice in `Model.boundingSphere`: the radius kept at load
 * (`_initialRadius`, ModelSceneGraph.computeBoundingVolumes, which itself points at CesiumJS issue #12108) already
 * includes the modelMatrix's scale, and the getter transforms it by the modelMatrix again. A 1 m cube at scale 25
 * reported a ≈ 540 m sphere instead of 21.7 m, which threw the edit handles off-screen.
 *
 * Each model carries a `PlanModelTag` as its `id`, which `scene.pick` returns, so picking.ts can report
 * `{ kind: 'model', placementId, modelId }`.
 */
import {
  Color,
  ColorBlendMode,
  HeadingPitchRoll,
  Math as CesiumMath,
  Matrix4,
  Model,
  ShadowMode,
  SplitDirection,
  Transforms,
  type Scene,
} from 'cesium';
import { toCartesian } from './convert.js';
import type { ModelPlacementSpec } from './types.js';

/** What a placed model carries as `id` (and so what `scene.pick` returns as `picked.id`). */
export interface PlanModelTag {
  kind: 'plan-model';
  placementId: string;
  modelId: string;
}

export function isPlanModelTag(x: unknown): x is PlanModelTag {
  return !!x && typeof x === 'object' && (x as PlanModelTag).kind === 'plan-model' && typeof (x as PlanModelTag).placementId === 'string';
}

/** The model tag of a `scene.pick` result (a model, or a feature of a model with EXT_mesh_features), or null. */
export function planModelTagOf(picked: unknown): PlanModelTag | null {
  if (!picked || typeof picked !== 'object') return null;
  const p = picked as { id?: unknown; primitive?: { id?: unknown } };
  if (isPlanModelTag(p.id)) return p.id;
  if (p.primitive && typeof p.primitive === 'object' && isPlanModelTag(p.primitive.id)) return p.primitive.id;
  return null;
}

/** The uniform scale of a placement; non-finite or non-positive scales count as 1. */
export function placementScale(spec: Pick<ModelPlacementSpec, 'scale'>): number {
  return Number.isFinite(spec.scale) && spec.scale > 0 ? spec.scale : 1;
}

/**
 * The rigid part of a placement: ENU frame at `position` (EPSG:4978) × HPR, no scale. This is the Cesium Model's
 * `modelMatrix`; the scale goes to `Model.scale` (see the file comment).
 */
export function placementFrame(spec: Pick<ModelPlacementSpec, 'position' | 'heading' | 'pitch' | 'roll'>, result = new Matrix4()): Matrix4 {
  const hpr = new HeadingPitchRoll(
    CesiumMath.toRadians(spec.heading),
    CesiumMath.toRadians(spec.pitch),
    CesiumMath.toRadians(spec.roll),
  );
  return Transforms.headingPitchRollToFixedFrame(toCartesian(spec.position), hpr, undefined, undefined, result);
}

/**
 * The full placement matrix: ENU frame at `position` × HPR × uniform scale (see the file comment); what Cesium
 * draws for modelMatrix = placementFrame and Model.scale = placementScale.
 */
export function placementMatrix(spec: Pick<ModelPlacementSpec, 'position' | 'heading' | 'pitch' | 'roll' | 'scale'>, result = new Matrix4()): Matrix4 {
  placementFrame(spec, result);
  return Matrix4.multiplyByUniformScale(result, placementScale(spec), result);
}

/** Puts a placement on a loaded Model: the rigid frame as modelMatrix, the scale as Model.scale. */
function applyPlacement(model: Model, spec: ModelPlacementSpec): void {
  placementFrame(spec, model.modelMatrix);
  model.scale = placementScale(spec);
}

interface Entry {
  spec: ModelPlacementSpec;
  model: Model | null;
  status: 'loading' | 'ready' | 'failed';
  removed: boolean;
}

/** Translucent "ghost" look of a model while it is being dragged. */
const GHOST = Color.WHITE.withAlpha(0.55);

/**
 * A set of placed models on one side of the view (`direction`: LEFT/RIGHT in compare mode, else NONE).
 * `set` diffs by placement id: a changed URL reloads, anything else only moves the model.
 */
export class PlanModels {
  private readonly entries = new Map<string, Entry>();
  /** Placement ids whose models are not drawn (setHidden); kept across `set`, applied to models as they load. */
  private hidden: ReadonlySet<string> = new Set();

  constructor(
    private readonly scene: Scene,
    private direction: SplitDirection = SplitDirection.NONE,
    private readonly onChange: () => void = () => {},
  ) {}

  /** Shows exactly these placements (same id → moved, new → loaded, missing → destroyed). */
  set(specs: ModelPlacementSpec[]): void {
    const wanted = new Map(specs.map((s) => [s.id, s]));
    for (const [id, e] of this.entries) {
      const next = wanted.get(id);
      if (!next || next.url !== e.spec.url || next.modelId !== e.spec.modelId) this.remove(id);
    }
    for (const spec of wanted.values()) this.upsert(spec);
    this.scene.requestRender();
  }

  /** Adds or moves one placement. */
  upsert(spec: ModelPlacementSpec): void {
    const e = this.entries.get(spec.id);
    if (e && e.spec.url === spec.url && e.spec.modelId === spec.modelId) {
      e.spec = spec;
      if (e.model) applyPlacement(e.model, spec);
      this.scene.requestRender();
      return;
    }
    if (e) this.remove(spec.id);
    const entry: Entry = { spec, model: null, status: 'loading', removed: false };
    this.entries.set(spec.id, entry);
    this.load(entry);
  }

  private load(entry: Entry): void {
    const tag: PlanModelTag = { kind: 'plan-model', placementId: entry.spec.id, modelId: entry.spec.modelId };
    Model.fromGltfAsync({
      url: entry.spec.url,
      modelMatrix: placementFrame(entry.spec),
      scale: placementScale(entry.spec),
      id: tag,
      splitDirection: this.direction,
      shadows: ShadowMode.ENABLED, // casts and receives in the sun study (sun.ts)
    })
      .then((model) => {
        if (entry.removed) {
          model.destroy();
          return;
        }
        applyPlacement(model, entry.spec); // moved while loading
        model.splitDirection = this.direction;
        model.show = !this.hidden.has(entry.spec.id);
        entry.model = model;
        model.readyEvent.addEventListener(() => {
          entry.status = 'ready';
          this.onChange();
          this.scene.requestRender();
        });
        model.errorEvent.addEventListener((err: unknown) => {
          console.error(`model ${entry.spec.modelId} (${entry.spec.url}) failed`, err);
          entry.status = 'failed';
          this.onChange();
        });
        this.scene.primitives.add(model);
        this.scene.requestRender();
      })
      .catch((err: unknown) => {
        console.error(`model ${entry.spec.modelId} (${entry.spec.url}) failed to load`, err);
        entry.status = 'failed';
        this.onChange();
      });
  }

  private remove(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.removed = true;
    if (e.model) this.scene.primitives.remove(e.model); // also destroys it
    this.entries.delete(id);
    this.onChange();
  }

  clear(): void {
    for (const id of [...this.entries.keys()]) this.remove(id);
    this.scene.requestRender();
  }

  setDirection(direction: SplitDirection): void {
    if (direction === this.direction) return;
    this.direction = direction;
    for (const e of this.entries.values()) if (e.model) e.model.splitDirection = direction;
    this.scene.requestRender();
  }

  spec(placementId: string): ModelPlacementSpec | null {
    return this.entries.get(placementId)?.spec ?? null;
  }

  model(placementId: string): Model | null {
    const m = this.entries.get(placementId)?.model ?? null;
    return m && !m.isDestroyed() ? m : null;
  }

  /** Every loaded model (for exclusion from height sampling). */
  models(): Model[] {
    const out: Model[] = [];
    for (const e of this.entries.values()) if (e.model && !e.model.isDestroyed()) out.push(e.model);
    return out;
  }

  count(): number {
    return this.entries.size;
  }

  /** True when no model is still loading (each is ready or failed). */
  settled(): boolean {
    for (const e of this.entries.values()) if (e.status === 'loading') return false;
    return true;
  }

  /** Placement ids with their load status (test hooks). */
  states(): { id: string; modelId: string; status: Entry['status'] }[] {
    return [...this.entries.values()].map((e) => ({ id: e.spec.id, modelId: e.spec.modelId, status: e.status }));
  }

  /**
   * Draws no model for these placement ids (and draws the others again), e.g. a stored placement while its edit
   * preview stands in for it (ScenarioView.setPreview). A hidden model is not drawn, so it is not picked either.
   */
  setHidden(ids: Iterable<string>): void {
    this.hidden = new Set(ids);
    for (const [id, e] of this.entries) if (e.model && !e.model.isDestroyed()) e.model.show = !this.hidden.has(id);
    this.scene.requestRender();
  }

  /** Shows a model as a translucent ghost (while dragging) or normally. */
  setGhost(placementId: string, ghost: boolean): void {
    const m = this.model(placementId);
    if (!m) return;
    m.color = ghost ? GHOST : Color.WHITE;
    m.colorBlendMode = ghost ? ColorBlendMode.MIX : ColorBlendMode.HIGHLIGHT;
    m.colorBlendAmount = ghost ? 0.2 : 0.5;
    this.scene.requestRender();
  }
}
