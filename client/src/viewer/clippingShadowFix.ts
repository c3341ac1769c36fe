/**
 * Makes clipping polygons clip in the shadow pass too (CesiumJS 1.145 bug; found by tests/e2e/shadows.test.ts).
 *
 * A model clipped by a ClippingPolygonCollection finds each vertex's place in the clipping rectangle as
 * `u_clippingCameraUv + czm_eyeToCartographicDelta(v_positionEC) × u_clippingRectangleInverseSize`
 * (ModelClippingPolygonsStageVS.glsl): the camera's own uv plus the vertex's offset from the eye. Since 1.144 the
 * shadow-cast shader runs the clipping discard (CHANGES #6261), but while the shadow map is drawn the "eye" is the
 * shadow cascade's camera (Scene executeShadowMapCastCommands → uniformState.updateCamera), whereas
 * `u_clippingCameraUv` is computed from `frameState.camera`, the user's camera. The clip area therefore lands
 * somewhere else in the shadow pass, and a clipped building still casts its shadow.
 *
 * The fix: after ModelClippingPolygonsPipelineStage.process, replace `u_clippingCameraUv` by the same formula on
 * the camera of the pass being drawn (`uniformState.eyeCartographic`, radians, which is the user's camera in
 * the normal passes, so they are unchanged). Uniform functions are evaluated at draw time, after the pass's
 * camera is set. Installed once, before any model builds its draw commands (the stage object is looked up each
 * time a model (re)builds them).
 */
import ModelClippingPolygonsPipelineStage from '@cesium/engine/Source/Scene/Model/ModelClippingPolygonsPipelineStage.js';
import { Cartesian2, Math as CesiumMath, Rectangle } from 'cesium';

let installed = false;

export function installClippingShadowFix(): void {
  if (installed) return;
  installed = true;
  const stage = ModelClippingPolygonsPipelineStage;
  const original = stage.process.bind(stage);
  const uv = new Cartesian2();
  stage.process = (renderResources, model, frameState) => {
    original(renderResources, model, frameState);
    const m = model as { _clippingPolygonData?: { rectangle?: Rectangle } };
    renderResources.uniformMap.u_clippingCameraUv = () => {
      const rectangle = m._clippingPolygonData?.rectangle ?? Rectangle.MAX_VALUE;
      const eye = frameState.context.uniformState.eyeCartographic;
      const halfWidth = rectangle.width * 0.5;
      const centreLon = rectangle.west + halfWidth;
      const lonOffset = CesiumMath.negativePiToPi(eye.x - centreLon) + halfWidth;
      return Cartesian2.fromElements(lonOffset / rectangle.width, (eye.y - rectangle.south) / rectangle.height, uv);
    };
  };
}
