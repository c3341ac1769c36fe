/**
 * `npm run bench [-- <name>…] [--buildings N] [--anchor-buildings M]`: side-by-side benchmarks (DESIGN.md: bench/).
 * Each bench prints a small table with anchors measured in the same run, so numbers from different machines can be
 * read against each other. Benches: tiler (bench/tiler.ts), viewer (bench/viewer.ts), models (bench/models.ts),
 * screening (bench/screening.ts).
 * Exit code 2 on a bad command line.
 */
import { parseArgs } from 'node:util';
import { benchModels } from './models.js';
import { benchScreening } from './screening.js';
import { benchTiler, type TilerBenchOptions } from './tiler.js';
import { benchViewer } from './viewer.js';

const BENCHES: Record<string, (o: TilerBenchOptions) => Promise<void>> = { tiler: benchTiler, viewer: benchViewer, models: benchModels, screening: benchScreening };

function count(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a whole number of at least 1`);
  return n;
}

async function main(): Promise<number> {
  let wanted: string[];
  let options: TilerBenchOptions;
  try {
    const { values, positionals } = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: { buildings: { type: 'string' }, 'anchor-buildings': { type: 'string' } },
    });
    wanted = positionals;
    options = { buildings: count(values.buildings, '--buildings'), anchorBuildings: count(values['anchor-buildings'], '--anchor-buildings') };
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\nusage: npm run bench [-- tiler|viewer|models|screening] [--buildings N] [--anchor-buildings M]\n`);
    return 2;
  }
  const unknown = wanted.filter((n) => !(n in BENCHES));
  if (unknown.length > 0) {
    process.stderr.write(`unknown bench ${unknown.join(', ')}; available: ${Object.keys(BENCHES).join(', ')}\n`);
    return 2;
  }
  for (const name of wanted.length > 0 ? wanted : Object.keys(BENCHES)) await BENCHES[name](options);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
