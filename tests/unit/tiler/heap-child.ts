/**
 * Child process for stream.test.ts: builds a tileset from a CityJSONSeq file either streamed (buildTileset) or
 * read whole first (readCityJSONFile + buildFromCityModel), so the test can run both under a small heap limit.
 * Usage: node --max-old-space-size=<MB> --import tsx tests/unit/tiler/heap-child.ts <input> <stream|whole> <tilesetsDir>
 * Prints "ok <features>" on success.
 */
import { buildTileset } from '../../../server/src/tiler/index.js';
import { buildFromCityModel } from '../../../server/src/tiler/build.js';
import { readCityJSONFile } from '../../../server/src/tiler/cityjson.js';

const [input, mode, tilesetsDir] = process.argv.slice(2);
const s =
  mode === 'whole'
    ? await buildFromCityModel(await readCityJSONFile(input), { name: 'whole', tilesetsDir })
    : await buildTileset({ input, name: 'streamed', tilesetsDir, register: false });
process.stdout.write(`ok ${s.featuresWritten}\n`);
