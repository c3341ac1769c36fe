/**
 * Tells Cesium where its static files (workers, assets, widget images) live: the server serves
 * node_modules/cesium/Build/Cesium at `/cesium/`. Must be evaluated before any Cesium code runs,
 * so client/src/viewer/*.ts import this module before `cesium`. A module, not an inline script,
 * because the server's Content-Security-Policy forbids inline scripts.
 */
declare global {
  interface Window {
    CESIUM_BASE_URL?: string;
  }
}

window.CESIUM_BASE_URL = '/cesium/';

export {};
