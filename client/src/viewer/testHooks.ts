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
 *   Both sums include the compare twins while comparing (each instance then has half the cache).
 * Plans and scenarios (issue 4):
 * - `viewer`: the page's CityViewer itself (types.ts), to drive setScenarioView, previewModel, etc. from a test.
 * - `modelCount()`, `modelsReady()`, `models()`: placed and preview models, whether none is still loading
 *   (each ready or failed), and each with its side and status.
 * - `hiddenFeatureIds(tilesetId, side = 'left')`: the feature ids hidden on that side (reference count > 0).
 * - `hideFeatures(owner, list, side = 'left')`, `releaseFeatures(owner, side = 'left')`: hide for an extra
 *   owner of the reference count (as a second scenario would).
 * - `scenarioState()`: compare on/off, the split, the scenario ids on each side; `split()`: `scene.splitPosition`.
 * - `tilesetInstances()`: every Cesium3DTileset in the scene (layer id, main or twin, split direction, whether clipped).
 * - `cameraView()`: CityViewer.getCameraView().
 * - `placementHandles()`: canvas CSS pixel positions of the edit handles (role move / turn / scale).
 * `idle()` also waits for models to finish loading.
 * Sun and shadow study (sun.ts):
 * - `sun()`: the instant shown as a UTC ISO string, or null when the study is off; `shadowsEnabled()`: the scene's
 *   shadow map is on.
 * - `sunAt(lon, lat)`: the sun's azimuth (clockwise from north) and altitude in degrees at that place, at the
 *   study's instant, computed as Cesium does for its SunLight.
 * - `frames()`: frames rendered so far (scene.postRender); `renderFrame()` asks for one more (request-render mode
 *   draws only on request), so a test can wait until a change is on screen.
 * - `frameTimeMs(n)`: mean wall time in ms of `n` frames rendered back to back at the clock's time, each finished
 *   with a 1-pixel gl.readPixels (a rough cost; in SwiftShader the CPU does the rendering).
 * Co-creation (issue 5, sketches.ts):
 * - `sketches()`: the sketches drawn: id, kind, height (m), vertices ([lon, lat] degrees), selected.
 */
import { Cartesian3, SceneTransforms, SplitDirection, type Cesium3DTileset, type Viewer } from 'cesium';
import type { CameraView, ReplacedBuilding } from '../../../shared/index.js';
import { viewBBox, lookAt, type Flights } from './camera.js';
import type { CommentPins } from './pins.js';
import type { PlacementHandles } from './placementHandles.js';
import type { ScenarioView, SideName } from './scenarioView.js';
import type { SketchLayer } from './sketches.js';
import type { SunStudy } from './sun.js';
import type { TilesetLayers } from './tilesetLayers.js';
import type { CityViewer, PickResult } from './types.js';

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
  viewer: CityViewer;
  modelCount(): number;
  modelsReady(): boolean;
  models(): { side: string; id: string; modelId: string; status: string }[];
  hiddenFeatureIds(tilesetId: string, side?: SideName): string[];
  hideFeatures(owner: string, list: ReplacedBuilding[], side?: SideName): void;
  releaseFeatures(owner: string, side?: SideName): void;
  scenarioState(): { compare: boolean; split: number; left: string | null; right: string | null };
  split(): number;
  tilesetInstances(): { id: string; side: 'main' | 'twin'; split: 'left' | 'right' | 'none'; clipped: boolean }[];
  cameraView(): CameraView;
  placementHandles(): { role: string; x: number; y: number }[];
  sun(): string | null;
  shadowsEnabled(): boolean;
  sunAt(lon: number, lat: number): { azimuth: number; altitude: number };
  frames(): number;
  renderFrame(): void;
  frameTimeMs(n: number): number;
  sketches(): { id: string; kind: string; height: number; vertices: [number, number][]; selected: boolean }[];
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
  scenario: ScenarioView;
  sun: SunStudy;
  sketches: SketchLayer;
  cityViewer: CityViewer;
  handles: () => PlacementHandles[];
  pick: (x: number, y: number) => PickResult;
}

function sumOverTilesets(layers: TilesetLayers, f: (t: Cesium3DTileset) => number): number {
  let sum = 0;
  for (const { tileset: t } of layers.instances()) {
    if (!t.isDestroyed()) sum += f(t);
  }
  return sum;
}

const SPLIT_NAMES = { [SplitDirection.LEFT]: 'left', [SplitDirection.RIGHT]: 'right', [SplitDirection.NONE]: 'none' } as const;

export function installTestHooks({ viewer, layers, pins, flights, scenario, sun, sketches, cityViewer, handles, pick }: Parts): void {
  let frames = 0;
  viewer.scene.postRender.addEventListener(() => {
    frames++;
  });
  const hooks: DigitaleStadTestHooks = {
    tilesLoaded: () => layers.allLoaded(),
    idle: () => layers.allLoaded() && !flights.flying && scenario.modelsSettled(),
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
    viewer: cityViewer,
    modelCount: () => scenario.modelCount(),
    modelsReady: () => scenario.modelsSettled(),
    models: () => scenario.modelStates(),
    hiddenFeatureIds: (tilesetId, side = 'left') => scenario.hidden(side).ids(tilesetId),
    hideFeatures: (owner, list, side = 'left') => scenario.hidden(side).hide(`test:${owner}`, list),
    releaseFeatures: (owner, side = 'left') => scenario.hidden(side).release(`test:${owner}`),
    scenarioState: () => scenario.state(),
    split: () => viewer.scene.splitPosition,
    tilesetInstances: () =>
      layers.instances().map((i) => ({
        id: i.id,
        side: i.side,
        split: SPLIT_NAMES[i.tileset.splitDirection],
        clipped: !!i.tileset.clippingPolygons?.enabled && i.tileset.clippingPolygons.length > 0,
      })),
    cameraView: () => cityViewer.getCameraView(),
    placementHandles: () => handles().flatMap((h) => h.screen()),
    sun: () => sun.current()?.toISOString() ?? null,
    shadowsEnabled: () => sun.shadowsEnabled(),
    sunAt: (lon, lat) => sun.sunAt(lon, lat),
    frames: () => frames,
    renderFrame: () => viewer.scene.requestRender(),
    sketches: () => sketches.list(),
    frameTimeMs(n) {
      const { scene } = viewer;
      const gl = (scene.canvas.getContext('webgl2') ?? scene.canvas.getContext('webgl')) as WebGLRenderingContext | null;
      const count = Math.max(1, Math.floor(n));
      const px = new Uint8Array(4);
      const t0 = performance.now();
      for (let i = 0; i < count; i++) {
        scene.requestRender();
        scene.render(viewer.clock.currentTime);
        gl?.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px); // waits until the frame is drawn
      }
      return (performance.now() - t0) / count;
    },
  };
  window.__digitaleStad = hooks;
}
