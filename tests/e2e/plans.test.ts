/**
 * End to end, in real Chromium (software WebGL 2): a plan's whole journey through the Dutch UI (issue 4, "Tests"),
 * against the real server in-process (fresh SQLite file, the generated demo district as the city).
 *
 * 1. A planner (role set with the admin CLI's setRole; signs in through the UI) opens "Plannen", creates a plan
 *    with the form (title, a summary with a link, the area as an uploaded GeoJSON file around a demo building, a
 *    phase from yesterday to next month that allows comments), adds the scenarios "Hoogbouw" and "Laagbouw",
 *    clicks a building in 3D and replaces it in "Hoogbouw", invites the partner by e-mail and publishes.
 * 2. The partner opens the plan from the list, uploads a GLB from the fixtures generator, chooses "Hoogbouw",
 *    places the model by clicking the ground where the replaced building stood, scales it and saves; the
 *    placement is checked over REST.
 * 3. A resident (not signed in) opens the plan from the list: with "Vandaag" the building picks as itself; with
 *    "Hoogbouw" it is hidden (hiddenFeatureIds, pick) and the model stands there (modelCount, pick kind 'model');
 *    with "Laagbouw" the building is back. Comparing "Hoogbouw" with "Vandaag": the split slider moves the line
 *    (hooks), and which side of the line the model is on decides whether the model or the building is picked.
 * 4. The resident's URL (cam, plan, scenario, compare, split) opened in a new context shows the same plan,
 *    scenario and comparison, the camera within a few metres of the same view.
 * 5. The resident signs up and pins a comment on the model; it is stored with planId and scenarioId (REST). After
 *    the planner closes the plan (REST), a new attempt shows the phase_closed message and stores nothing.
 *
 * Waits use the DOM and the client's test hooks (window.__digitaleStad), never fixed sleeps.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBuildings, DEMO_CENTER } from '../../server/src/tiler/demo.js';
import { generateModelFixtures, type ModelFixtures } from '../fixtures/models/generate.js';
import { userWithRole, type RoleUser } from '../helpers/plans.js';
import type { TestServer } from '../helpers/server.js';
import { openPage, type WatchedPage } from './support/chromium.js';
import { startDemoApp, type DemoApp } from './support/demoApp.js';
import { uploadModelThroughUi } from './support/models.js';
import {
  amsterdamLocal,
  clickCanvas,
  groundPointNear,
  hiddenIds,
  metresBetween,
  modelPoint,
  offset,
  pickAtRoof,
  readDutchNumber,
  scenarioRadio,
  scenarioState,
  showScenario,
  signIn,
  waitForAreaInView,
} from './support/plans.js';
import { canvasBox, findClickableBuilding, pickAt, waitForIdleScene } from './support/scene.js';

const STEP = 300_000;
const WAIT = 120_000;
const TITLE = 'Woontoren Weena-Zuid';
const SUMMARY = 'Een nieuwe woontoren op de plek van het oude kantoor.\n\nMeer informatie op https://example.org/weena-zuid';
const LINK = 'https://example.org/weena-zuid';
/** The model's scale: the fixture box is 10 × 4 × 6 m (east × up × north), so 4× makes it 16 m high. */
const SCALE = 4;
const BOX_HEIGHT = 4;

let server: TestServer;
let browser: Browser;
let app: DemoApp;
let fixtures: ModelFixtures;
let planner: RoleUser;
let partner: RoleUser;
const watched: WatchedPage[] = [];

/** The square plan area (closed ring) and its centre. */
let area: { ring: [number, number][]; centre: { lon: number; lat: number } };
let planId: string;
let hoogbouwId: string;
let laagbouwId: string;
/** The building the planner replaced in "Hoogbouw". */
let replaced: { id: string; lon: number; lat: number; height: number };
let modelId: string;
let placement: { position: { lon: number; lat: number; height: number }; scale: number };
let resident: WatchedPage;
let residentUrl: string;
let residentCamera: CameraView;

interface CameraView {
  position: { lon: number; lat: number; height: number };
  heading: number;
  pitch: number;
  roll: number;
}

// ---------------------------------------------------------------------------------------------- helpers

async function open(timezoneId?: string): Promise<WatchedPage> {
  const w = await openPage(browser, server.baseUrl, { timezoneId });
  w.page.setDefaultTimeout(WAIT);
  watched.push(w);
  return w;
}

const waitForPlanInView = (page: Page) => waitForAreaInView(page, area.centre, WAIT);
const pickAtReplaced = (page: Page) => pickAtRoof(page, replaced);
const modelAt = (page: Page) => modelPoint(page, placement.position, BOX_HEIGHT * placement.scale);
const hidden = hiddenIds;

// ---------------------------------------------------------------------------------------------- setup

beforeAll(async () => {
  app = await startDemoApp('plans', async (dir) => {
    fixtures = await generateModelFixtures(path.join(dir, 'fixtures'));
  });
  ({ server, browser } = app);
  planner = await userWithRole(server, 'planner', 'Petra Planner');
  partner = await userWithRole(server, 'partner', 'Bouwbedrijf De Maas');

  // The plan area: about 56 × 56 m around the demo building nearest the district's centre.
  const [centre] = [...demoBuildings()].sort((a, b) => metresBetween(a, DEMO_CENTER) - metresBetween(b, DEMO_CENTER));
  const sw = offset(centre!, -28, -28);
  const ne = offset(centre!, 28, 28);
  area = {
    ring: [[sw.lon, sw.lat], [ne.lon, sw.lat], [ne.lon, ne.lat], [sw.lon, ne.lat], [sw.lon, sw.lat]],
    centre: { lon: centre!.lon, lat: centre!.lat },
  };
}, STEP);

afterAll(async () => {
  await app?.close();
});

// ---------------------------------------------------------------------------------------------- the journey

describe('a plan from planner to resident, in Chromium', () => {
  it('a planner creates a plan with two scenarios, replaces a building, invites a partner and publishes', async () => {
    const w = await open();
    const page = w.page;
    await page.goto(server.baseUrl + '/');
    await waitForIdleScene(page, WAIT);
    await signIn(page, planner);

    // "Plannen" → "Nieuw plan": the form
    await page.getByRole('tab', { name: 'Plannen' }).click();
    await page.getByText('Er zijn nog geen plannen.').waitFor({ timeout: WAIT });
    await page.getByRole('button', { name: 'Nieuw plan' }).click();
    const form = page.getByRole('form', { name: 'Nieuw plan' });
    await form.getByLabel('Titel').fill(TITLE);
    await form.getByLabel('Samenvatting').fill(SUMMARY);
    const geojson = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { naam: 'Plangebied' }, geometry: { type: 'Polygon', coordinates: [area.ring] } }],
    };
    await form.getByLabel('Of upload een GeoJSON-bestand').setInputFiles({
      name: 'plangebied.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify(geojson)),
    });
    await form.getByText('Gebied gekozen: 4 hoekpunten.').waitFor();
    await form.getByRole('button', { name: 'Fase toevoegen' }).click();
    const now = Date.now();
    await form.getByLabel('Naam van de fase').fill('Inspraak');
    await form.getByLabel('Begint op').fill(amsterdamLocal(new Date(now - 24 * 3600_000)));
    await form.getByLabel('Eindigt op').fill(amsterdamLocal(new Date(now + 30 * 24 * 3600_000)));
    await expect(form.getByRole('checkbox', { name: 'reageren' }).isChecked()).resolves.toBe(true);
    await form.getByRole('button', { name: 'Plan aanmaken' }).click();

    // The plan page opens, as a draft, and the camera flies to the area
    await page.getByRole('heading', { level: 2, name: TITLE }).waitFor({ timeout: WAIT });
    await page.locator('.plan-page__head').getByText('Concept').waitFor();
    await page.locator('.plan-page__summary').getByRole('link', { name: LINK }).waitFor();
    await page.locator('.phase-info').getByText(/^Fase: Inspraak \(/).waitFor();
    const listed = await planner.agent.request('GET', '/api/v1/plans');
    const stored = listed.body.plans.find((p: { title: string }) => p.title === TITLE);
    expect(stored, JSON.stringify(listed.body)).toBeTruthy();
    planId = stored.id;
    expect(stored).toMatchObject({ status: 'draft', summary: SUMMARY, area: { type: 'Polygon' } });
    expect(stored.phases).toHaveLength(1);
    expect(stored.phases[0]).toMatchObject({ name: 'Inspraak', allows: ['comment'] });
    expect(Date.parse(stored.phases[0].startsAt)).toBeLessThan(now);
    expect(Date.parse(stored.phases[0].endsAt)).toBeGreaterThan(now + 29 * 24 * 3600_000);
    await waitForPlanInView(page);

    // Two scenarios, through the "Scenario's beheren" form (open by default)
    const tools = page.getByRole('region', { name: 'Voor planners' });
    for (const [name, description] of [
      ['Hoogbouw', 'Een toren van zestien meter.'],
      ['Laagbouw', 'Rijtjeshuizen in drie lagen.'],
    ] as const) {
      const newForm = tools.getByRole('form', { name: 'Nieuw scenario' });
      await newForm.getByLabel('Naam').fill(name);
      await newForm.getByLabel('Beschrijving').fill(description);
      await newForm.getByRole('button', { name: 'Scenario toevoegen' }).click();
      await tools.getByRole('region', { name, exact: true }).waitFor({ timeout: WAIT });
      await expect.poll(() => scenarioRadio(page, name).isChecked(), { timeout: WAIT }).toBe(true);
    }
    const list: { id: string; name: string }[] = (await planner.agent.request('GET', `/api/v1/plans/${planId}/scenarios`)).body.scenarios;
    hoogbouwId = list.find((s) => s.name === 'Hoogbouw')!.id;
    laagbouwId = list.find((s) => s.name === 'Laagbouw')!.id;
    expect(hoogbouwId && laagbouwId).toBeTruthy();

    // Click a building of the plan area in 3D, then "Vervang geselecteerd gebouw" in "Hoogbouw"
    await waitForIdleScene(page, WAIT);
    const inArea = demoBuildings().filter((b) => metresBetween(b, area.centre) < 30);
    const clicked = await findClickableBuilding(page, inArea);
    replaced = inArea.find((b) => b.id === clicked.id)!;
    await clickCanvas(page, clicked.x, clicked.y);
    await expect.poll(() => page.getByTestId('building-id').textContent(), { timeout: WAIT }).toBe(replaced.id);
    await page.getByRole('tab', { name: 'Plannen' }).click();
    const hoog = tools.getByRole('region', { name: 'Hoogbouw' });
    await hoog.getByText(`Geselecteerd in 3D: gebouw ${replaced.id}.`).waitFor();
    await hoog.getByRole('button', { name: 'Vervang geselecteerd gebouw' }).click();
    await hoog.getByRole('list', { name: 'Vervangen gebouwen' }).getByText(replaced.id).waitFor({ timeout: WAIT });
    await hoog.getByText(`Gebouw ${replaced.id} is al vervangen in dit scenario.`).waitFor();
    // The planner looks at "Hoogbouw": the building is hidden there
    await showScenario(page, 'Hoogbouw', hoogbouwId, [replaced.id]);

    // Invite the partner by e-mail
    await tools.locator('summary', { hasText: 'Partners' }).click();
    await tools.getByLabel('Partner uitnodigen (e-mailadres)').fill(partner.email);
    await tools.getByRole('button', { name: 'Uitnodigen' }).click();
    await tools.getByRole('list', { name: 'Uitgenodigde partners' }).getByText(partner.displayName).waitFor({ timeout: WAIT });

    // Publish
    await tools.locator('summary', { hasText: 'Status' }).click();
    await tools.getByRole('button', { name: 'Publiceren' }).click();
    await page.locator('.plan-page__head').getByText('Gepubliceerd').waitFor({ timeout: WAIT });
    await tools.getByText('Status: Gepubliceerd').waitFor();
    const published = await server.agent().request('GET', `/api/v1/plans/${planId}`);
    expect(published.status).toBe(200);
    expect(published.body.plan).toMatchObject({ id: planId, status: 'published' });
    await w.context.close();
  }, STEP);

  it('the invited partner uploads a GLB and places it in "Hoogbouw" by clicking where the building stood', async () => {
    const w = await open();
    const page = w.page;
    await page.goto(server.baseUrl + '/');
    await waitForIdleScene(page, WAIT);
    await signIn(page, partner);
    await page.getByRole('tab', { name: 'Plannen' }).click();
    await page.getByRole('list', { name: 'Plannen, nieuwste eerst' }).getByRole('button', { name: new RegExp(TITLE) }).click();
    await page.getByRole('heading', { level: 2, name: TITLE }).waitFor({ timeout: WAIT });
    await waitForPlanInView(page);

    // Upload through the form: the model shows in the list
    const outcome = await uploadModelThroughUi(page, fixtures.texturedGlb, { name: 'Toren', timeoutMs: WAIT });
    expect(outcome, outcome.text).toMatchObject({ kind: 'uploaded' });
    modelId = outcome.value;
    await page.locator(`[data-testid="model-item"][data-model-id="${modelId}"]`).getByText('Toren').waitFor();

    // "Hoogbouw", then "Plaatsen" and a click on the ground where the replaced building stands
    await page.getByText('Kies een scenario om modellen te plaatsen.').waitFor();
    await showScenario(page, 'Hoogbouw', hoogbouwId, [replaced.id]);
    await page.locator(`[data-testid="model-item"][data-model-id="${modelId}"]`).getByTestId('model-place').click();
    await page.getByTestId('placement-picking').waitFor();
    // a ground point inside the hidden building's footprint (the building is gone in this scenario)
    const target = await groundPointNear(page, replaced);
    await clickCanvas(page, target.x, target.y);

    // The editor shows where it stands; scale it up and save
    const editor = page.getByTestId('placement-editor');
    await editor.getByTestId('placement-lon').waitFor({ timeout: WAIT });
    const picked = {
      lon: readDutchNumber(await editor.getByTestId('placement-lon').inputValue()),
      lat: readDutchNumber(await editor.getByTestId('placement-lat').inputValue()),
    };
    expect(metresBetween(picked, replaced)).toBeLessThan(10);
    await editor.getByLabel('Schaal').fill(String(SCALE));
    await editor.getByLabel('Schaal').press('Tab');
    await editor.getByTestId('placement-save').click();
    await page.getByTestId('placement-status').getByText('Plaatsing opgeslagen.').waitFor({ timeout: WAIT });
    await page.getByTestId('placement-list').getByTestId('placement-item').first().waitFor({ timeout: WAIT });

    // Stored: one placement of this model in "Hoogbouw", where it was clicked, scaled
    const r = await server.agent().request('GET', `/api/v1/plans/${planId}/scenarios`);
    expect(r.status).toBe(200);
    const list: { id: string; placements: { modelId: string; position: { lon: number; lat: number; height: number }; scale: number }[] }[] =
      r.body.scenarios;
    const hoog = list.find((s) => s.id === hoogbouwId)!;
    expect(hoog.placements).toHaveLength(1);
    expect(hoog.placements[0]).toMatchObject({ modelId, scale: SCALE });
    expect(metresBetween(hoog.placements[0]!.position, replaced)).toBeLessThan(10);
    expect(Math.abs(hoog.placements[0]!.position.height)).toBeLessThan(1);
    expect(list.find((s) => s.id === laagbouwId)!.placements).toEqual([]);
    placement = hoog.placements[0]!;
    // and the partner sees it in the 3D view
    await page.waitForFunction(() => window.__digitaleStad!.modelCount() >= 1 && window.__digitaleStad!.modelsReady(), null, { timeout: WAIT, polling: 200 });
    await w.context.close();
  }, STEP);

  it('a resident switches between "Vandaag", "Hoogbouw" and "Laagbouw", and compares with the split slider', async () => {
    resident = await open('America/New_York');
    const page = resident.page;
    await page.goto(server.baseUrl + '/');
    await waitForIdleScene(page, WAIT);
    await page.getByRole('tab', { name: 'Plannen' }).click();
    await page.getByRole('list', { name: 'Plannen, nieuwste eerst' }).getByRole('button', { name: new RegExp(TITLE) }).click();
    await page.getByRole('heading', { level: 2, name: TITLE }).waitFor({ timeout: WAIT });
    await page.locator('.plan-page__summary').getByRole('link', { name: LINK }).waitFor();
    await page.locator('.phase-info').getByText('Reageren op het plan en de scenario\'s').waitFor();
    // a resident sees no planner tools and no model upload
    expect(await page.getByRole('region', { name: 'Voor planners' }).count()).toBe(0);
    expect(await page.getByTestId('model-upload').count()).toBe(0);
    await waitForPlanInView(page);

    // "Vandaag": the city as it is, the building picks as itself
    await expect(scenarioRadio(page, 'Vandaag').isChecked()).resolves.toBe(true);
    expect(await hidden(page)).toEqual([]);
    await expect.poll(() => pickAtReplaced(page), { timeout: WAIT }).toEqual({ kind: 'building', buildingId: replaced.id });

    // "Hoogbouw": the building is gone, the partner's model stands there
    await showScenario(page, 'Hoogbouw', hoogbouwId, [replaced.id]);
    await page.waitForFunction(() => window.__digitaleStad!.modelCount() >= 1 && window.__digitaleStad!.modelsReady(), null, { timeout: WAIT, polling: 200 });
    expect(await page.evaluate(() => window.__digitaleStad!.models())).toEqual([
      expect.objectContaining({ side: 'left', modelId, status: 'ready' }),
    ]);
    await waitForIdleScene(page, WAIT);
    await expect.poll(async () => (await pickAtReplaced(page)).buildingId, { timeout: WAIT }).not.toBe(replaced.id);
    await expect.poll(async () => (await modelAt(page)).kind, { timeout: WAIT }).toBe('model');
    await page.getByText('Een toren van zestien meter.').waitFor();

    // "Laagbouw": nothing replaced, no model, the building is back
    await showScenario(page, 'Laagbouw', laagbouwId, []);
    await page.waitForFunction(() => window.__digitaleStad!.modelCount() === 0, null, { timeout: WAIT, polling: 200 });
    await expect.poll(() => pickAtReplaced(page), { timeout: WAIT }).toEqual({ kind: 'building', buildingId: replaced.id });

    // Compare "Hoogbouw" (left) with "Vandaag" (right)
    await showScenario(page, 'Hoogbouw', hoogbouwId, [replaced.id]);
    await page.waitForFunction(() => window.__digitaleStad!.modelCount() >= 1 && window.__digitaleStad!.modelsReady(), null, { timeout: WAIT, polling: 200 });
    await waitForIdleScene(page, WAIT);
    await expect.poll(async () => (await modelAt(page)).kind, { timeout: WAIT }).toBe('model');
    const m = await modelAt(page);
    await page.getByLabel('Vergelijk met').selectOption({ label: 'Vandaag' });
    await expect.poll(() => scenarioState(page), { timeout: WAIT }).toEqual({ compare: true, split: 0.5, left: hoogbouwId, right: null });
    await page.getByText('Links: Hoogbouw · Rechts: Vandaag').waitFor();
    await page.waitForFunction(() => window.__digitaleStad!.tilesetInstances().length === 2 && window.__digitaleStad!.modelsReady(), null, { timeout: WAIT, polling: 200 });
    await waitForIdleScene(page, WAIT);

    // The slider moves the line; the model shows left of it only
    const box = await canvasBox(page);
    const fx = m.x / box.width;
    const slider = page.getByRole('slider', { name: 'Scheidingslijn (links – rechts)', exact: true });
    const setSplit = async (percent: number) => {
      await slider.fill(String(percent));
      await expect.poll(() => page.evaluate(() => window.__digitaleStad!.split()), { timeout: WAIT }).toBeCloseTo(percent / 100, 6);
      expect(await scenarioState(page)).toEqual({ compare: true, split: percent / 100, left: hoogbouwId, right: null });
      await expect(slider.getAttribute('aria-valuetext')).resolves.toBe(`${percent} % van links`);
      await waitForIdleScene(page, WAIT);
    };
    // line right of the model: the model is on the "Hoogbouw" side
    await setSplit(Math.min(95, Math.round(fx * 100) + 15));
    await expect.poll(async () => (await pickAt(page, m.x, m.y)).kind, { timeout: WAIT }).toBe('model');
    // line left of the model: its spot is on the "Vandaag" side, the building is there
    await setSplit(Math.max(5, Math.round(fx * 100) - 15));
    await expect.poll(() => pickAtReplaced(page), { timeout: WAIT }).toEqual({ kind: 'building', buildingId: replaced.id });
    expect((await pickAt(page, m.x, m.y)).kind).not.toBe('model');
  }, STEP);

  it('the shared URL opens the same plan, scenario and comparison, with the same camera', async () => {
    const page = resident.page;
    const split = await page.evaluate(() => window.__digitaleStad!.split());
    await expect.poll(() => Number(new URL(page.url()).searchParams.get('split')), { timeout: WAIT }).toBeCloseTo(split, 3);
    const url = new URL(page.url());
    expect(url.searchParams.get('plan')).toBe(planId);
    expect(url.searchParams.get('scenario')).toBe(hoogbouwId);
    expect(url.searchParams.get('compare')).toBe('today');
    expect(url.searchParams.get('cam')!.split(',').map(Number).filter(Number.isFinite)).toHaveLength(6);
    residentUrl = url.toString();
    residentCamera = await page.evaluate(() => window.__digitaleStad!.cameraView());
    // the URL's camera is the camera now (it was written when the camera stopped)
    const [lon, lat, height] = url.searchParams.get('cam')!.split(',').map(Number);
    expect(metresBetween({ lon: lon!, lat: lat! }, residentCamera.position)).toBeLessThan(1);
    expect(Math.abs(height! - residentCamera.position.height)).toBeLessThan(1);

    const other = await open();
    await other.page.goto(residentUrl);
    await other.page.getByRole('heading', { level: 2, name: TITLE }).waitFor({ timeout: WAIT });
    await expect(scenarioRadio(other.page, 'Hoogbouw').isChecked()).resolves.toBe(true);
    await expect(other.page.getByLabel('Vergelijk met').inputValue()).resolves.toBe('today');
    await expect.poll(() => scenarioState(other.page), { timeout: WAIT }).toMatchObject({ compare: true, left: hoogbouwId, right: null });
    expect((await scenarioState(other.page)).split).toBeCloseTo(split, 3);
    await expect.poll(() => hidden(other.page), { timeout: WAIT }).toEqual([replaced.id]);
    await waitForIdleScene(other.page, WAIT);
    const cam = await other.page.evaluate(() => window.__digitaleStad!.cameraView());
    expect(metresBetween(cam.position, residentCamera.position)).toBeLessThan(3);
    expect(Math.abs(cam.position.height - residentCamera.position.height)).toBeLessThan(3);
    const dh = Math.abs(((cam.heading - residentCamera.heading + 540) % 360) - 180);
    expect(dh).toBeLessThan(1);
    expect(Math.abs(cam.pitch - residentCamera.pitch)).toBeLessThan(1);
    // the same picture: the building where the split shows "Vandaag"
    await expect.poll(() => pickAtReplaced(other.page), { timeout: WAIT }).toEqual({ kind: 'building', buildingId: replaced.id });
    await other.context.close();
  }, STEP);

  it('a resident pins a comment on the model in "Hoogbouw"; once the plan is closed, commenting is refused', async () => {
    const page = resident.page;
    // stop comparing, and sign up through the UI
    await page.getByLabel('Vergelijk met').selectOption({ label: 'Niet vergelijken' });
    await expect.poll(() => scenarioState(page), { timeout: WAIT }).toMatchObject({ compare: false, left: hoogbouwId });
    await page.getByRole('tab', { name: 'Account' }).click();
    await page.getByRole('button', { name: 'Account maken' }).click();
    await page.getByLabel('E-mailadres').fill(`bewoner-${Date.now()}@example.org`);
    await page.getByLabel('Weergavenaam').fill('Bram Bewoner');
    await page.getByLabel('Wachtwoord').fill('correct horse battery');
    await page.getByRole('button', { name: 'Account maken' }).click();
    await page.getByTestId('who').getByText('Ingelogd als Bram Bewoner').waitFor({ timeout: WAIT });
    // still in the plan, in "Hoogbouw"
    expect(await scenarioState(page)).toMatchObject({ compare: false, left: hoogbouwId });
    await waitForIdleScene(page, WAIT);

    const BODY = 'Zestien meter is te hoog voor deze straat.';
    const comment = async (body: string) => {
      await page.getByRole('tab', { name: /Reacties/ }).click();
      await page.getByRole('button', { name: 'Reactie plaatsen' }).click();
      await waitForIdleScene(page, WAIT);
      await expect.poll(async () => (await modelAt(page)).kind, { timeout: WAIT }).toBe('model');
      const m = await modelAt(page);
      await clickCanvas(page, m.x, m.y);
      const compose = page.getByRole('region', { name: 'Nieuwe reactie' });
      await compose.getByText('Op een model in het plan').waitFor({ timeout: WAIT });
      await compose.getByText(`Bij plan „${TITLE}”, scenario: Hoogbouw`).waitFor();
      await compose.getByLabel('Je reactie').fill(body);
      await compose.getByRole('button', { name: 'Plaatsen', exact: true }).click();
      return compose;
    };

    await comment(BODY);
    await page.locator('.comment-card__body', { hasText: BODY }).waitFor({ timeout: WAIT });
    const listed = await server.agent().request('GET', `/api/v1/comments?planId=${planId}`);
    expect(listed.status).toBe(200);
    expect(listed.body.features).toHaveLength(1);
    expect(listed.body.features[0].properties).toMatchObject({ body: BODY, planId, scenarioId: hoogbouwId });
    const inScenario = await server.agent().request('GET', `/api/v1/comments?planId=${planId}&scenarioId=${laagbouwId}`);
    expect(inScenario.body.features).toEqual([]);
    // pinned on the model: above the ground, within the model's footprint
    const [lon, lat, h] = listed.body.features[0].geometry.coordinates as number[];
    expect(metresBetween({ lon: lon!, lat: lat! }, placement.position)).toBeLessThan(25);
    expect(h).toBeGreaterThan(1);

    // The planner closes the plan (REST); the resident's page follows live
    const current = await planner.agent.request('GET', `/api/v1/plans/${planId}`);
    const plan = current.body.plan;
    const closed = await planner.agent.request('PATCH', `/api/v1/plans/${planId}`, { version: plan.version, status: 'closed' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    await page.getByRole('tab', { name: 'Plannen' }).click();
    await page.locator('.plan-page__head').getByText('Gesloten').waitFor({ timeout: WAIT });
    await page.getByText('Dit plan is gesloten: alleen bekijken.').waitFor();

    // A new attempt: the server refuses with phase_closed, the form says why, nothing is stored
    const compose = await comment('Nog een reactie na de sluiting.');
    await compose.getByText('In de huidige fase van dit plan kan dat niet.').waitFor({ timeout: WAIT });
    const after = await server.agent().request('GET', `/api/v1/comments?planId=${planId}`);
    expect(after.body.features).toHaveLength(1);
  }, STEP);

  it('fired no dialog, threw no error and asked nothing of other origins', () => {
    for (const w of watched) {
      expect(w.dialogs).toEqual([]);
      expect(w.errors).toEqual([]);
      expect(w.foreignRequests).toEqual([]);
    }
  });
});
