/**
 * Which polls a list shows and how a new one joins it (pure, unit-tested in tests/unit/client/polls-scope.test.ts).
 * A list is scoped to one plan (`{planId}`: GET /polls?planId=) or to the view (`{bbox}`: GET /polls?bbox=, spot
 * polls and plan polls whose area meets the box). `poll:created` events (shared/polls.ts) arrive for the plan rooms
 * and tile rooms this socket is in, which may be wider than the list: `createdPollFits` decides.
 */
import type { BBox, Poll, Position } from '../../../../shared/index.js';

export type PollScope = { planId: string } | { bbox: BBox | null };

/** A key that changes exactly when the scope's query changes (bbox rounded to ~1 m, 1e-5°). */
export function scopeKey(scope: PollScope): string {
  if ('planId' in scope) return `plan:${scope.planId}`;
  return scope.bbox ? `bbox:${scope.bbox.map((n) => n.toFixed(5)).join(',')}` : 'bbox:none';
}

/** The GET /polls query string (without `?`) of a scope; null when there is nothing to ask (no view yet). */
export function scopeQuery(scope: PollScope): string | null {
  if ('planId' in scope) return `planId=${encodeURIComponent(scope.planId)}`;
  return scope.bbox ? `bbox=${scope.bbox.join(',')}` : null;
}

/** Whether lon/lat lies in a `[west, south, east, north]` box (west > east: it crosses the antimeridian). */
export function inBBox(bbox: BBox, lon: number, lat: number): boolean {
  const [w, s, e, n] = bbox;
  if (lat < s || lat > n) return false;
  return w <= e ? lon >= w && lon <= e : lon >= w || lon <= e;
}

/**
 * Whether a poll announced by `poll:created` belongs in a list of `scope`: a plan list takes that plan's polls; a
 * view list takes spot polls whose position is in the box (a new plan poll appears there at the next view change,
 * since the client does not know every plan's area).
 */
export function createdPollFits(poll: Poll, scope: PollScope): boolean {
  if ('planId' in scope) return poll.planId === scope.planId;
  return scope.bbox !== null && poll.planId === null && poll.position !== null && inBBox(scope.bbox, poll.position.lon, poll.position.lat);
}

/**
 * The list with `poll` replacing the one of the same id, or added: at the end for a plan list (oldest first, as
 * the server lists them), at the start for a view list (newest first).
 */
export function upsertPoll(list: Poll[], poll: Poll, scope: PollScope): Poll[] {
  if (list.some((p) => p.id === poll.id)) return list.map((p) => (p.id === poll.id ? poll : p));
  return 'planId' in scope ? [...list, poll] : [poll, ...list];
}

/** Where a new spot poll goes: at the selected building, or at the centre of the view. */
export type SpotSource = 'building' | 'centre';

/**
 * The position of a new spot poll (WGS84 degrees, metres): the selected building's picked point for `building`;
 * for `centre` (or no building) the point at the centre of the view (`centre`, from viewer.pickCentre()) and, when that is the sky, the
 * middle of the view's bbox at height 0. Null when neither exists (no view yet).
 */
export function spotPosition(
  source: SpotSource,
  building: { position: Position } | null,
  centre: Position | null,
  bbox: BBox | null,
): Position | null {
  if (source === 'building' && building) return building.position;
  if (centre) return centre;
  if (!bbox) return null;
  const [w, s, e, n] = bbox;
  const lon = w <= e ? (w + e) / 2 : ((w + e + 360) / 2 + 180) % 360 - 180;
  return { lon, lat: (s + n) / 2, height: 0 };
}
