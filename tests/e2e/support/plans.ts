/**
 * E2e helpers for plans (issue 4) in real Chromium: distances on the ground, Amsterdam `datetime-local` text,
 * signing in through the account tab, waiting for the camera to arrive at a plan, what a pick finds at a building's
 * roof or on a placed model, and switching scenarios in the plan page's switcher. Waits use the DOM and the client's
 * test hooks (client/src/viewer/testHooks.ts), never fixed sleeps.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { canvasBox, pickAt, toScreen, waitForIdleScene } from './scene.js';

type LonLat = { lon: number; lat: number };

/** Metres between two WGS84 points (equirectangular; fine over a few hundred metres). */
export function metresBetween(a: LonLat, b: LonLat): number {
  const k = Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot((a.lon - b.lon) * k * 111_320, (a.lat - b.lat) * 110_574);
}

/** The point `east` / `north` metres from `p` (WGS84 degrees). */
export function offset(p: LonLat, east: number, north: number): LonLat {
  return { lon: p.lon + east / (111_320 * Math.cos((p.lat * Math.PI) / 180)), lat: p.lat + north / 110_574 };
}

/** `datetime-local` text (`YYYY-MM-DDTHH:mm`) for an instant as Europe/Amsterdam wall-clock time, as the phase form reads it. */
export function amsterdamLocal(d: Date): string {
  const f = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Amsterdam',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return f.format(d).replace(' ', 'T');
}

/** A number from a field the Dutch UI formats with a decimal comma (and maybe `.` or thin-space grouping). */
export function readDutchNumber(text: string): number {
  return Number(text.replace(/[\s\u00a0\u202f.]/g, '').replace(',', '.'));
}

/** Signs in through the account tab's log-in form and waits until the header says who is signed in. */
export async function signIn(page: Page, user: { email: string; password: string; displayName: string }, timeout = 120_000): Promise<void> {
  await page.getByRole('tab', { name: 'Account' }).click();
  await page.getByLabel('E-mailadres').fill(user.email);
  await page.getByLabel('Wachtwoord').fill(user.password);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await page.getByTestId('who').getByText(`Ingelogd als ${user.displayName}`).waitFor({ timeout });
}

/**
 * Waits until the camera has arrived at a plan: `idle()` (no flight, tiles and models loaded) and `centre` (the
 * area's centre on the ground) near the middle of the 3D view, where flyToBBox puts it. Before the flight starts
 * `idle()` is already true, hence the second condition.
 */
export async function waitForAreaInView(page: Page, centre: LonLat, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    ([x, y]) => {
      const h = window.__digitaleStad;
      const canvas = document.querySelector('.city-view canvas');
      if (!h || !canvas || !h.idle()) return false;
      const s = h.toScreen(x, y, 0);
      if (!s) return false;
      const r = canvas.getBoundingClientRect();
      return Math.abs(s.x - r.width / 2) < r.width * 0.15 && Math.abs(s.y - r.height / 2) < r.height * 0.2;
    },
    [centre.lon, centre.lat] as const,
    { timeout, polling: 200 },
  );
}

/** Feature ids hidden on the left side of the view in the demo tileset. */
export async function hiddenIds(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__digitaleStad!.hiddenFeatureIds('demo'));
}

/** `scenarioState()`: compare on/off, split, scenario ids on each side (null = today). */
export async function scenarioState(page: Page) {
  return page.evaluate(() => window.__digitaleStad!.scenarioState());
}

/**
 * What is picked at a building's roof point (WGS84, ellipsoidal height) now: `{kind: 'building', buildingId}` when
 * the building itself is there (tried at 3, 0 and 6 px below the point: a gabled ridge is a silhouette edge), else
 * what is picked 3 px below it; `offscreen` when the point is behind the camera.
 */
export async function pickAtRoof(page: Page, b: { id: string; lon: number; lat: number; height: number }): Promise<{ kind: string; buildingId: string | null }> {
  const s = await toScreen(page, b.lon, b.lat, b.height);
  if (!s) return { kind: 'offscreen', buildingId: null };
  for (const dy of [3, 0, 6]) {
    const p = await pickAt(page, s.x, s.y + dy);
    if (p.kind === 'building' && p.buildingId === b.id) return { kind: p.kind, buildingId: p.buildingId };
  }
  const p = await pickAt(page, s.x, s.y + 3);
  return { kind: p.kind, buildingId: p.buildingId };
}

/**
 * A canvas point on a placed model standing at `position` and `height` metres tall: its vertical axis at half, 3/4,
 * 1/4 and 9/10 of the height; the first whose pick is kind 'model', else the last tried (with what it picked).
 */
export async function modelPoint(page: Page, position: { lon: number; lat: number; height: number }, height: number): Promise<{ x: number; y: number; kind: string }> {
  let last = { x: 0, y: 0, kind: 'offscreen' };
  for (const f of [0.5, 0.75, 0.25, 0.9]) {
    const s = await toScreen(page, position.lon, position.lat, position.height + f * height);
    if (!s) continue;
    const p = await pickAt(page, s.x, s.y);
    last = { x: s.x, y: s.y, kind: p.kind };
    if (p.kind === 'model') return last;
  }
  return last;
}

/**
 * A canvas point within a few metres of `p` where the ground itself is picked (nothing standing in front of it),
 * trying the point and offsets of 3 and 6 m; throws with what was picked at each try when there is none.
 */
export async function groundPointNear(page: Page, p: LonLat, within = 10): Promise<{ x: number; y: number }> {
  const tried: string[] = [];
  for (const [e, n] of [[0, 0], [0, -3], [3, 0], [-3, 0], [0, 3], [3, -3], [-3, -3], [3, 3], [-3, 3], [0, -6], [6, 0], [-6, 0]] as const) {
    const g = offset(p, e, n);
    const s = await toScreen(page, g.lon, g.lat, 0);
    if (!s) continue;
    const hit = await pickAt(page, s.x, s.y);
    const pos = hit.position as LonLat | null;
    tried.push(`${e},${n}: ${hit.kind}${hit.buildingId ? ` ${hit.buildingId}` : ''}`);
    if (hit.kind === 'ground' && pos && metresBetween(pos, p) < within) return s;
  }
  throw new Error(`no visible ground within ${within} m of ${p.lon},${p.lat}: ${tried.join('; ')}`);
}

/** Clicks at canvas-relative CSS pixels (x, y). */
export async function clickCanvas(page: Page, x: number, y: number): Promise<void> {
  const box = await canvasBox(page);
  await page.mouse.click(box.x + x, box.y + y);
}

/** The radio of a scenario (or "Vandaag") in the plan page's scenario switcher. */
export function scenarioRadio(page: Page, name: string) {
  return page.getByRole('radio', { name, exact: true });
}

/**
 * Chooses a scenario (or "Vandaag") in the switcher and waits until the view shows it (not comparing, `id` on the
 * left, exactly `hidden` hidden) and the scene is idle again.
 */
export async function showScenario(page: Page, name: string, id: string | null, hidden: string[], timeout = 120_000): Promise<void> {
  await scenarioRadio(page, name).check();
  await expect.poll(() => scenarioState(page), { timeout }).toMatchObject({ compare: false, left: id });
  await expect.poll(() => hiddenIds(page), { timeout }).toEqual(hidden);
  await waitForIdleScene(page, timeout);
}
