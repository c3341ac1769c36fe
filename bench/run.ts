/**
 * `npm run bench [-- <name>…]`: side-by-side benchmarks (DESIGN.md: bench/). Each bench prints a small table with
 * an anchor measured in the same run, so numbers from different machines can be read against each other.
 * Benches: tiler.
 */
import { benchTiler } from './tiler.js';

const BENCHES: Record<string, () => Promise<void>> = { tiler: benchTiler };

async function main(): Promise<number> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((n) => !(n in BENCHES));
  if (unknown.length > 0) {
    process.stderr.write(`unknown bench ${unknown.join(', ')}; available: ${Object.keys(BENCHES).join(', ')}\n`);
    return 2;
  }
  for (const name of wanted.length > 0 ? wanted : Object.keys(BENCHES)) await BENCHES[name]();
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
