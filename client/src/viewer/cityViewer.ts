/**
 * The Cesium implementation of CityViewer (types.ts): ONE long-lived Viewer, created on the first
 * mount into a host element that React components may move around (StrictMode's double mount and
 * remounts never lose the scene or its tilesets). Get it with `getCityViewer()`.
 */
import './cesiumBaseUrl.js';
import { ScreenSpaceEventHandler, ScreenSpaceEventType, type Cesium3DTileFeature, type Viewer } from 'cesium';
import type { BBox, CameraView, Position, TilesetInfo } from '../../../shared/index.js';
import { Flights, flyToPosition, flyToSphere, viewBBox } from './camera.js';
import { flyToBBox, getCameraView, setCameraView } from './cameraView.js';
import { createViewer } from './createViewer.js';
import { drawArea, type AreaDrawing } from './drawArea.js';
import { groundHeightAt } from './ground.js';
import { BuildingHighlight, pickAt } from './picking.js';
import { CommentPins } from './pins.js';
import { PlacementHandles } from './placementHandles.js';
import { PlanAreaOutline } from './planArea.js';
import { ScenarioView } from './scenarioView.js';
import { SketchLayer } from './sketches.js';
import { SunStudy } from './sun.js';
import { installTestHooks } from './testHooks.js';
import { TilesetLayers } from './tilesetLayers.js';
import type { CityViewer, LayerState, ModelPlacementSpec, PickResult, PinSpec, ScenarioSpec, SketchSpec } from './types.js';

interface Scene3D {
  viewer: Viewer;
  layers: TilesetLayers;
  pins: CommentPins;
  highlight: BuildingHighlight;
  flights: Flights;
  scenario: ScenarioView;
  planArea: PlanAreaOutline;
  sun: SunStudy;
  sketches: SketchLayer;
}

type ScenarioViewArgs = Parameters<CityViewer['setScenarioView']>[0];

class CesiumCityViewer implements CityViewer {
  private readonly host: HTMLDivElement;
  private s: Scene3D | null = null;
  private pendingTilesets: TilesetInfo[] | null = null;
  private pendingPins: PinSpec[] = [];
  private pendingSelectedPin: string | null = null;
  private flownToStart = false;
  private lastFeature: { feature: Cesium3DTileFeature; tilesetId: string; buildingId: string | null } | null = null;
  private readonly pickListeners = new Set<(p: PickResult) => void>();
  private readonly viewListeners = new Set<(b: BBox | null) => void>();
  private readonly layerListeners = new Set<(l: LayerState[]) => void>();
  private readonly splitListeners = new Set<(split: number) => void>();
  private pendingScenario: ScenarioViewArgs | null = null;
  private pendingPlanArea: [number, number][] | null = null;
  private pendingPreview: ModelPlacementSpec | null = null;
  private pendingCamera: CameraView | null = null;
  private pendingSun: Date | null = null;
  private pendingSketches: SketchSpec[] = [];
  private drawing: AreaDrawing | null = null;
  private readonly handles = new Set<PlacementHandles>();

  constructor() {
    this.host = document.createElement('div');
    this.host.className = 'ds-cesium-host';
  }

  mount(container: HTMLElement): void {
    if (this.host.parentElement !== container) container.appendChild(this.host);
    if (!this.s) this.s = this.create();
    this.s.viewer.resize();
    this.s.viewer.scene.requestRender();
  }

  unmount(container: HTMLElement): void {
    if (this.host.parentElement === container) container.removeChild(this.host);
  }

  private create(): Scene3D {
    const viewer = createViewer(this.host);
    const flights = new Flights();
    let scenario: ScenarioView | null = null;
    const layers = new TilesetLayers(viewer.scene, () => {
      scenario?.refresh(); // new layers and compare twins get their side's hidden features and clipping
      this.flyToStart();
      this.emitLayers();
    });
    scenario = new ScenarioView(viewer.scene, layers, this.host, () => viewer.scene.requestRender());
    scenario.onSplitChanged((v) => {
      for (const f of this.splitListeners) f(v);
    });
    const pins = new CommentPins(viewer.scene);
    const planArea = new PlanAreaOutline(viewer);
    const sun = new SunStudy(viewer);
    const sketches = new SketchLayer(viewer);
    const s: Scene3D = { viewer, layers, pins, highlight: new BuildingHighlight(viewer), flights, scenario, planArea, sun, sketches };

    const handler = new ScreenSpaceEventHandler(viewer.scene.canvas);
    handler.setInputAction((e: { position: { x: number; y: number } }) => {
      if (this.drawing) return; // clicks add vertices while drawing an area
      const result = this.pick(e.position.x, e.position.y);
      for (const f of this.pickListeners) f(result);
    }, ScreenSpaceEventType.LEFT_CLICK);
    viewer.camera.moveEnd.addEventListener(() => this.emitView());

    if (this.pendingTilesets) layers.sync(this.pendingTilesets);
    pins.set(this.pendingPins);
    pins.select(this.pendingSelectedPin);
    if (this.pendingScenario) scenario.set(this.pendingScenario);
    scenario.setPreview(this.pendingPreview ? [this.pendingPreview] : []);
    planArea.set(this.pendingPlanArea);
    if (this.pendingCamera) setCameraView(viewer, flights, this.pendingCamera, false);
    sun.set(this.pendingSun);
    sketches.set(this.pendingSketches);
    installTestHooks({
      viewer,
      layers,
      pins,
      flights,
      scenario,
      sun,
      sketches,
      cityViewer: this,
      handles: () => [...this.handles],
      pick: (x, y) => this.pick(x, y),
    });
    return s;
  }

  /**
   * Once, at start: fly to the first layer of the list that loaded (skipping layers that failed), real city
   * data before the generated demo district.
   */
  private flyToStart(): void {
    const s = this.s;
    if (this.flownToStart || !s) return;
    const usable = s.layers.states().filter((l) => l.status !== 'failed');
    const first = usable.find((l) => !l.info.demo) ?? usable[0];
    if (first?.status !== 'ready') return;
    this.flownToStart = true;
    this.flyToTileset(first.info.id);
  }

  private emitView(): void {
    const b = this.viewBBox();
    for (const f of this.viewListeners) f(b);
  }

  private emitLayers(): void {
    const l = this.layers();
    for (const f of this.layerListeners) f(l);
  }

  setTilesets(list: TilesetInfo[]): void {
    this.pendingTilesets = list;
    if (this.s) this.s.layers.sync(list);
  }

  setTilesetVisible(id: string, visible: boolean): void {
    this.s?.layers.setVisible(id, visible);
  }

  layers(): LayerState[] {
    if (this.s) return this.s.layers.states();
    return (this.pendingTilesets ?? []).map((info) => ({ info, visible: true, status: 'loading' as const }));
  }

  onLayersChanged(f: (layers: LayerState[]) => void): () => void {
    this.layerListeners.add(f);
    return () => this.layerListeners.delete(f);
  }

  flyToTileset(id: string): void {
    const s = this.s;
    const ts = s?.layers.tileset(id);
    if (!s || !ts) return;
    // A district fills the view; of a whole city, the centre does (its tiles load within ~1.7 km of the camera).
    const range = Math.min(Math.max(ts.boundingSphere.radius * 1.6, 250), 1500);
    flyToSphere(s.viewer, s.flights, ts.boundingSphere, range, -35, 1.5);
  }

  pick(x: number, y: number): PickResult {
    const s = this.s;
    if (!s) return { kind: 'none' };
    const { result, feature } = pickAt(s.viewer, s.layers, s.pins, x, y);
    if (result.kind === 'building' && feature) {
      this.lastFeature = { feature, tilesetId: result.tilesetId, buildingId: result.buildingId };
    }
    return result;
  }

  onPick(f: (pick: PickResult) => void): () => void {
    this.pickListeners.add(f);
    return () => this.pickListeners.delete(f);
  }

  pickCentre(): PickResult {
    const s = this.s;
    if (!s) return { kind: 'none' };
    const canvas = s.viewer.scene.canvas;
    // The view is often centred on a pin (after flying to a comment): look under the pins.
    return s.pins.without(() => this.pick(canvas.clientWidth / 2, canvas.clientHeight / 2));
  }

  highlightBuilding(sel: { tilesetId: string; buildingId: string | null } | null): void {
    const s = this.s;
    if (!s) return;
    const last = this.lastFeature;
    if (sel && last && last.tilesetId === sel.tilesetId && last.buildingId === sel.buildingId) {
      s.highlight.set(last.feature);
    } else {
      s.highlight.set(null);
    }
  }

  setPlacing(placing: boolean): void {
    this.host.classList.toggle('ds-placing', placing);
  }

  setPins(pins: PinSpec[]): void {
    this.pendingPins = pins;
    this.s?.pins.set(pins);
  }

  selectPin(id: string | null): void {
    this.pendingSelectedPin = id;
    this.s?.pins.select(id);
  }

  flyTo(position: Position): void {
    const s = this.s;
    if (s) flyToPosition(s.viewer, s.flights, position);
  }

  viewBBox(): BBox | null {
    return this.s ? viewBBox(this.s.viewer) : null;
  }

  onViewChanged(f: (bbox: BBox | null) => void): () => void {
    this.viewListeners.add(f);
    return () => this.viewListeners.delete(f);
  }

  // --- Plans and scenarios (issue 4) -------------------------------------------------------------

  getCameraView(): CameraView {
    if (this.s) return getCameraView(this.s.viewer);
    return this.pendingCamera ?? { position: { lon: 0, lat: 0, height: 0 }, heading: 0, pitch: -90, roll: 0 };
  }

  setCameraView(view: CameraView, opts: { fly?: boolean } = {}): void {
    this.flownToStart = true; // a chosen view wins over the start flight
    if (!this.s) {
      this.pendingCamera = view;
      return;
    }
    setCameraView(this.s.viewer, this.s.flights, view, opts.fly ?? true);
  }

  flyToBBox(bbox: BBox): void {
    this.flownToStart = true;
    if (this.s) flyToBBox(this.s.viewer, this.s.flights, bbox);
  }

  setPlanArea(ring: [number, number][] | null): void {
    this.pendingPlanArea = ring;
    this.s?.planArea.set(ring);
  }

  setScenarioView(view: { left: ScenarioSpec | null; right?: ScenarioSpec | null; split?: number }): void {
    this.pendingScenario = view;
    this.s?.scenario.set(view);
  }

  setSplit(split: number): void {
    if (this.pendingScenario) this.pendingScenario = { ...this.pendingScenario, split };
    this.s?.scenario.setSplit(split);
  }

  onSplitChanged(f: (split: number) => void): () => void {
    this.splitListeners.add(f);
    return () => this.splitListeners.delete(f);
  }

  drawArea(): Promise<[number, number][] | null> {
    return this.drawSketch('polygon');
  }

  drawSketch(kind: 'point' | 'line' | 'polygon'): Promise<[number, number][] | null> {
    const s = this.s;
    if (!s) return Promise.resolve(null);
    this.drawing?.cancel();
    const d = drawArea(s.viewer, kind);
    this.drawing = d;
    void d.promise.finally(() => {
      if (this.drawing === d) this.drawing = null;
    });
    return d.promise;
  }

  editPlacement(placementId: string, handlers: { onChange(p: ModelPlacementSpec): void; onCommit(p: ModelPlacementSpec): void }): () => void {
    const s = this.s;
    if (!s) return () => {};
    const h = new PlacementHandles(
      {
        viewer: s.viewer,
        find: (id) => s.scenario.find(id),
        groundHeight: (lon, lat, exclude) => groundHeightAt(s.viewer.scene, lon, lat, exclude),
        models: () => s.scenario.allModels(),
      },
      placementId,
      handlers,
    );
    this.handles.add(h);
    return () => {
      h.dispose();
      this.handles.delete(h);
    };
  }

  previewModel(spec: ModelPlacementSpec | null): void {
    this.pendingPreview = spec;
    this.s?.scenario.setPreview(spec ? [spec] : []);
  }

  groundHeight(lon: number, lat: number): number {
    const s = this.s;
    if (!s) return 0;
    return groundHeightAt(s.viewer.scene, lon, lat, s.scenario.allModels());
  }

  setSun(when: Date | null): void {
    this.pendingSun = when;
    this.s?.sun.set(when);
  }

  setSketches(list: SketchSpec[]): void {
    this.pendingSketches = list;
    this.s?.sketches.set(list);
  }
}

let instance: CesiumCityViewer | null = null;

/** The one CityViewer of the page (created on first use; the Cesium Viewer on first mount). */
export function getCityViewer(): CityViewer {
  instance ??= new CesiumCityViewer();
  return instance;
}
