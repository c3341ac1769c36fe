/** Environment → config: defaults, parsing, and start-up errors that name the variable. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultConfig, loadConfig } from '../../../server/src/config.js';

describe('loadConfig', () => {
  it('has working defaults: port 3000 on loopback, SQLite under ./data, demo tileset on', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: '/srv/app/data',
      tilesetsDir: '/srv/app/tilesets',
      clientDist: path.join('/srv/app', 'client/dist'),
      databaseUrl: undefined,
      redisUrl: undefined,
      logLevel: 'info',
      demoTileset: true,
      trustProxy: false,
      sessionTtlDays: 30,
    });
  });

  it('reads every variable', () => {
    const c = loadConfig(
      {
        PORT: '8080',
        HOST: '0.0.0.0',
        DATA_DIR: '/var/lib/ds',
        DATABASE_URL: 'postgres://ds@db:5432/ds',
        DATABASE_SCHEMA: 'stad',
        TILESETS_DIR: 'tiles',
        CLIENT_DIST: '/opt/client',
        REDIS_URL: 'redis://cache:6379',
        REDIS_PREFIX: 'ds1',
        LOG_LEVEL: 'debug',
        DEMO_TILESET: 'off',
        PUBLIC_ORIGIN: 'https://stad.example.nl/pad/',
        TRUST_PROXY: '1',
        SESSION_TTL_DAYS: '7',
        TILESET_ORIGINS: 'https://data.3dbag.nl/v2/, http://tiles.example.nl:8080',
        MODEL_MAX_BYTES: '5000000',
      },
      '/srv/app',
    );
    expect(c).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/lib/ds',
      databaseUrl: 'postgres://ds@db:5432/ds',
      databaseSchema: 'stad',
      tilesetsDir: '/srv/app/tiles',
      clientDist: '/opt/client',
      redisUrl: 'redis://cache:6379',
      redisPrefix: 'ds1',
      logLevel: 'debug',
      demoTileset: false,
      publicOrigin: 'https://stad.example.nl',
      trustProxy: 1,
      sessionTtlDays: 7,
      tilesetOrigins: ['https://data.3dbag.nl', 'http://tiles.example.nl:8080'],
      modelMaxBytes: 5_000_000,
      reportThreshold: 3,
      accountDeletion: 'anonymise',
      publicPositionPrecisionM: 1,
    });
    expect(loadConfig({}).modelMaxBytes).toBe(104_857_600);
    expect(loadConfig({})).toMatchObject({ reportThreshold: 3, accountDeletion: 'anonymise', publicPositionPrecisionM: 1 });
    expect(loadConfig({ REPORT_THRESHOLD: '1', ACCOUNT_DELETION: 'remove', PUBLIC_POSITION_PRECISION_M: '10' })).toMatchObject({
      reportThreshold: 1,
      accountDeletion: 'remove',
      publicPositionPrecisionM: 10,
    });
    // 0 would hide content before anyone reported it: refused as a setting, with the variable named.
    expect(() => loadConfig({ REPORT_THRESHOLD: '0' })).toThrow(/REPORT_THRESHOLD.*at least 1/);
    expect(() => loadConfig({ REPORT_THRESHOLD: '2.5' })).toThrow(/REPORT_THRESHOLD/);
    expect(() => loadConfig({ ACCOUNT_DELETION: 'shred' })).toThrow(/ACCOUNT_DELETION/);
    expect(() => loadConfig({ PUBLIC_POSITION_PRECISION_M: '0' })).toThrow(/PUBLIC_POSITION_PRECISION_M/);
    expect(() => loadConfig({ MODEL_MAX_BYTES: '10kb' })).toThrow(/MODEL_MAX_BYTES/);
    expect(() => loadConfig({ TILESET_ORIGINS: 'ftp://x.nl' })).toThrow(/TILESET_ORIGINS.*not an http\(s\) origin/);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['DATABASE_URL', 'mysql://x/y'],
    ['REDIS_URL', 'http://cache'],
    ['LOG_LEVEL', 'loud'],
    ['DEMO_TILESET', 'maybe'],
    ['PUBLIC_ORIGIN', 'stad.example.nl'],
    ['DATABASE_SCHEMA', 'Robert"); drop'],
    ['SESSION_TTL_DAYS', '0'],
  ])('stops on %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}=`));
  });

  it('never echoes a connection URL (it may hold a password)', () => {
    try {
      loadConfig({ DATABASE_URL: 'mysql://user:s3cret@host/db' });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toContain('DATABASE_URL');
      expect((err as Error).message).not.toContain('s3cret');
    }
  });

  it('defaultConfig applies overrides for tests', () => {
    expect(defaultConfig({ port: 0, logLevel: 'silent' })).toMatchObject({ port: 0, logLevel: 'silent', host: '127.0.0.1' });
  });
});
