/**
 * End to end, in real Chromium: the moderator's tab (issue 6, client/src/features/moderation/) against the real
 * server in-process (fresh SQLite file, demo district).
 *
 * (a) XSS: residents post a comment, a reply, a thread (title and text, with a labelled sketch) and a post, and a
 *     partner's model is named, with payloads in every text field (a display name is a payload too); residents
 *     report all of it with payload notes. An admin opens the queue: every payload shows literally as text, `window.__xss` stays
 *     undefined, and the moderation panel holds no <img>, <script> or <svg>. The admin hides the comment with a
 *     payload as reason and redacts part of the thread's text; the audit log shows the payload reason literally.
 * (b) Live: with the queue open, a resident in another browser context reports a comment; the item appears without
 *     a reload; the moderator hides it with a reason and the resident's page drops the comment (DOM waits).
 * (c) A moderator (not an admin) has no Logboek section and GET /moderation/audit answers 403; the word-filter test
 *     box marks matches and personal data; a user is muted and the sanction lifted.
 *
 * Waits use the DOM and the client's test hooks (window.__digitaleStad), never fixed sleeps.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CENTER } from '../../server/src/tiler/demo.js';
import { insertModelRow, planBody, userWithRole, type RoleUser } from '../helpers/plans.js';
import { openPage, type WatchedPage } from './support/chromium.js';
import { startDemoApp, type DemoApp } from './support/demoApp.js';
import { signIn } from './support/plans.js';
import { waitForIdleScene } from './support/scene.js';

const STEP = 300_000;
const WAIT = 120_000;
const C = DEMO_CENTER;
const D = 0.0002;

const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '<script>window.__xss=1</script>';
const SVG = '"><svg onload=window.__xss=1>';
const JS = 'javascript:window.__xss=1';
/** Every payload once, after a tag saying which field it is in (so each text is unique). */
const loaded = (tag: string) => `${tag} ${IMG} ${SCRIPT} ${SVG} ${JS}`;
/** A display name is at most 80 code points. */
const NAME = `X ${SVG}${IMG}`;

let app: DemoApp;
let xavier: RoleUser; // resident whose display name is a payload
let bram: RoleUser;
let admin: RoleUser;
let moderator: RoleUser;
let adminPage: WatchedPage;
const ids: Record<string, string> = {};
const texts: Record<string, Record<string, string>> = {};

async function ok(r: { status: number; body: unknown }, status = 201): Promise<any> {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
}

async function openModeration(page: Page, user: RoleUser): Promise<Locator> {
  await page.goto(app.server.baseUrl);
  await signIn(page, user, WAIT);
  await page.getByRole('tab', { name: 'Moderatie' }).click();
  const panel = page.getByTestId('moderation-panel');
  await panel.waitFor({ timeout: WAIT });
  return panel;
}

const item = (page: Page, kind: string, id: string) => page.locator(`[data-testid="queue-item"][data-kind="${kind}"][data-id="${id}"]`);

/** Nothing a payload could have made: no such elements in the panel, no flag on window, no dialog, no error. */
async function expectInert(w: WatchedPage): Promise<void> {
  const panel = w.page.getByTestId('moderation-panel');
  expect(await panel.locator('img, script, svg, iframe, object, embed').count()).toBe(0);
  expect(await panel.locator('a[href^="javascript:"]').count()).toBe(0);
  expect(await w.page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(w.dialogs).toEqual([]);
  expect(w.errors).toEqual([]);
}

describe('the moderator tab in the browser', () => {
  beforeAll(async () => {
    app = await startDemoApp('moderation');
    xavier = await userWithRole(app.server, 'resident', NAME);
    bram = await userWithRole(app.server, 'resident', 'Bram');
    admin = await userWithRole(app.server, 'admin', 'Ada');
    moderator = await userWithRole(app.server, 'moderator', 'Mo');

    // Xavier: a comment and a thread with a labelled sketch; Bram: a reply and a post.
    texts.comment = { body: loaded('reactie') };
    const comment = await ok(await xavier.agent.request('POST', '/api/v1/comments', { body: texts.comment.body, position: { lon: C.lon, lat: C.lat, height: 0 } }));
    ids.comment = comment.comment.id;
    texts.reply = { body: loaded('antwoord') };
    const reply = await ok(await bram.agent.request('POST', '/api/v1/comments', { body: texts.reply.body, parentId: ids.comment }));
    ids.reply = reply.comment.id;
    texts.thread = { title: `titel ${SVG} ${IMG}`, text: loaded('draadtekst') };
    const label = `${SVG}${IMG}`.slice(0, 80);
    texts.sketch = { label };
    const thread = await ok(
      await xavier.agent.request('POST', '/api/v1/threads', {
        ...texts.thread,
        anchor: { lon: C.lon, lat: C.lat, height: 0 },
        sketches: [
          {
            geometry: { type: 'Polygon', coordinates: [[[C.lon - D, C.lat - D], [C.lon + D, C.lat - D], [C.lon + D, C.lat + D], [C.lon - D, C.lat - D]]] },
            height: 5,
            label,
          },
        ],
      }),
    );
    ids.thread = thread.thread.id;
    ids.sketch = thread.thread.sketches[0].id;
    texts.post = { text: loaded('bericht') };
    const post = await ok(await bram.agent.request('POST', `/api/v1/threads/${ids.thread}/posts`, texts.post));
    ids.post = post.post.id;

    // A partner's model in a published plan, its name a payload (the upload pipeline is tested elsewhere).
    const planner = await userWithRole(app.server, 'planner', 'Petra');
    const partner = await userWithRole(app.server, 'partner', 'Paul');
    const plan = (await ok(await planner.agent.request('POST', '/api/v1/plans', planBody()))).plan;
    await ok(await planner.agent.request('PATCH', `/api/v1/plans/${plan.id}`, { version: plan.version, status: 'published' }), 200);
    ids.model = await insertModelRow(app.server, plan.id, partner.id);
    texts.model = { name: `${SVG}${IMG}.glb` };
    await app.server.app.store.db.updateTable('models').set({ name: texts.model.name }).where('id', '=', ids.model).execute();

    // Reports with payload notes (one each: below the threshold, so everything stays visible and pending).
    const report = async (who: RoleUser, kind: string, id: string) =>
      ok(await who.agent.request('POST', '/api/v1/reports', { kind, id, reason: 'offensive', note: loaded(`melding ${kind}`) }));
    await report(bram, 'comment', ids.comment);
    await report(xavier, 'reply', ids.reply);
    await report(bram, 'thread', ids.thread);
    await report(xavier, 'post', ids.post);
    await report(bram, 'sketch', ids.sketch);
    await report(bram, 'model', ids.model);

    adminPage = await openPage(app.browser, app.server.baseUrl);
  }, STEP);

  afterAll(async () => {
    await app?.close();
  });

  it('(a) shows every payload in the queue as text and runs none of it', async () => {
    const { page } = adminPage;
    const panel = await openModeration(page, admin);
    const kinds = ['comment', 'reply', 'thread', 'post', 'sketch', 'model'] as const;
    for (const kind of kinds) await item(page, kind, ids[kind]!).waitFor({ timeout: WAIT });

    for (const kind of kinds) {
      const card = item(page, kind, ids[kind]!);
      for (const [field, value] of Object.entries(texts[kind]!)) {
        expect(await card.locator(`dd[data-field="${field}"]`).textContent(), `${kind}.${field}`).toBe(value);
      }
      // The report note, literally.
      expect(await card.locator('.mod-item__note').textContent()).toBe(`Toelichting: ${loaded(`melding ${kind}`)}`);
      await card.getByText('1 open melding (beledigend)').waitFor();
    }
    // The payload display name as author, literally.
    const heading = await item(page, 'comment', ids.comment!).locator('h3').textContent();
    expect(heading).toBe(`Reactie van ${NAME}`);
    await expectInert(adminPage);

    // Hide the comment with a payload reason.
    const card = item(page, 'comment', ids.comment!);
    await card.getByLabel('Reden (de auteur krijgt deze te zien)').fill(loaded('reden'));
    await card.getByRole('button', { name: 'Verbergen' }).click();
    await card.and(page.locator('[data-state="hidden"]')).waitFor({ timeout: WAIT });
    // It has a visible reply, so the public sees a placeholder without its text.
    const stored = await admin.agent.request('GET', `/api/v1/comments/${ids.comment}`);
    expect(stored.status).toBe(200);
    expect(stored.body.comment.body).toBe('');
    expect(stored.body.comment.moderated.state).toBe('hidden');

    // Redact "draadtekst" out of the thread's text with the start/end fields.
    const t = item(page, 'thread', ids.thread!);
    await t.getByLabel('Reden (de auteur krijgt deze te zien)').fill('Onnodig');
    await t.getByRole('button', { name: 'Redigeren' }).click();
    await t.getByLabel('Veld').selectOption('text');
    await t.getByLabel('Van teken').fill('0');
    await t.getByLabel('Tot teken').fill(String('draadtekst'.length));
    expect(await t.getByTestId('redact-preview').textContent()).toBe('Wordt verwijderd: draadtekst');
    await t.getByRole('button', { name: 'Selectie verwijderen' }).click();
    await t.locator('dd[data-field="text"]').getByText(`[verwijderd] ${IMG}`, { exact: false }).waitFor({ timeout: WAIT });
    const thread = await bram.agent.request('GET', `/api/v1/threads/${ids.thread}`);
    expect(thread.body.thread.text).toBe(texts.thread.text!.replace('draadtekst', '[verwijderd]'));
    await expectInert(adminPage);

    // The audit log: the payload reason as text; before / after as JSON text.
    await panel.getByRole('button', { name: 'Logboek' }).click();
    const hide = page.locator('[data-testid="audit-entry"][data-action="hide"]').first();
    await hide.waitFor({ timeout: WAIT });
    expect(await hide.getByTestId('audit-reason').textContent()).toBe(loaded('reden'));
    await hide.getByText('Ada').waitFor();
    const pres = await hide.locator('pre').allTextContents();
    expect(pres).toHaveLength(2);
    for (const p of pres) expect(() => JSON.parse(p)).not.toThrow();
    await page.locator('[data-testid="audit-entry"][data-action="redact"]').first().waitFor({ timeout: WAIT });
    await expectInert(adminPage);
  }, STEP);

  it('(b) a report appears in the open queue live; hiding it drops the comment from the resident’s page', async () => {
    // Bram looks at the city; Carl posts a comment in Bram's view.
    const b = await openPage(app.browser, app.server.baseUrl);
    await b.page.goto(app.server.baseUrl);
    await signIn(b.page, bram, WAIT);
    await b.page.getByRole('tab', { name: /Reacties/ }).click();
    await waitForIdleScene(b.page);
    await b.page.locator('.comment-list[data-status="idle"]').waitFor({ timeout: WAIT });
    const bbox = (await b.page.evaluate(() => window.__digitaleStad!.viewBBox()))!;
    const carl = await userWithRole(app.server, 'resident', 'Carl');
    const body = 'Dit is een scheldpartij die weg moet';
    const posted = await ok(
      await carl.agent.request('POST', '/api/v1/comments', { body, position: { lon: (bbox[0] + bbox[2]) / 2, lat: (bbox[1] + bbox[3]) / 2, height: 0 } }),
    );
    const id: string = posted.comment.id;
    const bramCard = b.page.locator('.comment-card', { hasText: body });
    await bramCard.waitFor({ timeout: WAIT });

    // The moderator's queue is open (pending) before the report.
    const m = await openPage(app.browser, app.server.baseUrl);
    await openModeration(m.page, moderator);
    await m.page.getByTestId('queue-items').waitFor({ timeout: WAIT });
    expect(await item(m.page, 'comment', id).count()).toBe(0);

    // Bram reports it from his own browser context (his session cookie, same origin).
    const status = await b.page.evaluate(async (cid) => {
      const r = await fetch('/api/v1/reports', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ kind: 'comment', id: cid, reason: 'offensive', note: 'Beledigend' }),
      });
      return r.status;
    }, id);
    expect(status).toBe(201);

    const card = item(m.page, 'comment', id);
    await card.waitFor({ timeout: WAIT });
    await card.getByText('1 open melding (beledigend)').waitFor({ timeout: WAIT });
    await card.getByText('beledigend, door Bram', { exact: false }).waitFor();
    // At the top of the list.
    expect(await m.page.locator('[data-testid="queue-item"]').first().getAttribute('data-id')).toBe(id);

    await card.getByLabel('Reden (de auteur krijgt deze te zien)').fill('Scheldwoorden');
    await card.getByRole('button', { name: 'Verbergen' }).click();
    await card.and(m.page.locator('[data-state="hidden"]')).waitFor({ timeout: WAIT });
    await bramCard.waitFor({ state: 'detached', timeout: WAIT });
    expect(m.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    await m.context.close();
    await b.context.close();
  }, STEP);

  it('(c) a moderator has no audit log, and uses the filter test box and sanctions', async () => {
    const m = await openPage(app.browser, app.server.baseUrl);
    const panel = await openModeration(m.page, moderator);
    for (const name of ['Wachtrij', 'Gebruikers', 'Woordfilters', 'Instellingen']) await panel.getByRole('button', { name, exact: true }).waitFor();
    expect(await panel.getByRole('button', { name: 'Logboek' }).count()).toBe(0);
    expect(await panel.getByTestId('moderation-audit').count()).toBe(0);
    expect((await moderator.agent.request('GET', '/api/v1/moderation/audit')).status).toBe(403);
    const fromPage = await m.page.evaluate(async () => (await fetch('/api/v1/moderation/audit', { credentials: 'same-origin' })).status);
    expect(fromPage).toBe(403);
    // A resident gets nothing of it: no tab, 403.
    expect((await bram.agent.request('GET', '/api/v1/moderation/queue')).status).toBe(403);

    // Settings (read-only).
    await panel.getByRole('button', { name: 'Instellingen', exact: true }).click();
    expect(await panel.getByTestId('setting-threshold').textContent()).toBe(String(app.server.config.reportThreshold));

    // Word filters: add one, test a text with it and an e-mail address.
    await panel.getByRole('button', { name: 'Woordfilters', exact: true }).click();
    const filters = panel.getByTestId('moderation-filters');
    await filters.getByLabel('Woord of patroon').fill('knollenpraat');
    await filters.getByLabel('Actie').selectOption({ label: 'vasthouden voor beoordeling' });
    await filters.getByRole('button', { name: 'Filter toevoegen' }).click();
    await filters.getByTestId('filter-list').getByText('knollenpraat').waitFor({ timeout: WAIT });
    await filters.getByLabel('Tekst om te testen').fill(`Wat een knollenpraat ${IMG}, mail me op jan@example.org`);
    await filters.getByRole('button', { name: 'Test', exact: true }).click();
    const result = filters.getByTestId('filter-test-result');
    await result.waitFor({ timeout: WAIT });
    expect(await result.getAttribute('data-outcome')).toBe('hold');
    await result.getByText('wordt vastgehouden voor beoordeling').waitFor();
    expect(await result.locator('mark[data-tag="hold"]').allTextContents()).toEqual(['knollenpraat']);
    expect(await result.locator('mark[data-tag="pii"]').allTextContents()).toEqual(['jan@example.org']);
    expect(await result.locator('.mod-test__text').textContent()).toBe(`Wat een knollenpraat ${IMG}, mail me op jan@example.org`);

    // Users: mute Bram for a day, see it, lift it.
    await panel.getByRole('button', { name: 'Gebruikers', exact: true }).click();
    const users = panel.getByTestId('moderation-users');
    await users.getByLabel('Zoek op naam of e-mailadres').fill('Bram');
    await users.getByRole('button', { name: 'Zoeken' }).click();
    const user = users.locator(`[data-testid="moderated-user"][data-user-id="${bram.id}"]`);
    await user.waitFor({ timeout: WAIT });
    await user.getByLabel('Periode').selectOption({ label: '1 dag' });
    await user.getByLabel('Reden').fill('Even afkoelen');
    await user.getByRole('button', { name: 'Dempen', exact: true }).click();
    await user.getByTestId('user-sanctions').getByText('Gedempt tot', { exact: false }).waitFor({ timeout: WAIT });
    const muted = await bram.agent.request('POST', '/api/v1/comments', { body: 'Mag dit?', position: { lon: C.lon, lat: C.lat, height: 0 } });
    expect(muted.status).toBe(403);
    expect(muted.body.code).toBe('account_muted');
    // Lifting needs a reason too.
    await user.getByRole('button', { name: 'Opheffen' }).click();
    await user.getByRole('alert').getByText('Geef eerst een reden.').waitFor({ timeout: WAIT });
    await user.getByLabel('Reden').fill('Afgekoeld');
    await user.getByRole('button', { name: 'Opheffen' }).click();
    await user.getByText('Geen actieve maatregelen.').waitFor({ timeout: WAIT });
    expect(m.errors).toEqual([]);
    await expectInert(m);
    await m.context.close();
  }, STEP);
});
