/**
 * The engine-neutral viewer interface (DESIGN.md: "fly to, pick, show layer, hide features").
 * Features talk to the 3D scene only through this; it imports no Cesium, so the UI can be built
 * and tested without WebGL. The Cesium implementation lives in cityViewer.ts.
 */
import type { BBox, CameraView, Position, ReplacedBuilding, TilesetInfo } from '../../../shared/index.js';

/** One attribute of a picked building, in the order the tileset lists them. */
export interface BuildingProperty {
  name: string;
  /** As stored in the tileset's metadata: string, number, bigint, boolean, array or null. */
  value: unknown;
}

/** What lies under a screen point. Positions: WGS84 degrees, height in metres above the ellipsoid. */
export type PickResult =
  | {
      kind: 'building';
      tilesetId: string;
      /** The feature's `id` property (the CityJSON CityObject id), or null when it has none. */
      buildingId: string | null;
      properties: BuildingProperty[];
      /** The clicked 3D point on the façade or roof. */
      position: Position;
    }
  | { kind: 'ground'; position: Position }
  | { kind: 'pin'; commentId: string; position: Position }
  /** A placed partner model (issue 4); `position` is the clicked point on it. */
  | { kind: 'model'; placementId: string; modelId: string; position: Position }
  /** A co-creation sketch (issue 5); `position` is the clicked point on it. */
  | { kind: 'sketch'; sketchId: string; position: Position }
  | { kind: 'none' };

export type BuildingPick = Extract<PickResult, { kind: 'building' }>;

/** A comment pin to draw. */
export interface PinSpec {
  id: string;
  position: Position;
}

/** Load state of one tileset layer. */
export interface LayerState {
  info: TilesetInfo;
  visible: boolean;
  status: 'loading' | 'ready' | 'failed';
}

export interface CityViewer {
  /** Puts the (single, long-lived) 3D view into container; moving it to another container is fine. */
  mount(container: HTMLElement): void;
  /** Detaches the view from container without destroying it. */
  unmount(container: HTMLElement): void;

  /** Shows exactly these tilesets (adds new ones, removes gone ones); flies to the first on the first call. */
  setTilesets(list: TilesetInfo[]): void;
  setTilesetVisible(id: string, visible: boolean): void;
  layers(): LayerState[];
  onLayersChanged(f: (layers: LayerState[]) => void): () => void;
  flyToTileset(id: string): void;

  /** What is under canvas-relative CSS pixel (x, y). */
  pick(x: number, y: number): PickResult;
  /** Left clicks on the canvas, already picked. */
  onPick(f: (pick: PickResult) => void): () => void;
  /** The building or ground under the centre of the view, looking through pins (for "comment at the centre of the view"). */
  pickCentre(): PickResult;
  /** Highlights one building (or none). */
  highlightBuilding(sel: { tilesetId: string; buildingId: string | null } | null): void;
  /** Crosshair cursor while the user is placing something. */
  setPlacing(placing: boolean): void;

  /** Draws exactly these comment pins. */
  setPins(pins: PinSpec[]): void;
  selectPin(id: string | null): void;
  /** Flies the camera to look at a position (e.g. a comment's pin) from a short distance. */
  flyTo(position: Position): void;

  /** The current view's bbox in degrees ([west, south, east, north]); null when no ground is in view. */
  viewBBox(): BBox | null;
  /** Fires when the camera stops moving (and once the first view is set), with the new bbox. */
  onViewChanged(f: (bbox: BBox | null) => void): () => void;

  // --- Plans and scenarios (issue 4) -------------------------------------------------------------

  /** The camera now (position in WGS84 degrees/metres, heading/pitch/roll in degrees). */
  getCameraView(): CameraView;
  /** Moves the camera to a view; `fly: false` jumps (used when opening a shared link). */
  setCameraView(view: CameraView, opts?: { fly?: boolean }): void;
  /** Flies to show a bbox ([west, south, east, north], degrees) from above at an angle. */
  flyToBBox(bbox: BBox): void;

  /** Outlines a plan area (outer ring, [lon, lat] pairs) on the ground; null removes it. */
  setPlanArea(ring: [number, number][] | null): void;
  /**
   * What the city shows: one scenario across the whole view (`right` undefined), or two side by side with a
   * split at `split` (0..1 of the width from the left). `null` is "today": the city as it is. Replaced buildings
   * are hidden by feature id with a reference count per tileset; `clipArea` clips the city tilesets inside the
   * polygon. Hidden and clipped buildings cast no shadow.
   */
  setScenarioView(view: { left: ScenarioSpec | null; right?: ScenarioSpec | null; split?: number }): void;
  /** Moves the compare split (0..1 from the left) without rebuilding the layers. */
  setSplit(split: number): void;
  /** Fires while the user drags the split line in the view. */
  onSplitChanged(f: (split: number) => void): () => void;

  /**
   * Lets the user draw a polygon on the ground: each click adds a vertex, double-click or Enter finishes,
   * Escape cancels (resolves null). Resolves the outer ring as [lon, lat] pairs, not closed.
   */
  drawArea(): Promise<[number, number][] | null>;
  /**
   * Shows move / turn / scale handles on a placed model (by placement id, which must be in the current
   * scenario view, or a preview added with `previewModel`). Dragging calls `onChange` with the new placement
   * (live) and `onCommit` on release. Returns a function that removes the handles.
   */
  editPlacement(placementId: string, handlers: { onChange(p: ModelPlacementSpec): void; onCommit(p: ModelPlacementSpec): void }): () => void;
  /**
   * Shows (or moves) a model that is not stored yet, e.g. while a partner places a fresh upload; null removes it.
   * With the id of a stored placement (editing it) the preview stands in for it: the stored model is hidden until
   * the preview is removed.
   */
  previewModel(spec: ModelPlacementSpec | null): void;
  /** The height of the ground or buildings under lon/lat (metres above the ellipsoid), ignoring placed models. */
  groundHeight(lon: number, lat: number): number;

  /**
   * The sun and shadow study (sun.ts). `null`: the usual look (light over the viewer's shoulder, no shadows).
   * A date: the real sun at that instant (the scene clock stops there) and shadows on; city buildings and placed
   * models cast and receive shadows, the ground receives them; hidden and clipped buildings cast none.
   * An invalid Date counts as null.
   */
  setSun(when: Date | null): void;

  // --- Co-creation sketches (issue 5, sketches.ts) ------------------------------------------------

  /**
   * Draws exactly these sketches: points, lines and polygons extruded to their height (metres), translucent,
   * the base on the ground; the one with `selected` highlighted. Invalid coordinates are skipped.
   */
  setSketches(list: SketchSpec[]): void;
  /**
   * Lets the user draw a sketch (drawArea.ts): 'point' = one click; 'line' = clicks, Enter or double-click
   * finishes (at least 2 vertices); 'polygon' as `drawArea`. Escape cancels (resolves null). Resolves the
   * vertices as [lon, lat] degree pairs (a polygon's ring not closed).
   */
  drawSketch(kind: 'point' | 'line' | 'polygon'): Promise<[number, number][] | null>;
}

/** One co-creation sketch as the viewer draws it. Coordinates: [lon, lat] WGS84 degrees; height in metres. */
export interface SketchSpec {
  id: string;
  kind: 'point' | 'line' | 'polygon';
  /** point: one vertex; line: ≥ 2; polygon: the outer ring, ≥ 3, not closed (a closing vertex is tolerated). */
  coordinates: [number, number][];
  /** Extrusion above the base, metres (0 = flat on the ground). */
  height: number;
  selected?: boolean;
}

/** A model placed in the scene. The model's base centre sits at `position`; degrees; uniform scale. */
export interface ModelPlacementSpec {
  /** Placement id (or a preview id). */
  id: string;
  modelId: string;
  /** URL of the GLB (Y-up, metres, base centre at the origin). */
  url: string;
  position: Position;
  heading: number;
  pitch: number;
  roll: number;
  scale: number;
}

/** One scenario as the viewer shows it. */
export interface ScenarioSpec {
  id: string;
  replaced: ReplacedBuilding[];
  /** Outer ring [lon, lat] of the plan area to clip the city away in, or null. */
  clipArea: [number, number][] | null;
  placements: ModelPlacementSpec[];
}
