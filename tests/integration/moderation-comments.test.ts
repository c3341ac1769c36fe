/**
 * The comment read paths under moderation (issue 6), against the real server. Moderation states are set straight
 * in the store (store/comments.ts setCommentFlags: hidden_at for held/hidden, deleted_at for removed), so these
 * tests do not depend on the moderation endpoints:
 * - a hidden or removed top-level comment with visible replies is a PLACEHOLDER everywhere (by id, bbox list, plan
 *   list; no text, no author, `moderated {state, at}`), its replies stay reachable, it takes no replies, it is never
 *   counted and never broadcast; without visible replies it is gone (404, absent) for everyone, moderators too;
 * - counts (replyCount, list) agree after hiding a reply;
 * - a held reply is never broadcast;
 * - public positions are rounded (PUBLIC_POSITION_PRECISION_M) in every serializer while the row keeps the exact one;
 * - an author whose account was deleted is `{id: null, displayName: 'Verwijderde deelnemer'}`.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roundPosition } from '../../shared/index.js';
import { recordFromRow } from '../../server/src/domain/comment-record.js';
import { findCommentById, setCommentFlags } from '../../server/src/store/comments.js';
import { loadConfig } from '../../server/src/config.js';
import { phaseNow, planBody, userWithRole, type RoleUser } from '../helpers/plans.js';
import { nextEvent, startServer, type Agent, type TestServer } from '../helpers/server.js';

let server: TestServer;
let alice: RoleUser;
let bob: RoleUser;
let moderator: RoleUser;
let admin: RoleUser;

beforeAll(async () => {
  server = await startServer();
  alice = await userWithRole(server, 'resident', 'Alice');
  bob = await userWithRole(server, 'resident', 'Bob');
  moderator = await userWithRole(server, 'moderator', 'Mona');
  admin = await userWithRole(server, 'admin', 'Adam');
});
afterAll(async () => {
  await server?.close();
});

/** Every test works at its own spot (a 0.001° box around it), so lists do not see each other's comments. */
let spot = 0;
function place() {
  spot += 1;
  const lon = 4.5 + spot * 0.01;
  const lat = 52.2;
  return { pos: { lon: lon + 0.0005, lat: lat + 0.0005, height: 1 }, bbox: `${lon},${lat},${lon + 0.001},${lat + 0.001}` };
}

async function post(agent: Agent, body: Record<string, unknown>) {
  const r = await agent.request('POST', '/api/v1/comments', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.comment as { id: string; position: { lon: number; lat: number; height: number } };
}

const anon = () => server.agent();
const everyone = () => [anon(), alice.agent, bob.agent, moderator.agent, admin.agent];
const db = () => server.app.store.db;

async function list(agent: Agent, q: string) {
  const r = await agent.request('GET', `/api/v1/comments?${q}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.features.map((f: any) => f.properties) as any[];
}

/** Distance in metres between two WGS84 positions (small distances; equirectangular). */
function metres(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const dy = (a.lat - b.lat) * 111_320;
  const dx = (a.lon - b.lon) * 111_320 * Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot(dx, dy);
}

describe('placeholders', () => {
  it('a hidden comment with visible replies is a placeholder by id, in bbox and plan lists; its replies stay reachable', async () => {
    const planner = await userWithRole(server, 'planner');
    const plan = (await planner.agent.request('POST', '/api/v1/plans', planBody({ phases: [phaseNow()] }))).body.plan;
    expect((await planner.agent.request('PATCH', `/api/v1/plans/${plan.id}`, { version: plan.version, status: 'published' })).status).toBe(200);

    const { pos, bbox } = place();
    const c = await post(alice.agent, { position: pos, body: 'Geheime tekst van Alice', planId: plan.id });
    const r1 = await post(bob.agent, { body: 'Eerste antwoord', parentId: c.id });
    const r2 = await post(moderator.agent, { body: 'Tweede antwoord', parentId: c.id });
    const hiddenAt = '2026-11-30T01:00:00.000Z';
    await setCommentFlags(db(), c.id, { hidden_at: hiddenAt });

    for (const who of everyone()) {
      const byId = await who.request('GET', `/api/v1/comments/${c.id}`);
      expect(byId.status).toBe(200);
      expect(byId.body.comment).toMatchObject({
        id: c.id,
        body: '',
        author: { id: null, displayName: '' },
        moderated: { state: 'hidden', at: hiddenAt },
        replyCount: 2,
        parentId: null,
      });
      expect(JSON.stringify(byId.body)).not.toContain('Geheime');
      expect(JSON.stringify(byId.body)).not.toContain(alice.id);

      for (const q of [`bbox=${bbox}`, `planId=${plan.id}`]) {
        const items = await list(who, q);
        expect(items.map((i) => [i.id, i.body, i.author.id, i.moderated?.state, i.replyCount])).toEqual([[c.id, '', null, 'hidden', 2]]);
      }
      const replies = await list(who, `parentId=${c.id}`);
      expect(replies.map((r) => r.id)).toEqual([r1.id, r2.id]);
      expect(replies.every((r) => !r.moderated && r.body !== '')).toBe(true);
      const byPath = await who.request('GET', `/api/v1/comments/${c.id}/replies?limit=1`);
      expect([byPath.status, byPath.body.features.map((f: any) => f.id)]).toEqual([200, [r1.id]]);
      const next = await who.request('GET', `/api/v1/comments/${c.id}/replies?cursor=${encodeURIComponent(byPath.body.nextCursor)}`);
      expect(next.body.features.map((f: any) => f.id)).toEqual([r2.id]);
    }

    // Removed (deleted_at) reads as 'removed'.
    const removedAt = '2026-11-30T01:30:00.000Z';
    await setCommentFlags(db(), c.id, { deleted_at: removedAt });
    expect((await anon().request('GET', `/api/v1/comments/${c.id}`)).body.comment.moderated).toEqual({ state: 'removed', at: removedAt });
  });

  it('a placeholder takes no replies (also not through one of its replies), REST and socket', async () => {
    const { pos } = place();
    const c = await post(alice.agent, { position: pos, body: 'Wordt verborgen' });
    const r1 = await post(bob.agent, { body: 'Antwoord', parentId: c.id });
    await setCommentFlags(db(), c.id, { hidden_at: new Date().toISOString() });
    for (const parentId of [c.id, r1.id]) {
      const r = await bob.agent.request('POST', '/api/v1/comments', { body: 'Nog een antwoord', parentId });
      expect([r.status, r.body.code]).toEqual([422, 'unknown_parent']);
    }
    const sock = await server.socket(bob.agent);
    const ack = await sock.timeout(5000).emitWithAck('comment:create', { body: 'via socket', parentId: c.id, clientId: randomUUID() });
    expect(ack).toMatchObject({ ok: false, error: { code: 'unknown_parent' } });
    sock.close();
    expect((await anon().request('GET', `/api/v1/comments/${c.id}`)).body.comment.replyCount).toBe(1);
  });

  it('without visible replies a hidden or removed comment is gone for everyone: 404 by id and replies, absent from lists', async () => {
    const { pos, bbox } = place();
    const hidden = await post(alice.agent, { position: pos, body: 'verborgen' });
    const removed = await post(alice.agent, { position: pos, body: 'verwijderd' });
    const withHiddenReply = await post(alice.agent, { position: pos, body: 'ook verborgen' });
    const reply = await post(bob.agent, { body: 'antwoord dat ook verborgen wordt', parentId: withHiddenReply.id });
    const visible = await post(alice.agent, { position: pos, body: 'zichtbaar' });
    const now = new Date().toISOString();
    await setCommentFlags(db(), hidden.id, { hidden_at: now });
    await setCommentFlags(db(), removed.id, { deleted_at: now });
    await setCommentFlags(db(), withHiddenReply.id, { hidden_at: now });
    await setCommentFlags(db(), reply.id, { hidden_at: now });

    for (const who of everyone()) {
      expect((await list(who, `bbox=${bbox}`)).map((i) => i.id)).toEqual([visible.id]);
      for (const id of [hidden.id, removed.id, withHiddenReply.id, reply.id]) {
        expect((await who.request('GET', `/api/v1/comments/${id}`)).status).toBe(404);
      }
      for (const id of [hidden.id, removed.id, withHiddenReply.id]) {
        expect((await who.request('GET', `/api/v1/comments?parentId=${id}`)).status).toBe(404);
        expect((await who.request('GET', `/api/v1/comments/${id}/replies`)).status).toBe(404);
      }
    }
  });
});

describe('counts', () => {
  it('replyCount, the replies list and the list agree after hiding a reply; placeholders are not counted', async () => {
    const { pos, bbox } = place();
    const c = await post(alice.agent, { position: pos, body: 'Hoofdreactie' });
    const replies = [];
    for (const body of ['een', 'twee', 'drie']) replies.push(await post(bob.agent, { body, parentId: c.id }));
    const other = await post(bob.agent, { position: pos, body: 'Tweede hoofdreactie' });
    const otherReply = await post(alice.agent, { body: 'antwoord', parentId: other.id });

    const agree = async (expectedReplies: number) => {
      for (const who of [anon(), moderator.agent]) {
        const byId = (await who.request('GET', `/api/v1/comments/${c.id}`)).body.comment;
        const listed = (await list(who, `bbox=${bbox}`)).find((i) => i.id === c.id);
        const replyList = await list(who, `parentId=${c.id}`);
        expect([byId.replyCount, listed.replyCount, replyList.length]).toEqual([expectedReplies, expectedReplies, expectedReplies]);
      }
    };
    await agree(3);
    await setCommentFlags(db(), replies[1]!.id, { hidden_at: new Date().toISOString() });
    await agree(2);
    await setCommentFlags(db(), replies[0]!.id, { deleted_at: new Date().toISOString() });
    await agree(1);
    await setCommentFlags(db(), replies[1]!.id, { hidden_at: null });
    await agree(2);

    // The other top-level comment becomes a placeholder: still listed, but not a comment that counts.
    await setCommentFlags(db(), other.id, { hidden_at: new Date().toISOString() });
    const items = await list(anon(), `bbox=${bbox}`);
    expect(items.map((i) => i.id).sort()).toEqual([c.id, other.id].sort());
    expect(items.filter((i) => !i.moderated).map((i) => i.id)).toEqual([c.id]);
    expect(items.find((i) => i.id === other.id).replyCount).toBe(1);
    // Its last reply hidden: the placeholder goes too.
    await setCommentFlags(db(), otherReply.id, { hidden_at: new Date().toISOString() });
    expect((await list(anon(), `bbox=${bbox}`)).map((i) => i.id)).toEqual([c.id]);
  });
});

describe('broadcasts', () => {
  it('a held reply and a placeholder are never broadcast; a visible comment after them is', async () => {
    const { pos } = place();
    const parent = await post(alice.agent, { position: pos, body: 'Ouder' });
    const sock = await server.socket(bob.agent);
    await sock.timeout(5000).emitWithAck('viewport:subscribe', { bbox: [pos.lon - 0.01, pos.lat - 0.01, pos.lon + 0.01, pos.lat + 0.01] });
    const got: string[] = [];
    sock.on('comment:created', (p: any) => got.push(p.comment.body));

    // A held reply (as screening or the report threshold leaves it): the domain event fires, the gate stops it.
    const heldId = randomUUID();
    await db()
      .insertInto('comments')
      .values({
        id: heldId, author_id: alice.id, client_id: null, body: 'vastgehouden antwoord', ...pos, parent_id: parent.id,
        created_at: new Date().toISOString(), hidden_at: new Date().toISOString(), deleted_at: null, plan_id: null, scenario_id: null,
      })
      .execute();
    const audience = { hidden: false, deleted: false, plans: { all: true, userId: null } } as const;
    server.app.services.bus.emit('comment:created', { comment: recordFromRow((await findCommentById(db(), heldId, audience))!) });

    // A placeholder (hidden top-level comment with a visible reply) is not news either.
    const ph = await post(alice.agent, { position: pos, body: 'wordt plaatshouder' });
    await post(bob.agent, { body: 'antwoord op plaatshouder', parentId: ph.id });
    await setCommentFlags(db(), ph.id, { hidden_at: new Date().toISOString() });
    server.app.services.bus.emit('comment:created', { comment: recordFromRow((await findCommentById(db(), ph.id, audience))!) });

    const marker = nextEvent(sock, 'comment:created', (p: any) => p.comment.body === 'marker');
    await post(alice.agent, { position: pos, body: 'marker' });
    await marker;
    expect(got).toEqual(['wordt plaatshouder', 'antwoord op plaatshouder', 'marker']);
    expect(got).not.toContain('vastgehouden antwoord');
    sock.close();
    // The held reply is not counted either.
    expect((await anon().request('GET', `/api/v1/comments/${parent.id}`)).body.comment.replyCount).toBe(0);
  });
});

describe('public position precision', () => {
  const EXACT = { lon: 5.1212345678, lat: 52.0912345678, height: 3.4567 };

  it('rounds every public serialization to 1 m by default; the stored row keeps the exact position', async () => {
    const sock = await server.socket(bob.agent);
    await sock.timeout(5000).emitWithAck('viewport:subscribe', { bbox: [5.12, 52.09, 5.123, 52.093] });
    const broadcast = nextEvent(sock, 'comment:created', (p: any) => p.comment.body === 'precies hier');
    const created = await post(alice.agent, { position: EXACT, body: 'precies hier' });
    const ack = await sock.timeout(5000).emitWithAck('comment:create', { body: 'antwoord via socket', parentId: created.id, clientId: randomUUID() });
    expect(ack.ok).toBe(true);

    const seen = [
      created.position,
      (await anon().request('GET', `/api/v1/comments/${created.id}`)).body.comment.position,
      (await anon().request('GET', '/api/v1/comments?bbox=5.12,52.09,5.123,52.093')).body.features.find((f: any) => f.id === created.id).geometry.coordinates,
      (await anon().request('GET', `/api/v1/comments?parentId=${created.id}`)).body.features[0].geometry.coordinates,
      (await broadcast).comment.position,
      ack.comment.position,
    ].map((p: any) => (Array.isArray(p) ? { lon: p[0], lat: p[1], height: p[2] } : p));
    const expected = roundPosition(EXACT, 1);
    for (const p of seen) {
      expect(p).toEqual(expected);
      expect(metres(p, EXACT)).toBeLessThan(1);
      expect(p.lat).not.toBe(EXACT.lat);
      expect(p.lon).not.toBe(EXACT.lon);
    }
    sock.close();

    const row = await db().selectFrom('comments').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect([row.lon, row.lat, row.height]).toEqual([EXACT.lon, EXACT.lat, EXACT.height]);
    const replyRow = await db().selectFrom('comments').selectAll().where('id', '=', ack.comment.id).executeTakeFirstOrThrow();
    expect([replyRow.lon, replyRow.lat]).toEqual([EXACT.lon, EXACT.lat]);
  });

  it('PUBLIC_POSITION_PRECISION_M=10 rounds to a 10 m grid', async () => {
    const config = loadConfig({ PUBLIC_POSITION_PRECISION_M: '10' });
    expect(config.publicPositionPrecisionM).toBe(10);
    const s10 = await startServer({ publicPositionPrecisionM: config.publicPositionPrecisionM });
    try {
      const u = await userWithRole(s10, 'resident');
      const c = (await u.agent.request('POST', '/api/v1/comments', { position: EXACT, body: 'grof' })).body.comment;
      const got = (await s10.agent().request('GET', `/api/v1/comments/${c.id}`)).body.comment.position;
      expect(got).toEqual(roundPosition(EXACT, 10));
      expect(got).not.toEqual(roundPosition(EXACT, 1));
      // On the grid: latitude a whole number of 10 m steps, height a multiple of 10 m, within half a cell of the truth.
      const steps = got.lat / (10 / 111_320);
      expect(Math.abs(steps - Math.round(steps))).toBeLessThan(1e-3);
      expect(got.height % 10).toBe(0);
      expect(metres(got, EXACT)).toBeLessThanOrEqual(10 * Math.SQRT1_2 + 1e-6);
      const row = await s10.app.store.db.selectFrom('comments').select(['lat', 'lon']).where('id', '=', c.id).executeTakeFirstOrThrow();
      expect([row.lon, row.lat]).toEqual([EXACT.lon, EXACT.lat]);
    } finally {
      await s10.close();
    }
  });
});

describe('deleted accounts', () => {
  it('shows the author of a deleted account as a removed participant, in every read path', async () => {
    const gone = await userWithRole(server, 'resident', 'Gaat Weg');
    const { pos, bbox } = place();
    const c = await post(gone.agent, { position: pos, body: 'Mijn reactie' });
    const parent = await post(alice.agent, { position: pos, body: 'Vraag' });
    const r = await post(gone.agent, { body: 'Mijn antwoord', parentId: parent.id });
    await db().updateTable('users').set({ deleted_at: new Date().toISOString() }).where('id', '=', gone.id).execute();

    const removed = { id: null, displayName: 'Verwijderde deelnemer' };
    expect((await anon().request('GET', `/api/v1/comments/${c.id}`)).body.comment).toMatchObject({ body: 'Mijn reactie', author: removed });
    const items = await list(anon(), `bbox=${bbox}`);
    expect(items.find((i) => i.id === c.id).author).toEqual(removed);
    expect(items.find((i) => i.id === parent.id).author).toEqual({ id: alice.id, displayName: 'Alice' });
    expect((await list(anon(), `parentId=${parent.id}`)).map((i) => [i.id, i.author])).toEqual([[r.id, removed]]);
    const raw = JSON.stringify(await anon().request('GET', `/api/v1/comments?bbox=${bbox}`).then((x) => x.body));
    expect(raw).not.toContain(gone.id);
    expect(raw).not.toContain('Gaat Weg');
  });
});
