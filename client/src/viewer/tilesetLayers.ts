/**
 * The 3D Tiles layers (OGC 3D Tiles 1.1) in the scene, one Cesium3DTileset per TilesetInfo from
 * GET /api/v1/tilesets. Loading is asynchronous; `onChange` is called whenever a layer's status or
 * visibility changes.
 */
import { Cesium3DTileset, type Scene } from 'cesium';
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
}

export class TilesetLayers {
  private readonly entries = new Map<string, Entry>();
  private synced = false;

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
      if (e.tileset) this.scene.primitives.remove(e.tileset); // also destroys it
      this.entries.delete(id);
    }
    for (const info of list) {
      const old = this.entries.get(info.id);
      if (old) {
        old.info = info;
        continue;
      }
      const entry: Entry = { info, visible: true, status: 'loading', tileset: null, removed: false };
      this.entries.set(info.id, entry);
      this.load(entry);
    }
    this.onChange();
    this.scene.requestRender();
  }

  private load(entry: Entry): void {
    Cesium3DTileset.fromUrl(entry.info.url, TILESET_OPTIONS)
      .then((tileset) => {
        if (entry.removed) {
          tileset.destroy();
          return;
        }
        tileset.show = entry.visible;
        // In request-render mode new tiles must ask for a frame themselves.
        tileset.loadProgress.addEventListener(() => this.scene.requestRender());
        tileset.allTilesLoaded.addEventListener(() => this.scene.requestRender());
        tileset.tileLoad.addEventListener(() => this.scene.requestRender());
        this.scene.primitives.add(tileset);
        entry.tileset = tileset;
        entry.status = 'ready';
        this.onChange();
        this.scene.requestRender();
      })
      .catch((err: unknown) => {
        console.error(`tileset ${entry.info.id} (${entry.info.url}) failed to load`, err);
        entry.status = 'failed';
        this.onChange();
      });
  }

  setVisible(id: string, visible: boolean): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.visible = visible;
    if (e.tileset) e.tileset.show = visible;
    this.onChange();
    this.scene.requestRender();
  }

  states(): LayerState[] {
    return [...this.entries.values()].map((e) => ({ info: e.info, visible: e.visible, status: e.status }));
  }

  tileset(id: string): Cesium3DTileset | null {
    return this.entries.get(id)?.tileset ?? null;
  }

  /** The layer id of a tileset object (for picking). */
  idOf(tileset: unknown): string | null {
    for (const [id, e] of this.entries) if (e.tileset === tileset) return id;
    return null;
  }

  /** True when the list arrived, no layer is still loading, and every visible one has all its tiles. */
  allLoaded(): boolean {
    if (!this.synced) return false;
    for (const e of this.entries.values()) {
      if (e.status === 'loading') return false;
      if (e.status === 'ready' && e.visible && e.tileset && !e.tileset.tilesLoaded) return false;
    }
    return true;
  }
}
