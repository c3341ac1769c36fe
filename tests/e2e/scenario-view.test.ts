/**
 * End to end, in real Chromium (software WebGL 2): the Cesium side of scenarios (issue 4), driven through the
 * CityViewer interface exposed on the test hooks (`window.__digitaleStad.viewer`), on the generated demo district.
 *
 * - a scenario hides a building by feature id: picking at its screen position no longer returns it;
 * - reference counting: two scenarios hiding the same building, one removed → still hidden;
 * - clipping by the plan area removes the building too;
 * - a placed model (a GLB generated here, served from the tilesets folder) is picked as kind 'model';
 * - compare with split 0.5: the left scenario's model shows only left of the split (the right side shows the
 *   building it replaces), the split line is a keyboard-operable slider; leaving compare drops the twins;
 * - edit handles: dragging the turn handle changes the heading (onChange live, onCommit on release);
 * - edit handles on a 1 m cube placed at scale 25 seen from ~170 m: every handle lies on the canvas, and the turn
 *   and scale handles work;
 * - drawArea: three clicks and Enter give a ring of three vertices.
 *
 * Waits use the client's test hooks, never fixed sleeps.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Document, NodeIO } from '@gltf-transform/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBuildings } from '../../server/src/tiler/demo.js';
import type { ModelPlacementSpec, ScenarioSpec } from '../../client/src/viewer/types.js';
import type { TestServer } from '../helpers/server.js';
import { openPage, type WatchedPage } from './support/chromium.js';
import { startDemoApp, type DemoApp } from './support/demoApp.js';
import { canvasBox, findClickableBuilding, pickAt, toScreen, waitForIdleScene } from './support/scene.js';

const STEP = 180_000;
const MODEL_URL = '/tilesets/e2e-models/tower.glb';
const CUBE_URL = '/tilesets/e2e-models/cube.glb';

let server: TestServer;
let browser: Browser;
let app: DemoApp;
let w: WatchedPage;
let page: Page;
let building: { id: string; x: number; y: number; height: number };
let roof: { lon: number; lat: number; height: number };

/**
 * A `width` × `height` × `width` m magenta box as GLB: glTF Y-up, metres, base centre at the origin (as the
 * server's normaliser leaves uploads), 24 vertices with flat normals.
 */
async function towerGlb(height: number, width = 12): Promise<Uint8Array> {
  const [x0, x1, y0, y1, z0, z1] = [-width / 2, width / 2, 0, height, -width / 2, width / 2];
  const faces: { n: number[]; v: number[][] }[] = [
    { n: [1, 0, 0], v: [[x1, y0, z0], [x1, y1, z0], [x1, y1, z1], [x1, y0, z1]] },
    { n: [-1, 0, 0], v: [[x0, y0, z1], [x0, y1, z1], [x0, y1, z0], [x0, y0, z0]] },
    { n: [0, 1, 0], v: [[x0, y1, z0], [x0, y1, z1], [x1, y1, z1], [x1, y1, z0]] },
    { n: [0, -1, 0], v: [[x0, y0, z1], [x0, y0, z0], [x1, y0, z0], [x1, y0, z1]] },
    { n: [0, 0, 1], v: [[x1, y0, z1], [x1, y1, z1], [x0, y1, z1], [x0, y0, z1]] },
    { n: [0, 0, -1], v: [[x0, y0, z0], [x0, y1, z0], [x1, y1, z0], [x1, y0, z0]] },
  ];
  const pos: number[] = [];
  const nor: number[] = [];
  const idx: number[] = [];
  faces.forEach((f, i) => {
    for (const v of f.v) pos.push(...v), nor.push(...f.n);
    idx.push(i * 4, i * 4 + 1, i * 4 + 2, i * 4, i * 4 + 2, i * 4 + 3);
  });
  const doc = new Document();
  const buffer = doc.createBuffer();
  const prim = doc
    .createPrimitive()
    .setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(new Float32Array(pos)).setBuffer(buffer))
    .setAttribute('NORMAL', doc.createAccessor().setType('VEC3').setArray(new Float32Array(nor)).setBuffer(buffer))
    .setIndices(doc.createAccessor().setType('SCALAR').setArray(new Uint16Array(idx)).setBuffer(buffer))
    .setMaterial(doc.createMaterial('magenta').setBaseColorFactor([1, 0, 1, 1]).setDoubleSided(true));
  const node = doc.createNode('tower').setMesh(doc.createMesh('tower').addPrimitive(prim));
  doc.createScene('scene').addChild(node);
  return new NodeIO().writeBinary(doc);
}

/** Calls a CityViewer method in the page (arguments as JSON). */
async function call(method: string, ...args: unknown[]): Promise<unknown> {
  return page.evaluate(
    ([m, a]) => (window.__digitaleStad!.viewer as unknown as Record<string, (...x: unknown[]) => unknown>)[m as string]!(...(a as unknown[])),
    [method, args] as const,
  );
}

async function idle(): Promise<void> {
  await waitForIdleScene(page);
}

async function pickedAt(x: number, y: number): Promise<{ kind: string; buildingId: string | null }> {
  const p = await pickAt(page, x, y);
  return { kind: p.kind, buildingId: p.buildingId };
}

function spec(id: string, over: Partial<ScenarioSpec> = {}): ScenarioSpec {
  return { id, replaced: [], clipArea: null, placements: [], ...over };
}

function placement(over: Partial<ModelPlacementSpec> = {}): ModelPlacementSpec {
  return { id: 'pl-1', modelId: 'm-1', url: MODEL_URL, position: { lon: roof.lon, lat: roof.lat, height: 0 }, heading: 0, pitch: 0, roll: 0, scale: 1, ...over };
}

/** What the page's pick sees at the building's screen point (model picks give kind 'model'). */
async function whatIsAtBuilding(): Promise<{ kind: string; buildingId: string | null }> {
  return pickedAt(building.x, building.y);
}

beforeAll(async () => {
  app = await startDemoApp('scenario', async (dir) => {
    fs.mkdirSync(path.join(dir, 'e2e-models'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'e2e-models', 'tower.glb'), await towerGlb(60));
    fs.writeFileSync(path.join(dir, 'e2e-models', 'cube.glb'), await towerGlb(1, 1));
  });
  ({ server, browser } = app);
  w = await openPage(browser, server.baseUrl);
  page = w.page;
  await page.goto(server.baseUrl + '/');
  await idle();
  building = await findClickableBuilding(page, demoBuildings());
  roof = demoBuildings().find((b) => b.id === building.id)!;
}, 300_000);

afterAll(async () => {
  await app?.close();
});

describe('scenarios in the 3D view', () => {
  it('hides a replaced building by feature id, reference-counted', async () => {
    expect(await whatIsAtBuilding()).toEqual({ kind: 'building', buildingId: building.id });
    const replaced = [{ tilesetId: 'demo', featureId: building.id }];

    await call('setScenarioView', { left: spec('A', { replaced }) });
    expect(await page.evaluate(() => window.__digitaleStad!.hiddenFeatureIds('demo'))).toEqual([building.id]);
    await idle();
    await expect.poll(whatIsAtBuilding).not.toEqual({ kind: 'building', buildingId: building.id });

    // B hides the same building: switching from A to B keeps it hidden (B counted before A is released)
    await call('setScenarioView', { left: spec('B', { replaced }) });
    expect(await page.evaluate(() => window.__digitaleStad!.hiddenFeatureIds('demo'))).toEqual([building.id]);
    // a second owner of the count: removing B leaves it hidden, releasing the other shows it again
    await page.evaluate((r) => window.__digitaleStad!.hideFeatures('other', r), replaced);
    await call('setScenarioView', { left: null });
    expect(await page.evaluate(() => window.__digitaleStad!.hiddenFeatureIds('demo'))).toEqual([building.id]);
    await idle();
    expect((await whatIsAtBuilding()).buildingId).not.toBe(building.id);
    await page.evaluate(() => window.__digitaleStad!.releaseFeatures('other'));
    expect(await page.evaluate(() => window.__digitaleStad!.hiddenFeatureIds('demo'))).toEqual([]);
    await idle();
    await expect.poll(whatIsAtBuilding).toEqual({ kind: 'building', buildingId: building.id });
  }, STEP);

  it('clips the city inside the plan area', async () => {
    // ≈ 40 × 40 m around the roof point: the whole building (at most 16 × 16 m) and some of its neighbours
    const [dx, dy] = [0.0003, 0.00018];
    const square = (lon: number, lat: number): [number, number][] => [
      [lon - dx, lat - dy],
      [lon + dx, lat - dy],
      [lon + dx, lat + dy],
      [lon - dx, lat + dy],
    ];
    // first an area elsewhere (≈ 200 m east): the building stays
    await call('setScenarioView', { left: spec('C', { clipArea: square(roof.lon + 0.003, roof.lat) }) });
    await idle();
    expect(await whatIsAtBuilding()).toEqual({ kind: 'building', buildingId: building.id });
    // then the area around the building (another ring on the same tiles)
    await call('setScenarioView', { left: spec('C', { clipArea: square(roof.lon, roof.lat) }) });
    expect(await page.evaluate(() => window.__digitaleStad!.tilesetInstances())).toEqual([{ id: 'demo', side: 'main', split: 'none', clipped: true }]);
    await idle();
    await expect.poll(whatIsAtBuilding).not.toEqual({ kind: 'building', buildingId: building.id });
    await call('setScenarioView', { left: null });
    expect((await page.evaluate(() => window.__digitaleStad!.tilesetInstances()))[0]!.clipped).toBe(false);
    await idle();
    await expect.poll(whatIsAtBuilding).toEqual({ kind: 'building', buildingId: building.id });
  }, STEP);

  it('shows a placed model, picked as kind "model" at its projected position', async () => {
    const replaced = [{ tilesetId: 'demo', featureId: building.id }];
    await call('setScenarioView', { left: spec('A', { replaced, placements: [placement()] }) });
    await page.waitForFunction(() => window.__digitaleStad!.modelCount() === 1 && window.__digitaleStad!.modelsReady(), null, { polling: 100, timeout: 60_000 });
    expect(await page.evaluate(() => window.__digitaleStad!.models())).toEqual([{ side: 'left', id: 'pl-1', modelId: 'm-1', status: 'ready' }]);
    await idle();
    // the model stands where the building stood, taller than it: its side at the building's roof height
    const s = (await toScreen(page, roof.lon, roof.lat, roof.height))!;
    const p = await pickAt(page, s.x, s.y);
    expect(p.kind).toBe('model');
    const full = (await page.evaluate(([x, y]) => (window.__digitaleStad!.viewer.pick(x, y)), [s.x, s.y] as const)) as { kind: string; placementId?: string; modelId?: string };
    expect(full).toMatchObject({ kind: 'model', placementId: 'pl-1', modelId: 'm-1' });
    // ground height under the model ignores the model itself (the demo ground is the ellipsoid, NAP 0 = 0 m)
    const h = (await call('groundHeight', roof.lon, roof.lat)) as number;
    expect(Math.abs(h)).toBeLessThan(0.5);
    // moving the placement moves the model (same Model, new matrix)
    await call('setScenarioView', { left: spec('A', { replaced, placements: [placement({ position: { lon: roof.lon + 0.01, lat: roof.lat, height: 0 } })] }) });
    await idle();
    await expect.poll(async () => (await pickAt(page, s.x, s.y)).kind).not.toBe('model');
    await call('setScenarioView', { left: spec('A', { replaced, placements: [placement()] }) });
    await idle();
    await expect.poll(async () => (await pickAt(page, s.x, s.y)).kind).toBe('model');
  }, STEP);

  it('compares two scenarios with a split: the left model shows only left of the line', async () => {
    const box = await canvasBox(page);
    const s = (await toScreen(page, roof.lon, roof.lat, roof.height))!;
    const fx = s.x / box.width;
    const replaced = [{ tilesetId: 'demo', featureId: building.id }];
    const withModel = spec('A', { replaced, placements: [placement()] });

    await call('setScenarioView', { left: withModel, right: null, split: 0.5 });
    await page.waitForFunction(() => window.__digitaleStad!.tilesetInstances().length === 2, null, { polling: 100, timeout: 60_000 });
    await idle();
    expect(await page.evaluate(() => window.__digitaleStad!.tilesetInstances())).toEqual([
      { id: 'demo', side: 'main', split: 'left', clipped: false },
      { id: 'demo', side: 'twin', split: 'right', clipped: false },
    ]);
    expect(await page.evaluate(() => window.__digitaleStad!.split())).toBe(0.5);
    expect(await page.evaluate(() => window.__digitaleStad!.scenarioState())).toEqual({ compare: true, split: 0.5, left: 'A', right: null });
    // With split 0.5: the model is visible only if it stands on the left half; the right half is "today"
    const leftHalf = fx < 0.5;
    const onLeft = leftHalf ? { kind: 'model' } : { kind: 'building', buildingId: building.id };
    expect(await pickedAt(s.x, s.y)).toMatchObject(onLeft);
    // the split line on the other side of the model flips it
    await call('setSplit', leftHalf ? fx - 0.1 : fx + 0.1);
    await idle();
    expect(await pickedAt(s.x, s.y)).toMatchObject(leftHalf ? { kind: 'building', buildingId: building.id } : { kind: 'model' });
    // swapped sides at split 0.5: the model belongs to the right scenario now
    await call('setScenarioView', { left: null, right: withModel, split: 0.5 });
    await page.waitForFunction(() => window.__digitaleStad!.modelsReady() && window.__digitaleStad!.modelCount() === 1, null, { polling: 100 });
    await idle();
    expect(await pickedAt(s.x, s.y)).toMatchObject(leftHalf ? { kind: 'building', buildingId: building.id } : { kind: 'model' });

    // the split line: a keyboard-operable slider that reports moves
    await page.evaluate(() => {
      const v = window.__digitaleStad!.viewer;
      (window as unknown as { __splits: number[] }).__splits = [];
      v.onSplitChanged((x) => (window as unknown as { __splits: number[] }).__splits.push(x));
    });
    const slider = page.getByRole('slider', { name: /Scheidingslijn/ });
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => (window as unknown as { __splits: number[] }).__splits)).toEqual([0.51]);
    expect(await page.evaluate(() => window.__digitaleStad!.split())).toBeCloseTo(0.51, 6);
    expect(await slider.getAttribute('aria-valuenow')).toBe('51');

    // leaving compare drops the twins and the slider
    await call('setScenarioView', { left: null });
    expect(await page.evaluate(() => window.__digitaleStad!.tilesetInstances())).toEqual([{ id: 'demo', side: 'main', split: 'none', clipped: false }]);
    expect(await slider.isVisible()).toBe(false);
    await idle();
    await expect.poll(whatIsAtBuilding).toEqual({ kind: 'building', buildingId: building.id });
  }, STEP);

  it('turns and moves a model with its handles: onChange while dragging, onCommit on release', async () => {
    await call('setScenarioView', { left: spec('A', { placements: [placement({ position: { lon: roof.lon, lat: roof.lat, height: 0 } })] }) });
    await page.waitForFunction(() => window.__digitaleStad!.modelsReady() && window.__digitaleStad!.modelCount() === 1, null, { polling: 100 });
    await page.evaluate(() => {
      const g = window as unknown as { __edits: { change: number[]; commit: { heading: number }[] }; __stopEdit: () => void };
      g.__edits = { change: [], commit: [] };
      g.__stopEdit = window.__digitaleStad!.viewer.editPlacement('pl-1', {
        onChange: (p) => g.__edits.change.push(p.heading),
        onCommit: (p) => g.__edits.commit.push(p),
      });
    });
    await idle();
    await page.waitForFunction(() => window.__digitaleStad!.placementHandles().length === 3, null, { polling: 100 });
    const handles = await page.evaluate(() => window.__digitaleStad!.placementHandles());
    const move = handles.find((h) => h.role === 'move')!;
    const turn = handles.find((h) => h.role === 'turn')!;
    const box = await canvasBox(page);
    // drag the turn handle (at heading 0, north of the base) to the other side of the base: heading ≈ 180
    const target = { x: 2 * move.x - turn.x, y: 2 * move.y - turn.y };
    await page.mouse.move(box.x + turn.x, box.y + turn.y);
    await page.mouse.down();
    await page.mouse.move(box.x + (turn.x + target.x) / 2 + 20, box.y + (turn.y + target.y) / 2, { steps: 3 });
    await page.mouse.move(box.x + target.x, box.y + target.y, { steps: 3 });
    await page.mouse.up();
    const edits = await page.evaluate(() => (window as unknown as { __edits: { change: number[]; commit: { heading: number }[] } }).__edits);
    expect(edits.change.length).toBeGreaterThan(1);
    expect(edits.commit).toHaveLength(1);
    expect(Math.abs(edits.commit[0]!.heading - 180)).toBeLessThan(10);
    // the move handle: dragged 60 px to the right, the base moves east and stays on the ground or a roof
    const camBefore = await page.evaluate(() => window.__digitaleStad!.cameraView());
    await page.mouse.move(box.x + move.x, box.y + move.y);
    await page.mouse.down();
    await page.mouse.move(box.x + move.x + 60, box.y + move.y, { steps: 4 });
    await page.mouse.up();
    const moved = await page.evaluate(() => (window as unknown as { __edits: { commit: ModelPlacementSpec[] } }).__edits.commit[1]!);
    expect(moved.position.lon).toBeGreaterThan(roof.lon);
    expect(moved.position.height).toBeGreaterThanOrEqual(-0.5);
    expect(moved.position.height).toBeLessThan(60);
    expect(moved.heading).toBe(edits.commit[0]!.heading);
    // camera input was off while dragging: the camera did not move
    expect(await page.evaluate(() => window.__digitaleStad!.cameraView())).toEqual(camBefore);
    await page.evaluate(() => (window as unknown as { __stopEdit: () => void }).__stopEdit());
    expect(await page.evaluate(() => window.__digitaleStad!.placementHandles())).toEqual([]);
    await call('setScenarioView', { left: null });
  }, STEP);

  it('a 1 m cube at scale 25 seen from ~170 m: every handle is on the canvas; turn and scale work', async () => {
    const cube = placement({ id: 'pl-cube', modelId: 'm-cube', url: CUBE_URL, scale: 25 });
    await call('setScenarioView', { left: spec('A', { placements: [cube] }) });
    await page.waitForFunction(() => window.__digitaleStad!.modelsReady() && window.__digitaleStad!.modelCount() === 1, null, { polling: 100 });
    const camBefore = await page.evaluate(() => window.__digitaleStad!.cameraView());
    // 120 m south of the cube and 120 m up, looking north 45° down: ≈ 170 m from it
    await call('setCameraView', { position: { lon: roof.lon, lat: roof.lat - 120 / 111_320, height: 120 }, heading: 0, pitch: -45, roll: 0 }, { fly: false });
    await page.evaluate(() => {
      const g = window as unknown as { __edits: { commit: ModelPlacementSpec[] }; __stopEdit: () => void };
      g.__edits = { commit: [] };
      g.__stopEdit = window.__digitaleStad!.viewer.editPlacement('pl-cube', { onChange: () => {}, onCommit: (p) => g.__edits.commit.push(p) });
    });
    await idle();
    await page.waitForFunction(() => window.__digitaleStad!.placementHandles().length === 3, null, { polling: 100 });
    const box = await canvasBox(page);
    const handles = await page.evaluate(() => window.__digitaleStad!.placementHandles());
    for (const h of handles) {
      expect(h.x, JSON.stringify(handles)).toBeGreaterThanOrEqual(0);
      expect(h.x, JSON.stringify(handles)).toBeLessThanOrEqual(box.width);
      expect(h.y, JSON.stringify(handles)).toBeGreaterThanOrEqual(0);
      expect(h.y, JSON.stringify(handles)).toBeLessThanOrEqual(box.height);
    }
    const move = handles.find((h) => h.role === 'move')!;
    const turn = handles.find((h) => h.role === 'turn')!;
    const scale = handles.find((h) => h.role === 'scale')!;
    // the ring is around the cube, not a speck on it nor past the screen edge
    expect(Math.hypot(turn.x - move.x, turn.y - move.y)).toBeGreaterThan(30);
    // turn: the handle (north of the base at heading 0) dragged to the east of the base → heading ≈ 90
    const east = { x: move.x + (scale.x - move.x), y: move.y + (scale.y - move.y) };
    await page.mouse.move(box.x + turn.x, box.y + turn.y);
    await page.mouse.down();
    await page.mouse.move(box.x + (turn.x + east.x) / 2, box.y + (turn.y + east.y) / 2, { steps: 3 });
    await page.mouse.move(box.x + east.x, box.y + east.y, { steps: 3 });
    await page.mouse.up();
    const turned = await page.evaluate(() => (window as unknown as { __edits: { commit: ModelPlacementSpec[] } }).__edits.commit);
    expect(turned).toHaveLength(1);
    expect(Math.abs(turned[0]!.heading - 90)).toBeLessThan(15);
    expect(turned[0]!.scale).toBe(25);
    // scale: the scale handle (now south of the base) dragged outwards to 1.5 × its distance → scale ≈ 37.5
    await idle();
    const after = await page.evaluate(() => window.__digitaleStad!.placementHandles());
    const m2 = after.find((h) => h.role === 'move')!;
    const s2 = after.find((h) => h.role === 'scale')!;
    for (const h of after) expect(h.x >= 0 && h.x <= box.width && h.y >= 0 && h.y <= box.height, JSON.stringify(after)).toBe(true);
    await page.mouse.move(box.x + s2.x, box.y + s2.y);
    await page.mouse.down();
    await page.mouse.move(box.x + m2.x + (s2.x - m2.x) * 1.5, box.y + m2.y + (s2.y - m2.y) * 1.5, { steps: 4 });
    await page.mouse.up();
    const scaled = await page.evaluate(() => (window as unknown as { __edits: { commit: ModelPlacementSpec[] } }).__edits.commit);
    expect(scaled).toHaveLength(2);
    expect(scaled[1]!.scale).toBeGreaterThan(30);
    expect(scaled[1]!.scale).toBeLessThan(60);
    expect(scaled[1]!.heading).toBe(turned[0]!.heading);
    await page.evaluate(() => (window as unknown as { __stopEdit: () => void }).__stopEdit());
    await call('setScenarioView', { left: null });
    await call('setCameraView', camBefore, { fly: false });
    await idle();
  }, STEP);

  it('draws an area: three clicks and Enter', async () => {
    await idle();
    const box = await canvasBox(page);
    await page.evaluate(() => {
      (window as unknown as { __area: Promise<unknown> }).__area = window.__digitaleStad!.viewer.drawArea();
    });
    const pts = [
      [0.4, 0.4],
      [0.6, 0.4],
      [0.5, 0.6],
    ];
    for (const [fx, fy] of pts) await page.mouse.click(box.x + fx! * box.width, box.y + fy! * box.height);
    await page.keyboard.press('Enter');
    const ring = (await page.evaluate(() => (window as unknown as { __area: Promise<unknown> }).__area)) as [number, number][];
    expect(ring).toHaveLength(3);
    for (const [lon, lat] of ring) {
      expect(Math.abs(lon - roof.lon)).toBeLessThan(0.02);
      expect(Math.abs(lat - roof.lat)).toBeLessThan(0.02);
    }
    // Escape cancels
    await page.evaluate(() => {
      (window as unknown as { __area: Promise<unknown> }).__area = window.__digitaleStad!.viewer.drawArea();
    });
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => (window as unknown as { __area: Promise<unknown> }).__area)).toBeNull();
    expect(w.errors).toEqual([]);
  }, STEP);
});
