/**
 * End to end, in real Chromium (software WebGL 2): two people co-edit a sketch in a co-creation thread (issue 5,
 * "two browser contexts co-edit a sketch"), against the real server in-process (fresh SQLite file, demo district).
 *
 * Anna opens a thread over REST (a triangle sketch, 10 m high, by the demo district's centre; the author follows it).
 * Anna and Bram, each in their own browser context and signed in through the UI, open the thread's link:
 * 1. each sees the other in the presence line ("Ook hier: …");
 * 2. Anna changes the height in the number field and saves; Bram's 3D view (sketches() hook) and his height field
 *    show the new height without reloading;
 * 3. Bram adds a fourth vertex in the number fields and saves; Anna's view and fields show it;
 * 4. Anna draws a point with "Teken punt" and one click in the 3D view; Bram's view shows it;
 * 5. Bram replies; Anna's notification bell counts it live and lists it;
 * 6. a planner (Petra, third context) answers with the "official answer" checkbox and sets the status "In overweging"
 *    and then "Overgenomen" (adopted) with a public reason through the status form; Anna sees status and reason live
 *    and her bell counts the answer and both status changes; Bram's reply draft, sent after adoption, shows the
 *    `thread_closed` message and is not stored.
 *
 * Waits use the DOM and the client's test hooks (window.__digitaleStad), never fixed sleeps.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CENTER } from '../../server/src/tiler/demo.js';
import { roundCoordinate } from '../../shared/index.js';
import { userWithRole, type RoleUser } from '../helpers/plans.js';
import { openPage, type WatchedPage } from './support/chromium.js';
import { startDemoApp, type DemoApp } from './support/demoApp.js';
import { signIn } from './support/plans.js';

const STEP = 300_000;
const WAIT = 120_000;
const D = 0.0003;
const C = DEMO_CENTER;

let app: DemoApp;
let anna: RoleUser;
let bram: RoleUser;
let threadId: string;
let sketchId: string;
let a: WatchedPage;
let b: WatchedPage;

type HookSketch = { id: string; kind: string; height: number; vertices: [number, number][] };
const sketchesOf = (page: Page) => page.evaluate(() => (window.__digitaleStad?.sketches() ?? []) as HookSketch[]);

async function openThread(page: Page, user: RoleUser): Promise<void> {
  await page.goto(app.server.baseUrl);
  await signIn(page, user, WAIT);
  await page.goto(`${app.server.baseUrl}/?thread=${threadId}`);
  await page.getByTestId('who').getByText(`Ingelogd als ${user.displayName}`).waitFor({ timeout: WAIT });
  await page.getByTestId('thread-page').waitFor({ timeout: WAIT });
  await page.locator(`[data-sketch-id="${sketchId}"]`).click();
  await page.getByTestId('sketch-height').waitFor({ timeout: WAIT });
}

describe('co-creation threads in the browser', () => {
  beforeAll(async () => {
    app = await startDemoApp('threads');
    anna = await userWithRole(app.server, 'resident', 'Anna');
    bram = await userWithRole(app.server, 'resident', 'Bram');
    const r = await anna.agent.request('POST', '/api/v1/threads', {
      title: 'Groen dak op de hoek',
      text: 'Wat als we hier een paviljoen met een groen dak maken?',
      anchor: { lon: C.lon, lat: C.lat, height: 0 },
      sketches: [
        {
          geometry: { type: 'Polygon', coordinates: [[[C.lon - D, C.lat - D], [C.lon + D, C.lat - D], [C.lon + D, C.lat + D], [C.lon - D, C.lat - D]]] },
          height: 10,
        },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    threadId = r.body.thread.id;
    sketchId = r.body.thread.sketches[0].id;
    a = await openPage(app.browser, app.server.baseUrl);
    b = await openPage(app.browser, app.server.baseUrl);
    await Promise.all([openThread(a.page, anna), openThread(b.page, bram)]);
  }, STEP);

  afterAll(async () => {
    await app?.close();
  });

  it('shows who else is here', async () => {
    await a.page.getByTestId('presence').getByText('Ook hier: Bram').waitFor({ timeout: WAIT });
    await b.page.getByTestId('presence').getByText('Ook hier: Anna').waitFor({ timeout: WAIT });
    // Both draw the thread's sketch in 3D.
    expect((await sketchesOf(a.page)).map((s) => [s.id, s.kind, s.height])).toEqual([[sketchId, 'polygon', 10]]);
    expect((await sketchesOf(b.page)).map((s) => [s.id, s.kind, s.height])).toEqual([[sketchId, 'polygon', 10]]);
  }, STEP);

  it("A's height edit in the number field reaches B's view and field live", async () => {
    expect(await b.page.getByTestId('sketch-height').inputValue()).toBe('10');
    await a.page.getByTestId('sketch-height').fill('42,5');
    await a.page.getByRole('button', { name: 'Schets opslaan' }).click();
    await b.page.waitForFunction(
      (id) => window.__digitaleStad?.sketches().find((s) => s.id === id)?.height === 42.5,
      sketchId,
      { timeout: WAIT, polling: 100 },
    );
    await b.page.waitForFunction(() => (document.querySelector('[data-testid="sketch-height"]') as HTMLInputElement | null)?.value === '42.5', null, {
      timeout: WAIT,
      polling: 100,
    });
    const stored = await anna.agent.request('GET', `/api/v1/threads/${threadId}`);
    expect(stored.body.thread.sketches[0].height).toBe(42.5);
    expect(stored.body.thread.sketches[0].version).toBe(2);
  }, STEP);

  it("B's added vertex reaches A", async () => {
    await b.page.getByRole('button', { name: 'Punt toevoegen' }).click();
    await b.page.getByLabel('Punt 4: lengtegraad').fill(String(C.lon - D).replace('.', ','));
    await b.page.getByLabel('Punt 4: breedtegraad').fill(String(C.lat + D));
    await b.page.getByRole('button', { name: 'Schets opslaan' }).click();
    await a.page.waitForFunction((id) => window.__digitaleStad?.sketches().find((s) => s.id === id)?.vertices.length === 4, sketchId, {
      timeout: WAIT,
      polling: 100,
    });
    const [s] = await sketchesOf(a.page);
    // The public API serves sketch coordinates rounded to the public precision (issue 6; stored exactly).
    const [lon, lat] = roundCoordinate([C.lon - D, C.lat + D], app.server.config.publicPositionPrecisionM);
    expect(s!.vertices[3]![0]).toBeCloseTo(lon!, 8);
    expect(s!.vertices[3]![1]).toBeCloseTo(lat!, 8);
    expect(s!.height).toBe(42.5);
    await a.page.getByLabel('Punt 4: breedtegraad').waitFor({ timeout: WAIT });
    expect(Number(await a.page.getByLabel('Punt 4: breedtegraad').inputValue())).toBeCloseTo(lat!, 8);
  }, STEP);

  it('a point drawn in 3D with one click reaches the other side', async () => {
    await a.page.getByRole('button', { name: 'Teken punt' }).click();
    await a.page.getByRole('status').getByText('Klik een plek in de stad.').waitFor({ timeout: WAIT });
    const box = (await a.page.locator('.city-view canvas').boundingBox())!;
    await a.page.mouse.click(box.x + box.width / 2, box.y + box.height * 0.6);
    const drawn = await b.page.waitForFunction(
      () => window.__digitaleStad?.sketches().find((s) => s.kind === 'point') ?? null,
      null,
      { timeout: WAIT, polling: 100 },
    );
    const point = (await drawn.jsonValue()) as HookSketch;
    expect(point.vertices).toHaveLength(1);
    expect(point.height).toBe(0);
    // It is stored, and A's list shows it selected with its number fields.
    const stored = await anna.agent.request('GET', `/api/v1/threads/${threadId}`);
    expect(stored.body.thread.sketches.map((s: { geometry: { type: string } }) => s.geometry.type).sort()).toEqual(['Point', 'Polygon']);
    await a.page.getByLabel('Punt 1: lengtegraad').waitFor({ timeout: WAIT });
    expect(Number(await a.page.getByLabel('Punt 1: lengtegraad').inputValue())).toBeCloseTo(point.vertices[0]![0], 7);
  }, STEP);

  it("A's bell shows B's reply live", async () => {
    expect(await a.page.getByTestId('notification-count').textContent()).toBe('0');
    await b.page.getByLabel('Je reactie').fill('Goed idee, maar liever 30 meter.');
    await b.page.getByRole('button', { name: 'Versturen' }).click();
    await a.page.getByTestId('notification-count').getByText('1', { exact: true }).waitFor({ timeout: WAIT });
    // The reply itself shows in A's open thread too.
    await a.page.getByTestId('posts').getByText('Goed idee, maar liever 30 meter.').waitFor({ timeout: WAIT });
    await a.page.getByTestId('notification-bell').click();
    await a.page.getByTestId('notification-list').getByText('Bram reageerde op „Groen dak op de hoek”').waitFor({ timeout: WAIT });
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  }, STEP);

  it('a planner answers and decides; Anna follows it live; Bram can no longer reply', async () => {
    const petra = await userWithRole(app.server, 'planner', 'Petra');
    const p = await openPage(app.browser, app.server.baseUrl);
    await openThread(p.page, petra);
    const count = async () => Number(await a.page.getByTestId('notification-count').textContent());
    const waitCount = (n: number) => a.page.getByTestId('notification-count').getByText(String(n), { exact: true }).waitFor({ timeout: WAIT });
    const before = await count();

    // Bram starts a reply while the thread is still open.
    await b.page.getByLabel('Je reactie').fill('Kan het dak ook zonnepanelen krijgen?');

    // The official answer.
    await p.page.getByLabel('Je reactie').fill('We nemen dit mee in het ontwerp van het plein.');
    await p.page.getByLabel('Als officieel antwoord').check();
    await p.page.getByRole('button', { name: 'Versturen' }).click();
    await waitCount(before + 1);
    await a.page.getByTestId('notification-list').getByText('Petra gaf antwoord bij „Groen dak op de hoek”').waitFor({ timeout: WAIT });
    const answer = a.page.getByTestId('posts').locator('li', { hasText: 'We nemen dit mee in het ontwerp van het plein.' });
    await answer.getByText('Antwoord van de planner').waitFor({ timeout: WAIT });

    // Under consideration, with a public reason.
    await p.page.getByRole('combobox', { name: /^Status/ }).selectOption('under_consideration');
    await p.page.getByRole('textbox', { name: 'Openbare reden' }).fill('De gemeente rekent de kosten door.');
    await p.page.getByRole('button', { name: 'Status opslaan' }).click();
    const annaStatus = a.page.getByTestId('thread-status');
    await annaStatus.getByText('Status: In overweging').waitFor({ timeout: WAIT });
    await annaStatus.getByText('Reden: De gemeente rekent de kosten door.').waitFor({ timeout: WAIT });
    await waitCount(before + 2);
    await a.page.getByTestId('notification-list').getByText('„Groen dak op de hoek” heeft nu de status In overweging').waitFor({ timeout: WAIT });

    // Adopted.
    await p.page.getByRole('combobox', { name: /^Status/ }).selectOption('adopted');
    await p.page.getByRole('textbox', { name: 'Openbare reden' }).fill('Past binnen het budget; uitvoering in 2028.');
    await p.page.getByRole('button', { name: 'Status opslaan' }).click();
    await annaStatus.getByText('Status: Overgenomen').waitFor({ timeout: WAIT });
    await annaStatus.getByText('Reden: Past binnen het budget; uitvoering in 2028.').waitFor({ timeout: WAIT });
    await annaStatus.getByText('(door Petra)').waitFor({ timeout: WAIT });
    await waitCount(before + 3);
    await a.page.getByTestId('notification-list').getByText('„Groen dak op de hoek” heeft nu de status Overgenomen').waitFor({ timeout: WAIT });
    // Anna is the author, not a manager: no status form for her.
    expect(await a.page.getByRole('button', { name: 'Status opslaan' }).count()).toBe(0);

    // Bram sees the decision live; sending his draft now is refused with the closed-thread message.
    await b.page.getByTestId('thread-status').getByText('Status: Overgenomen').waitFor({ timeout: WAIT });
    await b.page.getByRole('button', { name: 'Versturen' }).click();
    await b.page
      .getByRole('alert')
      .getByText('Deze draad is afgesloten; reageren, steunen en schetsen kan niet meer.')
      .waitFor({ timeout: WAIT });
    const posts = await anna.agent.request('GET', `/api/v1/threads/${threadId}/posts`);
    expect(posts.body.posts.map((x: { text: string; answer: boolean }) => [x.text, x.answer])).toEqual([
      ['Goed idee, maar liever 30 meter.', false],
      ['We nemen dit mee in het ontwerp van het plein.', true],
    ]);
    expect(await count()).toBe(before + 3);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    expect(p.errors).toEqual([]);
  }, STEP);
});
