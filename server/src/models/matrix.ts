/**
 * Small 4×4 matrix helpers in float64, column-major like glTF (glTF 2.0 §3.5.3 "Transformations"). The pipeline
 * composes node transforms itself instead of gl-matrix's float32 arrays, so RD (10⁵ m) and ECEF (6·10⁶ m) offsets
 * keep millimetres.
 */
export type Mat4 = number[];

export const IDENTITY: Mat4 = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

/** a × b (apply b first). */
export function mul(a: Mat4, b: Mat4): Mat4 {
  const o = new Array<number>(16);
  for (let c = 0; c < 4; c++) {
    for (let r = 0; r < 4; r++) {
      o[c * 4 + r] = a[r] * b[c * 4] + a[4 + r] * b[c * 4 + 1] + a[8 + r] * b[c * 4 + 2] + a[12 + r] * b[c * 4 + 3];
    }
  }
  return o;
}

/** Translation · Rotation (unit quaternion x, y, z, w) · Scale. */
export function fromTRS(t: ArrayLike<number>, q: ArrayLike<number>, s: ArrayLike<number>): Mat4 {
  const [x, y, z, w] = [q[0], q[1], q[2], q[3]];
  const x2 = x + x, y2 = y + y, z2 = z + z;
  const xx = x * x2, xy = x * y2, xz = x * z2, yy = y * y2, yz = y * z2, zz = z * z2, wx = w * x2, wy = w * y2, wz = w * z2;
  return [
    (1 - (yy + zz)) * s[0], (xy + wz) * s[0], (xz - wy) * s[0], 0,
    (xy - wz) * s[1], (1 - (xx + zz)) * s[1], (yz + wx) * s[1], 0,
    (xz + wy) * s[2], (yz - wx) * s[2], (1 - (xx + yy)) * s[2], 0,
    t[0], t[1], t[2], 1,
  ];
}

export function translation(x: number, y: number, z: number): Mat4 {
  return [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, x, y, z, 1];
}

/** A matrix whose rows are the given axes (a rotation from the axes' frame into x, y, z). */
export function rowsOf(rx: number[], ry: number[], rz: number[]): Mat4 {
  return [rx[0], ry[0], rz[0], 0, rx[1], ry[1], rz[1], 0, rx[2], ry[2], rz[2], 0, 0, 0, 0, 1];
}

/** Applies m to the point (x, y, z) into out[0..2]. */
export function apply(m: Mat4, x: number, y: number, z: number, out: number[]): void {
  out[0] = m[0] * x + m[4] * y + m[8] * z + m[12];
  out[1] = m[1] * x + m[5] * y + m[9] * z + m[13];
  out[2] = m[2] * x + m[6] * y + m[10] * z + m[14];
}

/**
 * glTF Y-up source → local Z-up (x east, y north, z up): (x, y, z) → (x, −z, y), the inverse of the 3D Tiles
 * Y-up → Z-up convention (3D Tiles 1.1 §"glTF transforms").
 */
export const Y_UP_TO_Z_UP: Mat4 = [1, 0, 0, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 0, 0, 1];
/** Local Z-up (east, north, up) → glTF Y-up: (e, n, u) → (e, u, −n). */
export const Z_UP_TO_Y_UP: Mat4 = [1, 0, 0, 0, 0, 0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 1];
