/**
 * Levelling a flat model whose ground is tilted (server/src/models/level.ts, wired in normalise.ts): a city block
 * cut from a 3D Tiles tileset without its ECEF transform lies tilted by ~38°; it is turned level with warning
 * `levelled`. Towers (tall and thin, or slab-shaped) and level blocks are never touched.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { groundLevelling, principalAxes, rotationOnto } from '../../../server/src/models/level.js';
import { processModelUpload } from '../../../server/src/models/pipeline.js';
import { BOX_HEIGHT, cityBlock, tower } from '../../fixtures/models/tilted.js';
import { readBack, uploads, validatorErrors } from './helpers.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-level-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = async (file: string) => processModelUpload(uploads([file]));
const levelled = (r: Awaited<ReturnType<typeof run>>) => r.warnings.filter((w) => w.code === 'levelled');

describe('principal axes', () => {
  it('finds the axes of a stretched, rotated point cloud with variances in descending order', () => {
    const r = rotationOnto([0, 0, 1], [0.6, 0, 0.8]);
    const pts: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const [x, y, z] = [Math.sin(i * 1.7) * 100, Math.cos(i * 2.3) * 30, Math.sin(i * 0.37) * 2];
      pts.push(r[0]! * x + r[4]! * y + r[8]! * z, r[1]! * x + r[5]! * y + r[9]! * z, r[2]! * x + r[6]! * y + r[10]! * z);
    }
    const pca = principalAxes(new Float64Array(pts));
    expect(pca.values[0]).toBeGreaterThan(pca.values[1]);
    expect(pca.values[1]).toBeGreaterThan(pca.values[2]);
    const n = pca.vectors[2];
    expect(Math.abs(n[0]! * 0.6 + n[2]! * 0.8)).toBeCloseTo(1, 6);
  });

  it('a level plane or too few points: no levelling', () => {
    expect(groundLevelling(new Float64Array([0, 0, 0, 1, 0, 0]))).toBeNull();
    expect(groundLevelling(new Float64Array([0, 0, 0, 10, 0, 0, 0, 10, 0, 10, 10, 0.1]))).toBeNull();
  });
});

describe('a flat model lying tilted is levelled', () => {
  it.each([
    ['40° about a horizontal axis (x)', 40, [1, 0, 0]],
    ['38° about a diagonal horizontal axis (tilted against every axis, like a 3DBAG tile)', 38, [1, 0, -1]],
    ['−25° about z', -25, [0, 0, 1]],
  ] as const)('%s: size.z is the box height again, warning levelled with the angle', async (_label, tilt, axis) => {
    const file = await cityBlock(dir, `block-${tilt}.glb`, { tiltDeg: tilt, axis: [...axis] });
    const r = await run(file);
    expect(r.stats.size.z).toBeGreaterThan(BOX_HEIGHT * 0.99);
    expect(r.stats.size.z).toBeLessThan(BOX_HEIGHT * 1.01);
    // 7 boxes of 20 m every 30 m: 200 m across in the ground plane (the heading may turn, so the diagonal is checked).
    expect(Math.hypot(r.stats.size.x, r.stats.size.y)).toBeGreaterThan(200);
    const w = levelled(r);
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain(`${Math.abs(tilt).toFixed(1)}°`);
    const back = await readBack(r.glb);
    expect(back.min[1]).toBeCloseTo(0, 2); // Y-up, the base at the origin, above the base (not upside down)
    expect(back.max[1]).toBeCloseTo(BOX_HEIGHT, 1);
    expect((await validatorErrors(r.glb)).count).toBe(0);
  });
});

describe('models that are not flat, or already level, are not touched', () => {
  it('a tall tower (20 × 20 × 120 m): its smallest-variance axis is horizontal, it stays upright', async () => {
    const r = await run(await tower(dir, 'tower.glb', 20, 20, 120));
    expect(levelled(r)).toEqual([]);
    expect(r.stats.size).toEqual({ x: 20, y: 20, z: 120 });
  });

  it('a slab-shaped tower (8 × 40 × 60 m), flat by its variances but standing upright: not laid down', async () => {
    const file = await tower(dir, 'slab.glb', 8, 40, 60);
    const r = await run(file);
    expect(levelled(r)).toEqual([]);
    expect(r.stats.size).toEqual({ x: 8, y: 40, z: 60 });
  });

  it('a level city block with varied heights: not touched', async () => {
    const r = await run(await cityBlock(dir, 'level.glb', { tiltDeg: 0, varied: true }));
    expect(levelled(r)).toEqual([]);
    expect(r.stats.size).toEqual({ x: 200, y: 200, z: 18 });
  });

  it('a city block on a 3° slope: within the tolerance, not touched', async () => {
    const r = await run(await cityBlock(dir, 'slope.glb', { tiltDeg: 3 }));
    expect(levelled(r)).toEqual([]);
    expect(r.stats.size.z).toBeGreaterThan(BOX_HEIGHT + 5);
  });
});
