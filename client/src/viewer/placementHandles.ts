/**
 * Move / turn / scale handles on a placed model (issue 4 "move, turn (heading) and scale with handles"):
 * - move (blue, at the model's base centre): dragging moves the base over the ground and buildings;
 * - turn (orange, on a ring around the base at the model's heading): dragging sets heading = the bearing from
 *   the base to the pointer (clockwise from north, degrees);
 * - scale (green, on the ring 90° clockwise from the turn handle): dragging scales by the ratio of the
 *   pointer's distance from the base to its distance when the drag started.
 *
 * The pointer is followed on the horizontal plane through the base (the tangent plane of the ellipsoid there,
 * `IntersectionTests.rayPlane` with the camera's pick ray); for move, the height under the new base is then
 * sampled from the scene looking through the model itself and the handles (`scene.sampleHeight` with exclusions,
 * else the ellipsoid), so the model snaps onto the ground or a roof instead of climbing up its own walls, which
 * a depth-buffer pick (`pickPosition`) under the pointer would do. Camera input is off while dragging;
 * `onChange` fires on every pointer move, `onCommit` once on release.
 */
import {
  BoundingSphere,
  Cartesian2,
  Cartesian3,
  Cartographic,
  Color,
  IntersectionTests,
  Math as CesiumMath,
  Matrix4,
  Plane,
  PointPrimitiveCollection,
  PolylineCollection,
  ScreenSpaceEventHandler,
  ScreenSpaceEventType,
  Transforms,
  type PointPrimitive,
  type Polyline,
  type Viewer,
} from 'cesium';
import { toCartesian } from './convert.js';
import type { PlanModels } from './planModels.js';
import type { ModelPlacementSpec } from './types.js';

export type HandleRole = 'move' | 'turn' | 'scale';

interface HandleTag {
  kind: 'placement-handle';
  role: HandleRole;
}

function isHandleTag(x: unknown): x is HandleTag {
  return !!x && typeof x === 'object' && (x as HandleTag).kind === 'placement-handle';
}

export interface HandleContext {
  viewer: Viewer;
  /** Where the placement is now (a side's models or the preview), or null when it is not shown. */
  find(placementId: string): { models: PlanModels; spec: ModelPlacementSpec } | null;
  /** Height at lon/lat looking through `exclude` (ground.ts). */
  groundHeight(lon: number, lat: number, exclude: object[]): number;
  /** Placed models to look through when sampling heights. */
  models(): object[];
}

const COLORS: Record<HandleRole, Color> = {
  move: Color.fromCssColorString('#2563eb'),
  turn: Color.fromCssColorString('#f97316'),
  scale: Color.fromCssColorString('#16a34a'),
};
const RING_SEGMENTS = 72;
/** The ring lies this much outside the model's bounding sphere. */
const RING_MARGIN = 1.1;
/** Smallest ring radius on screen (CSS pixels), so turn and scale stay apart from the move handle. */
const RING_MIN_PX = 48;
/** Largest ring radius on screen, as a fraction of the canvas's smaller side, so the handles stay on the canvas. */
const RING_MAX_FRACTION = 0.35;
/** Ring radius on screen while the model is still loading. */
const RING_DEFAULT_PX = 80;
const MIN_SCALE = 0.001;
const MAX_SCALE = 1000;

const round = (v: number, d: number) => Number(v.toFixed(d));

/** Live handles on one placement; `dispose()` removes them. */
export class PlacementHandles {
  private readonly points: PointPrimitiveCollection;
  private readonly lines: PolylineCollection;
  private readonly handles = {} as Record<HandleRole, PointPrimitive>;
  private readonly tags = {} as Record<HandleRole, HandleTag>;
  private readonly ring: Polyline;
  private readonly ringTag = { kind: 'placement-ring' };
  private readonly handler: ScreenSpaceEventHandler;
  private readonly removePreRender: () => void;
  private shown: ModelPlacementSpec | null = null;
  private radius = 10;
  private drag: { role: HandleRole; start: ModelPlacementSpec; startDistance: number; last: ModelPlacementSpec; models: PlanModels } | null = null;
  private disposed = false;

  constructor(
    private readonly ctx: HandleContext,
    private readonly placementId: string,
    private readonly handlers: { onChange(p: ModelPlacementSpec): void; onCommit(p: ModelPlacementSpec): void },
  ) {
    const { scene } = ctx.viewer;
    this.lines = scene.primitives.add(new PolylineCollection()) as PolylineCollection;
    this.points = scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
    this.ring = this.lines.add({ positions: [Cartesian3.ZERO, Cartesian3.UNIT_X], width: 2, id: this.ringTag });
    this.ring.material.uniforms.color = COLORS.turn.withAlpha(0.8);
    for (const role of ['move', 'turn', 'scale'] as const) {
      this.tags[role] = { kind: 'placement-handle', role };
      this.handles[role] = this.points.add({
        position: Cartesian3.ZERO,
        pixelSize: role === 'move' ? 16 : 14,
        color: COLORS[role],
        outlineColor: Color.WHITE,
        outlineWidth: 2,
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
        id: this.tags[role],
      });
    }
    this.removePreRender = scene.preRender.addEventListener(() => this.follow());
    this.handler = new ScreenSpaceEventHandler(scene.canvas);
    this.handler.setInputAction((e: { position: Cartesian2 }) => this.down(e.position), ScreenSpaceEventType.LEFT_DOWN);
    this.handler.setInputAction((e: { endPosition: Cartesian2 }) => this.move(e.endPosition), ScreenSpaceEventType.MOUSE_MOVE);
    this.handler.setInputAction(() => this.up(), ScreenSpaceEventType.LEFT_UP);
    this.follow();
    scene.requestRender();
  }

  /** Before each frame: put the handles where the placement is now (it may change from outside). */
  private follow(): void {
    if (this.disposed || this.drag) return;
    const found = this.ctx.find(this.placementId);
    if (found?.spec !== this.shown) return this.place(found?.spec ?? null, found);
    // The radius follows the camera distance (clamped in pixels); redraw on a change of more than 1 %.
    const r = this.modelRadius(found);
    if (Math.abs(r - this.radius) > 0.01 * this.radius) this.place(found?.spec ?? null, found);
  }

  /**
   * The ring radius in metres: the model's bounding sphere in world units (Cesium's Model.boundingSphere, which
   * includes Model.scale; planModels.ts keeps the scale out of the modelMatrix, where Cesium would count it twice)
   * × RING_MARGIN, clamped so that on screen it is RING_MIN_PX .. RING_MAX_FRACTION × the canvas's smaller side at
   * the base's distance from the camera: a 10 cm model seen from afar still gets handles apart from the move
   * handle, and a 2 km model seen from close by keeps them on the canvas. Before the model is ready: RING_DEFAULT_PX.
   */
  private modelRadius(found: { models: PlanModels; spec: ModelPlacementSpec } | null): number {
    if (!found) return this.radius;
    const m = found.models.model(found.spec.id);
    let r = 0;
    try {
      r = m?.ready ? m.boundingSphere.radius * RING_MARGIN : 0;
    } catch {
      r = 0;
    }
    const { scene } = this.ctx.viewer;
    const base = toCartesian(found.spec.position);
    let perPx = 0;
    try {
      perPx = scene.camera.getPixelSize(new BoundingSphere(base, 0), scene.drawingBufferWidth, scene.drawingBufferHeight);
    } catch {
      perPx = 0;
    }
    if (!(perPx > 0) || !Number.isFinite(perPx)) return Number.isFinite(r) && r > 0 ? r : this.radius;
    const canvas = scene.canvas as HTMLCanvasElement;
    const side = Math.max(1, Math.min(canvas.clientWidth || scene.drawingBufferWidth, canvas.clientHeight || scene.drawingBufferHeight));
    const min = RING_MIN_PX * perPx;
    const max = Math.max(min, RING_MAX_FRACTION * side * perPx);
    if (!(Number.isFinite(r) && r > 0)) return Math.min(max, Math.max(min, RING_DEFAULT_PX * perPx));
    return Math.min(max, Math.max(min, r));
  }

  private place(spec: ModelPlacementSpec | null, found: { models: PlanModels; spec: ModelPlacementSpec } | null): void {
    this.shown = spec;
    const show = !!spec;
    this.points.show = show;
    this.lines.show = show;
    if (!spec) return;
    this.radius = this.modelRadius(found);
    const frame = Transforms.eastNorthUpToFixedFrame(toCartesian(spec.position));
    const at = (bearingDeg: number, r: number, up = 0.2) => {
      const b = CesiumMath.toRadians(bearingDeg);
      return Matrix4.multiplyByPoint(frame, new Cartesian3(r * Math.sin(b), r * Math.cos(b), up), new Cartesian3());
    };
    this.handles.move.position = at(0, 0, 0);
    this.handles.turn.position = at(spec.heading, this.radius);
    this.handles.scale.position = at(spec.heading + 90, this.radius);
    const ring: Cartesian3[] = [];
    for (let i = 0; i <= RING_SEGMENTS; i++) ring.push(at((i / RING_SEGMENTS) * 360, this.radius));
    this.ring.positions = ring;
    this.ctx.viewer.scene.requestRender();
  }

  /** The pointer on the horizontal plane through the base, as east/north metres from the base; null when missed. */
  private onPlane(win: Cartesian2, spec: ModelPlacementSpec): { e: number; n: number; point: Cartesian3 } | null {
    const { camera, scene } = this.ctx.viewer;
    const base = toCartesian(spec.position);
    const ray = camera.getPickRay(win);
    if (!ray) return null;
    const plane = Plane.fromPointNormal(base, scene.globe.ellipsoid.geodeticSurfaceNormal(base));
    const point = IntersectionTests.rayPlane(ray, plane);
    if (!point) return null;
    const inv = Matrix4.inverseTransformation(Transforms.eastNorthUpToFixedFrame(base), new Matrix4());
    const local = Matrix4.multiplyByPoint(inv, point, new Cartesian3());
    return { e: local.x, n: local.y, point };
  }

  private down(win: Cartesian2): void {
    if (this.disposed || !this.shown) return;
    const { scene } = this.ctx.viewer;
    let picked: unknown;
    try {
      picked = scene.pick(win, 5, 5);
    } catch {
      return;
    }
    const tag = (picked as { id?: unknown } | undefined)?.id;
    if (!isHandleTag(tag)) return;
    const found = this.ctx.find(this.placementId);
    if (!found) return;
    const hit = this.onPlane(win, found.spec);
    const startDistance = hit ? Math.hypot(hit.e, hit.n) : this.radius;
    this.drag = { role: tag.role, start: found.spec, startDistance: Math.max(startDistance, 0.01), last: found.spec, models: found.models };
    scene.screenSpaceCameraController.enableInputs = false;
    if (tag.role === 'move') found.models.setGhost(this.placementId, true);
  }

  private move(win: Cartesian2): void {
    const d = this.drag;
    if (!d || this.disposed) return;
    const next = this.dragged(d, win);
    if (!next) return;
    d.last = next;
    d.models.upsert(next);
    this.place(next, { models: d.models, spec: next });
    this.handlers.onChange(next);
  }

  private dragged(d: NonNullable<PlacementHandles['drag']>, win: Cartesian2): ModelPlacementSpec | null {
    const cur = d.last;
    if (d.role === 'turn') {
      const hit = this.onPlane(win, cur);
      if (!hit || Math.hypot(hit.e, hit.n) < 1e-6) return null;
      const heading = (CesiumMath.toDegrees(Math.atan2(hit.e, hit.n)) + 360) % 360;
      return { ...cur, heading: round(heading, 1) % 360 };
    }
    if (d.role === 'scale') {
      const hit = this.onPlane(win, cur);
      if (!hit) return null;
      const ratio = Math.hypot(hit.e, hit.n) / d.startDistance;
      const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, d.start.scale * ratio));
      return { ...cur, scale: Number(scale.toPrecision(4)) };
    }
    // move: follow the pointer on the plane through the base, then snap the height (twice, so a roof under the
    // pointer is found from the height it has).
    const exclude: object[] = [...this.ctx.models(), ...Object.values(this.tags), this.ringTag];
    let spec = cur;
    for (let i = 0; i < 2; i++) {
      const hit = this.onPlane(win, spec);
      if (!hit) return i === 0 ? null : spec;
      const c = Cartographic.fromCartesian(hit.point);
      const lon = CesiumMath.toDegrees(c.longitude);
      const lat = CesiumMath.toDegrees(c.latitude);
      const height = this.ctx.groundHeight(lon, lat, exclude);
      spec = { ...cur, position: { lon: round(lon, 8), lat: round(lat, 8), height: round(height, 2) } };
    }
    return spec;
  }

  private up(): void {
    const d = this.drag;
    if (!d) return;
    this.drag = null;
    this.ctx.viewer.scene.screenSpaceCameraController.enableInputs = true;
    d.models.setGhost(this.placementId, false);
    if (d.last !== d.start) this.handlers.onCommit(d.last);
  }

  /** Screen positions of the handles (test hooks), canvas CSS pixels. */
  screen(): { role: HandleRole; x: number; y: number }[] {
    if (!this.shown) return [];
    const out: { role: HandleRole; x: number; y: number }[] = [];
    for (const role of ['move', 'turn', 'scale'] as const) {
      const w = this.ctx.viewer.scene.cartesianToCanvasCoordinates(this.handles[role].position);
      if (w) out.push({ role, x: w.x, y: w.y });
    }
    return out;
  }

  dispose(): void {
    if (this.disposed) return;
    if (this.drag) this.up();
    this.disposed = true;
    this.removePreRender();
    this.handler.destroy();
    const { scene } = this.ctx.viewer;
    scene.primitives.remove(this.points);
    scene.primitives.remove(this.lines);
    scene.requestRender();
  }
}
