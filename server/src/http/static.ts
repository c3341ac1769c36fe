/**
 * Static files: /tilesets → TILESETS_DIR (3D Tiles: .json, .glb, .subtree), /cesium → Cesium's built
 * static files (Workers, ThirdParty, Assets, Widgets), and the built client (CLIENT_DIST) with an SPA
 * fallback to index.html for other GETs. Without a built client, / answers a page saying how to build it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import express, { type Express, type Response } from 'express';

/** Content types for 3D Tiles 1.1 files (OGC 3D Tiles 1.1 §6, glTF 2.0 §4.4 `model/gltf-binary`). */
const TILE_TYPES: Record<string, string> = {
  '.json': 'application/json; charset=utf-8',
  '.glb': 'model/gltf-binary',
  '.gltf': 'model/gltf+json',
  '.subtree': 'application/octet-stream',
  '.b3dm': 'application/octet-stream',
  '.pnts': 'application/octet-stream',
  '.i3dm': 'application/octet-stream',
  '.cmpt': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.ktx2': 'image/ktx2',
};

/** Folder with Cesium's static build (node_modules/cesium/Build/Cesium). */
export function cesiumBuildDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('cesium/package.json')), 'Build', 'Cesium');
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Digitale Stad: client not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Digitale Stad</h1>
<p>The server is running, but the browser client has not been built yet.</p>
<p>Run <code>npm run build</code> (or <code>npm start</code>, which builds and starts) and reload this page.</p>
<p>The API is at <a href="/api/v1/health">/api/v1/health</a>; its description at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
</body></html>`;

/** Path prefixes that never fall back to the client's index.html. */
const NO_FALLBACK = /^\/(api|tilesets|cesium|assets|socket\.io)(\/|$)/;

export function mountStatic(app: Express, opts: { tilesetsDir: string; clientDist: string; cesiumDir?: string }): void {
  app.use(
    '/tilesets',
    express.static(opts.tilesetsDir, {
      fallthrough: true,
      index: false,
      dotfiles: 'ignore',
      setHeaders(res: Response, file: string) {
        const type = TILE_TYPES[path.extname(file).toLowerCase()];
        if (type) res.setHeader('Content-Type', type);
        res.setHeader('Cache-Control', 'no-cache'); // revalidate with ETag: rebuilt tilesets show up
      },
    }),
  );
  app.use('/cesium', express.static(opts.cesiumDir ?? cesiumBuildDir(), { index: false, maxAge: '1d' }));

  const assetsDir = path.join(opts.clientDist, 'assets');
  app.use('/assets', express.static(assetsDir, { index: false, immutable: true, maxAge: '1y' }));
  app.use(express.static(opts.clientDist, { index: false, maxAge: 0 }));

  const indexFile = path.join(opts.clientDist, 'index.html');
  app.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NO_FALLBACK.test(req.path)) return next();
    fs.promises.stat(indexFile).then(
      () => {
        res.setHeader('Cache-Control', 'no-cache');
        // root + relative name: send's dotfile rule then looks only below the root, so a build in a
        // dot-folder (e.g. .cache/dist) is served too.
        res.sendFile('index.html', { root: opts.clientDist }, (err) => err && next(err));
      },
      () => {
        res.status(200).type('html').setHeader('Cache-Control', 'no-store').send(NOT_BUILT_PAGE);
      },
    );
  });
}
