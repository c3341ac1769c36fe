/**
 * Role matrix of the moderation desk (issue 6): anonymous (401), residents, partners and planners (403 forbidden)
 * reach no /moderation endpoint and no moderation socket event; moderators reach everything but the audit log;
 * admins everything. Refused actions change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/index.js';
import { userWithRole, type RoleUser } from '../helpers/plans.js';
import { collect, nextEvent, startServer, type Agent, type TestServer } from '../helpers/server.js';
import { make } from '../helpers/moderation.js';

let server: TestServer;
let author: RoleUser;
let reporter: RoleUser;
let watcher: RoleUser;

beforeAll(async () => {
  server = await startServer();
  author = await userWithRole(server, 'resident', 'Auteur');
  reporter = await userWithRole(server, 'resident', 'Melder');
  watcher = await userWithRole(server, 'moderator', 'Wachter');
});
afterAll(async () => {
  await server?.close();
});

/** Every moderation endpoint, called by `agent` on fresh content; the status of each, by name. */
async function statuses(agent: Agent): Promise<Record<string, number>> {
  const c = await make(server, 'comment', author, 'Een opmerking om te modereren');
  const base = `/api/v1/moderation/content/comment/${c.id}`;
  const out: Record<string, number> = {
    queue: (await agent.request('GET', '/api/v1/moderation/queue')).status,
    item: (await agent.request('GET', base)).status,
    dismiss: (await agent.request('POST', `${base}/dismiss`, { reason: 'In orde' })).status,
    hide: (await agent.request('POST', `${base}/hide`, { reason: 'Weg' })).status,
    restore: (await agent.request('POST', `${base}/restore`, { reason: 'Terug' })).status,
    redact: (await agent.request('POST', `${base}/redact`, { reason: 'Knip', field: 'body', parts: [{ start: 0, end: 3 }] })).status,
    remove: (await agent.request('POST', `${base}/remove`, { reason: 'Definitief' })).status,
    audit: (await agent.request('GET', '/api/v1/moderation/audit')).status,
    settings: (await agent.request('GET', '/api/v1/moderation/settings')).status,
  };
  if (out.hide !== 200) {
    // Refused: nothing changed.
    const row = await server.app.store.db.selectFrom('comments').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ hidden_at: null, deleted_at: null, body: 'Een opmerking om te modereren' });
  }
  return out;
}

const all = (status: number) => ({ queue: status, item: status, dismiss: status, hide: status, restore: status, redact: status, remove: status, audit: status, settings: status });

describe('REST', () => {
  it('anonymous: 401 everywhere', async () => {
    expect(await statuses(server.agent())).toEqual(all(401));
  });

  for (const role of ['resident', 'partner', 'planner'] as Role[]) {
    it(`${role}: 403 everywhere`, async () => {
      const u = await userWithRole(server, role);
      expect(await statuses(u.agent)).toEqual(all(403));
      const r = await u.agent.request('GET', '/api/v1/moderation/queue');
      expect(r.body.code).toBe('forbidden');
    });
  }

  it('moderator: everything but the audit log', async () => {
    const u = await userWithRole(server, 'moderator');
    expect(await statuses(u.agent)).toEqual({ ...all(200), audit: 403 });
    const settings = await u.agent.request('GET', '/api/v1/moderation/settings');
    expect(settings.body).toEqual({ reportThreshold: 3, accountDeletion: 'anonymise', publicPositionPrecisionM: 1 });
  });

  it('admin: everything', async () => {
    const u = await userWithRole(server, 'admin');
    expect(await statuses(u.agent)).toEqual(all(200));
  });
});

describe('socket', () => {
  it('only moderators and admins join the room and get its events', async () => {
    const watch = await server.socket(watcher.agent);
    expect(await watch.timeout(5000).emitWithAck('moderation:join', {})).toEqual({ ok: true });
    const admin = await userWithRole(server, 'admin');
    const adminSock = await server.socket(admin.agent);
    expect(await adminSock.timeout(5000).emitWithAck('moderation:join', {})).toEqual({ ok: true });

    const outsiders = [];
    const anon = await server.socket();
    expect(await anon.timeout(5000).emitWithAck('moderation:join', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    outsiders.push(anon);
    for (const role of ['resident', 'partner', 'planner'] as Role[]) {
      const u = await userWithRole(server, role);
      const s = await server.socket(u.agent);
      expect(await s.timeout(5000).emitWithAck('moderation:join', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      outsiders.push(s);
    }
    const seen = outsiders.flatMap((s) => [collect(s, 'moderation:queued'), collect(s, 'moderation:resolved')]);

    const c = await make(server, 'comment', author, 'Gemeld');
    const queued = nextEvent<any>(watch, 'moderation:queued', (p) => p.item.id === c.id);
    const adminQueued = nextEvent<any>(adminSock, 'moderation:queued', (p) => p.item.id === c.id);
    await reporter.agent.request('POST', '/api/v1/reports', { kind: 'comment', id: c.id, reason: 'spam' });
    await Promise.all([queued, adminQueued]);
    const resolved = nextEvent<any>(watch, 'moderation:resolved', (p) => p.id === c.id);
    expect((await watcher.agent.request('POST', `/api/v1/moderation/content/comment/${c.id}/dismiss`, { reason: 'Prima' })).status).toBe(200);
    await resolved;
    expect(seen.every((list) => list.length === 0)).toBe(true);
  });

  it('a moderator demoted after joining gets nothing more (role checked on every delivery)', async () => {
    const u = await userWithRole(server, 'moderator');
    const s = await server.socket(u.agent);
    expect(await s.timeout(5000).emitWithAck('moderation:join', {})).toEqual({ ok: true });
    const got = collect(s, 'moderation:queued');
    const watch = await server.socket(watcher.agent);
    await watch.timeout(5000).emitWithAck('moderation:join', {});
    await server.app.store.db.updateTable('users').set({ role: 'resident' }).where('id', '=', u.id).execute();
    const c = await make(server, 'comment', author, 'Nog een melding');
    const marker = nextEvent<any>(watch, 'moderation:queued', (p) => p.item.id === c.id);
    await reporter.agent.request('POST', '/api/v1/reports', { kind: 'comment', id: c.id, reason: 'spam' });
    await marker;
    expect(got).toEqual([]);
  });
});
