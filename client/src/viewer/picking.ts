/**
 * What lies under a screen point, and the highlight of the picked building.
 *
 * A building (3D Tiles feature, EXT_mesh_features + EXT_structural_metadata) gives its layer id,
 * every metadata property and the clicked point on its surface (`scene.pickPosition`, i.e. on the
 * façade or roof); elsewhere the point on the ellipsoid (`camera.pickEllipsoid`) is the ground.
 * A placed partner model (planModels.ts) gives its placement and model id and the clicked point on it.
 */
import { Cartesian2, Cesium3DTileFeature, Color, PostProcessStageLibrary, type PostProcessStage, type Viewer } from 'cesium';
import { toPosition } from './convert.js';
import { featureId } from './featureIds.js';
import { isPinTag, type CommentPins } from './pins.js';
import { planModelTagOf } from './planModels.js';
import { sketchIdOf } from './sketches.js';
import type { TilesetLayers } from './tilesetLayers.js';
import type { Position } from '../../../shared/index.js';
import type { BuildingProperty, PickResult } from './types.js';

const HIGHLIGHT = Color.fromCssColorString('#facc15');
const OUTLINE = Color.fromCssColorString('#ffe033');

function featureProperties(f: Cesium3DTileFeature): BuildingProperty[] {
  const ids = f.getPropertyIds() ?? [];
  return ids.map((name) => ({ name, value: f.getProperty(name) as unknown }));
}

/** A pick result plus, for buildings, the Cesium feature (kept inside viewer/ for highlighting). */
export interface ScenePick {
  result: PickResult;
  feature: Cesium3DTileFeature | null;
}

/** The picked surface point under `win` (depth buffer), else the ellipsoid under it. */
function surfacePosition(viewer: Viewer, win: Cartesian2): Position | null {
  const { scene, camera } = viewer;
  if (scene.pickPositionSupported) {
    try {
      const c = scene.pickPosition(win);
      const p = c ? toPosition(c) : null;
      if (p) return p;
    } catch (e) {
      console.warn('pickPosition failed', e);
    }
  }
  const g = camera.pickEllipsoid(win, scene.globe.ellipsoid);
  return g ? toPosition(g) : null;
}

/** Canvas-relative CSS pixels → what is there. Never throws. */
export function pickAt(viewer: Viewer, layers: TilesetLayers, pins: CommentPins, x: number, y: number): ScenePick {
  const { scene, camera } = viewer;
  const win = new Cartesian2(x, y);
  let picked: unknown;
  try {
    // A 1×1 pick: the same pixel pickPosition reads, so a building's pick and its 3D point agree
    // (Cesium's default 3×3 can hit a roof edge while the middle pixel shows the ground behind it).
    picked = scene.pick(win, 1, 1);
  } catch (e) {
    console.warn('pick failed', e);
    picked = undefined;
  }
  if (picked && typeof picked === 'object') {
    const tag = (picked as { id?: unknown }).id;
    if (isPinTag(tag)) {
      const position = pins.positionOf(tag.commentId);
      if (position) return { result: { kind: 'pin', commentId: tag.commentId, position }, feature: null };
    }
    const sketchId = sketchIdOf(picked);
    if (sketchId) {
      const position = surfacePosition(viewer, win);
      if (position) return { result: { kind: 'sketch', sketchId, position }, feature: null };
    }
    const model = planModelTagOf(picked);
    if (model) {
      const position = surfacePosition(viewer, win);
      if (position) {
        return { result: { kind: 'model', placementId: model.placementId, modelId: model.modelId, position }, feature: null };
      }
    }
    if (picked instanceof Cesium3DTileFeature) {
      const tilesetId = layers.idOf(picked.tileset) ?? layers.idOf(picked.primitive) ?? '';
      const position = surfacePosition(viewer, win);
      if (position) {
        return {
          result: { kind: 'building', tilesetId, buildingId: featureId(picked), properties: featureProperties(picked), position },
          feature: picked,
        };
      }
    }
  }
  const ground = camera.pickEllipsoid(win, scene.globe.ellipsoid);
  const position = ground ? toPosition(ground) : null;
  if (!position) return { result: { kind: 'none' }, feature: null };
  return { result: { kind: 'ground', position: { ...position, height: 0 } }, feature: null };
}

/**
 * Keeps one building highlighted: tinted (the feature's own colour is remembered and restored when
 * the highlight moves on; a feature whose tile was unloaded meanwhile is skipped) and, where the
 * GPU allows, outlined with a silhouette post-process stage (a tint alone barely shows on dark roofs).
 */
export class BuildingHighlight {
  private current: { feature: Cesium3DTileFeature; color: Color } | null = null;
  /** The edge-detection stage whose `selected` is the outlined feature, and the composite that runs it. */
  private silhouette: PostProcessStage | null = null;
  private stage: { enabled: boolean } | null = null;

  constructor(private readonly viewer: Viewer) {
    const { scene } = viewer;
    if (PostProcessStageLibrary.isSilhouetteSupported(scene)) {
      const edge = PostProcessStageLibrary.createEdgeDetectionStage();
      edge.uniforms.color = OUTLINE;
      edge.uniforms.length = 0.01;
      edge.selected = [];
      const stage = PostProcessStageLibrary.createSilhouetteStage([edge]);
      stage.enabled = false;
      scene.postProcessStages.add(stage);
      this.silhouette = edge;
      this.stage = stage;
    }
  }

  set(feature: Cesium3DTileFeature | null): void {
    if (this.current?.feature === feature) return;
    this.clear();
    if (!feature) return;
    try {
      this.current = { feature, color: Color.clone(feature.color) };
      feature.color = HIGHLIGHT;
    } catch {
      this.current = null;
      return;
    }
    if (this.silhouette && this.stage) {
      this.silhouette.selected = [feature];
      this.stage.enabled = true;
    }
    this.viewer.scene.requestRender();
  }

  clear(): void {
    if (this.silhouette && this.stage) {
      this.silhouette.selected = [];
      this.stage.enabled = false;
    }
    if (!this.current) return;
    try {
      this.current.feature.color = this.current.color;
    } catch {
      // tile already unloaded
    }
    this.current = null;
    this.viewer.scene.requestRender();
  }
}
