/**
 * Builds the browser client once for the e2e tests with Vite's JS `build()`, into
 * `<os tmpdir>/digitale-stad-e2e-dist/<hash>/` (E2E_DIST_CACHE overrides the folder), where <hash> is a SHA-256 over everything the bundle is made from
 * (client/ without dist, shared/, package-lock.json). An unchanged tree reuses the earlier build,
 * so only the first run pays for bundling Cesium (~5-10 s on 2 cores).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SOURCES = ['client', 'shared', 'package-lock.json'];
const SKIP = new Set(['dist', 'node_modules', '.vite']);

function walk(p: string, out: string[]): void {
  const st = fs.statSync(p);
  if (st.isFile()) {
    out.push(p);
    return;
  }
  for (const name of fs.readdirSync(p).sort()) {
    if (SKIP.has(name)) continue;
    walk(path.join(p, name), out);
  }
}

/** SHA-256 (hex, first 16 chars) over the relative paths and contents of the client's sources. */
export function clientSourceHash(): string {
  const files: string[] = [];
  for (const s of SOURCES) {
    const p = path.join(ROOT, s);
    if (fs.existsSync(p)) walk(p, files);
  }
  const h = crypto.createHash('sha256');
  for (const f of files) {
    h.update(path.relative(ROOT, f));
    h.update('\0');
    h.update(fs.readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * The path of a production build of the current client sources (built now if needed).
 * Concurrent callers are safe: each builds into its own folder and renames it into place.
 */
export async function ensureClientBuild(): Promise<string> {
  // Not under the repo's .tmp/: the static server (send) refuses files below a dot-folder.
  const base = process.env.E2E_DIST_CACHE ?? path.join(os.tmpdir(), 'digitale-stad-e2e-dist');
  const hash = clientSourceHash();
  const outDir = path.join(base, hash);
  if (fs.existsSync(path.join(outDir, 'index.html'))) return outDir;

  fs.mkdirSync(base, { recursive: true });
  const work = path.join(base, `${hash}.building-${process.pid}-${Date.now()}`);
  const previousEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production'; // vitest sets "test"; the e2e must run the production bundle
  try {
    await build({
      configFile: path.join(ROOT, 'client', 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: work, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = previousEnv;
  }
  try {
    fs.renameSync(work, outDir);
  } catch {
    fs.rmSync(work, { recursive: true, force: true }); // someone else won the race
  }
  // Keep the cache small: drop builds of older sources.
  for (const name of fs.readdirSync(base)) {
    if (name !== hash && !name.includes('.building-')) fs.rmSync(path.join(base, name), { recursive: true, force: true });
  }
  return outDir;
}
