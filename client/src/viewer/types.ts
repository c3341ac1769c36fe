/**
 * The engine-neutral viewer interface (DESIGN.md: "fly to, pick, show layer, hide features").
 * Features talk to the 3D scene only through this; it imports no Cesium, so the UI can be built
 * and tested without WebGL. The Cesium implementation lives in cityViewer.ts.
 */
import type { BBox, Position, TilesetInfo } from '../../../shared/index.js';

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
}
