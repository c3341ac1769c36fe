/**
 * THE shared moderation suite (issue 6; DESIGN.md "shared test suites run against every resource kind"): the same
 * story is told for every reportable kind (comment, reply, thread, post, sketch, model) against the real server:
 *
 *   visible everywhere → one report (threshold 2: still visible; the same account again counts once)
 *   → a second account reports → held: gone from every read path for everyone (also the author and moderators),
 *     counted nowhere, in the removed-ids feed, in the moderation queue with both reports, the author notified
 *   → a moderator restores → back in every read path, counts agree again
 *   → hidden again by a moderator → gone; removed → gone for good (restore refused), text gone from storage.
 *
 * Each kind names its read paths (REST by id and lists, bbox, socket, notifications, exports) and one count.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { ContentKind } from '../../shared/index.js';
import { generateModelFixtures } from '../fixtures/models/generate.js';
import { uploadModel } from '../helpers/models.js';
import { phaseNow, planBody, userWithRole, type RoleUser } from '../helpers/plans.js';
import { nextEvent, startServer, type Agent, type TestServer } from '../helpers/server.js';
import { POINT, square, threadBody } from '../helpers/threads.js';

const BBOX = '5.11,52.08,5.13,52.10';

interface World {
  server: TestServer;
  planId: string;
  author: RoleUser;
  reporters: RoleUser[];
  moderator: RoleUser;
  admin: RoleUser;
  /** Follows the plan and every thread, so replies notify them. */
  follower: RoleUser;
  partner: RoleUser;
  glb: string[];
}

/** What a kind's fixture made: the content and the ids its read paths need. */
interface Made {
  id: string;
  threadId?: string;
  parentId?: string;
  /** A unique text in the content, to search storage for after removal. */
  marker: string;
}

/** A read path: true when `who` (an agent or null for anonymous) sees the content there. */
type ReadPath = (w: World, m: Made, who: Agent | null) => Promise<boolean>;

interface KindSpec {
  kind: ContentKind;
  make(w: World, marker: string): Promise<Made>;
  paths: Record<string, ReadPath>;
  /** Who made it (and is told about decisions): the resident author, or the partner for models. */
  authorOf?(w: World): RoleUser;
  /** A number a user sees that includes this content when visible (badge, count, list length). */
  count(w: World, m: Made): Promise<number>;
}

async function get(w: World, who: Agent | null, url: string) {
  return (who ?? w.server.agent()).request('GET', url);
}
const idsOf = (list: { id: string }[] | undefined) => (list ?? []).map((x) => x.id);
async function inList(w: World, who: Agent | null, url: string, pick: (body: any) => { id: string }[], id: string) {
  const r = await get(w, who, url);
  expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(200);
  return idsOf(pick(r.body)).includes(id);
}
async function byId(w: World, who: Agent | null, url: string): Promise<boolean> {
  const r = await get(w, who, url);
  if (r.status === 404) return false;
  expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(200);
  return true;
}
async function textHas(w: World, who: Agent | null, url: string, id: string): Promise<boolean> {
  const r = await (who ?? w.server.agent()).fetch(url);
  expect(r.status, url).toBe(200);
  return (await r.text()).includes(id);
}
async function notified(w: World, m: Made): Promise<boolean> {
  const r = await w.follower.agent.request('GET', '/api/v1/notifications');
  expect(r.status).toBe(200);
  return ((r.body.notifications ?? r.body.items) as any[]).some((n) => n.postId === m.id || (n.threadId === m.id && n.kind !== 'moderation'));
}
async function joinTiles(socket: Socket) {
  const ack = await socket.timeout(5000).emitWithAck('viewport:subscribe', { bbox: [5.11, 52.08, 5.13, 52.1] });
  expect(ack.ok).toBe(true);
}
async function joinThread(socket: Socket, threadId: string) {
  const ack = await socket.timeout(5000).emitWithAck('thread:join', { threadId });
  expect(ack.ok, JSON.stringify(ack)).toBe(true);
}
async function joinPlan(w: World, socket: Socket) {
  const ack = await socket.timeout(5000).emitWithAck('plan:join', { planId: w.planId });
  expect(ack.ok, JSON.stringify(ack)).toBe(true);
}

async function newThread(w: World, marker: string) {
  const r = await w.author.agent.request('POST', '/api/v1/threads', threadBody({ planId: w.planId, title: `Draad ${marker}`, text: `Tekst ${marker}` }));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.thread.id as string;
}

const KINDS: KindSpec[] = [
  {
    kind: 'comment',
    async make(w, marker) {
      const r = await w.author.agent.request('POST', '/api/v1/comments', { position: { lon: 5.1205, lat: 52.0905, height: 3 }, body: `Opmerking ${marker}`, planId: w.planId });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return { id: r.body.comment.id, marker };
    },
    paths: {
      'REST by id': (w, m, who) => byId(w, who, `/api/v1/comments/${m.id}`),
      'REST list of the plan': (w, m, who) => inList(w, who, `/api/v1/comments?planId=${w.planId}`, (b) => b.features?.map((f: any) => f.properties ?? f) ?? b.items, m.id),
      bbox: (w, m, who) => inList(w, who, `/api/v1/comments?bbox=${BBOX}`, (b) => b.features?.map((f: any) => ({ id: f.id ?? f.properties?.id })) ?? b.items, m.id),
      'open data GeoJSON': (w, m, who) => textHas(w, who, `/api/v1/plans/${w.planId}/open-data/comments.geojson`, m.id),
      'open data CSV': (w, m, who) => textHas(w, who, `/api/v1/plans/${w.planId}/open-data/comments.csv`, m.id),
    },
    async count(w) {
      const r = await w.server.agent().request('GET', `/api/v1/comments?planId=${w.planId}`);
      return (r.body.features ?? r.body.items).filter((c: any) => !(c.properties ?? c).moderated).length;
    },
  },
  {
    kind: 'reply',
    async make(w, marker) {
      const p = await w.reporters[2]!.agent.request('POST', '/api/v1/comments', { position: { lon: 5.1206, lat: 52.0906, height: 3 }, body: `Vraag ${marker.toUpperCase()}`, planId: w.planId });
      expect(p.status).toBe(201);
      const r = await w.author.agent.request('POST', '/api/v1/comments', { body: `Antwoord ${marker}`, parentId: p.body.comment.id });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return { id: r.body.comment.id, parentId: p.body.comment.id, marker };
    },
    paths: {
      'REST by id': (w, m, who) => byId(w, who, `/api/v1/comments/${m.id}`),
      'REST replies': (w, m, who) => inList(w, who, `/api/v1/comments/${m.parentId}/replies`, (b) => b.features?.map((f: any) => ({ id: f.id ?? f.properties?.id })) ?? b.items, m.id),
      'open data CSV': (w, m, who) => textHas(w, who, `/api/v1/plans/${w.planId}/open-data/comments.csv`, m.id),
    },
    async count(w, m) {
      const r = await w.server.agent().request('GET', `/api/v1/comments/${m.parentId}`);
      return (r.body.comment ?? r.body.properties ?? r.body).replyCount;
    },
  },
  {
    kind: 'thread',
    async make(w, marker) {
      return { id: await newThread(w, marker), marker };
    },
    paths: {
      'REST by id': (w, m, who) => byId(w, who, `/api/v1/threads/${m.id}`),
      'REST list of the plan': (w, m, who) => inList(w, who, `/api/v1/threads?planId=${w.planId}`, (b) => b.items ?? b.threads, m.id),
      bbox: (w, m, who) => inList(w, who, `/api/v1/threads?bbox=${BBOX}`, (b) => b.items ?? b.threads, m.id),
      'socket thread:join': async (w, m, who) => {
        const s = await w.server.socket(who ?? undefined);
        try {
          const ack = await s.timeout(5000).emitWithAck('thread:join', { threadId: m.id });
          return ack.ok === true;
        } finally {
          s.disconnect();
        }
      },
      'open data GeoJSON': (w, m, who) => textHas(w, who, `/api/v1/plans/${w.planId}/open-data/threads.geojson`, m.id),
      'open data CSV': (w, m, who) => textHas(w, who, `/api/v1/plans/${w.planId}/open-data/threads.csv`, m.id),
    },
    async count(w) {
      const r = await w.server.agent().request('GET', `/api/v1/threads?planId=${w.planId}`);
      return (r.body.items ?? r.body.threads).length;
    },
  },
  {
    kind: 'post',
    async make(w, marker) {
      const threadId = await newThread(w, marker.toUpperCase());
      await w.follower.agent.request('POST', '/api/v1/follows', { threadId });
      const r = await w.author.agent.request('POST', `/api/v1/threads/${threadId}/posts`, { text: `Reactie ${marker}` });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return { id: r.body.post.id, threadId, marker };
    },
    paths: {
      'REST posts': (w, m, who) => inList(w, who, `/api/v1/threads/${m.threadId}/posts`, (b) => b.items ?? b.posts, m.id),
      notifications: async (w, m) => notified(w, m),
    },
    async count(w, m) {
      const r = await w.server.agent().request('GET', `/api/v1/threads/${m.threadId}`);
      return r.body.thread.postCount;
    },
  },
  {
    kind: 'sketch',
    async make(w, marker) {
      const threadId = await newThread(w, marker.toUpperCase());
      const r = await w.author.agent.request('POST', `/api/v1/threads/${threadId}/sketches`, { geometry: square(), height: 12, label: `Schets ${marker}` });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return { id: r.body.sketch.id, threadId, marker };
    },
    paths: {
      'REST sketches': (w, m, who) => inList(w, who, `/api/v1/threads/${m.threadId}/sketches`, (b) => b.items ?? b.sketches, m.id),
      'REST thread': async (w, m, who) => {
        const r = await get(w, who, `/api/v1/threads/${m.threadId}`);
        return idsOf(r.body.thread.sketches).includes(m.id);
      },
      'REST versions': (w, m, who) => byId(w, who, `/api/v1/threads/${m.threadId}/sketches/${m.id}/versions`),
    },
    async count(w, m) {
      const r = await w.server.agent().request('GET', `/api/v1/threads/${m.threadId}`);
      return r.body.thread.sketches.length;
    },
  },
  {
    kind: 'model',
    authorOf: (w) => w.partner,
    async make(w, marker) {
      const r = await uploadModel(w.partner.agent, w.planId, w.glb, `Model ${marker}`);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return { id: (r.body as any).model.id, marker };
    },
    paths: {
      'REST by id': (w, m, who) => byId(w, who, `/api/v1/plans/${w.planId}/models/${m.id}`),
      'REST list': (w, m, who) => inList(w, who, `/api/v1/plans/${w.planId}/models`, (b) => b.items ?? b.models, m.id),
      'GLB file': async (w, m, who) => {
        const r = await (who ?? w.server.agent()).fetch(`/api/v1/plans/${w.planId}/models/${m.id}/model.glb`);
        if (r.status === 404) return false;
        expect(r.status).toBe(200);
        return true;
      },
    },
    async count(w) {
      const r = await w.server.agent().request('GET', `/api/v1/plans/${w.planId}/models`);
      return (r.body.items ?? r.body.models).length;
    },
  },
];

let world: World;
let fixturesDir: string;

beforeAll(async () => {
  fixturesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-mod-kinds-'));
  const fx = await generateModelFixtures(fixturesDir);
  const server = await startServer({ reportThreshold: 2 });
  const planner = await userWithRole(server, 'planner', 'Planner Piet');
  const partner = await userWithRole(server, 'partner', 'Partner Pam');
  const plan = await planner.agent.request('POST', '/api/v1/plans', planBody({ phases: [phaseNow(['comment', 'cocreate', 'vote'])] }));
  expect(plan.status, JSON.stringify(plan.body)).toBe(201);
  const planId = plan.body.plan.id as string;
  expect((await planner.agent.request('POST', `/api/v1/plans/${planId}/partners`, { email: partner.email })).status).toBe(201);
  const pub = await planner.agent.request('PATCH', `/api/v1/plans/${planId}`, { status: 'published', version: plan.body.plan.version });
  expect(pub.status, JSON.stringify(pub.body)).toBe(200);
  world = {
    server,
    planId,
    partner,
    author: await userWithRole(server, 'resident', 'Auteur Anna'),
    reporters: [await userWithRole(server, 'resident', 'Melder Bas'), await userWithRole(server, 'resident', 'Melder Cor'), await userWithRole(server, 'resident', 'Derde Dirk')],
    follower: await userWithRole(server, 'resident', 'Volger Fien'),
    moderator: await userWithRole(server, 'moderator', 'Moderator Mo'),
    admin: await userWithRole(server, 'admin', 'Beheerder Bea'),
    glb: fx.texturedGlb,
  };
}, 60_000);

afterAll(async () => {
  await world?.server.close();
  if (fixturesDir) fs.rmSync(fixturesDir, { recursive: true, force: true });
});

/** Every read path for anonymous, another resident, the author and a moderator: the visibility each reports. */
async function visibility(spec: KindSpec, m: Made): Promise<Record<string, boolean>> {
  const out: Record<string, boolean> = {};
  const viewers: [string, Agent | null][] = [
    ['anonymous', null],
    ['resident', world.reporters[2]!.agent],
    ['author', world.author.agent],
    ['moderator', world.moderator.agent],
  ];
  for (const [pathName, read] of Object.entries(spec.paths)) {
    for (const [who, agent] of viewers) {
      if (pathName === 'notifications' && who !== 'resident') continue; // the follower's list; checked once
      out[`${pathName} / ${who}`] = await read(world, m, pathName === 'notifications' ? world.follower.agent : agent);
    }
  }
  return out;
}
const all = (v: Record<string, boolean>, value: boolean) => Object.fromEntries(Object.keys(v).map((k) => [k, value]));

async function act(kind: ContentKind, id: string, action: string, body: Record<string, unknown> = { reason: `Besluit: ${action}` }) {
  return world.moderator.agent.request('POST', `/api/v1/moderation/content/${kind}/${id}/${action}`, body);
}

describe.each(KINDS)('moderation of a $kind', (spec) => {
  it('report → held at the threshold → restored → hidden → removed: every read path and count agrees', async () => {
    const marker = `m${Math.random().toString(36).slice(2, 10)}`;
    const since = new Date(Date.now() - 1000).toISOString();
    const m = await spec.make(world, marker);
    const baseline = await spec.count(world, m);

    const seen = await visibility(spec, m);
    expect(seen).toEqual(all(seen, true));

    // One report (threshold 2): still visible. The same account again counts once.
    const [bas, cor] = world.reporters as [RoleUser, RoleUser];
    const r1 = await bas.agent.request('POST', '/api/v1/reports', { kind: spec.kind, id: m.id, reason: 'offensive', note: 'grof' });
    expect(r1.status, JSON.stringify(r1.body)).toBe(201);
    expect(r1.body.counted).toBe(true);
    const again = await bas.agent.request('POST', '/api/v1/reports', { kind: spec.kind, id: m.id, reason: 'spam' });
    expect(again.status).toBe(200);
    expect(again.body.counted).toBe(false);
    expect(await visibility(spec, m)).toEqual(all(seen, true));

    // A second account: held pending review, gone from every path for everyone, live for open pages.
    // A page looking at the spot, the plan and the thread hears it without reloading.
    const watcher = await world.server.socket();
    await joinTiles(watcher);
    await joinPlan(world, watcher);
    if (m.threadId) await joinThread(watcher, m.threadId);
    const gone = nextEvent<any>(watcher, 'content:moderated', (e) => e.id === m.id && e.change === 'gone');
    const r2 = await cor.agent.request('POST', '/api/v1/reports', { kind: spec.kind, id: m.id, reason: 'offensive' });
    expect(r2.status).toBe(201);
    await gone;
    expect(await visibility(spec, m)).toEqual(all(seen, false));
    expect(await spec.count(world, m)).toBe(baseline - 1);

    // Reporting content one cannot see any more is not_found, not a hint that it exists.
    const late = await world.reporters[2]!.agent.request('POST', '/api/v1/reports', { kind: spec.kind, id: m.id, reason: 'spam' });
    expect(late.status).toBe(404);

    // The queue holds it with both reports; the removed-ids feed lists it; the author was told.
    const q = await world.moderator.agent.request('GET', `/api/v1/moderation/queue?kind=${spec.kind}`);
    expect(q.status).toBe(200);
    const item = (q.body.items as any[]).find((i) => i.id === m.id);
    expect(item).toMatchObject({ kind: spec.kind, state: 'held', pending: 'reports', openReports: 2 });
    expect(item.reports.map((r: any) => r.reason).sort()).toEqual(['offensive', 'offensive']);
    const feed = await world.server.agent().request('GET', `/api/v1/open-data/removed?since=${encodeURIComponent(since)}`);
    expect(feed.status).toBe(200);
    expect(feed.body.items).toContainEqual(expect.objectContaining({ kind: spec.kind, id: m.id, action: 'hidden' }));
    const notes = await (spec.authorOf?.(world) ?? world.author).agent.request('GET', '/api/v1/notifications');
    expect(((notes.body.notifications ?? notes.body.items) as any[]).some((n) => n.kind === 'moderation' && n.moderation?.contentId === m.id)).toBe(true);

    // Restored: back everywhere, counts agree again.
    const back = nextEvent<any>(watcher, 'content:moderated', (e) => e.id === m.id && e.change === 'restored');
    const restored = await act(spec.kind, m.id, 'restore');
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    await back;
    expect(await visibility(spec, m)).toEqual(all(seen, true));
    expect(await spec.count(world, m)).toBe(baseline);

    // Hidden by a moderator, then removed for good: restore refused, the text gone from storage.
    expect((await act(spec.kind, m.id, 'hide')).status).toBe(200);
    expect(await visibility(spec, m)).toEqual(all(seen, false));
    expect(await spec.count(world, m)).toBe(baseline - 1);
    expect((await act(spec.kind, m.id, 'remove')).status).toBe(200);
    expect((await act(spec.kind, m.id, 'restore')).status).toBe(409);
    expect(await visibility(spec, m)).toEqual(all(seen, false));
    const dump = JSON.stringify(await dumpTextTables());
    expect(dump).not.toContain(marker);

    // The audit log (admins) has the whole story, with reasons and without the text.
    const audit = await world.admin.agent.request('GET', '/api/v1/moderation/audit');
    expect(audit.status).toBe(200);
    const mine = (audit.body.entries as any[]).filter((e) => e.targetId === m.id).map((e) => e.action);
    expect(mine).toEqual(expect.arrayContaining(['auto_hide', 'restore', 'hide', 'remove']));
    watcher.disconnect();
  }, 60_000);
});

/** Every text column of every content table, for "gone from storage" checks. */
async function dumpTextTables() {
  const db = world.server.app.store.db;
  return {
    comments: await db.selectFrom('comments').select(['id', 'body']).execute(),
    threads: await db.selectFrom('threads').select(['id', 'title', 'text']).execute(),
    posts: await db.selectFrom('thread_posts').select(['id', 'text']).execute(),
    sketches: await db.selectFrom('sketches').select(['id', 'label']).execute(),
    versions: await db.selectFrom('sketch_versions').select(['sketch_id', 'label']).execute(),
    models: await db.selectFrom('models').select(['id', 'name']).execute(),
    changes: await db.selectFrom('plan_changes').select(['id', 'before', 'after']).execute(),
    audit: await db.selectFrom('moderation_actions').select(['id', 'before', 'after', 'reason']).execute(),
  };
}
