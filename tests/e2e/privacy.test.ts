/**
 * End to end, in real Chromium: the resident side of moderation and privacy (issue 6), against the real server
 * in-process (fresh SQLite file, demo district, REPORT_THRESHOLD 2 through the config override).
 *
 * (a) Anna types a comment with a phone number: the warning names it ("telefoonnummer", the number shortened),
 *     "Aanpassen" puts the cursor on it (the number selected); "Toch plaatsen" sends it with the confirmation: the
 *     panel says it waits for a moderator and it is neither in her list nor in an anonymous second context's list.
 * (b) Bram and Cees report Anna's comment through the "Melden" dialog (keyboard: it opens with focus inside and
 *     Escape closes it; a second report by the same person says "Je had dit al gemeld"; Anna has no "Melden" on her
 *     own comment); at the threshold the comment leaves the anonymous viewer's list (live, else after a reload).
 * (c) Anna downloads her JSON export (fetched from the link's href in the page) holding her comment, deletes her
 *     account with her password, is signed out, and the anonymous viewer sees her comment by "Verwijderde deelnemer".
 *
 * Waits use the DOM and the client's test hooks, never fixed sleeps.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CENTER } from '../../server/src/tiler/demo.js';
import { userWithRole, type RoleUser } from '../helpers/plans.js';
import { openPage, type WatchedPage } from './support/chromium.js';
import { startDemoApp, type DemoApp } from './support/demoApp.js';
import { signIn } from './support/plans.js';
import { waitForIdleScene } from './support/scene.js';

const STEP = 300_000;
const WAIT = 120_000;
const C = DEMO_CENTER;
const PHONE = '06-12345678';
const HELD_TEXT = `Bel me gerust op ${PHONE} voor de sleutel`;
const SPAM = 'Koop nu goedkope zonnepanelen bij ons!';
const OWN = 'Meer bomen langs de kade graag';

let app: DemoApp;
let anna: RoleUser;
let bram: RoleUser;
let cees: RoleUser;
let spamId: string;
let ownId: string;
let a: WatchedPage;
let anon: WatchedPage;

/** Opens the app, optionally signs in, and waits until the comment list has loaded. */
async function openApp(w: WatchedPage, user: RoleUser | null): Promise<void> {
  // Software WebGL on a shared machine can be slow: give every action the long wait, not the 30 s default.
  w.page.setDefaultTimeout(WAIT);
  await w.page.goto(app.server.baseUrl + '/');
  if (user) await signIn(w.page, user, WAIT);
  await w.page.getByRole('tab', { name: /Reacties/ }).click();
  await waitForIdleScene(w.page);
  await w.page.locator('.comment-list[data-status="idle"]').waitFor({ timeout: WAIT });
}

/** The list item (card and its Melden button) of the comment with `body`. */
function itemOf(page: Page, body: string): Locator {
  return page.getByTestId('comment-list').locator('li', { has: page.locator('.comment-card__body', { hasText: body }) });
}

async function postComment(user: RoleUser, body: string): Promise<string> {
  const r = await user.agent.request('POST', '/api/v1/comments', { body, position: { lon: C.lon, lat: C.lat, height: 0 } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.comment.id as string;
}

/** Reports the comment with `body` through the Melden dialog; returns the outcome text. */
async function reportByDialog(page: Page, body: string): Promise<string> {
  await itemOf(page, body).getByRole('button', { name: /^Melden/ }).click();
  const dialog = page.locator('[data-testid="report-dialog"][open]');
  await dialog.getByRole('radio', { name: 'Spam of reclame' }).check();
  await dialog.getByLabel('Toelichting (mag leeg blijven)').fill('Reclame');
  await dialog.getByRole('button', { name: 'Melding versturen' }).click();
  const outcome = await dialog.getByTestId('report-outcome').textContent({ timeout: WAIT });
  await dialog.getByRole('button', { name: 'Sluiten' }).click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="report-dialog"][open]'), null, { timeout: WAIT });
  return outcome ?? '';
}

describe('privacy and reporting in the browser', () => {
  beforeAll(async () => {
    app = await startDemoApp('privacy', undefined, { reportThreshold: 2 });
    anna = await userWithRole(app.server, 'resident', 'Anna');
    bram = await userWithRole(app.server, 'resident', 'Bram');
    cees = await userWithRole(app.server, 'resident', 'Cees');
    spamId = await postComment(anna, SPAM);
    ownId = await postComment(anna, OWN);
    a = await openPage(app.browser, app.server.baseUrl);
    anon = await openPage(app.browser, app.server.baseUrl);
    await Promise.all([openApp(a, anna), openApp(anon, null)]);
  }, STEP);

  afterAll(async () => {
    await app?.close();
  });

  it('(a) warns about a phone number; posted anyway it is held, not listed', async () => {
    const pa = a.page;
    await pa.getByRole('button', { name: 'Reageer op het midden van het beeld' }).click();
    const box = pa.getByLabel('Je reactie');
    await box.fill(HELD_TEXT);
    await pa.getByRole('button', { name: 'Plaatsen', exact: true }).click();
    const warning = pa.getByTestId('pii-warning');
    await warning.waitFor({ timeout: WAIT });
    expect(await warning.textContent()).toContain('Je tekst lijkt een telefoonnummer te bevatten: 06-1234…');

    // "Aanpassen": back in the text with the number selected.
    await warning.getByRole('button', { name: 'Aanpassen' }).click();
    await warning.waitFor({ state: 'detached' });
    const selected = await pa.evaluate(() => {
      const el = document.activeElement as HTMLTextAreaElement | null;
      return el?.tagName === 'TEXTAREA' ? el.value.slice(el.selectionStart, el.selectionEnd) : null;
    });
    expect(selected).toBe(PHONE);

    // Send again: the warning again; "Toch plaatsen" → held.
    await pa.getByRole('button', { name: 'Plaatsen', exact: true }).click();
    await warning.getByRole('button', { name: 'Toch plaatsen' }).click();
    await pa.getByTestId('held-notice').getByText('Je bericht wacht op beoordeling door een moderator.').waitFor({ timeout: WAIT });

    // Stored (held), but in nobody's list: not Anna's, not an anonymous viewer's (after a fresh load).
    const mod = await userWithRole(app.server, 'moderator', 'Mo');
    const queue = await mod.agent.request('GET', '/api/v1/moderation/queue?status=held');
    expect(queue.status, JSON.stringify(queue.body)).toBe(200);
    expect(JSON.stringify(queue.body)).toContain(HELD_TEXT);
    await itemOf(pa, OWN).waitFor();
    expect(await itemOf(pa, HELD_TEXT).count()).toBe(0);
    await anon.page.reload();
    await openApp(anon, null);
    await itemOf(anon.page, OWN).waitFor({ timeout: WAIT });
    expect(await itemOf(anon.page, HELD_TEXT).count()).toBe(0);
    expect(a.errors).toEqual([]);
  }, STEP);

  it('(b) two residents report a comment through the Melden dialog; it leaves the public list', async () => {
    // No Melden on one's own comment.
    await itemOf(a.page, SPAM).waitFor();
    expect(await itemOf(a.page, SPAM).getByRole('button', { name: /^Melden/ }).count()).toBe(0);

    // One reporter's page at a time (each runs a software-WebGL 3D view).
    const b = await openPage(app.browser, app.server.baseUrl);
    try {
      await openApp(b, bram);

      // Keyboard: the dialog opens with focus inside; Escape closes it and focus returns to the button.
      const button = itemOf(b.page, SPAM).getByRole('button', { name: /^Melden/ });
      await button.focus();
      await b.page.keyboard.press('Enter');
      await b.page.locator('[data-testid="report-dialog"][open]').waitFor();
      expect(await b.page.evaluate(() => !!document.activeElement?.closest('[data-testid="report-dialog"]'))).toBe(true);
      await b.page.keyboard.press('Escape');
      await b.page.waitForFunction(() => !document.querySelector('[data-testid="report-dialog"][open]'));
      expect(await b.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('report-button');

      expect(await reportByDialog(b.page, SPAM)).toBe('Bedankt, een moderator kijkt ernaar.');
      expect(await reportByDialog(b.page, SPAM)).toBe('Je had dit al gemeld.');
    } finally {
      await b.context.close();
    }
    await itemOf(anon.page, SPAM).waitFor(); // one distinct reporter: still visible
    const c = await openPage(app.browser, app.server.baseUrl);
    try {
      await openApp(c, cees);
      // The item may vanish live at the threshold while the dialog is open; the thank-you still shows.
      expect(await reportByDialog(c.page, SPAM)).toBe('Bedankt, een moderator kijkt ernaar.');
    } finally {
      await c.context.close();
    }

    // Threshold 2 reached: held. The anonymous viewer's list drops it (live; a reload must agree in any case).
    await itemOf(anon.page, SPAM)
      .waitFor({ state: 'detached', timeout: 15_000 })
      .catch(() => undefined);
    await anon.page.reload();
    await openApp(anon, null);
    await itemOf(anon.page, OWN).waitFor({ timeout: WAIT });
    expect(await itemOf(anon.page, SPAM).count()).toBe(0);
    const r = await bram.agent.request('GET', `/api/v1/comments/${spamId}`);
    expect(r.status).toBe(404);

    // Anna, the author, is told (live, in the bell): the actor is no name, the text says it waits for review.
    await a.page.getByTestId('notification-bell').click();
    await a.page
      .getByTestId('notification-list')
      .getByText('Je reactie is verborgen tot een moderator ernaar heeft gekeken.')
      .waitFor({ timeout: WAIT });
    await a.page.getByTestId('notification-bell').click();
  }, STEP);

  it('(c) downloads the JSON export, deletes the account, and the comment shows "Verwijderde deelnemer"', async () => {
    const pa = a.page;
    await pa.getByRole('tab', { name: 'Account' }).click();
    const myData = pa.getByTestId('my-data');
    await myData.getByRole('heading', { name: 'Mijn gegevens' }).waitFor();
    const href = await myData.getByRole('link', { name: 'Download als JSON' }).getAttribute('href');
    expect(href).toBe('/api/v1/me/export');
    expect(await myData.getByRole('link', { name: 'Download als GeoJSON' }).getAttribute('href')).toBe('/api/v1/me/export.geojson');
    const exported = await pa.evaluate(async (url) => {
      const res = await fetch(url, { credentials: 'same-origin' });
      return { status: res.status, disposition: res.headers.get('content-disposition'), text: await res.text() };
    }, href!);
    expect(exported.status).toBe(200);
    expect(exported.disposition ?? '').toMatch(/attachment/);
    expect(exported.text).toContain(OWN);
    expect(exported.text).toContain(ownId);

    await myData.getByRole('button', { name: 'Account verwijderen…' }).click();
    await myData.getByText(/Verwijderde deelnemer/).first().waitFor();
    await myData.getByLabel('Bevestig met je wachtwoord').fill(anna.password);
    await myData.getByRole('button', { name: 'Account definitief verwijderen' }).click();
    await pa.getByTestId('account-deleted').waitFor({ timeout: WAIT });
    await pa.getByTestId('who').getByText('Niet ingelogd').waitFor({ timeout: WAIT });
    // The session is really gone on the server.
    expect(await pa.evaluate(async () => (await fetch('/api/v1/me')).status)).not.toBe(200);

    await anon.page.reload();
    await openApp(anon, null);
    const card = itemOf(anon.page, OWN);
    await card.waitFor({ timeout: WAIT });
    expect(await card.locator('.comment-card__author').textContent()).toBe('Verwijderde deelnemer');
    expect(a.errors).toEqual([]);
    expect(anon.errors).toEqual([]);
  }, STEP);
});
