/**
 * Comment pins: one billboard per comment, its tip at the comment's 3D position, drawn over
 * buildings (depth test off) so a pin on a façade or behind a roof stays visible. The selected
 * pin is larger and blue.
 */
import {
  BillboardCollection,
  HorizontalOrigin,
  VerticalOrigin,
  type Billboard,
  type Scene,
} from 'cesium';
import type { Position } from '../../../shared/index.js';
import { toCartesian } from './convert.js';
import type { PinSpec } from './types.js';

/** What a pin's billboard carries as `id`, so `scene.pick` can tell pins from other things. */
export interface PinTag {
  kind: 'comment-pin';
  commentId: string;
}

export function isPinTag(x: unknown): x is PinTag {
  return !!x && typeof x === 'object' && (x as PinTag).kind === 'comment-pin' && typeof (x as PinTag).commentId === 'string';
}

const W = 30;
const H = 42;

/** A map pin (teardrop with a white dot), drawn on a canvas: no image request needed. */
function drawPin(fill: string): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = W;
  c.height = H;
  const g = c.getContext('2d');
  if (!g) return c;
  const r = W / 2 - 2;
  g.beginPath();
  g.moveTo(W / 2, H - 1);
  g.bezierCurveTo(W / 2 - 4, H - 12, 2, r + 10, 2, r + 2);
  g.arc(W / 2, r + 2, r, Math.PI, 0);
  g.bezierCurveTo(W - 2, r + 10, W / 2 + 4, H - 12, W / 2, H - 1);
  g.closePath();
  g.fillStyle = fill;
  g.fill();
  g.lineWidth = 2;
  g.strokeStyle = '#ffffff';
  g.stroke();
  g.beginPath();
  g.arc(W / 2, r + 2, r / 2.6, 0, Math.PI * 2);
  g.fillStyle = '#ffffff';
  g.fill();
  return c;
}

export class CommentPins {
  private readonly collection: BillboardCollection;
  private readonly byId = new Map<string, { billboard: Billboard; position: Position }>();
  private selected: string | null = null;
  private readonly normal = drawPin('#c2410c');
  private readonly highlighted = drawPin('#1d4ed8');

  constructor(private readonly scene: Scene) {
    this.collection = scene.primitives.add(new BillboardCollection({ scene })) as BillboardCollection;
  }

  /** Draws exactly these pins (same id → moved, new → added, missing → removed). */
  set(pins: PinSpec[]): void {
    const wanted = new Map(pins.map((p) => [p.id, p.position]));
    for (const [id, e] of this.byId) {
      if (!wanted.has(id)) {
        this.collection.remove(e.billboard);
        this.byId.delete(id);
      }
    }
    for (const [id, position] of wanted) {
      const existing = this.byId.get(id);
      if (existing) {
        existing.billboard.position = toCartesian(position);
        existing.position = position;
        continue;
      }
      const tag: PinTag = { kind: 'comment-pin', commentId: id };
      const billboard = this.collection.add({
        position: toCartesian(position),
        id: tag,
        verticalOrigin: VerticalOrigin.BOTTOM,
        horizontalOrigin: HorizontalOrigin.CENTER,
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      });
      this.style(billboard, id === this.selected);
      this.byId.set(id, { billboard, position });
    }
    this.scene.requestRender();
  }

  private style(b: Billboard, selected: boolean): void {
    b.setImage(selected ? 'ds-pin-selected' : 'ds-pin', selected ? this.highlighted : this.normal);
    b.scale = selected ? 1.25 : 1;
  }

  select(id: string | null): void {
    if (this.selected === id) return;
    const prev = this.selected ? this.byId.get(this.selected) : undefined;
    if (prev) this.style(prev.billboard, false);
    this.selected = id;
    const next = id ? this.byId.get(id) : undefined;
    if (next) this.style(next.billboard, true);
    this.scene.requestRender();
  }

  /** Runs f with the pins hidden (e.g. to pick what lies under them); draws nothing meanwhile. */
  without<T>(f: () => T): T {
    const shown = this.collection.show;
    this.collection.show = false;
    try {
      return f();
    } finally {
      this.collection.show = shown;
    }
  }

  positionOf(id: string): Position | null {
    return this.byId.get(id)?.position ?? null;
  }

  count(): number {
    return this.byId.size;
  }

  /** For the e2e hooks: every pin with its position and whether it is selected. */
  list(): { id: string; position: Position; selected: boolean }[] {
    return [...this.byId].map(([id, e]) => ({ id, position: e.position, selected: id === this.selected }));
  }
}
