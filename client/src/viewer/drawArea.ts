/**
 * Drawing a polygon on the city (a plan area): each left click adds a vertex where it hits the ground or a
 * building (`scene.pickPosition`, else the ellipsoid), the growing polygon follows the pointer, double-click or
 * Enter finishes (with at least 3 vertices), Backspace removes the last vertex, Escape cancels. The camera stays
 * usable throughout (dragging still pans and rotates; a click only adds a vertex when the pointer did not move).
 *
 * The same drawing serves co-creation sketches (issue 5, `kind`): 'point' ends at the first click (one vertex),
 * 'line' needs at least 2 vertices and is not closed, 'polygon' (the default, a plan area) at least 3.
 */
import {
  CallbackProperty,
  Cartesian2,
  Cartesian3,
  Cartographic,
  Color,
  Math as CesiumMath,
  PolygonHierarchy,
  ScreenSpaceEventHandler,
  ScreenSpaceEventType,
  type Entity,
  type Viewer,
} from 'cesium';
import { PLAN_COLOR } from './planArea.js';

/** The 3D point under a canvas pixel: a surface (buildings, models, ground) or the ellipsoid; null for the sky. */
export function surfacePoint(viewer: Viewer, win: Cartesian2): Cartesian3 | null {
  const { scene, camera } = viewer;
  if (scene.pickPositionSupported) {
    try {
      const picked = scene.pick(win, 1, 1) as unknown;
      if (picked) {
        const p = scene.pickPosition(win);
        if (p && Number.isFinite(p.x)) return p;
      }
    } catch {
      // fall through to the ellipsoid
    }
  }
  return camera.pickEllipsoid(win, scene.globe.ellipsoid) ?? null;
}

/** Two clicks closer than this (CSS px) add one vertex (a double-click sends two clicks first). */
const SAME_CLICK_PX = 5;
/** Lifted a little so the outline is not buried in the surface it was drawn on (metres). */
const LIFT = 0.3;

export interface AreaDrawing {
  promise: Promise<[number, number][] | null>;
  /** Ends the drawing; resolves null. */
  cancel(): void;
}

export type DrawKind = 'point' | 'line' | 'polygon';

/**
 * Starts drawing (see the file comment). Resolves the vertices as [lon, lat] degree pairs (a polygon's ring not
 * closed), or null when cancelled.
 */
export function drawArea(viewer: Viewer, kind: DrawKind = 'polygon'): AreaDrawing {
  const { scene } = viewer;
  const min = kind === 'point' ? 1 : kind === 'line' ? 2 : 3;
  const vertices: { p: Cartesian3; x: number; y: number }[] = [];
  let floating: Cartesian3 | null = null;
  let resolve!: (r: [number, number][] | null) => void;
  const promise = new Promise<[number, number][] | null>((r) => (resolve = r));
  const lifted = (p: Cartesian3) => {
    const c = Cartographic.fromCartesian(p);
    return Cartesian3.fromRadians(c.longitude, c.latitude, c.height + LIFT);
  };
  const current = () => [...vertices.map((v) => v.p), ...(floating ? [floating] : [])];

  const entities: Entity[] = [];
  entities.push(
    viewer.entities.add({
      polygon: {
        hierarchy: new CallbackProperty(() => new PolygonHierarchy(kind === 'polygon' && current().length >= 3 ? current() : []), false),
        perPositionHeight: true,
        material: PLAN_COLOR.withAlpha(0.3),
      },
    }),
    viewer.entities.add({
      polyline: {
        positions: new CallbackProperty(() => {
          const c = current();
          return c.length >= 2 && kind === 'polygon' ? [...c, c[0]!] : c;
        }, false),
        width: 3,
        material: PLAN_COLOR,
        depthFailMaterial: PLAN_COLOR.withAlpha(0.6),
      },
    }),
  );
  const addPoint = (p: Cartesian3) => {
    entities.push(
      viewer.entities.add({
        position: p,
        point: { pixelSize: 9, color: Color.WHITE, outlineColor: PLAN_COLOR, outlineWidth: 2, disableDepthTestDistance: Number.POSITIVE_INFINITY },
      }),
    );
  };

  const handler = new ScreenSpaceEventHandler(scene.canvas);
  let ended = false;
  const end = (result: [number, number][] | null) => {
    if (ended) return;
    ended = true;
    handler.destroy();
    document.removeEventListener('keydown', onKey, true);
    for (const e of entities) viewer.entities.remove(e);
    scene.requestRender();
    resolve(result);
  };
  const finish = () => {
    if (vertices.length < min) return;
    end(
      vertices.map((v) => {
        const c = Cartographic.fromCartesian(v.p);
        return [Number(CesiumMath.toDegrees(c.longitude).toFixed(8)), Number(CesiumMath.toDegrees(c.latitude).toFixed(8))];
      }),
    );
  };

  handler.setInputAction((e: { position: Cartesian2 }) => {
    const last = vertices[vertices.length - 1];
    if (last && Math.hypot(last.x - e.position.x, last.y - e.position.y) < SAME_CLICK_PX) return;
    const p = surfacePoint(viewer, e.position);
    if (!p) return;
    const q = lifted(p);
    vertices.push({ p: q, x: e.position.x, y: e.position.y });
    addPoint(q);
    scene.requestRender();
    if (kind === 'point') finish();
  }, ScreenSpaceEventType.LEFT_CLICK);
  handler.setInputAction((e: { endPosition: Cartesian2 }) => {
    if (vertices.length === 0) return;
    const p = surfacePoint(viewer, e.endPosition);
    floating = p ? lifted(p) : null;
    scene.requestRender();
  }, ScreenSpaceEventType.MOUSE_MOVE);
  handler.setInputAction(() => finish(), ScreenSpaceEventType.LEFT_DOUBLE_CLICK);

  function onKey(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      end(null);
    } else if (e.key === 'Enter' && vertices.length >= min) {
      e.preventDefault();
      e.stopPropagation();
      finish();
    } else if (e.key === 'Backspace' && vertices.length > 0 && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement)) {
      e.preventDefault();
      vertices.pop();
      const point = entities.pop();
      if (point && entities.length >= 2) viewer.entities.remove(point);
      scene.requestRender();
    }
  }
  document.addEventListener('keydown', onKey, true);

  return { promise, cancel: () => end(null) };
}
