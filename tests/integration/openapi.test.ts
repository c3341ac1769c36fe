/**
 * The OpenAPI 3.1 document at /api/v1/openapi.json and the routes the express app really mounts agree:
 * every mounted route is documented, every documented operation is mounted and answers (not 404).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { generateModelFixtures } from '../fixtures/models/generate.js';
import { uploadModel } from '../helpers/models.js';
import { planBody, userWithRole } from '../helpers/plans.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

interface Layer {
  rawPath?: string | string[];
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** `METHOD /path` of every route mounted under /api/v1, read from express's router. */
function mountedApiRoutes(): string[] {
  const stack: Layer[] = (server.app.app as any).router.stack;
  const api = stack.find((l) => l.rawPath === '/api/v1' && Array.isArray(l.handle.stack));
  if (!api) throw new Error('no router mounted at /api/v1');
  const out: string[] = [];
  for (const layer of api.handle.stack!) {
    if (!layer.route) continue;
    for (const [m, on] of Object.entries(layer.route.methods)) {
      if (on && m !== '_all') out.push(`${m.toUpperCase()} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  // Nothing else may answer under /api/v1: app-level routes with that prefix would bypass the table.
  for (const l of stack) {
    if (l.route && String(l.route.path).startsWith('/api')) out.push(`UNDOCUMENTED ${l.route.path}`);
  }
  return out.sort();
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with unique operation ids and a problem schema for errors', async () => {
    const r = await server.agent().request('GET', '/api/v1/openapi.json');
    expect(r.status).toBe(200);
    const doc = r.body;
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.values(doc.paths).flatMap((p: any) => Object.values(p)) as any[];
    const ids = ops.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const op of ops) {
      const statuses = Object.keys(op.responses);
      expect(statuses.some((s) => s.startsWith('2'))).toBe(true);
      expect(op.responses['500'].content['application/problem+json'].schema.$ref).toBe('#/components/schemas/Problem');
    }
    const create = doc.paths['/comments'].post;
    const body = create.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties).sort()).toEqual(['body', 'confirmPersonalData', 'parentId', 'planId', 'position', 'scenarioId']);
    expect(body.properties.position.properties.lon).toMatchObject({ type: 'number', minimum: -180, maximum: 180 });
    expect(create.security).toEqual([{ sessionCookie: [] }]);
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '413', '422']));
    const list = doc.paths['/comments'].get;
    expect(list.parameters.map((p: any) => p.name).sort()).toEqual(['bbox', 'cursor', 'limit', 'parentId', 'planId', 'scenarioId']);
  });

  it('documents exactly the routes the app mounts, and each answers (not 404)', async () => {
    const doc = (await server.agent().request('GET', '/api/v1/openapi.json')).body;
    const documented = Object.entries(doc.paths)
      .flatMap(([p, ops]) => Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(mountedApiRoutes()).toEqual(documented);

    const a = server.agent();
    await a.register();
    const c = await a.request('POST', '/api/v1/comments', { position: { lon: 1, lat: 1, height: 0 }, body: 'x' });
    // Plan routes: a plan with a partner, a scenario, a model and a placement, addressed by its planner.
    const planner = await userWithRole(server, 'planner');
    const partner = await userWithRole(server, 'partner');
    const plan = (await planner.agent.request('POST', '/api/v1/plans', planBody())).body.plan;
    await planner.agent.request('POST', `/api/v1/plans/${plan.id}/partners`, { email: partner.email });
    const scenario = (await planner.agent.request('POST', `/api/v1/plans/${plan.id}/scenarios`, { name: 'A' })).body.scenario;
    // A real upload (not a bare row), so the model's file routes have files to serve.
    const fx = await generateModelFixtures(path.join(server.dataDir, 'fixtures'));
    const modelId = (await uploadModel(partner.agent, plan.id, fx.texturedGlb)).body.model.id as string;
    const placement = (await planner.agent.request('POST', `/api/v1/plans/${plan.id}/scenarios/${scenario.id}/placements`, {
      modelId, position: { lon: 5.1205, lat: 52.0905, height: 0 },
    })).body.placement;
    await planner.agent.request('PATCH', `/api/v1/plans/${plan.id}`, { version: 1, status: 'published' });
    const poll = (await planner.agent.request('POST', '/api/v1/polls', {
      question: 'Q?', options: [{ label: 'a' }, { label: 'b' }], opensAt: '2020-01-01T00:00Z', closesAt: '2099-01-01T00:00Z', attachment: { planId: plan.id },
    })).body.poll;
    // Thread routes: a thread opened by `a` (who follows it), a sketch, and a notification from the planner's reply.
    const thread = (await a.request('POST', '/api/v1/threads', { title: 'T', text: 'x', anchor: { lon: 1, lat: 1, height: 0 } })).body.thread;
    const sketch = (await a.request('POST', `/api/v1/threads/${thread.id}/sketches`, { geometry: { type: 'Point', coordinates: [1, 1] } })).body.sketch;
    await planner.agent.request('POST', `/api/v1/threads/${thread.id}/posts`, { text: 'y' });
    const notification = (await a.request('GET', '/api/v1/notifications')).body.notifications[0];
    const ids: Record<string, string> = { scenarioId: scenario.id, placementId: placement.id, userId: partner.id, modelId, fileName: 'box.glb', sketchId: sketch.id };
    // Deletions last, the deepest first (a placement before its scenario).
    const order = [...documented].sort((x, y) => Number(x.startsWith('DELETE')) - Number(y.startsWith('DELETE')) || (x.startsWith('DELETE') ? y.length - x.length : 0));
    for (const op of order) {
      const [method, p] = op.split(' ');
      const plans = p.startsWith('/plans');
      const polls = p.startsWith('/polls');
      const who = plans || polls ? planner.agent : a;
      const threadId = p.startsWith('/threads') ? thread.id : p.startsWith('/notifications') ? notification.id : null;
      let url = `/api/v1${p.replace('{id}', threadId ?? (plans ? plan.id : polls ? poll.id : c.body.comment.id)).replace(/\{(\w+)\}/g, (m, k: string) => ids[k] ?? m)}`;
      if (op === 'GET /comments') url += '?bbox=0,0,2,2';
      const r = await who.request(method, url, method === 'GET' ? undefined : {});
      expect(r.status, op).not.toBe(404);
      expect(r.status, op).toBeLessThan(500);
    }
  });
});
