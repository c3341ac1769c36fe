/** Camera moves and the view's extent. Angles in degrees at the API, radians inside Cesium. */
import { BoundingSphere, HeadingPitchRange, Math as CesiumMath, Matrix4, type Viewer } from 'cesium';
import type { BBox, Position } from '../../../shared/index.js';
import { toCartesian } from './convert.js';

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/**
 * The part of the globe in view as [west, south, east, north] degrees (RFC 7946 §5; west > east
 * when it crosses the antimeridian), or null when no ground is in view (looking at the sky).
 */
export function viewBBox(viewer: Viewer): BBox | null {
  const r = viewer.camera.computeViewRectangle(viewer.scene.globe.ellipsoid);
  if (!r) return null;
  const d = (x: number) => CesiumMath.toDegrees(x);
  const b: BBox = [clamp(d(r.west), -180, 180), clamp(d(r.south), -90, 90), clamp(d(r.east), -180, 180), clamp(d(r.north), -90, 90)];
  return b.every(Number.isFinite) ? b : null;
}

/** Tracks camera flights so tests and the UI can tell whether the camera is at rest. */
export class Flights {
  private active = 0;
  get flying(): boolean {
    return this.active > 0;
  }
  start(): { done: () => void } {
    this.active++;
    let ended = false;
    return {
      done: () => {
        if (ended) return;
        ended = true;
        this.active--;
      },
    };
  }
}

/** Flies to look at sphere from the south-ish, pitched down (pitch and heading in degrees). */
export function flyToSphere(viewer: Viewer, flights: Flights, sphere: BoundingSphere, range: number, pitchDeg = -40, durationS = 1.5): void {
  const f = flights.start();
  viewer.camera.flyToBoundingSphere(sphere, {
    offset: new HeadingPitchRange(viewer.camera.heading, CesiumMath.toRadians(pitchDeg), range),
    duration: durationS,
    complete: f.done,
    cancel: f.done,
  });
  viewer.scene.requestRender();
}

/** Flies to a position (e.g. a comment pin), looking at it from `range` metres. */
export function flyToPosition(viewer: Viewer, flights: Flights, p: Position, range = 250): void {
  flyToSphere(viewer, flights, new BoundingSphere(toCartesian(p), 10), range, -40, 1.2);
}

/** Puts the camera at once (no flight) `range` metres from p, for tests and deep links. */
export function lookAt(viewer: Viewer, p: Position, range: number, headingDeg: number, pitchDeg: number): void {
  viewer.camera.lookAt(
    toCartesian(p),
    new HeadingPitchRange(CesiumMath.toRadians(headingDeg), CesiumMath.toRadians(pitchDeg), range),
  );
  viewer.camera.lookAtTransform(Matrix4.IDENTITY);
  viewer.scene.requestRender();
}
