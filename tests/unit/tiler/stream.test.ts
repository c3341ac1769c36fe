/** CityJSONSeq read as a stream: chunks arrive as they are read, progress in bytes, errors with their line. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildTileset, TilerError, type BuildProgress } from '../../../server/src/tiler/index.js';
import { openCityJSON } from '../../../server/src/tiler/cityjson.js';
import { generateCitySeq, generatedId } from '../../fixtures/generate-city.js';
import { readTileset, tmpDir } from './helpers.js';

const N = 3000;
let dir: string;
let input: string;
let size: number;
beforeAll(async () => {
  dir = await tmpDir('tiler-stream-');
  input = path.join(dir, 'city.city.jsonl');
  size = generateCitySeq(input, { buildings: N });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CityJSONSeq as a stream', () => {
  it('hands out the first features before the file is read to the end', async () => {
    const source = await openCityJSON(input);
    expect(Array.isArray(source.chunks)).toBe(false);
    const it = (source.chunks as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    const first = (await it.next()).value as { objects: Record<string, unknown> };
    expect(Object.keys(first.objects)).toEqual([generatedId(0)]);
    expect(source.totalBytes).toBe(size);
    expect(source.bytesRead!()).toBeLessThan(size);
    await it.return?.();
  });

  it('tiles every feature, reporting progress in bytes of the file', async () => {
    const progress: BuildProgress[] = [];
    const s = await buildTileset({ input, name: 'seq', tilesetsDir: dir, register: false, onProgress: (p) => progress.push(p) });
    expect(s.featuresWritten).toBe(N);
    const t = await readTileset(path.join(dir, 'seq'));
    expect(t.tiles.flatMap((x) => x.table.columns.id as string[]).sort()).toEqual(Array.from({ length: N }, (_, i) => generatedId(i)).sort());
    const reads = progress.filter((p) => p.phase === 'read');
    expect(reads.length).toBeGreaterThan(1);
    expect(reads.every((p) => p.total === size)).toBe(true);
    expect(reads[reads.length - 1].done).toBe(size);
    expect(reads.some((p) => p.done < size)).toBe(true);
    const writes = progress.filter((p) => p.phase === 'write');
    expect(writes[writes.length - 1]).toMatchObject({ done: s.tiles, total: s.tiles });
  });

  it('stops at broken JSON in a later line, naming line and column, and keeps the old tileset', async () => {
    const lines = (await readFile(input, 'utf8')).split('\n');
    lines[1500] = lines[1500].replace('"CityObjects":', '"CityObjects"');
    const broken = path.join(dir, 'broken.city.jsonl');
    await writeFile(broken, lines.join('\n'));
    const before = await readFile(path.join(dir, 'seq', 'tileset.json'));
    const e = await buildTileset({ input: broken, name: 'seq', tilesetsDir: dir, register: false }).catch((x) => x);
    expect(e).toBeInstanceOf(TilerError);
    expect(e.code).toBe('JSON_SYNTAX');
    expect(e.line).toBe(1501);
    expect(e.column).toBe(lines[1500].indexOf('"CityObjects"') + '"CityObjects"'.length + 1);
    expect(await readFile(path.join(dir, 'seq', 'tileset.json'))).toEqual(before);
  });

  it('tiles 20,000 buildings within a 40 MB JavaScript heap, where reading the whole file first runs out', async () => {
    const big = path.join(dir, 'big.city.jsonl');
    generateCitySeq(big, { buildings: 20_000 });
    const child = fileURLToPath(new URL('./heap-child.ts', import.meta.url));
    const run = (mode: string) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        execFile(process.execPath, ['--max-old-space-size=40', '--import', 'tsx', child, big, mode, dir], { cwd: process.cwd() }, (err, out) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out }),
        );
      });
    const streamed = await run('stream');
    expect(streamed.out.trim()).toBe('ok 20000');
    const whole = await run('whole');
    expect(whole.code).not.toBe(0); // the same data held in memory does not fit: the limit is tight enough to matter
  }, 120_000);
});
