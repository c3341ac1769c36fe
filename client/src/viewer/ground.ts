/** The height of what stands at a lon/lat: ground, buildings (3D Tiles) or other primitives. */
import { Cartographic, type Scene } from 'cesium';

/**
 * Metres above the WGS84 ellipsoid of the highest surface at (lon, lat) degrees, looking straight down:
 * `scene.sampleHeight` (3D Tiles in view, primitives; `exclude` lists primitives, entities or pick ids to look
 * through, e.g. placed models and handles), else the globe's height (`globe.getHeight`, loaded terrain), else 0
 * (NAP 0 = ellipsoid 0 in this app). Never throws.
 */
export function groundHeightAt(scene: Scene, lon: number, lat: number, exclude: object[] = []): number {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return 0;
  const c = Cartographic.fromDegrees(lon, lat);
  if (scene.sampleHeightSupported) {
    try {
      const h = scene.sampleHeight(c, exclude);
      if (h !== undefined && Number.isFinite(h)) return h;
    } catch (e) {
      console.warn('sampleHeight failed', e);
    }
  }
  const g = scene.globe?.getHeight(c);
  return g !== undefined && Number.isFinite(g) ? g : 0;
}
