/**
 * The resident side of moderation and privacy (issue 6): reporting content (POST /reports), the answer a create
 * gives when the content is held for review (REST 202 `{held:true, kind, id}`, socket ack `{ok:true, held:true,
 * kind, id}`), the own-data export links (GET /me/export, /me/export.geojson) and deleting the account
 * (DELETE /me {password}). Every function throws ApiError (errors.ts).
 */
import { z } from 'zod';
import { ContentKind, ReportResponse, type ReportBody } from '../../../shared/index.js';
import { API_BASE, request } from './http.js';

/** A create that was stored but held for a moderator's review (personal data posted anyway, or a word filter). */
export const HeldAnswer = z.object({ held: z.literal(true), kind: ContentKind, id: z.string() });
export type HeldAnswer = z.infer<typeof HeldAnswer>;

/** True when `x` is a held answer (not the stored object itself). */
export function isHeld(x: unknown): x is HeldAnswer {
  return HeldAnswer.safeParse(x).success;
}

/**
 * POST /reports {kind, id, reason, note?} → `{counted}`: true for a new report (201), false when this account had
 * already reported it (200). Errors: `report_own_content` (409), `not_found` (404: not visible), `unauthenticated`.
 */
export async function reportContent(body: ReportBody): Promise<{ counted: boolean }> {
  const r = await request('POST', '/reports', ReportResponse, body);
  return { counted: r.counted };
}

/** The own-data downloads (attachments; same origin, the session cookie is sent). */
export const EXPORT_JSON_URL = `${API_BASE}/me/export`;
export const EXPORT_GEOJSON_URL = `${API_BASE}/me/export.geojson`;

/** DELETE /me {password} → 204; the session ends. Errors: `bad_credentials` (wrong password), `unauthenticated`. */
export async function deleteAccount(password: string): Promise<void> {
  await request('DELETE', '/me', null, { password });
}

/** The open-data files of a plan (public, no personal data; H4's routes). */
export function openDataLinks(planId: string): { name: string; href: string }[] {
  const base = `${API_BASE}/plans/${encodeURIComponent(planId)}/open-data`;
  return ['comments.geojson', 'comments.csv', 'threads.geojson', 'threads.csv', 'polls.csv'].map((name) => ({ name, href: `${base}/${name}` }));
}
