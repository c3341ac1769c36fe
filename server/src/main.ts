/**
 * Entry point: `tsx server/src/main.ts` (npm start). Loads the configuration from the environment
 * (config.ts), generates the demo tileset when no tileset is registered (DEMO_TILESET), starts the app and
 * listens, and shuts down gracefully on SIGINT/SIGTERM (sockets closed, database closed; forced after 10 s).
 */
import { pino } from 'pino';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { ensureDemoTileset } from './tiler/demo.js';

function displayUrl(config: Config, port: number): string {
  if (config.publicOrigin) return config.publicOrigin;
  const loopbackOrAny = ['127.0.0.1', 'localhost', '0.0.0.0', '::', '::1'].includes(config.host);
  const host = loopbackOrAny ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${port}`;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = pino({ level: config.logLevel });
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

  if (config.demoTileset) {
    try {
      const demo = await ensureDemoTileset(config.tilesetsDir);
      if (demo) logger.info({ tileset: demo.id, url: demo.url }, 'no tileset was registered: generated the demo district');
    } catch (err) {
      logger.warn({ err }, 'could not generate the demo tileset; starting without it');
    }
  }

  let app;
  try {
    app = await createApp(config, { logger });
  } catch (err) {
    logger.fatal({ err }, `cannot start: ${(err as Error).message}`);
    process.exit(1);
  }

  await new Promise<void>((resolve, reject) => {
    app.httpServer.once('error', reject);
    app.httpServer.listen(config.port, config.host, () => resolve());
  }).catch((err: NodeJS.ErrnoException) => {
    const hint = err.code === 'EADDRINUSE' ? ` (port ${config.port} is in use; set PORT to another port)` : '';
    logger.fatal({ err }, `cannot listen on ${config.host}:${config.port}${hint}`);
    process.exit(1);
  });
  const addr = app.httpServer.address();
  const port = addr && typeof addr === 'object' ? addr.port : config.port;
  logger.info({ host: config.host, port }, `Digitale Stad is running at ${displayUrl(config, port)}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.warn('shutdown took longer than 10 s; exiting anyway');
      process.exit(1);
    }, 10_000);
    force.unref();
    app.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err) => {
        logger.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
