/**
 * Runs one benchmarked tool in its own child process and measures it: wall-clock seconds and peak resident set
 * size (GNU time's "Maximum resident set size", i.e. getrusage(2) ru_maxrss of the child, when /usr/bin/time exists).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface Measured {
  ok: boolean;
  code: number | null;
  seconds: number;
  /** Peak RSS in bytes, or null when it could not be measured. */
  peakRss: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

const TIME = '/usr/bin/time';

/**
 * Runs `command args` (cwd `cwd`), killing it after `timeoutMs`.
 * @returns what happened; never throws for a failing tool (ok false, stderr kept)
 */
export function measure(command: string, args: string[], opts: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<Measured> {
  const useTime = existsSync(TIME);
  const [cmd, argv] = useTime ? [TIME, ['-v', command, ...args]] : [command, args];
  return new Promise((resolve) => {
    const t = performance.now();
    const child = spawn(cmd, argv, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-200_000)));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL'); // the child's own process group only
      } catch {
        /* already gone */
      }
    }, opts.timeoutMs ?? 600_000);
    const done = (code: number | null) => {
      clearTimeout(timer);
      const seconds = (performance.now() - t) / 1000;
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      resolve({ ok: code === 0 && !timedOut, code, seconds, peakRss: m ? Number(m[1]) * 1024 : null, stdout, stderr, timedOut });
    };
    child.on('error', (e) => {
      stderr += String(e);
      done(null);
    });
    child.on('close', done);
  });
}

/** Total bytes of the files under `dir` (recursive); 0 when it does not exist. */
export async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const e of entries) if (e.isFile()) total += (await stat(path.join(e.parentPath, e.name))).size;
  return total;
}

/** The last meaningful line of a tool's error output, for the table. */
export function lastError(m: Measured): string {
  if (m.timedOut) return `timed out after ${m.seconds.toFixed(0)} s`;
  const lines = m.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^(Command being timed|User time|System time|Percent of CPU|Elapsed|Average|Maximum resident|Major|Minor|Voluntary|Involuntary|Swaps|File system|Socket|Signals|Page size|Exit status|Command terminated)/.test(l));
  return (lines.find((l) => /error/i.test(l)) ?? lines[lines.length - 1] ?? `exit code ${m.code}`).slice(0, 100);
}
