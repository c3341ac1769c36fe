/**
 * Progress of a tiler build on stderr: a progress bar (cli-progress) when stderr is a terminal, otherwise plain
 * lines (one when a phase starts, then at most one every 5 seconds), so logs of long runs stay readable.
 */
import cliProgress from 'cli-progress';
import type { BuildProgress } from '../tiler/index.js';

const LABELS: Record<BuildProgress['phase'], string> = {
  read: 'reading',
  transform: 'transforming',
  triangulate: 'triangulating',
  write: 'writing tiles',
};

export interface ProgressReporter {
  onProgress: (p: BuildProgress) => void;
  /** Stops the bar (leaves the last state on screen); call before printing the summary. */
  stop: () => void;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * @param err the stream to draw on (a TTY gets a bar; `isTTY` is read from it)
 * @param quiet print nothing
 */
export function progressReporter(err: NodeJS.WritableStream & { isTTY?: boolean }, quiet = false): ProgressReporter {
  if (quiet) return { onProgress: () => undefined, stop: () => undefined };
  if (err.isTTY) {
    let bar: cliProgress.SingleBar | undefined;
    let phase = '';
    return {
      onProgress(p) {
        if (p.phase !== phase) {
          bar?.stop();
          phase = p.phase;
          bar = new cliProgress.SingleBar(
            {
              stream: err as NodeJS.WriteStream,
              format: `${LABELS[p.phase].padEnd(13)} [{bar}] {percentage}% | {features} features | {eta_formatted}`,
              hideCursor: true,
              clearOnComplete: false,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(Math.max(1, p.total), p.done, { features: fmt(p.features ?? 0) });
        }
        bar!.setTotal(Math.max(1, p.total));
        bar!.update(p.done, { features: fmt(p.features ?? 0) });
      },
      stop() {
        bar?.stop();
        bar = undefined;
      },
    };
  }
  let phase = '';
  let last = 0;
  return {
    onProgress(p) {
      const now = Date.now();
      if (p.phase === phase && now - last < 5000) return;
      const pct = p.total > 0 ? ` ${Math.min(100, Math.floor((100 * p.done) / p.total))}%` : '';
      const feats = p.features !== undefined ? ` (${fmt(p.features)} features)` : '';
      err.write(`${LABELS[p.phase]}…${p.phase === phase ? pct : ''}${feats}\n`);
      phase = p.phase;
      last = now;
    },
    stop: () => undefined,
  };
}
