/** Types for the one private CesiumJS 1.145 module the viewer patches (clippingShadowFix.ts). */
declare module '@cesium/engine/Source/Scene/Model/ModelClippingPolygonsPipelineStage.js' {
  interface RenderResources {
    uniformMap: Record<string, () => unknown>;
  }
  interface FrameState {
    context: { uniformState: { eyeCartographic: { x: number; y: number; z: number } } };
  }
  const ModelClippingPolygonsPipelineStage: {
    name: string;
    process(renderResources: RenderResources, model: unknown, frameState: FrameState): void;
  };
  export default ModelClippingPolygonsPipelineStage;
}
