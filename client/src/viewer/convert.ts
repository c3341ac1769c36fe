/** Cesium ↔ shared `Position` (WGS84 degrees, metres above the ellipsoid; EPSG:4979). */
import { Cartesian3, Cartographic, Math as CesiumMath } from 'cesium';
import type { Position } from '../../../shared/index.js';

/** ECEF (EPSG:4978) → Position, rounded to ~1 cm so the shared schema's bounds always hold. */
export function toPosition(c: Cartesian3): Position | null {
  const carto = Cartographic.fromCartesian(c);
  if (!carto) return null;
  const lon = CesiumMath.toDegrees(carto.longitude);
  const lat = CesiumMath.toDegrees(carto.latitude);
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || !Number.isFinite(carto.height)) return null;
  return {
    lon: Math.max(-180, Math.min(180, Number(lon.toFixed(8)))),
    lat: Math.max(-90, Math.min(90, Number(lat.toFixed(8)))),
    height: Number(carto.height.toFixed(2)),
  };
}

/** Position → ECEF. */
export function toCartesian(p: Position): Cartesian3 {
  return Cartesian3.fromDegrees(p.lon, p.lat, p.height);
}
