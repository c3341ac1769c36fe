/**
 * Privacy (issue 6): GET /me/export (JSON, all own data, exact positions, nobody else's data), GET /me/export.geojson
 * (RFC 7946), DELETE /me {password} (anonymise in place; ACCOUNT_DELETION=remove also removes the content).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { userWithRole, type RoleUser } from '../helpers/plans.js';
import { pollBody, votingPlan } from '../helpers/polls.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** The bytes of the SQLite database file and its WAL, as latin1 text (to search for left-over personal data). */
function databaseBytes(server: TestServer): string {
  const file = server.app.store.location;
  const wal = fs.existsSync(`${file}-wal`) ? fs.readFileSync(`${file}-wal`) : Buffer.alloc(0);
  return Buffer.concat([fs.readFileSync(file), wal]).toString('latin1');
}

/** A position with more decimals than any public rounding keeps. */
const EXACT = { lon: 5.120345678912, lat: 52.090456789123, height: 3.217 };

interface World {
  alice: RoleUser;
  bob: RoleUser;
  planner: RoleUser;
  planId: string;
  pollId: string;
  commentId: string;
  replyId: string;
  bobCommentId: string;
  threadId: string;
  postId: string;
  sketchId: string;
}

/** Alice and Bob take part in a published plan: comments, a reply, a thread with a post and a sketch, a ballot, a report, follows. */
async function buildWorld(server: TestServer): Promise<World> {
  const planner = await userWithRole(server, 'planner', 'Planner Pien');
  const alice = await userWithRole(server, 'resident', 'Alice Aalders');
  const bob = await userWithRole(server, 'resident', 'Bob Bakkerszoon');
  const planId = await votingPlan(planner, ['vote', 'comment', 'cocreate']);
  const poll = (await planner.agent.request('POST', '/api/v1/polls', pollBody({ planId }, { resultsVisibility: 'always' }))).body.poll;
  const ok = (r: { status: number; body: any }, status = 201) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const bobComment = ok(await bob.agent.request('POST', '/api/v1/comments', { position: { lon: 5.1209, lat: 52.0909, height: 0 }, body: 'Bob zijn eigen mening', planId })).comment;
  const comment = ok(await alice.agent.request('POST', '/api/v1/comments', { position: EXACT, body: 'Alice: meer bomen hier', planId })).comment;
  const reply = ok(await alice.agent.request('POST', '/api/v1/comments', { body: 'Alice antwoordt Bob', parentId: bobComment.id })).comment;
  const thread = ok(await alice.agent.request('POST', '/api/v1/threads', { title: 'Alice haar draad', text: 'Een speelplek', anchor: EXACT, planId })).thread;
  const post = ok(await alice.agent.request('POST', `/api/v1/threads/${thread.id}/posts`, { text: 'Alice post erbij' })).post;
  const sketch = ok(
    await alice.agent.request('POST', `/api/v1/threads/${thread.id}/sketches`, { geometry: { type: 'Point', coordinates: [EXACT.lon, EXACT.lat] }, label: 'Alice schets' }),
  ).sketch;
  // Bob posts in Alice's thread: Alice (a follower of her own thread) gets a notification caused by Bob.
  ok(await bob.agent.request('POST', `/api/v1/threads/${thread.id}/posts`, { text: 'Bob reageert bij Alice' }));
  ok(await alice.agent.request('PUT', `/api/v1/polls/${poll.id}/ballot`, { choices: [poll.options[1].id] }), 200);
  ok(await bob.agent.request('PUT', `/api/v1/polls/${poll.id}/ballot`, { choices: [poll.options[0].id] }), 200);
  ok(await alice.agent.request('POST', '/api/v1/follows', { planId }), 204);
  // A report by Alice of Bob's comment (stored directly: the report endpoint is another helper's).
  await server.app.store.db
    .insertInto('reports')
    .values({ id: randomUUID(), content_kind: 'comment', content_id: bobComment.id, reporter_id: alice.id, reason: 'off_topic', note: 'Alice vindt dit off-topic', created_at: new Date().toISOString(), resolved_at: null, resolution: null })
    .execute();
  return { alice, bob, planner, planId, pollId: poll.id, commentId: comment.id, replyId: reply.id, bobCommentId: bobComment.id, threadId: thread.id, postId: post.id, sketchId: sketch.id };
}

describe('privacy: own data export and account deletion (anonymise)', () => {
  let server: TestServer;
  let w: World;
  beforeAll(async () => {
    server = await startServer({ publicPositionPrecisionM: 10 });
    w = await buildWorld(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('exports everything of the signed-in user, with exact positions, as a JSON attachment', async () => {
    const r = await w.alice.agent.request('GET', '/api/v1/me/export');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="digitale-stad-gegevens.json"');
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    const e = r.body;
    expect(Date.parse(e.exportedAt)).not.toBeNaN();
    expect(e.about.length).toBeGreaterThan(20);
    expect(e.account).toMatchObject({ id: w.alice.id, email: w.alice.email, displayName: 'Alice Aalders', role: 'resident' });
    expect(e.comments).toHaveLength(1);
    expect(e.comments[0]).toMatchObject({ id: w.commentId, body: 'Alice: meer bomen hier', position: EXACT, planId: w.planId, state: 'visible' });
    expect(e.replies).toHaveLength(1);
    expect(e.replies[0]).toMatchObject({ id: w.replyId, parentId: w.bobCommentId, body: 'Alice antwoordt Bob' });
    expect(e.threads.map((t: any) => t.id)).toEqual([w.threadId]);
    expect(e.threads[0].anchor).toEqual(EXACT);
    expect(e.threads[0].position).toEqual(EXACT);
    expect(e.posts.map((p: any) => p.text)).toEqual(['Alice post erbij']);
    expect(e.sketches).toHaveLength(1);
    expect(e.sketches[0]).toMatchObject({ id: w.sketchId, label: 'Alice schets', geometry: { type: 'Point', coordinates: [EXACT.lon, EXACT.lat] } });
    expect(e.ballots).toHaveLength(1);
    expect(e.ballots[0]).toMatchObject({ pollId: w.pollId, question: 'Welk ontwerp?', choices: [{ label: 'Pleinen' }] });
    expect(e.reports).toHaveLength(1);
    expect(e.reports[0]).toMatchObject({ contentKind: 'comment', contentId: w.bobCommentId, reason: 'off_topic', note: 'Alice vindt dit off-topic' });
    expect(e.follows).toEqual(expect.arrayContaining([expect.objectContaining({ planId: w.planId }), expect.objectContaining({ threadId: w.threadId })]));
    expect(e.notifications.length).toBeGreaterThanOrEqual(1);
    expect(e.notifications[0]).toMatchObject({ kind: 'reply', threadId: w.threadId });
    expect(e.sanctions).toEqual([]);
  });

  it('holds nobody else\'s personal data (not Bob\'s name, e-mail, id or text, nor the planner\'s)', async () => {
    const text = await (await w.alice.agent.fetch('/api/v1/me/export')).text();
    for (const needle of [w.bob.email, w.bob.id, 'Bob Bakkerszoon', 'Bob zijn eigen mening', 'Bob reageert bij Alice', w.planner.email, w.planner.id, 'Planner Pien']) {
      expect(text, needle).not.toContain(needle);
    }
    // Bob's own export has his, not Alice's.
    const bobs = (await w.bob.agent.request('GET', '/api/v1/me/export')).body;
    expect(bobs.account.email).toBe(w.bob.email);
    expect(JSON.stringify(bobs)).not.toContain(w.alice.email);
    expect(bobs.comments.map((c: any) => c.id)).toEqual([w.bobCommentId]);
  });

  it('needs a session', async () => {
    expect((await server.agent().request('GET', '/api/v1/me/export')).status).toBe(401);
    expect((await server.agent().request('GET', '/api/v1/me/export.geojson')).status).toBe(401);
    expect((await server.agent().request('DELETE', '/api/v1/me', { password: 'x' })).status).toBe(401);
  });

  it('exports the positioned content as RFC 7946 GeoJSON with exact [lon, lat, height]', async () => {
    const res = await w.alice.agent.fetch('/api/v1/me/export.geojson');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    const fc = JSON.parse(await res.text());
    expect(fc.type).toBe('FeatureCollection');
    expect(fc).not.toHaveProperty('crs');
    const byKind = Object.fromEntries(fc.features.map((f: any) => [f.properties.kind, f]));
    expect(Object.keys(byKind).sort()).toEqual(['comment', 'reply', 'sketch', 'thread']);
    for (const f of fc.features) {
      expect(f.type).toBe('Feature');
      expect(typeof f.properties.id).toBe('string');
      expect(Date.parse(f.properties.createdAt)).not.toBeNaN();
      expect(['Point', 'Polygon', 'LineString']).toContain(f.geometry.type);
    }
    expect(byKind.comment.geometry).toEqual({ type: 'Point', coordinates: [EXACT.lon, EXACT.lat, EXACT.height] });
    expect(byKind.comment.properties).toMatchObject({ id: w.commentId, text: 'Alice: meer bomen hier' });
    expect(byKind.thread.geometry).toEqual({ type: 'Point', coordinates: [EXACT.lon, EXACT.lat, EXACT.height] });
    expect(byKind.sketch.properties.text).toBe('Alice schets');
    expect(fc.features).toHaveLength(4);
  });

  it('refuses deletion with a wrong password (401 bad_credentials) and changes nothing', async () => {
    const r = await w.alice.agent.request('DELETE', '/api/v1/me', { password: 'not-her-password' });
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('bad_credentials');
    expect((await w.alice.agent.request('GET', '/api/v1/me')).status).toBe(200);
    expect((await w.alice.agent.request('DELETE', '/api/v1/me', {})).status).toBe(400);
  });

  it('anonymises the account in place: content stays without its author, sessions/follows/notifications go, sockets drop, e-mail free again', async () => {
    const db = server.app.store.db;
    // A second session of Alice and an open socket of hers.
    const other = server.agent();
    expect((await other.request('POST', '/api/v1/auth/login', { email: w.alice.email, password: w.alice.password })).status).toBe(200);
    const sock = await server.socket(w.alice.agent);
    const dropped = new Promise<string>((resolve) => sock.on('disconnect', (reason) => resolve(reason)));

    // A comment she posted anyway with her phone number waits for review: it must not outlive her account.
    const held = await w.alice.agent.request('POST', '/api/v1/comments', { position: EXACT, body: 'Bel me op 06-98765432', confirmPersonalData: true });
    expect(held.status).toBe(202);
    expect(databaseBytes(server)).toContain(w.alice.email); // the search below would find it
    expect(databaseBytes(server)).toContain('06-98765432');
    const r = await w.alice.agent.fetch('/api/v1/me', { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: w.alice.password }) });
    expect(r.status).toBe(204);
    expect(r.headers.get('set-cookie') ?? '').toMatch(/ds_session=;|Max-Age=0|Expires=Thu, 01 Jan 1970/);
    expect(await dropped).toBe('io server disconnect');

    // Every session is gone.
    expect((await other.request('GET', '/api/v1/me')).status).toBe(401);
    expect(await db.selectFrom('sessions').select('token_hash').where('user_id', '=', w.alice.id).execute()).toEqual([]);
    expect(await db.selectFrom('follows').select('user_id').where('user_id', '=', w.alice.id).execute()).toEqual([]);
    expect(await db.selectFrom('notifications').select('id').where('user_id', '=', w.alice.id).execute()).toEqual([]);

    // No personal data left in the users row.
    const row = await db.selectFrom('users').selectAll().where('id', '=', w.alice.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ email: `deleted-${w.alice.id}@invalid`, display_name: 'Verwijderde deelnemer', password_hash: '!', role: 'resident' });
    expect(row.deleted_at).not.toBeNull();
    expect(JSON.stringify(row)).not.toContain('Alice');
    // Her report still counts, but the note she wrote is gone.
    const reports = await db.selectFrom('reports').select(['note', 'reason']).where('reporter_id', '=', w.alice.id).execute();
    expect(reports).toEqual([{ note: null, reason: 'off_topic' }]);

    // The audit log has it, without personal data.
    const audit = await db.selectFrom('moderation_actions').selectAll().where('action', '=', 'account_delete').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: w.alice.id, target_kind: 'user', target_id: w.alice.id });
    expect(JSON.parse(audit[0]!.before!)).toEqual({ deleted: false });
    expect(JSON.parse(audit[0]!.after!)).toEqual({ deleted: true, mode: 'anonymise' });

    // The content stays, the author link is gone on the wire.
    const c = await server.agent().request('GET', `/api/v1/comments/${w.commentId}`);
    expect(c.status).toBe(200);
    expect(c.body.comment.body).toBe('Alice: meer bomen hier');
    expect(c.body.comment.author).toEqual({ id: null, displayName: 'Verwijderde deelnemer' });
    const t = await server.agent().request('GET', `/api/v1/threads/${w.threadId}`);
    expect(t.status).toBe(200);
    expect(t.body.thread.author).toEqual({ id: null, displayName: 'Verwijderde deelnemer' });
    // The ballot still counts.
    const poll = (await server.agent().request('GET', `/api/v1/polls/${w.pollId}`)).body.poll;
    expect(poll.results.ballots).toBe(2);

    // The old e-mail address and name are gone from the database file, not only from the row.
    const bytes = databaseBytes(server);
    expect(bytes).not.toContain('06-98765432');
    const heldRow = await db.selectFrom('comments').select(['deleted_at', 'body']).where('id', '=', held.body.id).executeTakeFirstOrThrow();
    expect(heldRow.deleted_at).not.toBeNull();
    expect(bytes).not.toContain(w.alice.email);
    expect(bytes).not.toContain('Alice Aalders');
    expect(bytes).not.toContain('Alice vindt dit off-topic');

    // She cannot sign in; her address can register again.
    const login = await server.agent().request('POST', '/api/v1/auth/login', { email: w.alice.email, password: w.alice.password });
    expect(login.status).toBe(401);
    expect(login.body.code).toBe('bad_credentials');
    const again = await server.agent().request('POST', '/api/v1/auth/register', { email: w.alice.email, password: 'een-nieuw-wachtwoord', displayName: 'Alice weer' });
    expect(again.status).toBe(201);
    expect(again.body.user.id).not.toBe(w.alice.id);
  });
});

describe('privacy: ACCOUNT_DELETION=remove', () => {
  let server: TestServer;
  let w: World;
  beforeAll(async () => {
    server = await startServer({ accountDeletion: 'remove' });
    w = await buildWorld(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('removes every comment, reply, thread, post and sketch of the account; ballots still count; the removed feed lists them', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    expect(databaseBytes(server)).toContain('Alice: meer bomen hier');
    // Someone looking at the spot gets the public `content:moderated` for her comment (no text).
    const watcher = await server.socket();
    expect((await watcher.timeout(5000).emitWithAck('viewport:subscribe', { bbox: [5.11, 52.08, 5.13, 52.1] })).ok).toBe(true);
    const gone = new Promise<any>((resolve) => watcher.on('content:moderated', (e) => e.id === w.commentId && resolve(e)));
    const d = await w.alice.agent.request('DELETE', '/api/v1/me', { password: w.alice.password });
    expect(d.status).toBe(204);
    expect(await gone).toEqual({ kind: 'comment', id: w.commentId, change: 'gone', planId: w.planId, threadId: null, parentId: null });
    const anon = server.agent();
    expect((await anon.request('GET', `/api/v1/comments/${w.commentId}`)).status).toBe(404);
    expect((await anon.request('GET', `/api/v1/comments/${w.replyId}`)).status).toBe(404);
    const list = await anon.request('GET', `/api/v1/comments?planId=${w.planId}`);
    expect(list.body.features.map((f: any) => f.id)).toEqual([w.bobCommentId]);
    const replies = await anon.request('GET', `/api/v1/comments?parentId=${w.bobCommentId}`);
    expect(replies.body.features).toEqual([]);
    expect((await anon.request('GET', `/api/v1/threads/${w.threadId}`)).status).toBe(404);
    const threads = await anon.request('GET', `/api/v1/threads?planId=${w.planId}`);
    expect(threads.body.threads).toEqual([]);

    // The text is gone from storage too (every sketch version's label as well).
    const db = server.app.store.db;
    const c = await db.selectFrom('comments').select(['body', 'deleted_at']).where('id', '=', w.commentId).executeTakeFirstOrThrow();
    expect(c.body).toBe('[verwijderd]');
    expect(c.deleted_at).not.toBeNull();
    const versions = await db.selectFrom('sketch_versions').select('label').where('sketch_id', '=', w.sketchId).execute();
    expect(versions.map((v) => v.label)).toEqual(['[verwijderd]']);
    const bytes = databaseBytes(server);
    for (const text of ['Alice: meer bomen hier', 'Alice antwoordt Bob', 'Alice haar draad', 'Alice post erbij', 'Alice schets']) expect(bytes).not.toContain(text);
    const post = await db.selectFrom('thread_posts').select('text').where('id', '=', w.postId).executeTakeFirstOrThrow();
    expect(post.text).toBe('[verwijderd]');

    const poll = (await anon.request('GET', `/api/v1/polls/${w.pollId}`)).body.poll;
    expect(poll.results.ballots).toBe(2);

    const feed = await anon.request('GET', `/api/v1/open-data/removed?since=${encodeURIComponent(since)}`);
    expect(feed.status).toBe(200);
    const removed = feed.body.items.map((i: any) => `${i.kind}:${i.id}:${i.action}`).sort();
    expect(removed).toEqual(
      [`comment:${w.commentId}:removed`, `reply:${w.replyId}:removed`, `thread:${w.threadId}:removed`, `post:${w.postId}:removed`, `sketch:${w.sketchId}:removed`].sort(),
    );
    const audit = await db.selectFrom('moderation_actions').select('after').where('action', '=', 'account_delete').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after!)).toEqual({ deleted: true, mode: 'remove' });
  });
});
