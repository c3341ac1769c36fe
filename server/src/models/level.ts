/**
 * Levelling a tilted flat model. A GLB cut out of a 3D Tiles tileset (e.g. 3DBAG through pg2b3dm) has its vertices
 * relative to the tile's ECEF transform, which lives in the tileset, not in the GLB: read on its own, the ground is
 * tilted by about 90° − latitude (≈ 38° in the Netherlands). A city block, a park or a street is much wider than it
 * is high, so its vertex cloud is flat: principal component analysis gives the ground normal as the axis of least
 * variance. When that axis is clearly the smallest and leans more than LEVEL_MIN_ANGLE from the chosen up axis, the
 * model is rotated so the normal points up.
 *
 * A model that is not flat is never touched: a tower (tall and thin) has its least-variance axis horizontal, and a
 * slab-shaped tower's flat plane stands upright; both are refused by the flatness and the maximum-angle guards.
 */
import type { Mat4 } from './matrix.js';

/** The least variance must be below this fraction of the middle one for the model to count as flat. */
export const FLAT_RATIO = 0.05;
/** Tilts up to this angle (degrees) are left alone: terrain slope, not a missing transform. */
export const LEVEL_MIN_ANGLE = 5;
/**
 * Tilts beyond this angle (degrees) are left alone: the flat plane then stands closer to upright than to level, as
 * for a slab-shaped building (a missing ECEF transform tilts by 90° − latitude, 36–40° in the Netherlands).
 */
export const LEVEL_MAX_ANGLE = 60;

/** Principal axes of a point cloud: eigenvalues (variances, m²) in descending order with unit eigenvectors. */
export interface PrincipalAxes {
  centroid: [number, number, number];
  values: [number, number, number];
  vectors: [number[], number[], number[]];
}

/**
 * Principal component analysis of points (x, y, z packed in a Float64Array, any length divisible by 3): the
 * covariance matrix's eigen-decomposition by cyclic Jacobi rotations (Golub & Van Loan, Matrix Computations
 * §8.5), in float64.
 * @throws Error when there are no points
 */
export function principalAxes(points: Float64Array): PrincipalAxes {
  const n = Math.floor(points.length / 3);
  if (n === 0) throw new Error('principalAxes: no points');
  const c: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) c[k] += points[i * 3 + k]!;
  for (let k = 0; k < 3; k++) c[k] /= n;
  const a = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  for (let i = 0; i < n; i++) {
    const d = [points[i * 3]! - c[0], points[i * 3 + 1]! - c[1], points[i * 3 + 2]! - c[2]];
    for (let r = 0; r < 3; r++) for (let s = r; s < 3; s++) a[r]![s]! += d[r]! * d[s]!;
  }
  for (let r = 0; r < 3; r++) for (let s = r; s < 3; s++) a[s]![r] = a[r]![s]! /= n;
  const v = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = a[0]![1]! ** 2 + a[0]![2]! ** 2 + a[1]![2]! ** 2;
    const scale = a[0]![0]! ** 2 + a[1]![1]! ** 2 + a[2]![2]! ** 2;
    if (off <= 1e-30 * scale || off === 0) break;
    for (const [p, q] of [[0, 1], [0, 2], [1, 2]] as const) {
      const apq = a[p]![q]!;
      if (apq === 0) continue;
      const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const cs = 1 / Math.sqrt(t * t + 1);
      const sn = t * cs;
      for (let k = 0; k < 3; k++) {
        const akp = a[k]![p]!, akq = a[k]![q]!;
        a[k]![p] = cs * akp - sn * akq;
        a[k]![q] = sn * akp + cs * akq;
      }
      for (let k = 0; k < 3; k++) {
        const apk = a[p]![k]!, aqk = a[q]![k]!;
        a[p]![k] = cs * apk - sn * aqk;
        a[q]![k] = sn * apk + cs * aqk;
      }
      for (let k = 0; k < 3; k++) {
        const vkp = v[k]![p]!, vkq = v[k]![q]!;
        v[k]![p] = cs * vkp - sn * vkq;
        v[k]![q] = sn * vkp + cs * vkq;
      }
    }
  }
  const order = [0, 1, 2].sort((i, j) => a[j]![j]! - a[i]![i]!);
  const col = (j: number) => [v[0]![j]!, v[1]![j]!, v[2]![j]!];
  return {
    centroid: c,
    values: order.map((j) => Math.max(0, a[j]![j]!)) as [number, number, number],
    vectors: order.map(col) as [number[], number[], number[]],
  };
}

/** A levelling rotation and why. */
export interface Levelling {
  /** Rotation (about the origin) taking the ground normal onto +z; apply after the frame's toLocal. */
  rotation: Mat4;
  /** Angle between the ground normal and the up axis before levelling, degrees. */
  angle: number;
  /** The ground normal in the local frame (unit, pointing to the side that becomes up). */
  normal: number[];
  /** Least / middle variance. */
  flatness: number;
}

/**
 * Decides whether points in a local frame (x east, y north, z up; metres) are a flat model lying tilted, and if so
 * returns the rotation that levels it: the smallest rotation taking the ground normal onto +z (Rodrigues' formula),
 * so the heading changes as little as possible.
 *
 * Sign of the normal: the side the file already calls up. Only tilts up to LEVEL_MAX_ANGLE are levelled, so this
 * rotation is below 90° and keeps the geometry above the base on the side the file puts it; picking the side by
 * where the vertex mass lies would turn a flat building with a detailed roof upside down.
 * @param points x, y, z packed; a sample of the model's vertex positions is enough
 * @returns null when the model is not flat (least variance ≥ FLAT_RATIO × middle), lies level within
 *   LEVEL_MIN_ANGLE, or leans more than LEVEL_MAX_ANGLE (a plane standing upright, e.g. a slab-shaped tower)
 */
export function groundLevelling(points: Float64Array): Levelling | null {
  if (points.length < 9) return null;
  const pca = principalAxes(points);
  const [, middle, least] = pca.values;
  if (!(middle > 0) || least >= FLAT_RATIO * middle) return null;
  // The side the file already calls up: the tilt is below LEVEL_MAX_ANGLE, so the model is not upside down.
  const n = pca.vectors[2][2]! < 0 ? pca.vectors[2].map((x) => -x) : pca.vectors[2];
  const cos = n[2]!;
  const angle = (Math.acos(Math.min(1, Math.abs(cos))) * 180) / Math.PI;
  if (angle <= LEVEL_MIN_ANGLE || angle > LEVEL_MAX_ANGLE) return null;
  return { rotation: rotationOnto(n, [0, 0, 1]), angle, normal: n, flatness: least / middle };
}

/** The smallest rotation taking unit vector `a` onto unit vector `b` (Rodrigues), column-major 4×4; a ≠ −b. */
export function rotationOnto(a: number[], b: number[]): Mat4 {
  const [ax, ay, az] = a as [number, number, number];
  const [bx, by, bz] = b as [number, number, number];
  const vx = ay * bz - az * by, vy = az * bx - ax * bz, vz = ax * by - ay * bx;
  const c = ax * bx + ay * by + az * bz;
  const k = 1 / (1 + c);
  // R = I + [v]× + [v]×² / (1 + c); rows written out, stored column-major.
  const r = [
    [1 - (vy * vy + vz * vz) * k, -vz + vx * vy * k, vy + vx * vz * k],
    [vz + vx * vy * k, 1 - (vx * vx + vz * vz) * k, -vx + vy * vz * k],
    [-vy + vx * vz * k, vx + vy * vz * k, 1 - (vx * vx + vy * vy) * k],
  ];
  return [r[0]![0]!, r[1]![0]!, r[2]![0]!, 0, r[0]![1]!, r[1]![1]!, r[2]![1]!, 0, r[0]![2]!, r[1]![2]!, r[2]![2]!, 0, 0, 0, 0, 1];
}
