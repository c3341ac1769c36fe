/**
 * Sanctions, user search, word filters and screening on PostgreSQL (DATABASE_URL): the same queries as on SQLite
 * (LIKE with an escape character, active sanctions by `until`, the moderation_items upsert). Fresh schema in
 * database `test` at 127.0.0.1:5432 (override with TEST_DATABASE_URL), dropped afterwards.
 */
import { describe, expect, it } from 'vitest';
import { usePostgresServer } from '../helpers/postgres.js';
import { userWithRole } from '../helpers/plans.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { POINT, threadBody } from '../helpers/threads.js';

let server: TestServer;
usePostgresServer<TestServer>((s) => (server = s), (config) => startServer(config));

describe('sanctions and screening on PostgreSQL', () => {
  it('searches users, mutes, bans and lifts, and holds screened content', async () => {
    const moderator = await userWithRole(server, 'moderator', 'Moderator');
    const anna = await userWithRole(server, 'resident', 'Anna_100%');
    const bram = await userWithRole(server, 'resident', 'Bram');
    const search = async (q: string) =>
      (await moderator.agent.request('GET', `/api/v1/moderation/users?q=${encodeURIComponent(q)}`)).body.users.map((u: any) => u.id);
    expect(await search('ANNA_1')).toEqual([anna.id]);
    expect(await search('100%')).toEqual([anna.id]);
    expect(await search('a_n')).toEqual([]); // `_` is literal

    const mute = await moderator.agent.request('POST', `/api/v1/moderation/users/${anna.id}/sanctions`, {
      kind: 'mute', reason: 'Rust', until: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(mute.status).toBe(201);
    expect((await anna.agent.request('POST', '/api/v1/threads', threadBody())).body.code).toBe('account_muted');
    const users = (await moderator.agent.request('GET', '/api/v1/moderation/users?q=anna')).body.users;
    expect(users[0].active).toEqual([expect.objectContaining({ kind: 'mute', reason: 'Rust' })]);
    expect((await moderator.agent.request('DELETE', `/api/v1/moderation/users/${anna.id}/sanctions/${mute.body.sanction.id}`, { reason: 'Klaar' })).status).toBe(200);
    expect((await anna.agent.request('POST', '/api/v1/threads', threadBody())).status).toBe(201);

    const ban = await moderator.agent.request('POST', `/api/v1/moderation/users/${bram.id}/sanctions`, { kind: 'ban', reason: 'Spam', until: null });
    expect(ban.status).toBe(201);
    expect((await bram.agent.request('GET', '/api/v1/me')).status).toBe(401);
    expect((await server.agent().request('POST', '/api/v1/auth/login', { email: bram.email, password: bram.password })).body.code).toBe('account_banned');

    expect((await moderator.agent.request('POST', '/api/v1/moderation/word-filters', { pattern: 'wacht*', action: 'hold' })).status).toBe(201);
    const held = await anna.agent.request('POST', '/api/v1/comments', { position: POINT, body: 'Even wachten' });
    expect(held.status).toBe(202);
    const item = await server.app.store.db.selectFrom('moderation_items').selectAll().where('content_id', '=', held.body.id).executeTakeFirst();
    expect(item).toMatchObject({ content_kind: 'comment', state: 'held', pending: 'word_filter' });
  });
});
