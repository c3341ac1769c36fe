/**
 * Writing without half-written results: a folder is filled beside its target and renamed into place; a file is
 * written to a temporary name and renamed (rename(2) is atomic within one file system); and a lock file serialises
 * read-modify-write updates between processes.
 */
import { mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

const token = () => `${process.pid}-${randomBytes(4).toString('hex')}`;

/**
 * Replaces the folder `target` with one filled by `fill`. `fill` writes into an empty temporary folder beside the
 * target; only when it succeeds is the old folder (if any) moved aside and the new one renamed into place. When
 * `fill` (or the swap) fails, the temporary folder is removed and the old folder is left as it was.
 */
export async function replaceDir(target: string, fill: (dir: string) => Promise<void>): Promise<void> {
  const parent = path.dirname(target);
  const base = path.basename(target);
  await mkdir(parent, { recursive: true });
  const tmp = path.join(parent, `.${base}.tmp-${token()}`);
  await mkdir(tmp);
  try {
    await fill(tmp);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  const old = path.join(parent, `.${base}.old-${token()}`);
  let moved = false;
  try {
    try {
      await rename(target, old);
      moved = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    await rename(tmp, target);
  } catch (err) {
    if (moved) await rename(old, target).catch(() => undefined);
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  if (moved) await rm(old, { recursive: true, force: true });
}

/** Writes `data` to `file` through a temporary file in the same folder and a rename. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${token()}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` while holding the lock file `lockFile` (created exclusively). Waits up to `timeoutMs` for another holder;
 * a lock older than `staleMs` is taken to be left by a crashed process and removed.
 * @throws Error when the lock cannot be had in time
 */
export async function withLock<T>(lockFile: string, fn: () => Promise<T>, timeoutMs = 15_000, staleMs = 60_000): Promise<T> {
  await mkdir(path.dirname(lockFile), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const h = await open(lockFile, 'wx');
      await h.writeFile(String(process.pid));
      await h.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const s = await stat(lockFile).catch(() => null);
      if (s && Date.now() - s.mtimeMs > staleMs) {
        await rm(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${lockFile} is locked by another process`);
      await sleep(25 + Math.random() * 50);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockFile, { force: true });
  }
}
