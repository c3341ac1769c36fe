/**
 * Per-feature triangle meshes in the tileset's local east-north-up frame, gathered in growable typed arrays (no
 * per-vertex objects), and the colour palette for semantic surfaces.
 */

/** One feature (a building with its parts) ready to be tiled. Coordinates are ENU metres of the tileset frame. */
export interface FeatureMesh {
  /** CityJSON id of the top-level CityObject. */
  id: string;
  /** CityObject type, e.g. "Building". */
  type: string;
  attributes: Record<string, unknown>;
  /** east, north, up triples (m). */
  positions: Float64Array;
  /** Unit normals, east, north, up triples. */
  normals: Float32Array;
  /** RGBA, 0–255, linear (glTF COLOR_0 is linear). */
  colors: Uint8Array;
  /** Triangle list, indices into this feature's vertices. */
  indices: Uint32Array;
  /** Bounding box (ENU, m). */
  min: [number, number, number];
  max: [number, number, number];
}

/** Growable typed-array buffers for one feature at a time. */
export class MeshBuilder {
  private pos = new Float64Array(3 * 1024);
  private nor = new Float32Array(3 * 1024);
  private col = new Uint8Array(4 * 1024);
  private idx = new Uint32Array(3 * 1024);
  vertexCount = 0;
  indexCount = 0;

  reset(): void {
    this.vertexCount = 0;
    this.indexCount = 0;
  }

  private growVertices(extra: number): void {
    const need = this.vertexCount + extra;
    if (need * 3 <= this.pos.length) return;
    let cap = this.pos.length / 3;
    while (cap < need) cap *= 2;
    const pos = new Float64Array(cap * 3);
    pos.set(this.pos.subarray(0, this.vertexCount * 3));
    const nor = new Float32Array(cap * 3);
    nor.set(this.nor.subarray(0, this.vertexCount * 3));
    const col = new Uint8Array(cap * 4);
    col.set(this.col.subarray(0, this.vertexCount * 4));
    this.pos = pos;
    this.nor = nor;
    this.col = col;
  }

  private growIndices(extra: number): void {
    const need = this.indexCount + extra;
    if (need <= this.idx.length) return;
    let cap = this.idx.length;
    while (cap < need) cap *= 2;
    const idx = new Uint32Array(cap);
    idx.set(this.idx.subarray(0, this.indexCount));
    this.idx = idx;
  }

  /**
   * Adds one flat-shaded polygon: `vertices` index into `coords` (x, y, z triples), `triangles` index into
   * `vertices`. Every vertex gets the same normal and colour.
   */
  addPolygon(
    coords: Float64Array,
    vertices: ArrayLike<number>,
    triangles: ArrayLike<number>,
    normal: ArrayLike<number>,
    rgba: ArrayLike<number>,
  ): void {
    const n = vertices.length;
    this.growVertices(n);
    this.growIndices(triangles.length);
    const base = this.vertexCount;
    const { pos, nor, col, idx } = this;
    for (let i = 0; i < n; i++) {
      const s = vertices[i] * 3;
      const d = (base + i) * 3;
      pos[d] = coords[s];
      pos[d + 1] = coords[s + 1];
      pos[d + 2] = coords[s + 2];
      nor[d] = normal[0];
      nor[d + 1] = normal[1];
      nor[d + 2] = normal[2];
      const c = (base + i) * 4;
      col[c] = rgba[0];
      col[c + 1] = rgba[1];
      col[c + 2] = rgba[2];
      col[c + 3] = rgba[3];
    }
    for (let t = 0; t < triangles.length; t++) idx[this.indexCount + t] = base + triangles[t];
    this.vertexCount += n;
    this.indexCount += triangles.length;
  }

  /** Copies the gathered geometry out as a FeatureMesh and resets the builder. */
  finish(id: string, type: string, attributes: Record<string, unknown>): FeatureMesh {
    const positions = this.pos.slice(0, this.vertexCount * 3);
    const min: [number, number, number] = [Infinity, Infinity, Infinity];
    const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < positions.length; i += 3) {
      for (let k = 0; k < 3; k++) {
        const v = positions[i + k];
        if (v < min[k]) min[k] = v;
        if (v > max[k]) max[k] = v;
      }
    }
    const mesh: FeatureMesh = {
      id,
      type,
      attributes,
      positions,
      normals: this.nor.slice(0, this.vertexCount * 3),
      colors: this.col.slice(0, this.vertexCount * 4),
      indices: this.idx.slice(0, this.indexCount),
      min,
      max,
    };
    this.reset();
    return mesh;
  }
}

/** sRGB 0–255 → linear 0–255 (IEC 61966-2-1), because glTF vertex colours are linear. */
function linear(c: number): number {
  const s = c / 255;
  const l = s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  return Math.round(l * 255);
}
function rgb(r: number, g: number, b: number): [number, number, number, number] {
  return [linear(r), linear(g), linear(b), 255];
}

/** Colours (sRGB as designed, stored linear) of CityJSON semantic surfaces (CityJSON 2.0 §3.3 "Semantics"). */
export const SURFACE_COLORS: Record<string, [number, number, number, number]> = {
  RoofSurface: rgb(166, 104, 92),
  WallSurface: rgb(236, 231, 220),
  GroundSurface: rgb(72, 72, 72),
  ClosureSurface: rgb(205, 205, 205),
  OuterCeilingSurface: rgb(220, 215, 205),
  OuterFloorSurface: rgb(200, 195, 185),
  Window: rgb(150, 180, 200),
  Door: rgb(120, 95, 75),
  WaterSurface: rgb(95, 140, 190),
  WaterGroundSurface: rgb(80, 100, 120),
  WaterClosureSurface: rgb(150, 180, 210),
  TrafficArea: rgb(130, 130, 130),
  AuxiliaryTrafficArea: rgb(160, 160, 150),
};

/** Colours of non-building CityObject types, used when a surface has no semantics. */
const TYPE_COLORS: Record<string, [number, number, number, number]> = {
  Road: rgb(130, 130, 130),
  Railway: rgb(120, 110, 100),
  TransportSquare: rgb(160, 160, 150),
  WaterBody: rgb(95, 140, 190),
  PlantCover: rgb(110, 160, 90),
  SolitaryVegetationObject: rgb(90, 150, 80),
  LandUse: rgb(190, 200, 150),
  TINRelief: rgb(175, 175, 155),
  Bridge: rgb(185, 180, 170),
  Tunnel: rgb(150, 140, 130),
  CityFurniture: rgb(110, 110, 120),
  GenericCityObject: rgb(200, 190, 170),
};

const BUILDING_LIKE = /^(Building|BuildingPart|BuildingInstallation|BuildingConstructiveElement|BuildingRoom|BuildingStorey|BuildingUnit|BridgePart|TunnelPart|\+)/;

/**
 * The colour of a surface: its semantic type's colour when it has one; otherwise, for buildings, a guess from the
 * normal's up component (facing up: roof, facing down: ground, else wall); otherwise the object type's colour.
 */
export function surfaceColor(semantic: string | null, objectType: string, normalUp: number): ArrayLike<number> {
  if (semantic) {
    const c = SURFACE_COLORS[semantic];
    if (c) return c;
  }
  const t = TYPE_COLORS[objectType];
  if (t && !BUILDING_LIKE.test(objectType)) return t;
  if (normalUp > 0.35) return SURFACE_COLORS.RoofSurface;
  if (normalUp < -0.9) return SURFACE_COLORS.GroundSurface;
  return SURFACE_COLORS.WallSurface;
}
