/**
 * TEST HOOKS for the end-to-end tests (tests/e2e/), installed on `window.__digitaleStad`.
 * Not an API for features or other sites: they read the scene state that a test cannot see
 * through the DOM (the 3D canvas), so tests can wait for tiles instead of sleeping and click at
 * the screen position of a known building.
 *
 * - `tilesLoaded()`: the tileset list arrived, every tileset finished loading (or failed), and
 *   every visible one has all tiles for the current view (`Cesium3DTileset.tilesLoaded`).
 * - `idle()`: `tilesLoaded()` and no camera flight in progress.
 * - `toScreen(lon, lat, height)`: canvas-relative CSS pixels `{x, y}` of a WGS84 position
 *   (SceneTransforms.worldToWindowCoordinates), or null when it is behind the camera.
 * - `pick(x, y)`: what a click at canvas-relative (x, y) would pick (kind, building id, the building's
 *   attributes as name/value pairs (empty unless a building), position).
 * - `pinCount()`, `pins()`: the comment pins drawn (id, position, selected).
 * - `layers()`: the tileset layers with their status.
 * - `viewBBox()`: the view's [west, south, east, north] in degrees.
 * - `lookAt(lon, lat, height, range, headingDeg, pitchDeg)`: put the camera at once.
 * - `tilesetMemory()`: bytes held by the loaded tilesets' tiles, the sum of
 *   `Cesium3DTileset.totalMemoryUsageInBytes` over the layers (GPU geometry + textures + batch tables).
 * - `tilesetCacheLimit()`: the most `tilesetMemory()` may reach by the layers' cache settings, the sum of
 *   `cacheBytes + maximumCacheOverflowBytes` over the layers (see TILESET_OPTIONS).
 */
import { Cartesian3, SceneTransforms, type Cesium3DTileset, type Viewer } from 'cesium';
import { viewBBox, lookAt, type Flights } from './camera.js';
import type { CommentPins } from './pins.js';
import type { TilesetLayers } from './tilesetLayers.js';
import type { PickResult } from './types.js';

export interface DigitaleStadTestHooks {
  tilesLoaded(): boolean;
  idle(): boolean;
  toScreen(lon: number, lat: number, height: number): { x: number; y: number } | null;
  pick(x: number, y: number): {
    kind: PickResult['kind'];
    buildingId: string | null;
    commentId: string | null;
    properties: { name: string; value: unknown }[];
    position: unknown;
  };
  pinCount(): number;
  pins(): { id: string; position: { lon: number; lat: number; height: number }; selected: boolean }[];
  layers(): { id: string; status: string; visible: boolean }[];
  viewBBox(): number[] | null;
  lookAt(lon: number, lat: number, height: number, range: number, headingDeg: number, pitchDeg: number): void;
  tilesetMemory(): number;
  tilesetCacheLimit(): number;
}

declare global {
  interface Window {
    __digitaleStad?: DigitaleStadTestHooks;
  }
}

interface Parts {
  viewer: Viewer;
  layers: TilesetLayers;
  pins: CommentPins;
  flights: Flights;
  pick: (x: number, y: number) => PickResult;
}

function sumOverTilesets(layers: TilesetLayers, f: (t: Cesium3DTileset) => number): number {
  let sum = 0;
  for (const l of layers.states()) {
    const t = layers.tileset(l.info.id);
    if (t && !t.isDestroyed()) sum += f(t);
  }
  return sum;
}

export function installTestHooks({ viewer, layers, pins, flights, pick }: Parts): void {
  const hooks: DigitaleStadTestHooks = {
    tilesLoaded: () => layers.allLoaded(),
    idle: () => layers.allLoaded() && !flights.flying,
    toScreen(lon, lat, height) {
      const w = SceneTransforms.worldToWindowCoordinates(viewer.scene, Cartesian3.fromDegrees(lon, lat, height));
      return w ? { x: w.x, y: w.y } : null;
    },
    pick(x, y) {
      const r = pick(x, y);
      return {
        kind: r.kind,
        buildingId: r.kind === 'building' ? r.buildingId : null,
        commentId: r.kind === 'pin' ? r.commentId : null,
        properties: r.kind === 'building' ? r.properties.map((p) => ({ name: p.name, value: p.value })) : [],
        position: r.kind === 'none' ? null : r.position,
      };
    },
    pinCount: () => pins.count(),
    pins: () => pins.list(),
    layers: () => layers.states().map((l) => ({ id: l.info.id, status: l.status, visible: l.visible })),
    viewBBox: () => viewBBox(viewer),
    lookAt: (lon, lat, height, range, headingDeg, pitchDeg) => lookAt(viewer, { lon, lat, height }, range, headingDeg, pitchDeg),
    tilesetMemory: () => sumOverTilesets(layers, (t) => t.totalMemoryUsageInBytes),
    tilesetCacheLimit: () => sumOverTilesets(layers, (t) => t.cacheBytes + t.maximumCacheOverflowBytes),
  };
  window.__digitaleStad = hooks;
}
