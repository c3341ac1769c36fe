/**
 * Builds the one Cesium Viewer: no Cesium ion (no token, no ion imagery or terrain), the
 * NaturalEarthII imagery bundled with Cesium (served from `/cesium/Assets/...`, same origin),
 * the WGS84 ellipsoid as terrain (NAP 0 m = ellipsoid height 0, see README), request-render mode
 * (software WebGL is slow: frames are drawn only when something changed).
 */
import './cesiumBaseUrl.js';
import {
  Cartesian3,
  Credit,
  CreditDisplay,
  DirectionalLight,
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
  // Cesium puts its "Cesium ion" logo (a link with an image and no text, so a nameless tab stop) in every
  // credit display. The ion terms ask for it when ion is used; this app uses no ion token or asset, so the logo
  // goes. Must be set before the Viewer is made (CreditDisplay copies it); undefined is what Cesium 1.145's
  // CreditDisplay checks for (defined(...)) although its typings say Credit.
  CreditDisplay.cesiumCredit = undefined as unknown as Credit;
  const baseLayer = ImageryLayer.fromProviderAsync(
    TileMapServiceImageryProvider.fromUrl(buildModuleUrl('Assets/Textures/NaturalEarthII'), {
      // The bundled imagery's own TMS metadata names no credit. Natural Earth is public domain (naturalearthdata.com
      // terms of use: crediting optional); credited on screen anyway, as plain text (no link, so no tab stop).
      credit: new Credit('Natural Earth', true),
    }),
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
  followCameraWithLight(viewer);
  // The demo and the Delfshaven model stand on the ellipsoid: no terrain to hide them under.
  scene.globe.depthTestAgainstTerrain = true;
  scene.screenSpaceCameraController.minimumZoomDistance = 20;
  scene.renderError.addEventListener((_scene: unknown, error: unknown) => {
    console.error('Cesium render error', error);
  });
  return viewer;
}

/**
 * Lights the city from over the viewer's left shoulder, whatever the clock says: the sun would leave the city
 * unlit at night (flat, unshaded walls and roofs). Roofs, walls facing the camera and walls turned away get
 * different brightness, so a building's shape reads at any hour. Updated before every frame.
 */
function followCameraWithLight(viewer: Viewer): void {
  const { scene } = viewer;
  const light = new DirectionalLight({ direction: new Cartesian3(0, 0, -1), intensity: 2.2 });
  scene.light = light;
  const tmp = new Cartesian3();
  const dir = new Cartesian3();
  scene.preRender.addEventListener(() => {
    const cam = scene.camera;
    // camera direction, tilted down (light from above) and to the right (light from the left)
    Cartesian3.clone(cam.directionWC, dir);
    Cartesian3.add(dir, Cartesian3.multiplyByScalar(cam.upWC, -0.8, tmp), dir);
    Cartesian3.add(dir, Cartesian3.multiplyByScalar(cam.rightWC, 0.6, tmp), dir);
    Cartesian3.normalize(dir, light.direction);
  });
}
