/**
 * Spatial tiling and the tileset.json (OGC 3D Tiles 1.1, §"Tileset JSON", §"Bounding volumes", §"Geometric error").
 *
 * Features are placed in a quadtree by the centre of their footprint (the centre of their east/north extent);
 * a node becomes a leaf with content when it holds at most `maxFeatures` features, `maxVertices` vertices and about
 * `maxBytes` bytes.
 * Parents have no content and refine by ADD, so what is shown is always the leaves' full-detail buildings, and
 * only where the camera is near: every parent has the same geometric error, DETAIL_GEOMETRIC_ERROR, so Cesium
 * refines it, and so loads the leaves below it, once the camera is within about 1.7 km of its box (16 px maximum
 * screen-space error, 60° field of view, 800 px canvas: d = e · 800 / (16 · 2 tan 30°)). A view of a whole city
 * therefore loads the districts near the camera, not every building; leaves have geometric error 0.
 *
 * All bounding volumes are `box`es in the root's frame (root `transform` = the east-north-up frame at the data's
 * centre, column-major ECEF 4×4), z up, tight around the content they hold.
 */
import type { EnuFrame } from './frame.js';

/**
 * The features to tile as columns (no object per feature), item i at index i: its ENU bounding box (m) at
 * `bounds[6i .. 6i+5]` (min east, north, up, then max), its vertex count and its estimated uncompressed bytes.
 */
export interface TileItems {
  readonly count: number;
  readonly bounds: Float64Array;
  readonly vertexCounts: Uint32Array;
  readonly byteSizes: Uint32Array;
}

export interface TileNode {
  /** Quadtree address (level, x, y), used in the content file name. */
  level: number;
  x: number;
  y: number;
  /** Indices of a leaf's features in the TileItems (empty for parents). */
  features: number[];
  children: TileNode[];
  /** Bounds of everything below (ENU metres). */
  min: [number, number, number];
  max: [number, number, number];
  /** Content file, relative to tileset.json, for leaves. */
  contentUri?: string;
}

export interface TilingOptions {
  /** At most this many features per content tile (default 200). */
  maxFeatures?: number;
  /** At most this many vertices per content tile (default 250,000). */
  maxVertices?: number;
  /** At most about this many uncompressed bytes per content tile (default 8 MiB; TileItems.byteSizes). */
  maxBytes?: number;
}

const MAX_LEVEL = 24;

function unionBounds(node: TileNode, min: ArrayLike<number>, max: ArrayLike<number>): void {
  for (let k = 0; k < 3; k++) {
    if (min[k] < node.min[k]) node.min[k] = min[k];
    if (max[k] > node.max[k]) node.max[k] = max[k];
  }
}

function emptyNode(level: number, x: number, y: number): TileNode {
  return { level, x, y, features: [], children: [], min: [Infinity, Infinity, Infinity], max: [-Infinity, -Infinity, -Infinity] };
}

/**
 * Splits the features into the quadtree described in the module comment; a leaf holds at most `maxFeatures`
 * features, `maxVertices` vertices and about `maxBytes` bytes (a single feature above the limits gets a leaf of its
 * own).
 */
export function buildQuadtree(items: TileItems, options: TilingOptions = {}): TileNode {
  const maxFeatures = Math.max(1, options.maxFeatures ?? 200);
  const maxVertices = Math.max(1, options.maxVertices ?? 250_000);
  const maxBytes = Math.max(1, options.maxBytes ?? 8 << 20);
  const n = items.count;
  const b = items.bounds;
  const cx = new Float64Array(n);
  const cy = new Float64Array(n);
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    cx[i] = (b[6 * i] + b[6 * i + 3]) / 2;
    cy[i] = (b[6 * i + 1] + b[6 * i + 4]) / 2;
    x0 = Math.min(x0, cx[i]);
    y0 = Math.min(y0, cy[i]);
    x1 = Math.max(x1, cx[i]);
    y1 = Math.max(y1, cy[i]);
  }
  const size = Math.max(x1 - x0, y1 - y0, 1) * (1 + 1e-9);

  const leaf = (features: number[], level: number, x: number, y: number, suffix = ''): TileNode => {
    const node = emptyNode(level, x, y);
    node.features = features;
    node.contentUri = `content/${level}_${x}_${y}${suffix}.glb`;
    for (const i of features) unionBounds(node, b.subarray(6 * i, 6 * i + 3), b.subarray(6 * i + 3, 6 * i + 6));
    return node;
  };

  const build = (list: number[], level: number, x: number, y: number): TileNode => {
    let vertices = 0;
    let bytes = 0;
    for (const i of list) (vertices += items.vertexCounts[i]), (bytes += items.byteSizes[i]);
    if (list.length <= maxFeatures && vertices <= maxVertices && bytes <= maxBytes) return leaf(list, level, x, y);
    const cell = size / 2 ** level;
    if (level >= MAX_LEVEL || cell < 0.5) return chunked(list, level, x, y);
    const midX = x0 + (x + 0.5) * cell;
    const midY = y0 + (y + 0.5) * cell;
    const quads: number[][] = [[], [], [], []];
    for (const i of list) quads[(cx[i] >= midX ? 1 : 0) + (cy[i] >= midY ? 2 : 0)].push(i);
    const children: TileNode[] = [];
    quads.forEach((q, qi) => {
      if (q.length > 0) children.push(build(q, level + 1, 2 * x + (qi & 1), 2 * y + (qi >> 1)));
    });
    if (children.length === 1) return children[0];
    const node = emptyNode(level, x, y);
    node.children = children;
    for (const c of children) unionBounds(node, c.min, c.max);
    return node;
  };

  // Features that cannot be told apart by position (same footprint centre): sibling leaves in list order.
  const chunked = (list: number[], level: number, x: number, y: number): TileNode => {
    const node = emptyNode(level, x, y);
    let current: number[] = [];
    let verts = 0;
    let bytes = 0;
    for (const i of list) {
      const v = items.vertexCounts[i];
      const s = items.byteSizes[i];
      if (current.length > 0 && (current.length >= maxFeatures || verts + v > maxVertices || bytes + s > maxBytes)) {
        node.children.push(leaf(current, level, x, y, `_${node.children.length}`));
        current = [];
        verts = 0;
        bytes = 0;
      }
      current.push(i);
      verts += v;
      bytes += s;
    }
    if (current.length > 0) node.children.push(leaf(current, level, x, y, `_${node.children.length}`));
    for (const c of node.children) unionBounds(node, c.min, c.max);
    return node.children.length === 1 ? node.children[0] : node;
  };

  return build(Array.from({ length: n }, (_, i) => i), 0, 0, 0);
}

/** All leaves (nodes with content), depth first. */
export function leaves(root: TileNode): TileNode[] {
  const out: TileNode[] = [];
  const walk = (n: TileNode) => {
    if (n.contentUri) out.push(n);
    n.children.forEach(walk);
  };
  walk(root);
  return out;
}

/** A 3D Tiles `box` (centre, then three half-axis vectors) around min/max, at least 1 cm thick on each axis. */
export function boxOf(min: ArrayLike<number>, max: ArrayLike<number>): number[] {
  const h = [0, 1, 2].map((k) => Math.max((max[k] - min[k]) / 2, 0.01));
  const c = [0, 1, 2].map((k) => (min[k] + max[k]) / 2);
  return [c[0], c[1], c[2], h[0], 0, 0, 0, h[1], 0, 0, 0, h[2]];
}

/** Geometric error (m) of every tile without content: how near (about 43× this) the camera must be to load below it. */
export const DETAIL_GEOMETRIC_ERROR = 40;

function geometricError(n: TileNode): number {
  if (n.contentUri && n.children.length === 0) return 0;
  return DETAIL_GEOMETRIC_ERROR;
}

function tileJson(n: TileNode): Record<string, unknown> {
  const t: Record<string, unknown> = { boundingVolume: { box: boxOf(n.min, n.max) }, geometricError: round(geometricError(n)) };
  if (n.contentUri) t.content = { uri: n.contentUri };
  if (n.children.length > 0) t.children = n.children.map(tileJson);
  return t;
}

const round = (v: number) => Math.round(v * 1000) / 1000;

/**
 * The tileset.json object: asset version 1.1, the root's ENU→ECEF `transform`, boxes, geometric errors.
 * @param extras free-form facts stored in `asset.extras` (source file, CRS, feature count)
 */
export function tilesetJson(root: TileNode, frame: EnuFrame, extras: Record<string, unknown>): Record<string, unknown> {
  const rootJson = tileJson(root);
  rootJson.transform = frame.matrix;
  rootJson.refine = 'ADD';
  const diag = Math.hypot(root.max[0] - root.min[0], root.max[1] - root.min[1], root.max[2] - root.min[2]);
  return {
    asset: { version: '1.1', generator: 'Digitale Stad tiler', extras },
    geometricError: round(Math.max(2 * diag, 10)),
    root: rootJson,
  };
}
