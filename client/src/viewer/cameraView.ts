/**
 * The camera as data (CameraView: position in WGS84 degrees / metres above the ellipsoid, heading/pitch/roll
 * in degrees, Cesium's convention: heading clockwise from north, pitch negative looking down) and back.
 */
import { BoundingSphere, Cartesian3, Math as CesiumMath, Rectangle, type Viewer } from 'cesium';
import type { BBox, CameraView } from '../../../shared/index.js';
import { flyToSphere, type Flights } from './camera.js';

const round = (v: number, d: number) => Number(v.toFixed(d));

/** The camera now: position (8 decimals in degrees, cm), heading in [0, 360), pitch and roll in degrees (0.01°). */
export function getCameraView(viewer: Viewer): CameraView {
  const cam = viewer.camera;
  const c = cam.positionCartographic;
  const deg = CesiumMath.toDegrees;
  return {
    position: { lon: round(deg(c.longitude), 8), lat: round(deg(c.latitude), 8), height: round(c.height, 2) },
    heading: round(((deg(cam.heading) % 360) + 360) % 360, 2) % 360,
    pitch: round(Math.max(-90, Math.min(90, deg(cam.pitch))), 2),
    roll: round(((((deg(cam.roll) + 180) % 360) + 360) % 360) - 180, 2),
  };
}

/**
 * Moves the camera to `view`: a 1.5 s flight, or at once with `fly: false` (opening a shared link). A view with
 * non-finite numbers is ignored.
 */
export function setCameraView(viewer: Viewer, flights: Flights, view: CameraView, fly = true): void {
  const { position: p, heading, pitch, roll } = view;
  if (![p.lon, p.lat, p.height, heading, pitch, roll].every(Number.isFinite)) return;
  const destination = Cartesian3.fromDegrees(p.lon, p.lat, p.height);
  const orientation = { heading: CesiumMath.toRadians(heading), pitch: CesiumMath.toRadians(pitch), roll: CesiumMath.toRadians(roll) };
  if (fly) {
    const f = flights.start();
    viewer.camera.flyTo({ destination, orientation, duration: 1.5, complete: f.done, cancel: f.done });
  } else {
    viewer.camera.cancelFlight();
    viewer.camera.setView({ destination, orientation });
  }
  viewer.scene.requestRender();
}

/**
 * Flies to show `bbox` ([west, south, east, north] degrees, RFC 7946 §5) from above at 45°, from the current
 * heading; far enough that the box's bounding sphere fits (at least 150 m).
 */
export function flyToBBox(viewer: Viewer, flights: Flights, bbox: BBox): void {
  if (!bbox.every(Number.isFinite)) return;
  const [w, s, e, n] = bbox;
  const sphere = BoundingSphere.fromRectangle3D(Rectangle.fromDegrees(w, s, e, n), viewer.scene.globe.ellipsoid, 0);
  flyToSphere(viewer, flights, sphere, Math.max(150, sphere.radius * 2.2), -45, 1.5);
}
