/**
 * The 3D Tiles layers (OGC 3D Tiles 1.1) in the scene, one Cesium3DTileset per TilesetInfo from
 * GET /api/v1/tilesets. Loading is asynchronous; `onChange` is called whenever a layer's status or
 * visibility changes, or a compare twin finished loading.
 *
 * Compare mode (`setCompare(true)`, issue 4): every layer gets a second instance, its "twin", for the right
 * side of the split (scenarioView.ts sets each instance's split direction, hidden features and clipping).
 * While comparing, each instance's tile cache is half of TILESET_OPTIONS (cacheBytes and
 * maximumCacheOverflowBytes), so the two together stay within one layer's memory budget; leaving compare
 * destroys the twins and restores the full cache.
 */
import { Cesium3DTileset, ShadowMode, type Scene } from 'cesium';
import type { TilesetInfo } from '../../../shared/index.js';
import type { LayerState } from './types.js';

/**
 * Options for every layer, sized for a whole city (100,000+ buildings) on an ordinary laptop
 * (Cesium3DTileset constructor options, CesiumJS 1.145):
 * - maximumScreenSpaceError 16 (Cesium's default): a tile is refined when its geometric error would
 *   show as more than 16 px; the tiler's geometric errors are chosen for this value.
 * - cacheBytes 256 MiB + maximumCacheOverflowBytes 128 MiB: tiles not needed for the view are
 *   evicted down to 256 MiB; a view that needs more may overflow by 128 MiB, after which Cesium
 *   raises the screen-space error instead of growing, so GPU/JS memory stays bounded while flying.
 * - skipLevelOfDetail off: every level is loaded top-down, so no holes or popping with ADD/REPLACE
 *   trees of buildings; dynamicScreenSpaceError on: tiles near the horizon in street-level views
 *   load coarser; foveatedScreenSpaceError and cullRequestsWhileMoving: the centre of the screen
 *   first, and no requests for tiles that will be off-screen when they arrive.
 */
export const TILESET_OPTIONS = {
  maximumScreenSpaceError: 16,
  cacheBytes: 256 * 1024 * 1024,
  maximumCacheOverflowBytes: 128 * 1024 * 1024,
  skipLevelOfDetail: false,
  dynamicScreenSpaceError: true,
  foveatedScreenSpaceError: true,
  cullRequestsWhileMoving: true,
  preloadWhenHidden: false,
} as const;

interface Entry {
  info: TilesetInfo;
  visible: boolean;
  status: LayerState['status'];
  tileset: Cesium3DTileset | null;
  removed: boolean;
  /** The right-hand instance while comparing (null until loaded, or when not comparing). */
  twin: Cesium3DTileset | null;
  /** Bumped whenever the twin is dropped, so a twin that arrives late is destroyed. */
  twinGeneration: number;
  twinFailed: boolean;
}

/** One Cesium3DTileset in the scene: a layer's own (`main`) or its compare twin. */
export interface TilesetInstance {
  id: string;
  side: 'main' | 'twin';
  tileset: Cesium3DTileset;
}

/** Cache settings for an instance: the full budget, or half of it while comparing. */
function cacheOptions(compare: boolean): { cacheBytes: number; maximumCacheOverflowBytes: number } {
  const f = compare ? 0.5 : 1;
  return { cacheBytes: TILESET_OPTIONS.cacheBytes * f, maximumCacheOverflowBytes: TILESET_OPTIONS.maximumCacheOverflowBytes * f };
}

export class TilesetLayers {
  private readonly entries = new Map<string, Entry>();
  private synced = false;
  private compare = false;

  constructor(
    private readonly scene: Scene,
    private readonly onChange: () => void,
  ) {}

  /** Shows exactly the tilesets in list (by id); removed ones are destroyed. */
  sync(list: TilesetInfo[]): void {
    this.synced = true;
    const wanted = new Set(list.map((t) => t.id));
    for (const [id, e] of this.entries) {
      if (wanted.has(id)) continue;
      e.removed = true;
      this.dropTwin(e);
      if (e.tileset) this.scene.primitives.remove(e.tileset); // also destroys it
      this.entries.delete(id);
    }
    for (const info of list) {
      const old = this.entries.get(info.id);
      if (old) {
        old.info = info;
        continue;
      }
      const entry: Entry = { info, visible: true, status: 'loading', tileset: null, removed: false, twin: null, twinGeneration: 0, twinFailed: false };
      this.entries.set(info.id, entry);
      this.load(entry);
    }
    this.onChange();
    this.scene.requestRender();
  }

  private load(entry: Entry): void {
    Cesium3DTileset.fromUrl(entry.info.url, { ...TILESET_OPTIONS, ...cacheOptions(this.compare) })
      .then((tileset) => {
        if (entry.removed) {
          tileset.destroy();
          return;
        }
        this.prepare(tileset, entry);
        entry.tileset = tileset;
        entry.status = 'ready';
        if (this.compare) this.loadTwin(entry);
        this.onChange();
        this.scene.requestRender();
      })
      .catch((err: unknown) => {
        console.error(`tileset ${entry.info.id} (${entry.info.url}) failed to load`, err);
        entry.status = 'failed';
        this.onChange();
      });
  }

  /** Shows a freshly loaded instance (in request-render mode new tiles must ask for a frame themselves). */
  private prepare(tileset: Cesium3DTileset, entry: Entry): void {
    tileset.show = entry.visible;
    tileset.shadows = ShadowMode.ENABLED; // casts and receives in the sun study (sun.ts); main and twin alike
    tileset.loadProgress.addEventListener(() => this.scene.requestRender());
    tileset.allTilesLoaded.addEventListener(() => this.scene.requestRender());
    tileset.tileLoad.addEventListener(() => this.scene.requestRender());
    this.scene.primitives.add(tileset);
  }

  private loadTwin(entry: Entry): void {
    if (entry.twin || entry.removed) return;
    const generation = entry.twinGeneration;
    entry.twinFailed = false;
    Cesium3DTileset.fromUrl(entry.info.url, { ...TILESET_OPTIONS, ...cacheOptions(true) })
      .then((tileset) => {
        if (entry.removed || !this.compare || entry.twinGeneration !== generation || entry.twin) {
          tileset.destroy();
          return;
        }
        this.prepare(tileset, entry);
        entry.twin = tileset;
        this.onChange();
        this.scene.requestRender();
      })
      .catch((err: unknown) => {
        console.error(`compare copy of tileset ${entry.info.id} failed to load`, err);
        entry.twinFailed = true;
        this.onChange();
      });
  }

  private dropTwin(entry: Entry): void {
    entry.twinGeneration++;
    entry.twinFailed = false;
    if (entry.twin) this.scene.primitives.remove(entry.twin); // also destroys it
    entry.twin = null;
  }

  /** Starts (loads a twin per layer) or ends (destroys the twins) compare mode. */
  setCompare(on: boolean): void {
    if (this.compare === on) return;
    this.compare = on;
    const cache = cacheOptions(on);
    for (const e of this.entries.values()) {
      if (e.tileset) Object.assign(e.tileset, cache);
      if (on && e.tileset) this.loadTwin(e);
      if (!on) this.dropTwin(e);
    }
    this.onChange();
    this.scene.requestRender();
  }

  /** Every tileset instance in the scene (layers' own, then twins), for styling, clipping and split. */
  instances(): TilesetInstance[] {
    const out: TilesetInstance[] = [];
    for (const [id, e] of this.entries) if (e.tileset) out.push({ id, side: 'main', tileset: e.tileset });
    for (const [id, e] of this.entries) if (e.twin) out.push({ id, side: 'twin', tileset: e.twin });
    return out;
  }

  setVisible(id: string, visible: boolean): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.visible = visible;
    if (e.tileset) e.tileset.show = visible;
    if (e.twin) e.twin.show = visible;
    this.onChange();
    this.scene.requestRender();
  }

  states(): LayerState[] {
    return [...this.entries.values()].map((e) => ({ info: e.info, visible: e.visible, status: e.status }));
  }

  tileset(id: string): Cesium3DTileset | null {
    return this.entries.get(id)?.tileset ?? null;
  }

  /** The layer id of a tileset object, a layer's own or its twin (for picking). */
  idOf(tileset: unknown): string | null {
    for (const [id, e] of this.entries) if (e.tileset === tileset || e.twin === tileset) return id;
    return null;
  }

  /** True when the list arrived, no layer is still loading, and every visible one has all its tiles. */
  allLoaded(): boolean {
    if (!this.synced) return false;
    for (const e of this.entries.values()) {
      if (e.status === 'loading') return false;
      if (e.status === 'ready' && e.visible && e.tileset && !e.tileset.tilesLoaded) return false;
      if (this.compare && e.status === 'ready' && !e.twinFailed && (!e.twin || (e.visible && !e.twin.tilesLoaded))) return false;
    }
    return true;
  }
}
