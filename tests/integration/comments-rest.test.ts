/** Comments over REST: listing by bbox with keyset pagination, replies, one comment, and a restart. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type Agent, type TestServer } from '../helpers/server.js';

let server: TestServer;
let alice: Agent;

beforeAll(async () => {
  server = await startServer();
  alice = server.agent();
  await alice.register({ displayName: 'Alice' });
});
afterAll(async () => {
  await server?.close();
});

async function pages(agent: Agent, query: string, limit: number) {
  const seen: any[] = [];
  let cursor: string | null = null;
  let count = 0;
  do {
    const r = await agent.request('GET', `/api/v1/comments?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(r.status).toBe(200);
    expect(r.body.type).toBe('FeatureCollection');
    expect(r.body.features.length).toBeLessThanOrEqual(limit);
    seen.push(...r.body.features);
    cursor = r.body.nextCursor;
    count++;
  } while (cursor && count < 100);
  return { features: seen, pages: count };
}

describe('GET /comments?bbox', () => {
  it('pages newest first through every comment in the box, without duplicates or gaps', async () => {
    const box = [5.1, 52.08, 5.13, 52.1]; // Utrecht
    const made: string[] = [];
    for (let i = 0; i < 23; i++) {
      const r = await alice.request('POST', '/api/v1/comments', {
        position: { lon: 5.1 + 0.001 * i, lat: 52.09, height: i },
        body: `nummer ${i}`,
      });
      expect(r.status).toBe(201);
      made.push(r.body.comment.id);
    }
    await alice.request('POST', '/api/v1/comments', { position: { lon: 5.2, lat: 52.09, height: 0 }, body: 'outside' });

    const { features, pages: n } = await pages(alice, `bbox=${box.join(',')}`, 10);
    expect(n).toBe(3);
    const ids = features.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...made].sort());
    const keys = features.map((f) => [f.properties.createdAt, f.id].join('|'));
    expect(keys).toEqual([...keys].sort().reverse()); // newest first, id breaks ties

    const f = features[0];
    expect(f).toMatchObject({ type: 'Feature', geometry: { type: 'Point' } });
    expect(f.geometry.coordinates).toHaveLength(3);
    expect(Object.keys(f.properties).sort()).toEqual(['author', 'body', 'createdAt', 'id', 'parentId', 'planId', 'replyCount', 'scenarioId']);
    expect(f.properties.author).toEqual({ id: expect.any(String), displayName: 'Alice' });
  });

  it('handles a bbox across the antimeridian', async () => {
    await alice.request('POST', '/api/v1/comments', { position: { lon: 179.5, lat: -16.5, height: 0 }, body: 'Fiji oost' });
    await alice.request('POST', '/api/v1/comments', { position: { lon: -179.5, lat: -16.5, height: 0 }, body: 'Fiji west' });
    const r = await alice.request('GET', '/api/v1/comments?bbox=179,-17,-179,-16');
    expect(r.body.features.map((f: any) => f.properties.body).sort()).toEqual(['Fiji oost', 'Fiji west']);
  });

  it('is readable without an account', async () => {
    const r = await server.agent().request('GET', '/api/v1/comments?bbox=-180,-90,180,90&limit=1');
    expect(r.status).toBe(200);
    expect(r.body.features).toHaveLength(1);
    expect(typeof r.body.nextCursor).toBe('string');
  });
});

describe('replies', () => {
  it('lists the replies of a comment oldest first, paginated', async () => {
    const parent = await alice.request('POST', '/api/v1/comments', { position: { lon: 6.56, lat: 53.21, height: 5 }, body: 'Groningen' });
    const replyIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await alice.request('POST', '/api/v1/comments', { body: `reactie ${i}`, parentId: parent.body.comment.id });
      expect(r.status).toBe(201);
      expect(r.body.comment.position).toEqual(parent.body.comment.position);
      replyIds.push(r.body.comment.id);
    }
    // A reply to a reply joins the thread of the top-level comment, where the app shows it.
    const nested = await alice.request('POST', '/api/v1/comments', { body: 'op een reactie', parentId: replyIds[0] });
    expect(nested.status).toBe(201);
    expect(nested.body.comment.parentId).toBe(parent.body.comment.id);
    replyIds.push(nested.body.comment.id);

    const { features } = await pages(alice, `parentId=${parent.body.comment.id}`, 2);
    expect(features.map((f) => f.id)).toEqual(replyIds);
    expect(features[0].properties.replyCount).toBe(0);
    const one = await alice.request('GET', `/api/v1/comments/${parent.body.comment.id}`);
    expect(one.body.comment.replyCount).toBe(6);
  });

  it('answers replies of an unknown comment 404', async () => {
    const r = await alice.request('GET', '/api/v1/comments?parentId=nope');
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('not_found');
  });

  it('refuses bbox and parentId together', async () => {
    const r = await alice.request('GET', '/api/v1/comments?bbox=0,0,1,1&parentId=x');
    expect(r.status).toBe(400);
  });
});

describe('restart', () => {
  it('keeps accounts, sessions and comments when the server restarts on the same database', async () => {
    const s1 = await startServer();
    const a = s1.agent();
    const u = await a.register({ password: 'blijft bewaard' });
    const c = await a.request('POST', '/api/v1/comments', { position: { lon: 4.3, lat: 52.08, height: 1 }, body: 'Den Haag' });
    const r = await a.request('POST', '/api/v1/comments', { body: 'reactie', parentId: c.body.comment.id });
    const s2 = await s1.restart();
    try {
      expect(s2.baseUrl).not.toBe(s1.baseUrl);
      const b = s2.agent();
      const list = await b.request('GET', '/api/v1/comments?bbox=4.2,52,4.4,52.1');
      expect(list.body.features).toHaveLength(1);
      expect(list.body.features[0].properties).toMatchObject({ id: c.body.comment.id, body: 'Den Haag', replyCount: 1 });
      expect((await b.request('GET', `/api/v1/comments/${r.body.comment.id}`)).body.comment.body).toBe('reactie');
      // the old cookie still works, and the password too
      const me = await b.request('GET', '/api/v1/me', undefined, { cookie: a.cookie! });
      expect(me.body.user.id).toBe(u.id);
      expect((await b.request('POST', '/api/v1/auth/login', { email: u.email, password: u.password })).status).toBe(200);
    } finally {
      await s2.close();
    }
  });
});
