/**
 * Builds the whole server from a Config: store (with migrations), domain services, the express app (REST
 * under /api/v1, static files, the client) and Socket.IO on one HTTP server. No module-level state: tests
 * call createApp with their own config (port 0, a fresh DATA_DIR) as often as they like, in one process.
 * The returned httpServer is not listening yet; call `httpServer.listen(port, host)`.
 */
import http from 'node:http';
import express, { type Express } from 'express';
import { pino, type Logger } from 'pino';
import type { Server as IoServer } from 'socket.io';
import type { TilesetInfo } from '../../shared/index.js';
import type { Config } from './config.js';
import { AccountService } from './domain/accounts.js';
import { CommentService } from './domain/comments.js';
import { EventBus } from './domain/events.js';
import { PlanService } from './domain/plans.js';
import { PollService } from './domain/polls.js';
import { ScenarioService } from './domain/scenarios.js';
import { ThreadService } from './domain/threads.js';
import { ModerationService } from './domain/moderation.js';
import { PrivacyService } from './domain/privacy.js';
import { SanctionService } from './domain/sanctions.js';
import { WordFilterService } from './domain/word-filters.js';
import { OpenDataService } from './domain/open-data.js';
import { ModelService } from './domain/models.js';
import { ModelBlobs } from './models/blobs.js';
import { createApiRouter } from './http/api.js';
import { errorHandler, notFoundHandler } from './http/errors.js';
import type { OriginPolicy } from './http/origin.js';
import type { RouteSpec } from './http/route-table.js';
import { securityHeaders } from './http/security.js';
import { mountStatic } from './http/static.js';
import { createRealtime } from './realtime/server.js';
import { openStore, type Store } from './store/db.js';
import { readManifest } from './tiler/manifest.js';

export interface AppOptions {
  /** Defaults to a pino logger at config.logLevel on stdout. */
  logger?: Logger;
  /** Defaults to node_modules/cesium/Build/Cesium. */
  cesiumDir?: string;
  /** The server clock of polls (opening/closing, results visibility); tests inject one. Defaults to `new Date()`. */
  now?: () => Date;
}

export interface App {
  app: Express;
  httpServer: http.Server;
  io: IoServer;
  config: Config;
  logger: Logger;
  store: Store;
  services: { accounts: AccountService; comments: CommentService; bus: EventBus; plans: PlanService; scenarios: ScenarioService; models: ModelService; polls: PollService; threads: ThreadService; privacy: PrivacyService; openData: OpenDataService; moderation: ModerationService; sanctions: SanctionService; wordFilters: WordFilterService };
  /** The REST route table mounted under /api/v1 (also the source of the OpenAPI document). */
  routes: RouteSpec[];
  /** Stops sockets, the HTTP server, Redis and the database; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Creates the app.
 * @throws when the database cannot be opened or migrated, or Redis (REDIS_URL) cannot be reached.
 */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const store = await openStore({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    databaseSchema: config.databaseSchema,
    onPoolError: (err) => logger.error({ err }, 'idle PostgreSQL connection failed'),
  });
  logger.info({ database: store.location }, 'database ready');

  const bus = new EventBus((err, event) => logger.error({ err, event }, 'event listener failed'));
  // The injected clock (tests) decides when bans end; sessions keep the real clock.
  const accounts = new AccountService(store.db, config.sessionTtlDays * 24 * 3600 * 1000, undefined, options.now);
  const plans = new PlanService(store.db, bus);
  const scenarios = new ScenarioService(store.db, plans, bus);
  const comments = new CommentService(store.db, bus, undefined, plans, { publicPositionPrecisionM: config.publicPositionPrecisionM });
  const models = new ModelService(store.db, plans, new ModelBlobs(config.dataDir), undefined, { bus, scenarios });
  const polls = new PollService(store.db, plans, bus, options.now);
  const threads = new ThreadService(store.db, plans, bus, options.now, config.publicPositionPrecisionM);
  const privacy = new PrivacyService(store.db, bus, { accountDeletion: config.accountDeletion, checkpoint: () => store.checkpoint() }, options.now);
  const openData = new OpenDataService(store.db, { plans, comments, threads, polls }, config.publicPositionPrecisionM, options.now);
  const moderation = new ModerationService({
    db: store.db,
    bus,
    gates: { plans, threads },
    settings: { reportThreshold: config.reportThreshold, accountDeletion: config.accountDeletion, publicPositionPrecisionM: config.publicPositionPrecisionM },
    checkpoint: () => store.checkpoint(),
    now: options.now,
  });
  const sanctions = new SanctionService(store.db, bus, options.now);
  const wordFilters = new WordFilterService(store.db, options.now);
  const origin: OriginPolicy = { publicOrigin: config.publicOrigin, trustProxy: config.trustProxy !== false };

  const listTilesets = async (): Promise<TilesetInfo[]> => {
    try {
      return await readManifest(config.tilesetsDir);
    } catch (err) {
      logger.error({ err }, 'cannot read the tileset manifest; listing no tilesets');
      return [];
    }
  };

  const app = express();
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');
  app.use(securityHeaders({ https: config.publicOrigin?.startsWith('https:') ?? false, tilesetOrigins: config.tilesetOrigins }));
  const api = createApiRouter({ accounts, comments, plans, scenarios, models, polls, threads, moderation, privacy, openData, sanctions, wordFilters, modelMaxBytes: config.modelMaxBytes, listTilesets, publicOrigin: config.publicOrigin, logger, origin });
  app.use('/api/v1', api.router);
  app.use('/api', notFoundHandler()); // other API versions, /api itself
  mountStatic(app, { tilesetsDir: config.tilesetsDir, clientDist: config.clientDist, cesiumDir: options.cesiumDir });
  app.use(notFoundHandler());
  app.use(errorHandler(logger));

  const httpServer = http.createServer(app);
  let realtime;
  try {
    realtime = await createRealtime({
      httpServer,
      accounts,
      comments,
      plans,
      polls,
      threads,
      moderation,
      bus,
      logger,
      origin,
      redis: config.redisUrl ? { url: config.redisUrl, prefix: config.redisPrefix } : undefined,
    });
  } catch (err) {
    await store.destroy();
    throw err;
  }

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const rt = realtime.close();
      httpServer.closeAllConnections();
      await rt;
      bus.clear();
      await store.destroy();
    })());

  return { app, httpServer, io: realtime.io, config, logger, store, services: { accounts, comments, bus, plans, scenarios, models, polls, threads, privacy, openData, moderation, sanctions, wordFilters }, routes: api.routes, close };
}
