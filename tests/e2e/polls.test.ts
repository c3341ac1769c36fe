/**
 * End to end, in real Chromium: polls on the plan page (issue 5, "e2e: a resident votes and sees results appear
 * after closing"), against the real server in-process (fresh SQLite file, the demo district as the city).
 *
 * Set-up over REST with the planner's agent: a published plan whose current phase allows voting, a poll with results
 * `after_close` closing ~25 s after creation (another resident votes "Park" in it over REST), and a poll with results
 * `always` open for an hour.
 * 1. Resident A (signed in through the UI) opens the plan by URL, votes "Woningen" in the first poll, sees "je stem is
 *    opgeslagen" and "results after closing", and the poll's DOM holds no counts at all (no result rows, no
 *    `data-count`, no "n stemmen" / "n deelnemers" text).
 * 2. Waiting on the DOM (no sleeps), A sees the final results appear after closing: Park 1, Woningen 1, Parkeren 0,
 *    2 deelnemers, 50 %.
 * 3. Resident B, in a second browser context, votes "Ja" in the `always` poll; A's bars update live (poll:results)
 *    within a second of B's "saved" message, without reloading; B changes and then withdraws the vote, A follows.
 * 4. The planner creates a multiple-choice poll with the form: an opening time in the spring gap gets the server's
 *    `nonexistent_local_time` message next to that field; a closing time in the autumn overlap gets the
 *    `ambiguous_local_time` message and the two choices; with "wintertijd (+01:00)" the poll is stored closing at
 *    01:30 UTC and listed as "nog niet open".
 * 5. "Peilingen in beeld" (comments tab): the planner, signed in through the UI, makes a spot poll "in het midden van
 *    het beeld" (results always visible, opening now and closing in an hour, typed as Amsterdam local time); a
 *    resident looking at the same view in a second context sees it appear live (poll:created), votes, and both
 *    cards show the count 1 live.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planBody, phaseNow, userWithRole, type RoleUser } from '../helpers/plans.js';
import type { TestServer } from '../helpers/server.js';
import { openPage, type WatchedPage } from './support/chromium.js';
import { startDemoApp, type DemoApp } from './support/demoApp.js';
import { waitForIdleScene } from './support/scene.js';
import { amsterdamLocal, signIn } from './support/plans.js';

const STEP = 180_000;
const WAIT = 60_000;
const CLOSING_MS = 25_000;
const Q1 = 'Wat komt er op het plein?';
const Q2 = 'Moet de straat autovrij worden?';

let app: DemoApp;
let server: TestServer;
let browser: Browser;
let planner: RoleUser;
let residentA: RoleUser;
let residentB: RoleUser;
let other: RoleUser;
const watched: WatchedPage[] = [];
let a: Page;
let planId: string;
let poll1: { id: string; closesAt: string; options: { id: string; label: string }[] };
let poll2: { id: string; options: { id: string; label: string }[] };

/** The card of the poll with `question` on `page`. */
function card(page: Page, question: string): Locator {
  return page.locator('article.poll').filter({ has: page.getByRole('heading', { name: question }) });
}

/** Count shown for option `label` in a card's result bars (from the row's data-count). */
async function countOf(c: Locator, optionId: string): Promise<number> {
  return Number(await c.locator(`.poll-results__row[data-option-id="${optionId}"]`).getAttribute('data-count'));
}

async function createPoll(body: Record<string, unknown>) {
  const r = await planner.agent.request('POST', '/api/v1/polls', { attachment: { planId }, ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.poll;
}

beforeAll(async () => {
  app = await startDemoApp('polls');
  ({ server, browser } = app);
  [planner, residentA, residentB, other] = await Promise.all([
    userWithRole(server, 'planner', 'Planner Polls'),
    userWithRole(server, 'resident', 'Bewoner A'),
    userWithRole(server, 'resident', 'Bewoner B'),
    userWithRole(server, 'resident', 'Bewoner C'),
  ]);
  const wa = await openPage(browser, server.baseUrl);
  watched.push(wa);
  a = wa.page;
  await a.goto(server.baseUrl + '/');
  await signIn(a, residentA);
}, STEP);

afterAll(async () => {
  for (const w of watched) {
    expect(w.errors, 'uncaught page errors').toEqual([]);
    expect(w.foreignRequests).toEqual([]);
  }
  await app?.close();
});

describe('polls on the plan page', () => {
  it('a resident votes, sees no counts before closing and the final results after', async () => {
    const created = await planner.agent.request('POST', '/api/v1/plans', planBody({ title: 'Pleinplan', phases: [phaseNow(['comment', 'vote'])] }));
    expect(created.status).toBe(201);
    planId = created.body.plan.id;
    const pub = await planner.agent.request('PATCH', `/api/v1/plans/${planId}`, { version: created.body.plan.version, status: 'published' });
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);

    poll2 = await createPoll({
      question: Q2,
      options: [{ label: 'Ja' }, { label: 'Nee' }],
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 3600_000).toISOString(),
      resultsVisibility: 'always',
    });
    poll1 = await createPoll({
      question: Q1,
      options: [{ label: 'Park' }, { label: 'Woningen' }, { label: 'Parkeren' }],
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + CLOSING_MS).toISOString(),
    });
    const [park, woningen, parkeren] = poll1.options.map((o) => o.id) as [string, string, string];
    const vote = await other.agent.request('PUT', `/api/v1/polls/${poll1.id}/ballot`, { choices: [park] });
    expect(vote.status, JSON.stringify(vote.body)).toBe(200);

    await a.goto(`${server.baseUrl}/?plan=${planId}`);
    const c1 = card(a, Q1);
    await c1.waitFor({ timeout: WAIT });
    await expect.poll(() => c1.locator('.poll__state').textContent()).toBe('open');
    await c1.getByRole('radio', { name: 'Woningen' }).check();
    await c1.getByRole('button', { name: 'Stemmen' }).click();
    await c1.getByText('Je stem is opgeslagen.').waitFor({ timeout: WAIT });
    expect(Date.now()).toBeLessThan(Date.parse(poll1.closesAt)); // the vote counted before closing

    // Results after closing: the line says so, and nothing in the card carries a count.
    await c1.getByText(/De uitslag is zichtbaar na het sluiten/).waitFor();
    expect(await c1.locator('[data-testid="poll-results"], [data-count], [role="meter"]').count()).toBe(0);
    const text = (await c1.textContent()) ?? '';
    expect(text).not.toMatch(/\d+\s*(stem|stemmen|deelnemer|deelnemers)\b/);
    expect(text).not.toMatch(/%/);
    // The ballot is stored (REST, as the resident).
    const mine = await residentA.agent.request('GET', `/api/v1/polls/${poll1.id}`);
    expect(mine.body.poll.myBallot.choices).toEqual([woningen]);
    expect(mine.body.poll.results).toBeNull();

    // Closing: the final results appear without a reload (waiting on the DOM).
    const results = c1.getByTestId('poll-results');
    await results.waitFor({ timeout: CLOSING_MS + WAIT });
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(poll1.closesAt));
    await expect.poll(() => c1.locator('.poll__state').textContent()).toBe('gesloten');
    await results.getByRole('heading', { name: 'Einduitslag' }).waitFor();
    expect([await countOf(c1, park), await countOf(c1, woningen), await countOf(c1, parkeren)]).toEqual([1, 1, 0]);
    expect(await results.textContent()).toContain('2 deelnemers');
    expect(await c1.locator(`.poll-results__row[data-option-id="${woningen}"]`).textContent()).toContain('1 stem · 50%');
    expect(await c1.locator(`.poll-results__row[data-option-id="${parkeren}"]`).textContent()).toContain('0 stemmen · 0%');
    await c1.getByRole('link', { name: 'Uitslag downloaden (CSV)' }).waitFor();
    // Voting is over: no vote button any more.
    expect(await c1.getByRole('button', { name: /Stem/ }).count()).toBe(0);
  }, STEP);

  it('a vote in a second browser context updates the first one live when results are always visible', async () => {
    const [ja, nee] = poll2.options.map((o) => o.id) as [string, string];
    const c2a = card(a, Q2);
    await c2a.getByTestId('poll-results').waitFor({ timeout: WAIT });
    expect([await countOf(c2a, ja), await countOf(c2a, nee)]).toEqual([0, 0]);

    const wb = await openPage(browser, server.baseUrl);
    watched.push(wb);
    const b = wb.page;
    await b.goto(server.baseUrl + '/');
    await signIn(b, residentB);
    await b.goto(`${server.baseUrl}/?plan=${planId}`);
    const c2b = card(b, Q2);
    await c2b.waitFor({ timeout: WAIT });
    await c2b.getByRole('radio', { name: 'Ja' }).check();
    await c2b.getByRole('button', { name: 'Stemmen' }).click();
    await c2b.getByText('Je stem is opgeslagen.').waitFor({ timeout: WAIT });
    const savedAt = Date.now();

    await c2a.locator(`.poll-results__row[data-option-id="${ja}"][data-count="1"]`).waitFor({ timeout: 5000 });
    expect(Date.now() - savedAt).toBeLessThan(1000);
    expect(await countOf(c2a, nee)).toBe(0);
    expect(await c2a.getByTestId('poll-results').textContent()).toContain('1 deelnemer');

    // B changes the vote; A follows again.
    await c2b.getByRole('radio', { name: 'Nee' }).check();
    await c2b.getByRole('button', { name: 'Stem wijzigen' }).click();
    await c2a.locator(`.poll-results__row[data-option-id="${nee}"][data-count="1"]`).waitFor({ timeout: 5000 });
    expect(await countOf(c2a, ja)).toBe(0);

    // B withdraws; A's counts drop back to none.
    await c2b.getByRole('button', { name: 'Stem intrekken' }).click();
    await c2b.getByText('Je stem is ingetrokken.').waitFor({ timeout: WAIT });
    await c2a.locator(`.poll-results__row[data-option-id="${nee}"][data-count="0"]`).waitFor({ timeout: 5000 });
    expect(await c2a.getByTestId('poll-results').textContent()).toContain('0 deelnemers');
    expect(await c2b.getByRole('radio', { name: 'Nee' }).isChecked()).toBe(false);
  }, STEP);

  it('a planner creates a poll with the form; DST gap and overlap answers appear next to the time fields', async () => {
    const wp = await openPage(browser, server.baseUrl);
    watched.push(wp);
    const p = wp.page;
    await p.goto(server.baseUrl + '/');
    await signIn(p, planner);
    await p.goto(`${server.baseUrl}/?plan=${planId}`);
    await card(p, Q1).waitFor({ timeout: WAIT });
    await p.getByRole('button', { name: 'Nieuwe peiling' }).click();
    const form = p.locator('form.poll-form');
    await form.getByLabel('Vraag').fill('Welke bomen?');
    await form.getByLabel('Antwoord 1', { exact: true }).fill('Eik');
    await form.getByLabel('Antwoord 2', { exact: true }).fill('Linde');
    await form.getByRole('button', { name: 'Antwoord toevoegen' }).click();
    await form.getByLabel('Antwoord 3', { exact: true }).fill('Plataan');
    await form.getByRole('radio', { name: 'Meerdere keuzes' }).check();
    await form.getByLabel('Maximaal aantal keuzes').fill('2');
    const opens = form.getByLabel('Opent op');
    const closes = form.getByLabel('Sluit op');
    await opens.fill('2027-03-28T02:30');
    await closes.fill('2027-10-31T02:30');
    await form.getByRole('button', { name: 'Peiling maken' }).click();

    await form.getByText(/2027-03-28T02:30 does not exist in Amsterdam/).waitFor({ timeout: WAIT });
    expect(await opens.getAttribute('aria-invalid')).toBe('true');
    expect(await closes.getAttribute('aria-invalid')).toBe('false');

    await opens.fill('2027-03-28T03:30');
    await form.getByRole('button', { name: 'Peiling maken' }).click();
    await form.getByText(/happens twice in Amsterdam/).waitFor({ timeout: WAIT });
    expect(await closes.getAttribute('aria-invalid')).toBe('true');
    await form.getByRole('radio', { name: 'zomertijd (+02:00)' }).waitFor();
    await form.getByRole('radio', { name: 'wintertijd (+01:00)' }).check();
    await form.getByRole('button', { name: 'Peiling maken' }).click();

    const c = card(p, 'Welke bomen?');
    await c.waitFor({ timeout: WAIT });
    expect(await c.locator('.poll__state').textContent()).toBe('nog niet open');
    expect(await c.getByText('Kies maximaal 2 antwoorden.').count()).toBe(1);
    const list = await planner.agent.request('GET', `/api/v1/polls?planId=${planId}`);
    const stored = list.body.polls.find((x: { question: string }) => x.question === 'Welke bomen?');
    expect(stored).toMatchObject({
      kind: 'multiple',
      maxChoices: 2,
      opensAt: '2027-03-28T01:30:00.000Z',
      closesAt: '2027-10-31T01:30:00.000Z',
      resultsVisibility: 'after_close',
    });
    expect(stored.options.map((o: { label: string }) => o.label)).toEqual(['Eik', 'Linde', 'Plataan']);
  }, STEP);

  it('"Peilingen in beeld": a spot poll made at the centre of the view appears live for a resident; the vote counts live on both sides', async () => {
    const Q3 = 'Een bankje op deze plek?';
    /** The comments tab's "Peilingen in beeld" section, once the view is loaded and the list has settled. */
    async function inView(page: Page): Promise<Locator> {
      await page.getByRole('tab', { name: /Reacties/ }).click();
      await waitForIdleScene(page);
      // The list of comments in view is fetched after viewport:subscribe was sent: the socket follows this view.
      await page.locator('.comment-list[data-status="idle"]').waitFor({ timeout: WAIT });
      const section = page.getByRole('region', { name: 'Peilingen in beeld' });
      await section.waitFor({ timeout: WAIT });
      await expect.poll(() => section.textContent(), { timeout: WAIT }).not.toMatch(/Peilingen laden|Het beeld is nog niet geladen/);
      return section;
    }

    const wr = await openPage(browser, server.baseUrl);
    watched.push(wr);
    const r = wr.page;
    await r.goto(server.baseUrl + '/');
    await signIn(r, residentB);
    const rSection = await inView(r);
    expect(await card(r, Q3).count()).toBe(0);
    // A resident gets no form for spot polls.
    expect(await rSection.getByRole('button', { name: 'Nieuwe peiling' }).count()).toBe(0);

    const wp = await openPage(browser, server.baseUrl);
    watched.push(wp);
    const p = wp.page;
    await p.goto(server.baseUrl + '/');
    await signIn(p, planner);
    const pSection = await inView(p);
    await pSection.getByRole('button', { name: 'Nieuwe peiling' }).click();
    const form = pSection.locator('form.poll-form');
    await form.getByRole('radio', { name: 'In het midden van het beeld' }).check();
    expect(await form.getByRole('radio', { name: /Bij een gebouw/ }).isDisabled()).toBe(true);
    await form.getByLabel('Vraag').fill(Q3);
    await form.getByLabel('Antwoord 1', { exact: true }).fill('Graag');
    await form.getByLabel('Antwoord 2', { exact: true }).fill('Liever niet');
    await form.getByLabel('Uitslag zichtbaar').selectOption({ label: 'Altijd' });
    const opensAt = amsterdamLocal(new Date());
    const closesAt = amsterdamLocal(new Date(Date.now() + 3600_000));
    await form.getByLabel('Opent op').fill(opensAt);
    await form.getByLabel('Sluit op').fill(closesAt);
    await form.getByRole('button', { name: 'Peiling maken' }).click();
    await pSection.getByText('Peiling gemaakt.').waitFor({ timeout: WAIT });
    const pc = card(p, Q3);
    await pc.waitFor({ timeout: WAIT });

    // Stored as a spot poll (no plan), at a position, with the typed Amsterdam times in UTC.
    const pollId = await pc.getAttribute('data-poll-id');
    const got = await planner.agent.request('GET', `/api/v1/polls/${pollId}`);
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    const stored = got.body.poll;
    expect(stored).toMatchObject({ planId: null, resultsVisibility: 'always', kind: 'single' });
    expect(stored.position).toEqual(expect.objectContaining({ lon: expect.any(Number), lat: expect.any(Number) }));
    expect(amsterdamLocal(new Date(stored.opensAt))).toBe(opensAt);
    expect(amsterdamLocal(new Date(stored.closesAt))).toBe(closesAt);
    const [graag, liever] = stored.options.map((o: { id: string }) => o.id) as [string, string];

    // The resident sees it appear without reloading.
    const rc = card(r, Q3);
    await rSection.locator('article.poll', { has: r.getByRole('heading', { name: Q3 }) }).waitFor({ timeout: 10_000 });
    await expect.poll(() => rc.locator('.poll__state').textContent()).toBe('open');
    await rc.getByTestId('poll-results').waitFor({ timeout: WAIT });
    expect([await countOf(rc, graag), await countOf(rc, liever)]).toEqual([0, 0]);
    await pc.getByTestId('poll-results').waitFor({ timeout: WAIT });
    expect([await countOf(pc, graag), await countOf(pc, liever)]).toEqual([0, 0]);

    await rc.getByRole('radio', { name: 'Graag' }).check();
    await rc.getByRole('button', { name: 'Stemmen' }).click();
    await rc.getByText('Je stem is opgeslagen.').waitFor({ timeout: WAIT });
    await rc.locator(`.poll-results__row[data-option-id="${graag}"][data-count="1"]`).waitFor({ timeout: 5000 });
    // The planner's card follows live (poll:results), no reload.
    await pc.locator(`.poll-results__row[data-option-id="${graag}"][data-count="1"]`).waitFor({ timeout: 5000 });
    expect(await countOf(pc, liever)).toBe(0);
    expect(await pc.getByTestId('poll-results').textContent()).toContain('1 deelnemer');
    expect(await rc.getByTestId('poll-results').textContent()).toContain('1 deelnemer');
  }, STEP);
});
