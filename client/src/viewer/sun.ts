/**
 * The sun and shadow study (issue 4: "replaced buildings … cast no shadow"; residents check what a planned tower
 * does to their garden). Two looks:
 *
 * - off (`set(null)`): the over-the-shoulder DirectionalLight createViewer.ts installs, no shadows (the city
 *   reads at any hour; nothing is pretended about the real sun);
 * - on (`set(date)`): Cesium's SunLight at that instant (the scene clock is stopped at it, `shouldAnimate` false),
 *   and the scene's shadow map on. City tilesets and placed models cast and receive shadows (tilesetLayers.ts and
 *   planModels.ts set ShadowMode.ENABLED), the globe receives them (Viewer default `terrainShadows` RECEIVE_ONLY).
 *
 * Shadow map settings (ShadowMap, CesiumJS 1.145): hard shadows (soft shadows take 9 depth compares per pixel,
 * too slow in software WebGL), maximumDistance 2500 m (a district around the camera; cascades beyond it are not
 * drawn), darkness 0.4 (a shadowed surface keeps 40 % of its light, so façades in shadow still read).
 *
 * What casts no shadow (verified in CesiumJS 1.145's shaders):
 * - a feature hidden by the style (featureHiding.ts): CPUStylingStageVS multiplies the vertex position by
 *   `ceil(featureColor.a)`, i.e. 0 for show=false; the shadow-cast vertex shader (ShadowMapShader
 *   .createShadowCastVertexShader) keeps the model's own vertex main, so the hidden feature collapses to a point
 *   in the shadow pass too. (This needs feature ids as a vertex attribute, `_FEATURE_ID_0`, which our tiler
 *   writes; a feature-id *texture* hides in the fragment shader, which the opaque shadow pass skips.)
 * - a fragment clipped by a ClippingPolygonCollection: since CesiumJS 1.144 (CHANGES, #6261) the shadow-cast
 *   fragment shader calls the model's own main when ENABLE_CLIPPING_POLYGONS / HAS_CLIPPING_PLANES is defined,
 *   so the clipping discard runs in the shadow pass; but in 1.145 it discards at the wrong place there (the clip
 *   uv is relative to the user's camera, the shadow pass draws from the light's), which clippingShadowFix.ts
 *   corrects (installed on import of this file).
 * tests/e2e/shadows.test.ts checks both on the rendered image.
 */
import {
  Cartesian3,
  JulianDate,
  Matrix3,
  Simon1994PlanetaryPositions,
  SunLight,
  Transforms,
  type Light,
  type Viewer,
} from 'cesium';
import { installClippingShadowFix } from './clippingShadowFix.js';

installClippingShadowFix();

/** Shadow map settings while the study is on (see the file comment). */
export const SHADOW_SETTINGS = { softShadows: false, maximumDistance: 2500, darkness: 0.4 } as const;

export class SunStudy {
  /** The over-the-shoulder light of createViewer.ts, restored when the study is turned off. */
  private readonly cameraLight: Light;
  private readonly sunLight = new SunLight();
  private when: Date | null = null;

  constructor(private readonly viewer: Viewer) {
    this.cameraLight = viewer.scene.light;
    const sm = viewer.scene.shadowMap;
    sm.softShadows = SHADOW_SETTINGS.softShadows;
    sm.maximumDistance = SHADOW_SETTINGS.maximumDistance;
    sm.darkness = SHADOW_SETTINGS.darkness;
    sm.enabled = false;
  }

  /** See CityViewer.setSun. An invalid Date counts as null. */
  set(when: Date | null): void {
    const valid = when && Number.isFinite(when.getTime()) ? new Date(when.getTime()) : null;
    const { scene, clock } = this.viewer;
    this.when = valid;
    if (valid) {
      clock.shouldAnimate = false;
      clock.currentTime = JulianDate.fromDate(valid);
      scene.light = this.sunLight;
      scene.shadowMap.enabled = true;
    } else {
      scene.light = this.cameraLight;
      scene.shadowMap.enabled = false;
    }
    scene.requestRender();
  }

  /** The instant shown, or null when the study is off. */
  current(): Date | null {
    return this.when ? new Date(this.when.getTime()) : null;
  }

  shadowsEnabled(): boolean {
    return this.viewer.scene.shadowMap.enabled;
  }

  /**
   * Where the sun stands at the study's instant (or the clock's, when off), seen from lon/lat (degrees):
   * azimuth clockwise from north and altitude above the ellipsoid's horizon, degrees. Computed as Cesium's
   * UniformState does for the SunLight: Simon1994PlanetaryPositions in the ICRF, rotated with
   * Transforms.computeIcrfToCentralBodyFixedMatrix into ECEF (EPSG:4978), then into the local east-north-up frame.
   */
  sunAt(lon: number, lat: number): { azimuth: number; altitude: number } {
    const time = this.when ? JulianDate.fromDate(this.when) : this.viewer.clock.currentTime;
    const m = Transforms.computeIcrfToCentralBodyFixedMatrix(time, new Matrix3()) ?? Transforms.computeTemeToPseudoFixedMatrix(time, new Matrix3());
    const p = Simon1994PlanetaryPositions.computeSunPositionInEarthInertialFrame(time, new Cartesian3());
    const dir = Cartesian3.normalize(Matrix3.multiplyByVector(m, p, p), new Cartesian3());
    const enu = Transforms.eastNorthUpToFixedFrame(Cartesian3.fromDegrees(lon, lat, 0));
    const rot = Matrix3.transpose(
      Matrix3.fromArray([enu[0], enu[1], enu[2], enu[4], enu[5], enu[6], enu[8], enu[9], enu[10]]),
      new Matrix3(),
    );
    const local = Matrix3.multiplyByVector(rot, dir, new Cartesian3());
    const deg = 180 / Math.PI;
    const azimuth = (Math.atan2(local.x, local.y) * deg + 360) % 360;
    const altitude = Math.asin(Math.max(-1, Math.min(1, local.z))) * deg;
    return { azimuth, altitude };
  }
}
