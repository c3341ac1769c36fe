/**
 * Position privacy of resident content (issue 6): the public API rounds positions to
 * PUBLIC_POSITION_PRECISION_M, and every public spatial filter decides on that ROUNDED position, so an anonymous
 * client bisecting `GET /comments?bbox=` or `GET /threads?bbox=` learns the rounded position and nothing finer.
 * Also: keyset pagination stays exact when the rounding moves pins across the box edge, and live comments go to
 * the tile rooms of the rounded position (a viewer of the exact point's tile alone hears nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lonLatToTile, roundPosition, type BBox } from '../../shared/index.js';
import { userWithRole, type RoleUser } from '../helpers/plans.js';
import { collect, nextEvent, startServer, type Agent, type TestServer } from '../helpers/server.js';
import { threadBody } from '../helpers/threads.js';

/** An exact position with more digits than any public grid. */
const EXACT = { lon: 4.4712345678, lat: 51.9212345678, height: 3 };

/** A comment and a thread posted at `pos` by `user`; returns their ids. */
async function postBoth(user: RoleUser, pos: { lon: number; lat: number; height: number }, label: string) {
  const c = await user.agent.request('POST', '/api/v1/comments', { position: pos, body: `Opmerking ${label}` });
  expect(c.status).toBe(201);
  const t = await user.agent.request('POST', '/api/v1/threads', threadBody({ anchor: pos, title: `Draad ${label}` }));
  expect(t.status).toBe(201);
  return { commentId: c.body.comment.id as string, threadId: t.body.thread.id as string };
}

/** Ids an anonymous client sees in `bbox`: comments (one page of 200) and threads. */
async function seen(anon: Agent, bbox: BBox) {
  const q = bbox.map(String).join(','); // exact round trip of each double
  const c = await anon.request('GET', `/api/v1/comments?bbox=${q}&limit=200`);
  expect(c.status).toBe(200);
  const t = await anon.request('GET', `/api/v1/threads?bbox=${q}`);
  expect(t.status).toBe(200);
  return {
    comments: c.body.features.map((f: any) => f.id) as string[],
    threads: t.body.threads.map((x: any) => x.id) as string[],
  };
}

/** A box of half-size `r` degrees around lon/lat. */
const around = (p: { lon: number; lat: number }, r: number): BBox => [p.lon - r, p.lat - r, p.lon + r, p.lat + r];

/**
 * Bisects one axis by anonymous requests (`steps` halvings, starting at ±0.001° around the exact point) for the
 * content `has` finds; returns the final interval.
 */
async function bisect(anon: Agent, axis: 'lon' | 'lat', has: (b: BBox) => Promise<boolean>, steps: number) {
  let lo = EXACT[axis] - 0.001;
  let hi = EXACT[axis] + 0.001;
  for (let i = 0; i < steps; i++) {
    const mid = (lo + hi) / 2;
    const box: BBox = axis === 'lon' ? [lo, EXACT.lat - 0.001, mid, EXACT.lat + 0.001] : [EXACT.lon - 0.001, lo, EXACT.lon + 0.001, mid];
    if (await has(box)) hi = mid;
    else lo = mid;
  }
  return { lo, hi };
}

/** The checks of one precision: tiny boxes and a 40-step bisection per axis, for a comment and a thread. */
async function checkPrecision(server: TestServer, precisionM: number) {
  const resident = await userWithRole(server, 'resident', 'Anna');
  const anon = server.agent();
  const rounded = roundPosition(EXACT, precisionM);
  // The test means something only when the rounding moved the point further than the tiny boxes reach.
  expect(Math.abs(rounded.lon - EXACT.lon)).toBeGreaterThan(1e-6);
  expect(Math.abs(rounded.lat - EXACT.lat)).toBeGreaterThan(1e-6);
  const { commentId, threadId } = await postBoth(resident, EXACT, `p${precisionM}`);

  // Served rounded.
  const one = await anon.request('GET', `/api/v1/comments/${commentId}`);
  expect(one.body.comment.position).toEqual(rounded);

  // A box around only the exact point finds nothing; one around the rounded point finds both.
  expect(await seen(anon, around(EXACT, 1e-7))).toEqual({ comments: [], threads: [] });
  expect(await seen(anon, around(rounded, 1e-7))).toEqual({ comments: [commentId], threads: [threadId] });

  const hasComment = async (b: BBox) => (await seen(anon, b)).comments.includes(commentId);
  const hasThread = async (b: BBox) => (await seen(anon, b)).threads.includes(threadId);
  for (const has of [hasComment, hasThread]) {
    for (const axis of ['lon', 'lat'] as const) {
      const { lo, hi } = await bisect(anon, axis, has, 40);
      expect(hi - lo).toBeLessThan(1e-14);
      // The interval closes on the rounded coordinate: nothing closer to the exact one is learnt.
      expect(lo).toBeLessThanOrEqual(rounded[axis]);
      expect(hi).toBeGreaterThanOrEqual(rounded[axis]);
      expect(Math.abs((lo + hi) / 2 - EXACT[axis])).toBeGreaterThan(Math.abs(rounded[axis] - EXACT[axis]) - 1e-12);
    }
  }
}

describe('bbox filters decide on the rounded position', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('at the default 1 m: tiny boxes and a 40-step bisection reveal only the rounded point', async () => {
    expect(server.config.publicPositionPrecisionM).toBe(1);
    await checkPrecision(server, 1);
  });

  it('keyset pages over 25 comments, with a box edge cutting between exact and rounded pins, give each visible one once', async () => {
    const resident = await userWithRole(server, 'resident', 'Bram');
    const anon = server.agent();
    const base = { lon: 5.3, lat: 52.2, height: 0 };
    // Pins 0.25 m apart along the parallel: some round across the west edge in either direction.
    const made: { id: string; pos: { lon: number; lat: number; height: number } }[] = [];
    for (let i = 0; i < 25; i++) {
      const pos = { lon: base.lon + i * 0.0000037, lat: base.lat, height: 0 };
      const r = await resident.agent.request('POST', '/api/v1/comments', { position: pos, body: `nummer ${i}` });
      expect(r.status).toBe(201);
      made.push({ id: r.body.comment.id, pos });
    }
    const box: BBox = [base.lon + 12.5 * 0.0000037, base.lat - 0.001, base.lon + 0.01, base.lat + 0.001];
    const inside = (p: { lon: number; lat: number }) => p.lon >= box[0] && p.lon <= box[2] && p.lat >= box[1] && p.lat <= box[3];
    const expected = made.filter((m) => inside(roundPosition(m.pos, 1))).map((m) => m.id);
    // The edge really cuts: an exact pin inside rounds out, or one outside rounds in.
    expect(made.some((m) => inside(m.pos) !== inside(roundPosition(m.pos, 1)))).toBe(true);
    expect(expected.length).toBeGreaterThan(10);
    expect(expected.length).toBeLessThan(25);

    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/comments?bbox=${box.join(',')}&limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const r = await anon.request('GET', url);
      expect(r.status).toBe(200);
      expect(r.body.features.length).toBeLessThanOrEqual(10);
      for (const f of r.body.features) expect(inside({ lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] })).toBe(true);
      ids.push(...r.body.features.map((f: any) => f.id));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(cursor).toBeNull();
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...expected].sort());
  });

  it('a live comment goes to the tile room of its rounded position, not of its exact one', async () => {
    // A point just west of a z15 tile edge whose rounded position lies east of it (same tile row).
    const z = 15;
    const lat = 51.9212;
    const edgeX = lonLatToTile(4.4712, lat, z).x + 1;
    const edgeLon = (edgeX / 2 ** z) * 360 - 180;
    let exact: { lon: number; lat: number; height: number } | undefined;
    for (let k = 1; k <= 200 && !exact; k++) {
      const p = { lon: edgeLon - k * 1e-7, lat, height: 0 };
      const r = roundPosition(p, 1);
      if (lonLatToTile(p.lon, p.lat, z).x === edgeX - 1 && lonLatToTile(r.lon, r.lat, z).x === edgeX) exact = p;
    }
    expect(exact).toBeDefined();
    const rounded = roundPosition(exact!, 1);
    const westBox: BBox = [exact!.lon - 1e-5, lat - 1e-5, exact!.lon, lat + 1e-5]; // only the exact point's tile
    const eastBox: BBox = [edgeLon + 1e-7, lat - 1e-5, rounded.lon + 1e-5, lat + 1e-5]; // only the rounded point's tile

    const poster = await userWithRole(server, 'resident', 'Carla');
    const west = await server.socket();
    const east = await server.socket();
    for (const [s, bbox] of [[west, westBox], [east, eastBox]] as const) {
      const ack = await s.timeout(5000).emitWithAck('viewport:subscribe', { bbox });
      expect(ack).toMatchObject({ ok: true, rooms: 1 });
    }
    const heardWest = collect(west, 'comment:created');
    const arrived = nextEvent(east, 'comment:created', (p: any) => p.comment.body === 'op de rand');
    const c = await poster.agent.request('POST', '/api/v1/comments', { position: exact, body: 'op de rand' });
    expect(c.status).toBe(201);
    expect((await arrived).comment.position).toEqual(rounded);
    // Marker well inside the west tile: once it arrives, the west viewer must have heard nothing before it.
    const marker = nextEvent(west, 'comment:created');
    const m = await poster.agent.request('POST', '/api/v1/comments', { position: { lon: exact!.lon - 0.005, lat, height: 0 }, body: 'marker' });
    expect(m.status).toBe(201);
    await marker;
    expect(heardWest.map((p: any) => p.comment.body)).toEqual(['marker']);

    // content:moderated (issue 6) uses the same rounded tile rooms.
    const moderator = await userWithRole(server, 'moderator', 'Moderator Mo');
    const heardWestModerated = collect(west, 'content:moderated');
    const hidden = nextEvent(east, 'content:moderated', (p: any) => p.id === c.body.comment.id);
    const h = await moderator.agent.request('POST', `/api/v1/moderation/content/comment/${c.body.comment.id}/hide`, { reason: 'Huisregels' });
    expect(h.status).toBe(200);
    await hidden;
    const markerHidden = nextEvent(west, 'content:moderated', (p: any) => p.id === m.body.comment.id);
    expect((await moderator.agent.request('POST', `/api/v1/moderation/content/comment/${m.body.comment.id}/hide`, { reason: 'Huisregels' })).status).toBe(200);
    await markerHidden;
    expect(heardWestModerated.map((p: any) => p.id)).toEqual([m.body.comment.id]);
    west.close();
    east.close();
  });
});

describe('PUBLIC_POSITION_PRECISION_M=10', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ publicPositionPrecisionM: 10 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('tiny boxes and a 40-step bisection reveal only the 10 m grid point', async () => {
    await checkPrecision(server, 10);
  });
});
