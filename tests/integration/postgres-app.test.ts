/**
 * The whole app on PostgreSQL (DATABASE_URL): register, post over a socket, list over REST, restart. The
 * store-level rules run on both dialects in store-comments.test.ts; this proves the wiring. Uses a fresh schema
 * in database `test` at 127.0.0.1:5432 (override with TEST_DATABASE_URL), dropped afterwards.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { roundPosition } from '../../shared/index.js';
import { startServer } from '../helpers/server.js';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;

afterAll(async () => {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`drop schema if exists "${schema}" cascade`);
  await client.end();
});

describe('app on PostgreSQL', () => {
  it('registers, comments and keeps it across a restart', async () => {
    const s1 = await startServer({ databaseUrl: PG_URL, databaseSchema: schema });
    const a = s1.agent();
    await a.register({ email: 'pg@example.org' });
    expect((await s1.agent().request('POST', '/api/v1/auth/register', { email: 'pg@example.org', password: 'whatever12', displayName: 'x' })).status).toBe(409);
    const sock = await s1.socket(a);
    const ack = await sock.timeout(5000).emitWithAck('comment:create', {
      position: { lon: 4.48, lat: 51.92, height: 30 },
      body: 'Op PostgreSQL 🐘',
      clientId: 'pg-1',
    });
    expect(ack.ok).toBe(true);
    const again = await sock.timeout(5000).emitWithAck('comment:create', { position: { lon: 4.48, lat: 51.92, height: 30 }, body: 'Op PostgreSQL 🐘', clientId: 'pg-1' });
    expect(again.comment.id).toBe(ack.comment.id);
    const s2 = await s1.restart();
    try {
      const list = await s2.agent().request('GET', '/api/v1/comments?bbox=4.4,51.9,4.5,52');
      expect(list.body.features.map((f: any) => f.properties.body)).toEqual(['Op PostgreSQL 🐘']);
      // Public positions are rounded to PUBLIC_POSITION_PRECISION_M (default 1 m, issue 6).
      const r = roundPosition({ lon: 4.48, lat: 51.92, height: 30 }, 1);
      expect(list.body.features[0].geometry.coordinates).toEqual([r.lon, r.lat, r.height]);
    } finally {
      await s2.close();
    }
  });
});
