/** Helpers for thread tests: bodies for threads and sketches around the plan helpers' square in Utrecht. */
import type { RoleUser } from './plans.js';

export const POINT = { lon: 5.1205, lat: 52.0905, height: 2 };

/** A closed square ring of `size` degrees at lon/lat. */
export function square(lon = 5.1201, lat = 52.0901, size = 0.0002) {
  return { type: 'Polygon' as const, coordinates: [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]] };
}

export function threadBody(overrides: Record<string, unknown> = {}) {
  return { title: 'Meer groen op het plein', text: 'Bomen langs de rand, een speelplek in het midden.', anchor: POINT, ...overrides };
}

/** Opens a thread as `user` and returns it (throws unless 201). */
export async function openThread(user: RoleUser, overrides: Record<string, unknown> = {}) {
  const r = await user.agent.request('POST', '/api/v1/threads', threadBody(overrides));
  if (r.status !== 201) throw new Error(`open thread failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.thread;
}
