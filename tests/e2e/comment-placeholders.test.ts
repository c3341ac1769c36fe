/**
 * End to end, in real Chromium: the resident's comments tab under moderation (issue 6, client/src/features/comments/).
 * A comment with a reply is on screen; the server hides it (store flag) and sends the public `content:moderated`
 * event (straight on the server's socket.io, so this file does not depend on the moderation endpoints):
 * - the card turns into a placeholder "Verborgen door een moderator op …" without a reload, the text is gone from
 *   the page and the tab badge no longer counts it;
 * - opened, the thread shows the placeholder, the reply (its author's deleted account shown as
 *   "Verwijderde deelnemer") and no reply form;
 * - when the reply is hidden too, the placeholder leaves the list; restored, the comment comes back with its text.
 *
 * Waits use the DOM and the client's test hooks (window.__digitaleStad), never fixed sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CENTER } from '../../server/src/tiler/demo.js';
import { setCommentFlags } from '../../server/src/store/comments.js';
import { userWithRole, type RoleUser } from '../helpers/plans.js';
import { openPage, type WatchedPage } from './support/chromium.js';
import { startDemoApp, type DemoApp } from './support/demoApp.js';
import { signIn } from './support/plans.js';
import { waitForIdleScene } from './support/scene.js';

const STEP = 300_000;
const WAIT = 120_000;

let app: DemoApp;
let alice: RoleUser;
let bob: RoleUser;
let page: WatchedPage;

beforeAll(async () => {
  app = await startDemoApp('placeholders');
  alice = await userWithRole(app.server, 'resident', 'Alice');
  bob = await userWithRole(app.server, 'resident', 'Bob');
}, 300_000);

afterAll(async () => {
  await app?.close();
});

function moderated(kind: 'comment' | 'reply', id: string, change: 'gone' | 'restored', parentId: string | null = null) {
  app.server.app.io.emit('content:moderated', { kind, id, change, planId: null, threadId: null, parentId });
}

describe('comment placeholders in Chromium', () => {
  it('turns a hidden comment into a placeholder live, keeps its replies, and drops it with its last reply', async () => {
    const db = app.server.app.store.db;
    const post = async (who: RoleUser, body: Record<string, unknown>) => {
      const r = await who.agent.request('POST', '/api/v1/comments', body);
      expect(r.status).toBe(201);
      return r.body.comment as { id: string };
    };
    const c = await post(alice, { position: { lon: DEMO_CENTER.lon, lat: DEMO_CENTER.lat, height: 0 }, body: 'Tekst die verborgen wordt' });
    const r = await post(bob, { body: 'Antwoord van Bob', parentId: c.id });
    await db.updateTable('users').set({ deleted_at: new Date().toISOString() }).where('id', '=', bob.id).execute();

    page = await openPage(app.browser, app.server.baseUrl);
    await page.page.goto(app.server.baseUrl + '/');
    await waitForIdleScene(page.page);
    await signIn(page.page, alice);
    await page.page.getByRole('tab', { name: /Reacties/ }).click();
    const card = page.page.locator(`.comment-card[data-comment-id="${c.id}"]`);
    await card.getByText('Tekst die verborgen wordt').waitFor({ timeout: WAIT });
    const badge = page.page.getByRole('tab', { name: /Reacties/ }).locator('.tabs__badge');
    expect(await badge.textContent()).toBe('1');

    // Hidden by a moderator: the card becomes a placeholder without a reload.
    await setCommentFlags(db, c.id, { hidden_at: '2026-11-30T01:00:00.000Z' });
    moderated('comment', c.id, 'gone');
    await page.page.locator(`.comment-card[data-comment-id="${c.id}"][data-moderated="hidden"]`).waitFor({ timeout: WAIT });
    await card.getByText('Verborgen door een moderator op 30 nov 2026').waitFor({ timeout: WAIT });
    expect(await page.page.getByText('Tekst die verborgen wordt').count()).toBe(0);
    expect(await card.textContent()).toContain('1 antwoord');
    await expect.poll(() => badge.textContent(), { timeout: WAIT }).toBe('0');

    // Opened: the placeholder, the reply (by a removed participant), no reply form.
    await card.click();
    const thread = page.page.getByTestId('thread');
    await thread.getByText('Verborgen door een moderator op').waitFor({ timeout: WAIT });
    await thread.getByText('Antwoord van Bob').waitFor({ timeout: WAIT });
    await thread.getByText('Verwijderde deelnemer').waitFor({ timeout: WAIT });
    await thread.getByText('Op deze reactie kan niet meer worden geantwoord').waitFor({ timeout: WAIT });
    expect(await thread.getByLabel('Je antwoord').count()).toBe(0);
    expect(await thread.locator('img, script, svg').count()).toBe(0);

    // Its last reply hidden: the placeholder goes (thread closed, card gone).
    await setCommentFlags(db, r.id, { hidden_at: new Date().toISOString() });
    moderated('reply', r.id, 'gone', c.id);
    await thread.waitFor({ state: 'detached', timeout: WAIT });
    await card.waitFor({ state: 'detached', timeout: WAIT });

    // Restored: back with its text.
    await setCommentFlags(db, c.id, { hidden_at: null });
    moderated('comment', c.id, 'restored');
    await card.getByText('Tekst die verborgen wordt').waitFor({ timeout: WAIT });
    await expect.poll(() => badge.textContent(), { timeout: WAIT }).toBe('1');
    expect(page.errors).toEqual([]);
  }, STEP);
});
