/**
 * Vite config for the browser client (React 19 + Cesium).
 *
 * - root is client/, output client/dist (served by the server, see server/src/app.ts).
 * - Cesium's static files (workers, assets, widgets) are NOT copied: the server serves
 *   node_modules/cesium/Build/Cesium at /cesium/ and the client sets CESIUM_BASE_URL to it
 *   (client/src/viewer/cesiumBaseUrl.ts).
 * - The dev server proxies the API, the socket, tilesets and Cesium to the app server on :3000,
 *   so `npm run dev` (server) + `npx vite --config client/vite.config.ts` works with hot reload.
 */
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

/**
 * Knockout 3.5.1 (bundled inside Cesium's widgets) finds the global object with
 * `this || (0,eval)("this")`. In an ES module `this` is undefined, so it calls eval, which the
 * server's Content-Security-Policy (no 'unsafe-eval') refuses: Cesium would not start. Replace the
 * expression with `globalThis` (same value, no eval).
 */
function knockoutWithoutEval(): Plugin {
  const pattern = /this\s*\|\|\s*\(0\s*,\s*eval\)\(\s*["']this["']\s*\)/g;
  return {
    name: 'digitale-stad:knockout-without-eval',
    enforce: 'pre',
    transform(code, id) {
      if (!/knockout[^/\\]*\.js$/.test(id) || !pattern.test(code)) return null;
      pattern.lastIndex = 0;
      return { code: code.replace(pattern, 'globalThis'), map: null };
    },
  };
}

const clientDir = fileURLToPath(new URL('.', import.meta.url));
const target = process.env.DS_DEV_TARGET ?? 'http://localhost:3000';

export default defineConfig({
  root: clientDir,
  base: '/',
  plugins: [react(), knockoutWithoutEval()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Cesium alone is several MB minified; it gets its own chunk (below), so the warning says nothing.
    chunkSizeWarningLimit: 8000,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (id.includes('node_modules/cesium') || id.includes('node_modules/@cesium')) return 'cesium';
          if (id.includes('node_modules/react') || id.includes('node_modules/scheduler')) return 'react';
          return undefined;
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target, changeOrigin: false },
      '/socket.io': { target, ws: true, changeOrigin: false },
      '/tilesets': { target, changeOrigin: false },
      '/cesium': { target, changeOrigin: false },
    },
  },
});
