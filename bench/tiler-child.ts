/**
 * Child process of the tiler bench: `node --import tsx bench/tiler-child.ts <input> <tilesetsDir>` builds one
 * tileset (not registered) and prints its BuildSummary as one JSON line on stdout. Exit code 1 on failure.
 */
import { buildTileset, errorMessage } from '../server/src/tiler/index.js';

const [input, tilesetsDir] = process.argv.slice(2);
buildTileset({ input, name: 'bench', tilesetsDir, register: false }).then(
  (s) => {
    process.stdout.write(`${JSON.stringify({ ...s, skipped: s.skipped.length, warnings: s.warnings.length })}\n`);
  },
  (e) => {
    process.stderr.write(`error: ${errorMessage(e)}\n`);
    process.exitCode = 1;
  },
);
