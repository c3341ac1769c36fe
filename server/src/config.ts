/**
 * Environment → typed, validated configuration (DESIGN.md: server/src/config.ts).
 *
 * `loadConfig(process.env)` reads the variables below; a bad value throws a `ConfigError` whose message
 * names the variable, so start-up stops with a clear line instead of a stack trace deep inside the app.
 * Tests build a `Config` directly, usually with `defaultConfig(overrides)`.
 *
 * | variable             | default          | meaning |
 * |----------------------|------------------|---------|
 * | PORT                 | 3000             | TCP port (0 = any free port) |
 * | HOST                 | 127.0.0.1        | interface to listen on. Loopback by default so a laptop run is not exposed to the network; use 0.0.0.0 in a container or behind a proxy on another host |
 * | DATA_DIR             | ./data           | folder for the embedded SQLite file (`digitale-stad.sqlite`) and later uploads |
 * | DATABASE_URL         | (unset)          | `postgres://user@host:5432/db` → PostgreSQL instead of SQLite |
 * | DATABASE_SCHEMA      | (unset)          | PostgreSQL only: schema to use (set as search_path; created if missing) |
 * | TILESETS_DIR         | ./tilesets       | 3D Tiles served at /tilesets, with manifest.json |
 * | CLIENT_DIST          | client/dist      | the built browser client (`npm run build`) |
 * | REDIS_URL            | (unset)          | `redis://host:6379` → socket.io Redis adapter, so several server nodes share broadcasts |
 * | REDIS_PREFIX         | digitale-stad    | channel prefix of the Redis adapter (several apps on one Redis) |
 * | LOG_LEVEL            | info             | fatal, error, warn, info, debug, trace or silent |
 * | DEMO_TILESET         | true             | generate the demo district when no tileset is registered |
 * | PUBLIC_ORIGIN        | (unset)          | the origin browsers use, e.g. `https://stad.example.nl`, when a proxy rewrites Host |
 * | TRUST_PROXY          | false            | express "trust proxy": true/false, a hop count, or a comma list of addresses/subnets |
 * | SESSION_TTL_DAYS     | 30               | lifetime of a login session |
 * | MODEL_MAX_BYTES      | 104857600        | largest partner model upload in bytes (all files of one upload together; 100 MiB) |
 * | TILESET_ORIGINS      | (unset)          | comma list of other origins the browser may load 3D Tiles from (tilesets registered by URL), e.g. `https://data.3dbag.nl` |
 * | REPORT_THRESHOLD     | 3                | reports from this many distinct accounts hide content pending review (≥ 1; 0 is refused) |
 * | ACCOUNT_DELETION     | anonymise        | what happens to a deleted account's content: `anonymise` (stays, shown as "removed participant") or `remove` |
 * | PUBLIC_POSITION_PRECISION_M | 1         | the public API and exports round positions of resident content to this many metres (0.01..1000) |
 */
import path from 'node:path';
import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The validated configuration. Plain data: tests construct it with `defaultConfig({...})`. */
export interface Config {
  port: number;
  host: string;
  /** Absolute path. */
  dataDir: string;
  /** PostgreSQL connection string; undefined → SQLite under dataDir. */
  databaseUrl?: string;
  /** PostgreSQL schema (search_path); ignored for SQLite. */
  databaseSchema?: string;
  /** Absolute path. */
  tilesetsDir: string;
  /** Absolute path. */
  clientDist: string;
  redisUrl?: string;
  redisPrefix: string;
  logLevel: LogLevel;
  demoTileset: boolean;
  /** Normalised origin (`scheme://host[:port]`, no trailing slash). */
  publicOrigin?: string;
  /** Value for express's "trust proxy" setting. */
  trustProxy: boolean | number | string;
  sessionTtlDays: number;
  /** Origins (`scheme://host[:port]`) besides the app's own that serve tilesets registered by URL. */
  tilesetOrigins: string[];
  /** Largest model upload (all files together), bytes. */
  modelMaxBytes: number;
  /** Reports from this many distinct accounts hide content pending review (≥ 1). */
  reportThreshold: number;
  /** A deleted account's content: kept as "removed participant" or removed. */
  accountDeletion: 'anonymise' | 'remove';
  /** Rounding of resident content positions in the public API and exports, metres. */
  publicPositionPrecisionM: number;
}

/** Thrown by loadConfig; `message` names every bad variable, one per line. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Variables that may carry passwords: never echoed in error messages. */
const SECRET_VARS = new Set(['DATABASE_URL', 'REDIS_URL']);

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];

const booleanVar = (dflt: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return dflt;
      const s = v.trim().toLowerCase();
      if (TRUE.includes(s)) return true;
      if (FALSE.includes(s)) return false;
      ctx.addIssue({ code: 'custom', message: `expected one of ${[...TRUE, ...FALSE].join(', ')}, got "${v}"` });
      return z.NEVER;
    });

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const urlWithScheme = (schemes: string[]) =>
  optionalString.refine(
    (v) => {
      if (v === undefined) return true;
      try {
        return schemes.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${schemes.map((s) => s + '//').join(' or ')}` },
  );

const EnvSchema = z.object({
  PORT: optionalString.transform((v) => v ?? '3000').pipe(z.coerce.number<string>().int().min(0).max(65535)),
  HOST: optionalString.transform((v) => v ?? '127.0.0.1'),
  DATA_DIR: optionalString.transform((v) => v ?? './data'),
  DATABASE_URL: urlWithScheme(['postgres:', 'postgresql:']),
  DATABASE_SCHEMA: optionalString.refine((v) => v === undefined || /^[a-z_][a-z0-9_]{0,62}$/.test(v), {
    message: 'must be a lower-case SQL identifier (a-z, 0-9, _)',
  }),
  TILESETS_DIR: optionalString.transform((v) => v ?? './tilesets'),
  CLIENT_DIST: optionalString.transform((v) => v ?? 'client/dist'),
  REDIS_URL: urlWithScheme(['redis:', 'rediss:']),
  REDIS_PREFIX: optionalString.transform((v) => v ?? 'digitale-stad'),
  LOG_LEVEL: optionalString.pipe(z.enum(LOG_LEVELS).default('info')),
  DEMO_TILESET: booleanVar(true),
  PUBLIC_ORIGIN: urlWithScheme(['http:', 'https:']).transform((v) => (v === undefined ? undefined : new URL(v).origin)),
  TRUST_PROXY: optionalString.transform((v): boolean | number | string => {
    if (v === undefined) return false;
    const s = v.toLowerCase();
    if (TRUE.includes(s) && s !== '1') return true;
    if (FALSE.includes(s) && s !== '0') return false;
    if (/^\d+$/.test(s)) return Number(s);
    return v;
  }),
  MODEL_MAX_BYTES: optionalString
    .transform((v) => v ?? '104857600')
    .pipe(z.coerce.number<string>().int().min(1024).max(10 * 1024 ** 3)),
  REPORT_THRESHOLD: optionalString
    .transform((v) => v ?? '3')
    .pipe(z.coerce.number<string>().int().min(1, { message: 'must be at least 1: with 0 every piece of content would be hidden before anyone reported it' }).max(1000)),
  ACCOUNT_DELETION: optionalString.pipe(z.enum(['anonymise', 'remove']).default('anonymise')),
  PUBLIC_POSITION_PRECISION_M: optionalString
    .transform((v) => v ?? '1')
    .pipe(z.coerce.number<string>().min(0.01).max(1000)),
  SESSION_TTL_DAYS: optionalString.transform((v) => v ?? '30').pipe(z.coerce.number<string>().positive().max(3650)),
  TILESET_ORIGINS: optionalString.transform((v, ctx) => {
    const origins: string[] = [];
    for (const part of (v ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
      let url: URL | undefined;
      try {
        url = new URL(part);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
        ctx.addIssue({ code: 'custom', message: `"${part}" is not an http(s) origin such as https://data.example.nl` });
        return z.NEVER;
      }
      origins.push(url.origin);
    }
    return origins;
  }),
});

/**
 * Reads and validates the configuration from an environment (usually `process.env`). Relative paths are
 * resolved against `cwd` (default `process.cwd()`).
 * @throws ConfigError naming each bad variable, e.g. `PORT: Too big: expected number to be <=65535`.
 */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? '?');
      const shown = SECRET_VARS.has(name) ? '(value hidden)' : JSON.stringify(env[name] ?? '');
      return `  ${name}=${shown}: ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(cwd, e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databaseSchema: e.DATABASE_SCHEMA,
    tilesetsDir: path.resolve(cwd, e.TILESETS_DIR),
    clientDist: path.resolve(cwd, e.CLIENT_DIST),
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    logLevel: e.LOG_LEVEL,
    demoTileset: e.DEMO_TILESET,
    publicOrigin: e.PUBLIC_ORIGIN,
    trustProxy: e.TRUST_PROXY,
    sessionTtlDays: e.SESSION_TTL_DAYS,
    tilesetOrigins: e.TILESET_ORIGINS,
    modelMaxBytes: e.MODEL_MAX_BYTES,
    reportThreshold: e.REPORT_THRESHOLD,
    accountDeletion: e.ACCOUNT_DELETION,
    publicPositionPrecisionM: e.PUBLIC_POSITION_PRECISION_M,
  };
}

/** The defaults of loadConfig({}) with `overrides` applied: the way tests build a config. */
export function defaultConfig(overrides: Partial<Config> = {}, cwd = process.cwd()): Config {
  return { ...loadConfig({}, cwd), ...overrides };
}
