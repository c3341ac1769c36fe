/**
 * The normal read paths of threads, thread posts, sketches and models under moderation (issue 6), with the real
 * server and real socket.io clients. Moderation state is set by direct database updates (`hidden_at`, `deleted_at`,
 * `moderation_items`), so these tests do not depend on the moderation endpoints:
 * - a hidden or removed thread is not_found by id, absent from lists and bbox lists, refused by thread:join, and
 *   notifications about it are neither listed nor counted unread (moderation notices without a thread still are);
 * - a hidden post is absent from the post list and from postCount, its notifications are not listed;
 * - a hidden sketch is absent from the thread and the sketch list, its versions are not_found, and a sketch:changed
 *   about it is not delivered;
 * - a hidden model is absent from the model list and from scenario placements, and its files answer 404;
 * - a deleted account is shown as author {id: null, displayName: 'Verwijderde deelnemer'} everywhere;
 * - positions of threads and sketches are stored exactly and served rounded to the public precision.
 * Runs on SQLite and on PostgreSQL (a throwaway schema, tests/helpers/postgres.ts). No sleeps: "nothing arrived" is
 * checked behind a marker event delivered after it.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateModelFixtures, type ModelFixtures } from '../fixtures/models/generate.js';
import { uploadModel } from '../helpers/models.js';
import { planBody, userWithRole, type RoleUser } from '../helpers/plans.js';
import { testSchema } from '../helpers/postgres.js';
import { nextEvent, startServer, type TestServer } from '../helpers/server.js';
import { openThread, square } from '../helpers/threads.js';

let server: TestServer;
let fx: ModelFixtures;
let planner: RoleUser;
let partner: RoleUser;
let anna: RoleUser;
let bram: RoleUser;

const PRECISION_M = 5;

describe.each(['sqlite', 'postgres'] as const)('on %s', (dialect) => {
  const pgSchema = dialect === 'postgres' ? testSchema() : null;
  beforeAll(async () => {
    server = await startServer({ publicPositionPrecisionM: PRECISION_M, ...(pgSchema?.config ?? {}) });
    fx = await generateModelFixtures(path.join(server.dataDir, 'fixtures'));
    planner = await userWithRole(server, 'planner', 'Planner Piet');
    partner = await userWithRole(server, 'partner', 'Partner Paula');
    anna = await userWithRole(server, 'resident', 'Anna');
    bram = await userWithRole(server, 'resident', 'Bram');
  });
  afterAll(async () => {
    await server?.close();
    await pgSchema?.drop();
  });
  moderatedReadPaths();
});

const db = () => server.app.store.db;
const now = () => new Date().toISOString();
const ids = (list: { id: string }[]) => list.map((x) => x.id);

async function setThread(id: string, v: { hidden_at?: string | null; deleted_at?: string | null }) {
  await db().updateTable('threads').set(v).where('id', '=', id).execute();
}

async function notes(u: RoleUser) {
  const r = await u.agent.request('GET', '/api/v1/notifications');
  expect(r.status).toBe(200);
  return r.body as { notifications: any[]; unreadCount: number };
}

/** Every read-path test, against the server of the enclosing dialect. */
function moderatedReadPaths() {
  describe('a thread under moderation', () => {
    it('is not_found by id, absent from lists and bbox, refused by thread:join; its notifications are neither listed nor counted', async () => {
      const t = await openThread(anna, { title: 'Verborgen draad', anchor: { lon: 5.3001, lat: 52.2001, height: 0 } });
      expect((await bram.agent.request('POST', '/api/v1/follows', { threadId: t.id })).status).toBeLessThan(300);
      expect((await anna.agent.request('POST', `/api/v1/threads/${t.id}/posts`, { text: 'Een aanvulling.' })).status).toBe(201);
      const before = await notes(bram);
      expect(before.notifications.some((n) => n.threadId === t.id)).toBe(true);
      // A moderation notice without a thread (H1 writes these) must stay listed and counted.
      await db()
        .insertInto('notifications')
        .values({
          id: randomUUID(), user_id: bram.id, kind: 'moderation', thread_id: null, plan_id: null, post_id: null, status: null,
          actor_id: planner.id, created_at: now(), read_at: null, content_kind: 'comment', content_id: 'c1', action: 'hidden', reason: 'Spam',
        })
        .execute();
      const withNotice = await notes(bram);
      expect(withNotice.unreadCount).toBe(before.unreadCount + 1);

      for (const state of [{ hidden_at: now() }, { deleted_at: now() }]) {
        await setThread(t.id, state);
        for (const who of [anna.agent, planner.agent, server.agent()]) {
          expect((await who.request('GET', `/api/v1/threads/${t.id}`)).status).toBe(404);
          expect((await who.request('GET', `/api/v1/threads/${t.id}/posts`)).status).toBe(404);
          expect(ids((await who.request('GET', '/api/v1/threads')).body.threads)).not.toContain(t.id);
          expect(ids((await who.request('GET', '/api/v1/threads?bbox=5.2,52.1,5.4,52.3')).body.threads)).not.toContain(t.id);
        }
        const sock = await server.socket(anna.agent);
        expect(await sock.timeout(5000).emitWithAck('thread:join', { threadId: t.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
        const after = await notes(bram);
        expect(after.notifications.some((n) => n.threadId === t.id)).toBe(false);
        expect(after.notifications.some((n) => n.kind === 'moderation' && n.threadId === null)).toBe(true);
        expect(after.unreadCount).toBe(withNotice.unreadCount - before.notifications.filter((n) => n.threadId === t.id && !n.readAt).length);
        await setThread(t.id, { hidden_at: null, deleted_at: null });
      }
      // Restored: everything is back.
      expect((await server.agent().request('GET', `/api/v1/threads/${t.id}`)).status).toBe(200);
      expect(ids((await server.agent().request('GET', '/api/v1/threads?bbox=5.2,52.1,5.4,52.3')).body.threads)).toContain(t.id);
      expect((await notes(bram)).unreadCount).toBe(withNotice.unreadCount);
    });
  });

  describe('a post under moderation', () => {
    it('is absent from the post list, from postCount, and its notifications are not listed', async () => {
      const t = await openThread(anna, { title: 'Draad met reacties' });
      const p1 = (await bram.agent.request('POST', `/api/v1/threads/${t.id}/posts`, { text: 'Goed idee.' })).body.post;
      const p2 = (await bram.agent.request('POST', `/api/v1/threads/${t.id}/posts`, { text: 'Nog een gedachte.' })).body.post;
      expect((await server.agent().request('GET', `/api/v1/threads/${t.id}`)).body.thread.postCount).toBe(2);
      const unread = (await notes(anna)).unreadCount;

      await db().updateTable('thread_posts').set({ hidden_at: now() }).where('id', '=', p2.id).execute();
      const thread = (await server.agent().request('GET', `/api/v1/threads/${t.id}`)).body.thread;
      expect(thread.postCount).toBe(1);
      expect(ids((await server.agent().request('GET', `/api/v1/threads/${t.id}/posts`)).body.posts)).toEqual([p1.id]);
      const listed = (await server.agent().request('GET', '/api/v1/threads')).body.threads.find((x: any) => x.id === t.id);
      expect(listed.postCount).toBe(1);
      const n = await notes(anna);
      expect(n.notifications.map((x) => x.postId)).toContain(p1.id);
      expect(n.notifications.map((x) => x.postId)).not.toContain(p2.id);
      expect(n.unreadCount).toBe(unread - 1);

      await db().updateTable('thread_posts').set({ hidden_at: null, deleted_at: now() }).where('id', '=', p2.id).execute();
      expect((await server.agent().request('GET', `/api/v1/threads/${t.id}`)).body.thread.postCount).toBe(1);
    });
  });

  describe('a sketch under moderation', () => {
    it('is absent from the thread and the sketch list, its versions are not_found, and sketch:changed about it is not delivered', async () => {
      const t = await openThread(anna, { title: 'Draad met schetsen' });
      const keep = (await anna.agent.request('POST', `/api/v1/threads/${t.id}/sketches`, { geometry: square(), height: 4 })).body.sketch;
      const hide = (await bram.agent.request('POST', `/api/v1/threads/${t.id}/sketches`, { geometry: square(5.1211), height: 8, label: 'Schets' })).body.sketch;
      expect(ids((await server.agent().request('GET', `/api/v1/threads/${t.id}`)).body.thread.sketches)).toEqual([keep.id, hide.id]);

      await db().updateTable('sketches').set({ hidden_at: now() }).where('id', '=', hide.id).execute();
      expect(ids((await server.agent().request('GET', `/api/v1/threads/${t.id}`)).body.thread.sketches)).toEqual([keep.id]);
      expect(ids((await server.agent().request('GET', `/api/v1/threads/${t.id}/sketches`)).body.sketches)).toEqual([keep.id]);
      expect(ids((await server.agent().request('GET', '/api/v1/threads')).body.threads.find((x: any) => x.id === t.id).sketches)).toEqual([keep.id]);
      expect((await server.agent().request('GET', `/api/v1/threads/${t.id}/sketches/${hide.id}/versions`)).status).toBe(404);
      expect((await server.agent().request('GET', `/api/v1/threads/${t.id}/sketches/${keep.id}/versions`)).status).toBe(200);
      expect((await bram.agent.request('PATCH', `/api/v1/threads/${t.id}/sketches/${hide.id}`, { version: 1, height: 9 })).status).toBe(404);

      // A sketch:changed about the hidden sketch (emitted by hand: no normal path can) is not delivered; a marker is.
      const sock = await server.socket(anna.agent);
      expect((await sock.timeout(5000).emitWithAck('thread:join', { threadId: t.id })).ok).toBe(true);
      const seen: any[] = [];
      sock.on('sketch:changed', (p: any) => seen.push(p));
      server.app.services.bus.emit('sketch:changed', { threadId: t.id, event: { threadId: t.id, sketch: hide } });
      const marker = nextEvent(sock, 'sketch:changed', (p: any) => p.sketch?.id === keep.id);
      expect((await anna.agent.request('PATCH', `/api/v1/threads/${t.id}/sketches/${keep.id}`, { version: 1, height: 5 })).status).toBe(200);
      await marker;
      expect(seen.map((p) => p.sketch?.id)).toEqual([keep.id]);

      // Removed by a moderator (moderation_items state removed, deleted_at set): its versions are not_found either,
      // while a sketch a participant deleted keeps its history.
      await db().updateTable('sketches').set({ hidden_at: null, deleted_at: now() }).where('id', '=', hide.id).execute();
      await db()
        .insertInto('moderation_items')
        .values({
          content_kind: 'sketch', content_id: hide.id, state: 'removed', pending: null, detail: null, author_id: bram.id, plan_id: null,
          open_reports: 0, created_at: now(), updated_at: now(), reviewed_at: now(), reviewed_by: planner.id,
        })
        .execute();
      expect((await server.agent().request('GET', `/api/v1/threads/${t.id}/sketches/${hide.id}/versions`)).status).toBe(404);
      expect((await anna.agent.request('DELETE', `/api/v1/threads/${t.id}/sketches/${keep.id}`)).status).toBe(204);
      expect((await server.agent().request('GET', `/api/v1/threads/${t.id}/sketches/${keep.id}/versions`)).status).toBe(200);
    });
  });

  describe('a model under moderation', () => {
    it('is absent from the model list and scenario placements, and its files answer 404', async () => {
      const plan = (await planner.agent.request('POST', '/api/v1/plans', planBody({ title: 'Modellen en moderatie' }))).body.plan;
      expect((await planner.agent.request('POST', `/api/v1/plans/${plan.id}/partners`, { email: partner.email })).status).toBeLessThan(300);
      const up = await uploadModel(partner.agent, plan.id, fx.texturedGlb, 'Paviljoen');
      expect(up.status, JSON.stringify(up.body)).toBe(201);
      const model = up.body.model;
      const original = model.originalFiles[0].name;
      const scenario = (await planner.agent.request('POST', `/api/v1/plans/${plan.id}/scenarios`, { name: 'A' })).body.scenario;
      const placed = await partner.agent.request('POST', `/api/v1/plans/${plan.id}/scenarios/${scenario.id}/placements`, {
        modelId: model.id,
        position: { lon: 5.1205, lat: 52.0905, height: 0 },
      });
      expect(placed.status, JSON.stringify(placed.body)).toBe(201);
      const files = [`/api/v1/plans/${plan.id}/models/${model.id}/model.glb`, `/api/v1/plans/${plan.id}/models/${model.id}/original/${encodeURIComponent(original)}`];
      for (const f of files) expect((await planner.agent.fetch(f)).status).toBe(200);

      await db().updateTable('models').set({ hidden_at: now() }).where('id', '=', model.id).execute();
      for (const who of [planner, partner]) {
        expect(ids((await who.agent.request('GET', `/api/v1/plans/${plan.id}/models`)).body.models)).not.toContain(model.id);
        expect((await who.agent.request('GET', `/api/v1/plans/${plan.id}/models/${model.id}`)).status).toBe(404);
        for (const f of files) expect((await who.agent.fetch(f)).status).toBe(404);
        const scenarios = (await who.agent.request('GET', `/api/v1/plans/${plan.id}/scenarios`)).body.scenarios;
        expect(scenarios.flatMap((s: any) => s.placements.map((p: any) => p.modelId))).not.toContain(model.id);
      }
      // A hidden model cannot be placed again.
      const again = await partner.agent.request('POST', `/api/v1/plans/${plan.id}/scenarios/${scenario.id}/placements`, {
        modelId: model.id,
        position: { lon: 5.1205, lat: 52.0905, height: 0 },
      });
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('validation_failed');

      await db().updateTable('models').set({ hidden_at: null }).where('id', '=', model.id).execute();
      expect(ids((await planner.agent.request('GET', `/api/v1/plans/${plan.id}/models`)).body.models)).toContain(model.id);
      const scenarios = (await planner.agent.request('GET', `/api/v1/plans/${plan.id}/scenarios`)).body.scenarios;
      expect(scenarios.flatMap((s: any) => s.placements.map((p: any) => p.modelId))).toContain(model.id);
    });
  });

  describe('deleted accounts', () => {
    it('are shown as author {id: null, displayName: "Verwijderde deelnemer"} on threads, posts, sketches, versions and notifications', async () => {
      const carla = await userWithRole(server, 'resident', 'Carla');
      const t = await openThread(carla, { title: 'Draad van Carla' });
      expect((await anna.agent.request('POST', '/api/v1/follows', { threadId: t.id })).status).toBeLessThan(300);
      const post = (await carla.agent.request('POST', `/api/v1/threads/${t.id}/posts`, { text: 'Mijn aanvulling.' })).body.post;
      const sk = (await carla.agent.request('POST', `/api/v1/threads/${t.id}/sketches`, { geometry: square(), height: 3 })).body.sketch;
      expect(post.author).toEqual({ id: carla.id, displayName: 'Carla' });

      await db().updateTable('users').set({ deleted_at: now() }).where('id', '=', carla.id).execute();
      const removed = { id: null, displayName: 'Verwijderde deelnemer' };
      const thread = (await anna.agent.request('GET', `/api/v1/threads/${t.id}`)).body.thread;
      expect(thread.author).toEqual(removed);
      expect(thread.sketches[0].createdBy).toEqual(removed);
      expect(thread.sketches[0].updatedBy).toEqual(removed);
      expect((await anna.agent.request('GET', `/api/v1/threads/${t.id}/posts`)).body.posts[0].author).toEqual(removed);
      expect((await anna.agent.request('GET', `/api/v1/threads/${t.id}/sketches/${sk.id}/versions`)).body.versions[0].author).toEqual(removed);
      const n = (await notes(anna)).notifications.find((x) => x.postId === post.id);
      expect(n.actor).toEqual(removed);
      expect(JSON.stringify(thread)).not.toContain(carla.id);
    });
  });

  describe('public position precision', () => {
    const metres = (a: number[], b: number[]) => {
      const dLat = (a[1]! - b[1]!) * 111_320;
      const dLon = (a[0]! - b[0]!) * 111_320 * Math.cos((b[1]! * Math.PI) / 180);
      return Math.hypot(dLat, dLon);
    };

    it('threads and sketches are stored exactly and served rounded to the precision', async () => {
      const exact = { lon: 5.123456789, lat: 52.098765432, height: 3.21 };
      const t = await openThread(anna, { title: 'Precieze pin', anchor: exact });
      const stored = await db().selectFrom('threads').select(['lon', 'lat', 'height', 'anchor']).where('id', '=', t.id).executeTakeFirstOrThrow();
      expect([stored.lon, stored.lat, stored.height]).toEqual([exact.lon, exact.lat, exact.height]);
      expect(JSON.parse(stored.anchor)).toEqual(exact);

      const served = (await server.agent().request('GET', `/api/v1/threads/${t.id}`)).body.thread;
      for (const pos of [served.position, served.anchor]) {
        expect(pos.lon).not.toBe(exact.lon);
        expect(metres([pos.lon, pos.lat], [exact.lon, exact.lat])).toBeLessThanOrEqual(PRECISION_M);
        expect(Math.abs(pos.height - exact.height)).toBeLessThanOrEqual(PRECISION_M / 2);
      }
      const listed = (await server.agent().request('GET', '/api/v1/threads')).body.threads.find((x: any) => x.id === t.id);
      expect(listed.position).toEqual(served.position);

      const ring = [[5.12001234, 52.09001234], [5.12041234, 52.09001234], [5.12041234, 52.09041234], [5.12001234, 52.09041234], [5.12001234, 52.09001234]];
      const area = await openThread(anna, { title: 'Vlak', anchor: { type: 'Polygon', coordinates: [ring] } });
      const sk = (await anna.agent.request('POST', `/api/v1/threads/${t.id}/sketches`, { geometry: { type: 'Polygon', coordinates: [ring] }, height: 2 })).body.sketch;
      const storedSketch = await db().selectFrom('sketches').select('geometry').where('id', '=', sk.id).executeTakeFirstOrThrow();
      expect(JSON.parse(storedSketch.geometry).coordinates[0]).toEqual(ring);
      const servedArea = (await server.agent().request('GET', `/api/v1/threads/${area.id}`)).body.thread.anchor.coordinates[0];
      const servedSketch = (await server.agent().request('GET', `/api/v1/threads/${t.id}/sketches`)).body.sketches[0].geometry.coordinates[0];
      const version = (await server.agent().request('GET', `/api/v1/threads/${t.id}/sketches/${sk.id}/versions`)).body.versions[0].geometry.coordinates[0];
      for (const coords of [servedArea, servedSketch, version, sk.geometry.coordinates[0]]) {
        expect(coords).toHaveLength(ring.length);
        expect(coords).not.toEqual(ring);
        coords.forEach((c: number[], i: number) => expect(metres(c, ring[i]!)).toBeLessThanOrEqual(PRECISION_M));
      }
    });
  });
}
