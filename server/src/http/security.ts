/**
 * Security headers (helmet) with a Content-Security-Policy the Cesium client works under:
 * - script-src 'self' 'wasm-unsafe-eval': Cesium compiles WebAssembly (Draco, KTX2/Basis transcoders);
 *   no 'unsafe-eval' and no inline scripts (checked with the built client in Chromium);
 * - worker-src 'self' blob:: Cesium's web workers, some created from blob: URLs;
 * - img-src/connect-src data: blob:: Cesium loads textures and glTF buffers from data:/blob: URIs;
 * - style-src 'unsafe-inline': Cesium widgets set inline styles;
 * - connect-src ws: wss:: the Socket.IO connection; plus `tilesetOrigins` (config TILESET_ORIGINS) for
 *   3D Tiles registered by URL on another server (their JSON, GLB and textures: connect-src and img-src).
 * HSTS and upgrade-insecure-requests only when the app is served over https (PUBLIC_ORIGIN https://…),
 * so a plain-http run on a LAN address keeps loading its own files.
 */
import helmet from 'helmet';
import type { RequestHandler } from 'express';

export function securityHeaders(opts: { https: boolean; tilesetOrigins?: string[] }): RequestHandler {
  const extra = opts.tilesetOrigins ?? [];
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'", "'wasm-unsafe-eval'"],
        'worker-src': ["'self'", 'blob:'],
        'child-src': ["'self'", 'blob:'],
        'img-src': ["'self'", 'data:', 'blob:', ...extra],
        'media-src': ["'self'", 'data:', 'blob:'],
        'style-src': ["'self'", "'unsafe-inline'"],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'", 'ws:', 'wss:', 'data:', 'blob:', ...extra],
        'object-src': ["'none'"],
        'frame-ancestors': ["'self'"],
        'form-action': ["'self'"],
        'base-uri': ["'self'"],
        'upgrade-insecure-requests': opts.https ? [] : null,
      },
    },
    strictTransportSecurity: opts.https,
    crossOriginEmbedderPolicy: false,
  });
}
