/**
 * Builds the one Cesium Viewer: no Cesium ion (no token, no ion imagery or terrain), the
 * NaturalEarthII imagery bundled with Cesium (served from `/cesium/Assets/...`, same origin),
 * the WGS84 ellipsoid as terrain (NAP 0 m = ellipsoid height 0, see README), request-render mode
 * (software WebGL is slow: frames are drawn only when something changed).
 */
import './cesiumBaseUrl.js';
import {
  EllipsoidTerrainProvider,
  ImageryLayer,
  ScreenSpaceEventType,
  TileMapServiceImageryProvider,
  Viewer,
  buildModuleUrl,
} from 'cesium';
import 'cesium/Build/Cesium/Widgets/widgets.css';

/** A new Viewer inside container. Throws when WebGL is unavailable. */
export function createViewer(container: HTMLElement): Viewer {
  const baseLayer = ImageryLayer.fromProviderAsync(
    TileMapServiceImageryProvider.fromUrl(buildModuleUrl('Assets/Textures/NaturalEarthII')),
    {},
  );
  const viewer = new Viewer(container, {
    baseLayer,
    terrainProvider: new EllipsoidTerrainProvider(),
    baseLayerPicker: false,
    geocoder: false,
    timeline: false,
    animation: false,
    infoBox: false,
    selectionIndicator: false,
    navigationHelpButton: false,
    homeButton: false,
    sceneModePicker: false,
    fullscreenButton: false,
    scene3DOnly: true,
    requestRenderMode: true,
    maximumRenderTimeChange: Infinity,
    msaaSamples: 1,
    showRenderLoopErrors: false,
  });
  const { scene } = viewer;
  // Double click would start tracking an entity; we have none to track.
  viewer.cesiumWidget.screenSpaceEventHandler.removeInputAction(ScreenSpaceEventType.LEFT_DOUBLE_CLICK);
  scene.globe.enableLighting = false;
  // The demo and the Delfshaven model stand on the ellipsoid: no terrain to hide them under.
  scene.globe.depthTestAgainstTerrain = true;
  scene.screenSpaceCameraController.minimumZoomDistance = 20;
  scene.renderError.addEventListener((_scene: unknown, error: unknown) => {
    console.error('Cesium render error', error);
  });
  return viewer;
}
