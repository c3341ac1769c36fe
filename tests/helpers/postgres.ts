/**
 * A throwaway PostgreSQL schema for one test file: the server's tables live in it (DATABASE_SCHEMA), and `drop()`
 * removes it with everything in it. The server is the local one (README: 127.0.0.1:5432, trust auth, database
 * `test`), or TEST_DATABASE_URL.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestSchema {
  /** Config overrides that put the server's tables into this schema. */
  config: { databaseUrl: string; databaseSchema: string };
  /** Drops the schema (cascade); safe if it was never created. */
  drop(): Promise<void>;
}

export function testSchema(): TestSchema {
  const schema = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  return {
    config: { databaseUrl: PG_URL, databaseSchema: schema },
    async drop() {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * For a whole test file on PostgreSQL: before all tests a server on a throwaway schema (`start` receives the
 * schema's config overrides, default `startServer`), after all the server closed and the schema dropped.
 * `onStart` receives the server (assign it to the file's variable).
 */
export function usePostgresServer<S extends { close(): Promise<void> }>(
  onStart: (server: S) => void,
  start: (config: TestSchema['config']) => Promise<S>,
): void {
  const schema = testSchema();
  let server: S | undefined;
  beforeAll(async () => {
    server = await start(schema.config);
    onStart(server);
  });
  afterAll(async () => {
    await server?.close();
    await schema.drop();
  });
}
