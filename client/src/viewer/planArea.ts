/**
 * The plan area's outline on the ground: one entity with a ground-clamped polyline (GroundPolylinePrimitive
 * under the hood; it drapes over the globe and the 3D Tiles), closed, in the plan colour.
 */
import { Cartesian3, Color, type Entity, type Viewer } from 'cesium';

export const PLAN_COLOR = Color.fromCssColorString('#f97316');

export class PlanAreaOutline {
  private entity: Entity | null = null;

  constructor(private readonly viewer: Viewer) {}

  /** Outlines `ring` ([lon, lat] pairs, closed or not); null or fewer than 3 vertices removes the outline. */
  set(ring: [number, number][] | null): void {
    if (this.entity) this.viewer.entities.remove(this.entity);
    this.entity = null;
    const r = (ring ?? []).filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90);
    if (r.length >= 3) {
      const closed = r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1] ? r : [...r, r[0]!];
      this.entity = this.viewer.entities.add({
        polyline: {
          positions: Cartesian3.fromDegreesArray(closed.flat()),
          clampToGround: true,
          width: 4,
          material: PLAN_COLOR,
        },
      });
    }
    this.viewer.scene.requestRender();
  }
}
