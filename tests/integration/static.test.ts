/** Static serving: 3D Tiles with the right content types, Cesium's files, the client with SPA fallback, CSP. */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-static-'));
  const tilesets = path.join(dir, 'tilesets');
  fs.mkdirSync(path.join(tilesets, 'wijk', 'subtrees'), { recursive: true });
  fs.writeFileSync(
    path.join(tilesets, 'manifest.json'),
    JSON.stringify({ tilesets: [{ id: 'wijk', name: 'Wijk', url: '/tilesets/wijk/tileset.json' }] }),
  );
  fs.writeFileSync(path.join(tilesets, 'wijk', 'tileset.json'), JSON.stringify({ asset: { version: '1.1' } }));
  fs.writeFileSync(path.join(tilesets, 'wijk', '0.glb'), Buffer.from('glTF\x02\x00\x00\x00'));
  fs.writeFileSync(path.join(tilesets, 'wijk', 'subtrees', '0.0.0.subtree'), Buffer.from('subt'));
  const dist = path.join(dir, 'dist');
  fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Digitale Stad</title><div id="root"></div>');
  fs.writeFileSync(path.join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
  server = await startServer({ tilesetsDir: tilesets, clientDist: dist, tilesetOrigins: ['https://data.3dbag.nl'] });
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function rawGet(p: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(server.baseUrl + '/', { path: p }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

const get = (p: string, headers: Record<string, string> = {}) => fetch(server.baseUrl + p, { headers });

describe('static files', () => {
  it('lists the manifest at GET /api/v1/tilesets and re-reads it', async () => {
    const r = await (await get('/api/v1/tilesets')).json();
    expect(r).toEqual({ tilesets: [{ id: 'wijk', name: 'Wijk', url: '/tilesets/wijk/tileset.json' }] });
    const file = path.join(server.config.tilesetsDir, 'manifest.json');
    const before = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, JSON.stringify({ tilesets: [...r.tilesets, { id: 'b', name: 'B', url: '/tilesets/b/tileset.json', demo: true }] }));
    expect((await (await get('/api/v1/tilesets')).json()).tilesets).toHaveLength(2);
    fs.writeFileSync(file, '{ broken');
    const broken = await get('/api/v1/tilesets');
    expect(broken.status).toBe(200);
    expect((await broken.json()).tilesets).toEqual([]);
    fs.writeFileSync(file, before);
  });

  it('serves 3D Tiles with their content types', async () => {
    const json = await get('/tilesets/wijk/tileset.json');
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await get('/tilesets/wijk/0.glb')).headers.get('content-type')).toBe('model/gltf-binary');
    expect((await get('/tilesets/wijk/subtrees/0.0.0.subtree')).headers.get('content-type')).toBe('application/octet-stream');
    const missing = await get('/tilesets/wijk/nope.glb');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    // a raw path (fetch would normalise the dots away) must not escape TILESETS_DIR
    const escaped = await rawGet('/tilesets/wijk/../../../package.json');
    expect(escaped.status).toBeGreaterThanOrEqual(400);
    expect(escaped.body).not.toContain('"name"');
  });

  it("serves Cesium's static build under /cesium", async () => {
    const js = await get('/cesium/Cesium.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    const widgets = await get('/cesium/Widgets/widgets.css');
    expect(widgets.status).toBe(200);
    expect(widgets.headers.get('content-type')).toMatch(/^text\/css/);
    const workers = fs.readdirSync(path.join(process.cwd(), 'node_modules/cesium/Build/Cesium/Workers'));
    expect((await get(`/cesium/Workers/${workers[0]}`)).status).toBe(200);
  });

  it('serves the client with a CSP Cesium can live with, and falls back to index.html for app paths', async () => {
    const root = await get('/');
    expect(root.status).toBe(200);
    expect(await root.text()).toContain('<div id="root">');
    const csp = root.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).toMatch(/worker-src 'self' blob:/);
    expect(csp).toMatch(/img-src 'self' data: blob:/);
    expect(csp).toMatch(/style-src 'self' 'unsafe-inline'/);
    expect(csp).toMatch(/connect-src 'self' ws: wss:[^;]* https:\/\/data\.3dbag\.nl/); // TILESET_ORIGINS
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(root.headers.get('x-content-type-options')).toBe('nosniff');

    const deep = await get('/comment/123?view=x');
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root">');
    expect((await get('/assets/index-abc.js')).headers.get('cache-control')).toMatch(/immutable/);
    expect((await get('/assets/missing.js')).status).toBe(404);
    expect((await get('/cesium/missing.js')).status).toBe(404);
  });

  it('says how to build the client when it is not built', async () => {
    const bare = await startServer();
    try {
      const r = await fetch(`${bare.baseUrl}/`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await r.text()).toContain('npm run build');
    } finally {
      await bare.close();
    }
  });
});
