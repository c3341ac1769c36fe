/**
 * End to end, in real Chromium (software WebGL): the built client against the real server
 * in-process (fresh SQLite file, demo tileset generated into a temp folder).
 *
 * - the app loads the demo tileset and labels it as generated demo data;
 * - clicking a building at its projected screen position shows its id in the side panel;
 * - a user registers and places a comment by clicking in the scene in one browser context, and it
 *   appears (list and pin) in a second context without a reload; the body
 *   `<img src=x onerror=alert(1)>` shows literally and no dialog fires;
 * - without the canvas: a comment is opened from the list by keyboard and replied to (the other
 *   context's thread and reply count follow live), and a comment is placed at the centre of the view;
 * - after the server drops the connection, a client reconnects and refetches what it missed;
 * - times show in Europe/Amsterdam whatever the browser's zone; the language switch turns the UI English.
 *
 * Waits use the client's test hooks (window.__digitaleStad), never fixed sleeps.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBuildings } from '../../server/src/tiler/demo.js';
import type { TestServer } from '../helpers/server.js';
import { openPage, type WatchedPage } from './support/chromium.js';
import { startDemoApp, type DemoApp } from './support/demoApp.js';
import { canvasBox, findClickableBuilding, layers, pins, waitForIdleScene } from './support/scene.js';

const XSS = '<img src=x onerror=alert(1)>';
const STEP = 180_000;

let server: TestServer;
let browser: Browser;
let app: DemoApp;
let a: WatchedPage; // the resident who posts
let b: WatchedPage; // someone else looking at the same place
let building: { id: string; x: number; y: number; height: number };

beforeAll(async () => {
  app = await startDemoApp('tiles');
  ({ server, browser } = app);
}, 300_000);

afterAll(async () => {
  await app?.close();
});

describe('the 3D city in Chromium', () => {
  it('loads the demo tileset and labels it as generated demo data', async () => {
    a = await openPage(browser, server.baseUrl);
    await a.page.goto(server.baseUrl + '/');
    await waitForIdleScene(a.page);
    expect(await layers(a.page)).toEqual([{ id: 'demo', status: 'ready', visible: true }]);
    await expect.poll(() => a.page.getByTestId('demo-label').textContent()).toBe('Gegenereerde demodata');
    await a.page.getByRole('tab', { name: 'Lagen' }).click();
    const layer = a.page.locator('.layer', { hasText: 'Demowijk (gegenereerd)' });
    await layer.getByText('Gegenereerde demodata').waitFor();
    // the visibility toggle hides and shows the tileset
    const toggle = layer.getByRole('checkbox', { name: 'Demowijk (gegenereerd) tonen' });
    await toggle.uncheck();
    await expect.poll(() => layers(a.page)).toEqual([{ id: 'demo', status: 'ready', visible: false }]);
    await toggle.check();
    await expect.poll(() => layers(a.page)).toEqual([{ id: 'demo', status: 'ready', visible: true }]);
    await waitForIdleScene(a.page);
  }, STEP);

  it('shows the id of a building clicked at its projected screen position', async () => {
    building = await findClickableBuilding(a.page, demoBuildings());
    const box = await canvasBox(a.page);
    await a.page.mouse.click(box.x + building.x, box.y + building.y);
    await expect.poll(() => a.page.getByTestId('building-id').textContent()).toBe(building.id);
    await expect(a.page.getByRole('tab', { name: 'Gebouw' }).getAttribute('aria-selected')).resolves.toBe('true');
    // its attributes from the tileset's metadata, as text
    await a.page.locator('.attrs__row dt', { hasText: 'yearOfConstruction' }).waitFor();
  }, STEP);

  it('places a comment by clicking in the scene; another context sees it live, as text', async () => {
    b = await openPage(browser, server.baseUrl, { timezoneId: 'America/New_York' });
    await b.page.goto(server.baseUrl + '/');
    await waitForIdleScene(b.page);
    await b.page.locator('.comment-list[data-status="idle"]').waitFor();
    expect(await b.page.locator('.comment-card').count()).toBe(0);

    // A registers through the UI.
    const pa = a.page;
    await pa.getByRole('tab', { name: 'Account' }).click();
    await pa.getByRole('button', { name: 'Account maken' }).click();
    await pa.getByLabel('E-mailadres').fill(`anna-${Date.now()}@example.org`);
    await pa.getByLabel('Weergavenaam').fill('Anna');
    await pa.getByLabel('Wachtwoord').fill('correct horse battery');
    await pa.getByRole('button', { name: 'Account maken' }).click();
    await pa.getByTestId('who').getByText('Ingelogd als Anna').waitFor();

    // "Place a comment", then click the building in 3D.
    await pa.getByRole('tab', { name: /Reacties/ }).click();
    await pa.getByRole('button', { name: 'Reactie plaatsen' }).click();
    await waitForIdleScene(pa);
    const box = await canvasBox(pa);
    await pa.mouse.click(box.x + building.x, box.y + building.y);
    await pa.getByText(`Op gebouw ${building.id}`).waitFor();
    await pa.getByLabel('Je reactie').fill(XSS);
    await pa.getByText(`${[...XSS].length} / 2000 tekens`).waitFor();
    await pa.getByRole('button', { name: 'Plaatsen', exact: true }).click();
    await pa.locator('.comment-card__body', { hasText: XSS }).waitFor();

    // B sees it without reloading: in the list (as literal text) and as a pin.
    const card = b.page.locator('.comment-card').first();
    await card.waitFor({ timeout: 20_000 });
    expect(await card.locator('.comment-card__body').textContent()).toBe(XSS);
    expect(await b.page.locator('.comment-list img').count()).toBe(0);
    await b.page.waitForFunction(() => window.__digitaleStad?.pinCount() === 1, null, { polling: 100, timeout: 20_000 });
    const [pin] = await pins(b.page);
    // on the roof it was clicked on, not under it on the ground
    expect(pin.position.height).toBeGreaterThan(building.height / 2);
    expect(await pins(a.page)).toHaveLength(1);
  }, STEP);

  it('without the canvas: replies from the keyboard list and comments at the centre of the view', async () => {
    const pa = a.page;
    // keyboard: focus the comment in the list and open it with Enter
    const item = pa.locator('.comment-card').first();
    await item.focus();
    await pa.keyboard.press('Enter');
    await pa.getByTestId('thread').waitFor();
    await pa.getByLabel('Je antwoord').fill('Mee eens 👍');
    await pa.getByRole('button', { name: 'Antwoorden', exact: true }).click();
    await pa.locator('.comment--reply', { hasText: 'Mee eens 👍' }).waitFor();

    // B: the reply count follows live, and the thread shows the reply
    await b.page.locator('.comment-card__replies', { hasText: '1 antwoord' }).waitFor({ timeout: 20_000 });
    await b.page.locator('.comment-card').first().click();
    await b.page.locator('.comment--reply', { hasText: 'Mee eens 👍' }).waitFor();
    // signed out: a prompt to log in instead of the reply form
    await b.page.getByTestId('thread').getByText('Log in om een reactie te plaatsen.').waitFor();

    // A: back to the list, and a comment at the centre of the view (no clicking in 3D)
    await pa.getByRole('button', { name: /Terug naar de lijst/ }).click();
    await waitForIdleScene(pa);
    await pa.getByRole('button', { name: 'Reageer op het midden van het beeld' }).click();
    await pa.getByLabel('Je reactie').fill('In het midden');
    await pa.getByRole('button', { name: 'Plaatsen', exact: true }).click();
    await pa.locator('.comment-card__body', { hasText: 'In het midden' }).waitFor();
    await b.page.getByRole('button', { name: /Terug naar de lijst/ }).click();
    await b.page.locator('.comment-card__body', { hasText: 'In het midden' }).waitFor({ timeout: 20_000 });
    // the ack of A's own reply and its broadcast counted once
    await expect.poll(() => pa.locator('.comment-card__replies').allTextContents()).toEqual(['0 antwoorden', '1 antwoord']);
    await expect.poll(() => b.page.locator('.comment-card__replies').allTextContents()).toEqual(['0 antwoorden', '1 antwoord']);
  }, STEP);

  it('after a dropped connection catches up on what it missed', async () => {
    // Refuse reconnects for a moment, drop every socket, post meanwhile (no one is listening),
    // then let the clients back in: B must refetch and show the comment it never got live.
    let refuse = true;
    server.app.io.use((_socket, next) => (refuse ? next(new Error('try again later')) : next()));
    server.app.io.disconnectSockets(true);
    await b.page.getByText('Live verbinding verbroken; opnieuw verbinden…').waitFor();
    const bbox = (await b.page.evaluate(() => window.__digitaleStad!.viewBBox()))!;
    const carl = server.agent();
    await carl.register({ displayName: 'Carl' });
    const posted = await carl.request('POST', '/api/v1/comments', {
      body: 'Gemist tijdens de storing',
      position: { lon: (bbox[0] + bbox[2]) / 2, lat: (bbox[1] + bbox[3]) / 2, height: 0 },
    });
    expect(posted.status).toBe(201);
    refuse = false;
    await b.page.locator('.comment-card__body', { hasText: 'Gemist tijdens de storing' }).waitFor({ timeout: 30_000 });
    await b.page.getByText('Live verbinding verbroken; opnieuw verbinden…').waitFor({ state: 'detached' });
    await b.page.waitForFunction(() => window.__digitaleStad?.pinCount() === 3, null, { polling: 100, timeout: 20_000 });
  }, STEP);

  it('shows times in Europe/Amsterdam and switches to English', async () => {
    const time = b.page.locator('.comment-card time').first();
    const iso = await time.getAttribute('datetime');
    const amsterdam = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', dateStyle: 'medium', timeStyle: 'short' });
    expect(await time.textContent()).toBe(amsterdam.format(new Date(iso!)));

    await b.page.getByRole('button', { name: 'English', exact: true }).click();
    await b.page.getByRole('tab', { name: /Comments/ }).waitFor();
    await b.page.getByText('Log in to place a comment.').waitFor();
    expect(await b.page.getAttribute('html', 'lang')).toBe('en');
    const english = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', dateStyle: 'medium', timeStyle: 'short' });
    expect(await time.textContent()).toBe(english.format(new Date(iso!)));
  }, STEP);

  it('fired no dialog, threw no error and asked nothing of other origins', () => {
    for (const w of [a, b]) {
      expect(w.dialogs).toEqual([]);
      expect(w.errors).toEqual([]);
      expect(w.foreignRequests).toEqual([]);
    }
  });
});
