/**
 * Integration-test harness: starts the real app in-process (createApp) on port 0 with a fresh SQLite file in a
 * temp folder, and gives cookie-aware HTTP agents and real socket.io clients.
 *
 *   const s = await startServer();                 // or startServer({ redisUrl, … }) to override config
 *   const alice = s.agent();
 *   await alice.register();                        // POST /auth/register, keeps the cookie
 *   const sock = await s.socket(alice);            // handshake carries alice's cookie
 *   const ack = await sock.timeout(5000).emitWithAck('comment:create', {...});
 *   const s2 = await s.restart();                  // same database file, new port
 *   await s.close();                               // closes the app and deletes the temp folder
 *
 * Set TEST_LOG=debug (or info…) to see the server's log.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { io as ioClient, type Socket, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import { createApp, type App } from '../../server/src/app.js';
import { defaultConfig, type Config } from '../../server/src/config.js';

export interface Agent {
  /** The `name=value` of the session cookie, once one was set. */
  cookie: string | undefined;
  /** fetch against the server; sends and stores the session cookie. */
  fetch(pathname: string, init?: RequestInit): Promise<Response>;
  /** JSON request helper: returns status, parsed body (or text) and the response. */
  request(method: string, pathname: string, body?: unknown, headers?: Record<string, string>): Promise<JsonResponse>;
  /** Registers a fresh account (unique e-mail by default); throws unless 201. */
  register(overrides?: Partial<{ email: string; password: string; displayName: string }>): Promise<RegisteredUser>;
}

export interface JsonResponse {
  status: number;
  body: any;
  headers: Headers;
}

export interface RegisteredUser {
  id: string;
  email: string;
  password: string;
  displayName: string;
}

export interface TestServer {
  baseUrl: string;
  app: App;
  config: Config;
  dataDir: string;
  agent(): Agent;
  /** A connected socket.io client (rejects on connect_error); with the agent's cookie when given. */
  socket(agent?: Agent, opts?: Partial<ManagerOptions & SocketOptions>): Promise<Socket>;
  /** Closes this server and starts another on the same database (and temp folder); returns the new one. */
  restart(): Promise<TestServer>;
  /** Closes the app, every socket made here, and deletes the temp folder (unless keepData). */
  close(opts?: { keepData?: boolean }): Promise<void>;
}

let counter = 0;

/** Starts the app on 127.0.0.1 with an ephemeral port and a fresh temp DATA_DIR. `appOptions.now`: the polls' server clock. */
export async function startServer(overrides: Partial<Config> = {}, appOptions: { now?: () => Date } = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ds-test-'));
  const config = defaultConfig({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    tilesetsDir: path.join(dataDir, 'tilesets'),
    clientDist: path.join(dataDir, 'no-client'),
    logLevel: 'silent',
    demoTileset: false,
    ...overrides,
  });
  return boot(config, overrides.dataDir === undefined, appOptions);
}

async function boot(config: Config, ownsDataDir: boolean, appOptions: { now?: () => Date } = {}): Promise<TestServer> {
  const logger = pino({ level: process.env.TEST_LOG ?? 'silent' });
  const app = await createApp(config, { logger, now: appOptions.now });
  await new Promise<void>((resolve, reject) => {
    app.httpServer.once('error', reject);
    app.httpServer.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = app.httpServer.address();
  if (!addr || typeof addr === 'string') throw new Error('server has no TCP address');
  const baseUrl = `http://127.0.0.1:${addr.port}`;
  const sockets = new Set<Socket>();

  const agent = (): Agent => {
    const a: Agent = {
      cookie: undefined,
      async fetch(pathname, init = {}) {
        const headers = new Headers(init.headers);
        if (a.cookie && !headers.has('cookie')) headers.set('cookie', a.cookie);
        const res = await fetch(baseUrl + pathname, { ...init, headers, redirect: 'manual' });
        for (const line of res.headers.getSetCookie()) {
          const [pair] = line.split(';');
          const eq = pair.indexOf('=');
          const value = pair.slice(eq + 1);
          a.cookie = value === '' || /expires=Thu, 01 Jan 1970/i.test(line) ? undefined : pair;
        }
        return res;
      },
      async request(method, pathname, body, headers = {}) {
        const init: RequestInit = { method, headers: { ...headers } };
        if (body !== undefined) {
          init.body = typeof body === 'string' ? body : JSON.stringify(body);
          (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
        }
        const res = await a.fetch(pathname, init);
        const text = await res.text();
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: keep the text
        }
        return { status: res.status, body: parsed, headers: res.headers };
      },
      async register(overrides = {}) {
        const n = ++counter;
        const input = {
          email: overrides.email ?? `user${n}-${process.pid}-${Date.now()}@example.org`,
          password: overrides.password ?? 'correct horse battery',
          displayName: overrides.displayName ?? `Bewoner ${n}`,
        };
        const r = await a.request('POST', '/api/v1/auth/register', input);
        if (r.status !== 201) throw new Error(`register failed: ${r.status} ${JSON.stringify(r.body)}`);
        return { id: r.body.user.id, ...input };
      },
    };
    return a;
  };

  const socket = (ag?: Agent, opts: Partial<ManagerOptions & SocketOptions> = {}) =>
    new Promise<Socket>((resolve, reject) => {
      const s = ioClient(baseUrl, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        timeout: 10_000,
        ...opts,
        extraHeaders: { ...(ag?.cookie ? { cookie: ag.cookie } : {}), ...(opts.extraHeaders ?? {}) },
      });
      sockets.add(s);
      s.once('connect', () => resolve(s));
      s.once('connect_error', (err) => {
        s.close();
        reject(err);
      });
    });

  let closed = false;
  const server: TestServer = {
    baseUrl,
    app,
    config,
    dataDir: config.dataDir,
    agent,
    socket,
    async restart() {
      await server.close({ keepData: true });
      return boot(config, ownsDataDir, appOptions);
    },
    async close(opts = {}) {
      if (!closed) {
        closed = true;
        for (const s of sockets) s.close();
        await app.close();
      }
      if (ownsDataDir && !opts.keepData) fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

/** Resolves with the next `event` payload on the socket that satisfies `filter`. */
export function nextEvent<T = any>(socket: Socket, event: string, filter: (payload: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const handler = (payload: T) => {
      if (!filter(payload)) return;
      socket.off(event, handler);
      resolve(payload);
    };
    socket.on(event, handler);
  });
}

/** Collects every payload of `event` on the socket from now on. */
export function collect<T = any>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (p: T) => seen.push(p));
  return seen;
}
