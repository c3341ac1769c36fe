/**
 * Co-creation sketches (issue 5) in the 3D view: points, lines and polygons, each extruded to its `height`
 * (metres above its base), translucent so the city shows through, the base on the ground.
 *
 * - point: a dot on the ground and, when `height > 0`, a vertical post up to `height` with a dot on top;
 * - line: a ground-clamped polyline and, when `height > 0`, a translucent wall from the ground up to `height`;
 * - polygon: ground-clamped (`height = 0`) or extruded (`height > 0`) translucent polygon with an outline.
 *
 * The base is the globe's height under the first vertex (the app's terrain is the WGS84 ellipsoid, NAP 0 m =
 * ellipsoid 0, see createViewer.ts; loaded terrain would raise it). The selected sketch is drawn in a stronger
 * colour. Every entity carries the id `ds-sketch:<sketchId>:<n>`, so `scene.pick` tells sketches apart
 * (`sketchIdOf`). Coordinates that are not finite or outside WGS84 bounds are skipped (a sketch with too few
 * valid vertices is not drawn, never throws).
 */
import { Cartesian3, Cartographic, Color, Entity, HeightReference, PolygonHierarchy, type Viewer } from 'cesium';
import type { SketchSpec } from './types.js';

const COLOR = Color.fromCssColorString('#7c3aed');
const SELECTED = Color.fromCssColorString('#facc15');
const PREFIX = 'ds-sketch:';

/** The sketch id of a picked object (`scene.pick(...)` result), or null when it is not a sketch. */
export function sketchIdOf(picked: unknown): string | null {
  const id = picked && typeof picked === 'object' ? (picked as { id?: unknown }).id : undefined;
  const s = id instanceof Entity ? id.id : typeof id === 'string' ? id : null;
  if (!s || !s.startsWith(PREFIX)) return null;
  return s.slice(PREFIX.length, s.lastIndexOf(':'));
}

function valid(c: [number, number]): boolean {
  return Number.isFinite(c[0]) && Number.isFinite(c[1]) && Math.abs(c[0]) <= 180 && Math.abs(c[1]) <= 90;
}

export class SketchLayer {
  private entities: Entity[] = [];
  private specs: SketchSpec[] = [];

  constructor(private readonly viewer: Viewer) {}

  /** Draws exactly these sketches (replacing the ones drawn before). */
  set(list: SketchSpec[]): void {
    for (const e of this.entities) this.viewer.entities.remove(e);
    this.entities = [];
    this.specs = list.map((s) => ({ ...s, coordinates: s.coordinates.map((c) => [c[0], c[1]] as [number, number]) }));
    for (const s of this.specs) this.draw(s);
    this.viewer.scene.requestRender();
  }

  /** What is drawn (for the test hooks): id, kind, height, vertices, selected. */
  list(): { id: string; kind: SketchSpec['kind']; height: number; vertices: [number, number][]; selected: boolean }[] {
    return this.specs.map((s) => ({ id: s.id, kind: s.kind, height: s.height, vertices: s.coordinates, selected: !!s.selected }));
  }

  private baseHeight(lon: number, lat: number): number {
    const h = this.viewer.scene.globe?.getHeight(Cartographic.fromDegrees(lon, lat));
    return h !== undefined && Number.isFinite(h) ? h : 0;
  }

  private add(spec: SketchSpec, options: Entity.ConstructorOptions): void {
    const e = this.viewer.entities.add({ ...options, id: `${PREFIX}${spec.id}:${this.entities.length}` });
    this.entities.push(e);
  }

  private draw(s: SketchSpec): void {
    const coords = s.coordinates.filter(valid);
    const height = Number.isFinite(s.height) && s.height > 0 ? s.height : 0;
    const color = s.selected ? SELECTED : COLOR;
    const fill = color.withAlpha(s.selected ? 0.55 : 0.4);
    const first = coords[0];
    if (!first) return;
    const base = this.baseHeight(first[0], first[1]);
    if (s.kind === 'point') {
      this.add(s, {
        position: Cartesian3.fromDegrees(first[0], first[1], base + height),
        point: { pixelSize: s.selected ? 14 : 10, color, outlineColor: Color.WHITE, outlineWidth: 2, disableDepthTestDistance: Number.POSITIVE_INFINITY },
      });
      if (height > 0) {
        this.add(s, {
          polyline: { positions: Cartesian3.fromDegreesArrayHeights([first[0], first[1], base, first[0], first[1], base + height]), width: 4, material: fill },
        });
      }
      return;
    }
    if (s.kind === 'line') {
      if (coords.length < 2) return;
      this.add(s, { polyline: { positions: Cartesian3.fromDegreesArray(coords.flat()), clampToGround: true, width: s.selected ? 5 : 3, material: color } });
      if (height > 0) {
        this.add(s, {
          wall: {
            positions: Cartesian3.fromDegreesArray(coords.flat()),
            minimumHeights: coords.map(() => base),
            maximumHeights: coords.map(() => base + height),
            material: fill,
            outline: false,
          },
        });
      }
      return;
    }
    if (coords.length < 3) return;
    const hierarchy = new PolygonHierarchy(Cartesian3.fromDegreesArray(coords.flat()));
    this.add(s, {
      polygon:
        height > 0
          ? { hierarchy, height: base, extrudedHeight: base + height, material: fill, outline: false }
          : { hierarchy, heightReference: HeightReference.CLAMP_TO_GROUND, material: fill },
    });
    const ring = [...coords, coords[0]!];
    this.add(s, { polyline: { positions: Cartesian3.fromDegreesArray(ring.flat()), clampToGround: true, width: s.selected ? 4 : 2, material: color } });
    if (height > 0) {
      this.add(s, {
        polyline: { positions: Cartesian3.fromDegreesArrayHeights(ring.flatMap((c) => [c[0], c[1], base + height])), width: s.selected ? 3 : 2, material: color },
      });
    }
  }
}
