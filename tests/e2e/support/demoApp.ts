/**
 * The setup every e2e file shares: the built client (cached, support/clientBuild.ts) served by the real server
 * in-process with a fresh SQLite file and the generated demo tileset in a fresh temp folder, and a Chromium.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ensureDemoTileset } from '../../../server/src/tiler/demo.js';
import type { Config } from '../../../server/src/config.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import { launchChromium } from './chromium.js';
import { ensureClientBuild } from './clientBuild.js';

export interface DemoApp {
  server: TestServer;
  browser: Browser;
  /** The temp tilesets folder (served at /tilesets/); `prepare` may add files to it. */
  tilesetsDir: string;
  /** Closes Chromium and the server and removes the temp folder; safe after a failed start. */
  close(): Promise<void>;
}

/**
 * Builds (or reuses) the client, writes the demo tileset into `ds-e2e-<name>-*` under the OS temp folder, runs
 * `prepare(tilesetsDir)` alongside the build, then starts the server (with config `overrides`, e.g.
 * `{ reportThreshold: 2 }`) and Chromium.
 */
export async function startDemoApp(
  name: string,
  prepare?: (tilesetsDir: string) => Promise<void>,
  overrides: Partial<Config> = {},
): Promise<DemoApp> {
  const tilesetsDir = fs.mkdtempSync(path.join(os.tmpdir(), `ds-e2e-${name}-`));
  const [dist] = await Promise.all([
    ensureClientBuild(),
    (async () => {
      await ensureDemoTileset(tilesetsDir);
      await prepare?.(tilesetsDir);
    })(),
  ]);
  const server = await startServer({ ...overrides, tilesetsDir, clientDist: dist });
  const browser = await launchChromium();
  return {
    server,
    browser,
    tilesetsDir,
    async close() {
      await browser.close();
      await server.close();
      fs.rmSync(tilesetsDir, { recursive: true, force: true });
    },
  };
}
