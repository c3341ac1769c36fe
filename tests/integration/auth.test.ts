/** Accounts over REST: register, log in, log out, /me, and how the session cookie and password are kept. */
import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQLITE_FILE } from '../../server/src/store/db.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

describe('accounts', () => {
  it('registers, answers /me, logs out and in again', async () => {
    const a = server.agent();
    const reg = await a.request('POST', '/api/v1/auth/register', {
      email: '  Anna@Example.ORG ',
      password: 'correct horse battery',
      displayName: ' Anna de Vries ',
    });
    expect(reg.status).toBe(201);
    expect(reg.body.user).toMatchObject({ email: 'anna@example.org', displayName: 'Anna de Vries', role: 'resident' });
    expect(a.cookie).toBeDefined();

    const me = await a.request('GET', '/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(reg.body.user.id);

    const out = await a.request('POST', '/api/v1/auth/logout');
    expect(out.status).toBe(204);
    expect(a.cookie).toBeUndefined();
    expect((await a.request('GET', '/api/v1/me')).status).toBe(401);

    const login = await a.request('POST', '/api/v1/auth/login', { email: 'ANNA@example.org', password: 'correct horse battery' });
    expect(login.status).toBe(200);
    expect(login.body.user.id).toBe(reg.body.user.id);
    expect((await a.request('GET', '/api/v1/me')).body.user.email).toBe('anna@example.org');
  });

  it('sets the session cookie httpOnly, SameSite=Lax, Path=/ (not Secure over plain http)', async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'cookie@example.org', password: 'correct horse battery', displayName: 'C' }),
    });
    const [cookie] = res.headers.getSetCookie();
    expect(cookie).toMatch(/^ds_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\/(;|$)/);
    expect(cookie).not.toMatch(/Secure/i);
  });

  it('sets the cookie Secure when the app is served over https (behind a proxy)', async () => {
    const s = await startServer({ trustProxy: true });
    try {
      const res = await fetch(`${s.baseUrl}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
        body: JSON.stringify({ email: 'secure@example.org', password: 'correct horse battery', displayName: 'S' }),
      });
      expect(res.status).toBe(201);
      expect(res.headers.getSetCookie()[0]).toMatch(/;\s*Secure/i);
    } finally {
      await s.close();
    }
  });

  it('refuses a second account with the same e-mail address (409 email_taken)', async () => {
    const a = server.agent();
    await a.register({ email: 'twice@example.org' });
    const again = await server.agent().request('POST', '/api/v1/auth/register', {
      email: 'TWICE@example.org',
      password: 'another password',
      displayName: 'Other',
    });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(again.body).toMatchObject({ status: 409, code: 'email_taken' });
  });

  it('answers a wrong password and an unknown e-mail alike (401 bad_credentials)', async () => {
    const a = server.agent();
    const u = await a.register();
    const wrong = await server.agent().request('POST', '/api/v1/auth/login', { email: u.email, password: 'not the password' });
    const unknown = await server.agent().request('POST', '/api/v1/auth/login', { email: 'nobody@example.org', password: 'whatever1' });
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(r.body.code).toBe('bad_credentials');
      expect(r.headers.get('set-cookie')).toBeNull();
    }
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('validates registration input with field paths', async () => {
    const r = await server.agent().request('POST', '/api/v1/auth/register', { email: 'not-an-email', password: 'short', displayName: '   ' });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('validation_failed');
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['displayName', 'email', 'password']);
  });

  it('answers /me without a session, or with a forged one, 401 unauthenticated', async () => {
    const r = await server.agent().request('GET', '/api/v1/me');
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('unauthenticated');
    const forged = await server.agent().request('GET', '/api/v1/me', undefined, { cookie: 'ds_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(forged.status).toBe(401);
  });

  it('stores the password only as a salted scrypt hash and the session only as a SHA-256', async () => {
    const a = server.agent();
    const u1 = await a.register({ password: 'same password for both' });
    const u2 = await server.agent().register({ password: 'same password for both' });
    const token = a.cookie!.split('=')[1];
    const db = new BetterSqlite3(path.join(server.dataDir, SQLITE_FILE), { readonly: true });
    try {
      const rows = db.prepare('select password_hash from users where id in (?, ?)').all(u1.id, u2.id) as { password_hash: string }[];
      expect(rows).toHaveLength(2);
      for (const { password_hash } of rows) {
        expect(password_hash).toMatch(/^\$scrypt\$ln=\d+,r=\d+,p=\d+\$/);
        expect(password_hash).not.toContain('same password');
      }
      expect(rows[0].password_hash).not.toBe(rows[1].password_hash); // per-user salt
      const sessions = db.prepare('select token_hash from sessions').all() as { token_hash: string }[];
      expect(sessions.some((s) => s.token_hash === token)).toBe(false);
      expect(sessions.every((s) => /^[0-9a-f]{64}$/.test(s.token_hash))).toBe(true);
    } finally {
      db.close();
    }
  });
});
