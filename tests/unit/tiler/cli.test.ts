/** `npm run tiles -- …` as a user runs it: a real child process, its exit code and its output. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fixture, tmpDir, runTilesCli } from './helpers.js';


const tiles = runTilesCli;

let dir: string;
beforeAll(async () => {
  dir = await tmpDir('tiler-cli-');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run tiles', () => {
  it('prints usage for --help and exits 0', async () => {
    const r = await tiles(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: npm run tiles -- build <file> --name <name>');
    expect(r.stdout).toContain('--crs');
  }, 60_000);

  it('exits 2 on a bad command line: no arguments, no --name, a path as name, an unknown option', async () => {
    for (const args of [[], ['build', fixture('two-buildings.city.json')], ['build', 'x.json', '--name', '../up'], ['build', 'x.json', '--name', 'a', '--frobnicate']]) {
      const r = await tiles(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/error: /);
    }
  }, 60_000);

  it('builds, registers and prints a summary table', async () => {
    const r = await tiles(['build', fixture('two-buildings.city.json'), '--name', 'two', '--title', 'Two buildings', '--tilesets', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^objects\s+2 read, 2 top-level, 2 written, 0 skipped$/m);
    expect(r.stdout).toMatch(/^tiles\s+1 GLB/m);
    expect(r.stderr).toMatch(/warning: 2 of 2 texture images are missing/);
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.tilesets).toEqual([{ id: 'two', name: 'Two buildings', url: '/tilesets/two/tileset.json', attribution: 'Test fixture: two buildings' }]);
    expect((await stat(path.join(dir, 'two', 'tileset.json'))).isFile()).toBe(true);
  }, 60_000);

  it('uses TILESETS_DIR when --tilesets is not given', async () => {
    const r = await tiles(['build', fixture('seq.city.jsonl'), '--name', 'seq', '-q'], { TILESETS_DIR: dir });
    expect(r.code, r.stderr).toBe(0);
    expect((await stat(path.join(dir, 'seq', 'tileset.json'))).isFile()).toBe(true);
  }, 60_000);

  it('exits 1 naming the file, line and column of broken JSON, and keeps the old tileset', async () => {
    const before = await readFile(path.join(dir, 'two', 'tileset.json'));
    const file = fixture('broken.city.json');
    const r = await tiles(['build', file, '--name', 'two', '--tilesets', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`error: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6:\\d+: invalid JSON at line 6`));
    expect(await readFile(path.join(dir, 'two', 'tileset.json'))).toEqual(before);
  }, 60_000);

  it('exits 1 asking for --crs when the file names none, and 1 for a missing file', async () => {
    const r = await tiles(['build', fixture('no-crs.city.json'), '--name', 'nocrs', '--tilesets', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no-crs.city.json');
    expect(r.stderr).toContain('--crs EPSG:28992');
    const r2 = await tiles(['build', path.join(dir, 'missing.json'), '--name', 'm', '--tilesets', dir]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain(`${path.join(dir, 'missing.json')}: file not found`);
  }, 60_000);

  it('lists the registered tilesets and removes one (manifest entry and folder)', async () => {
    const { main } = await import('../../../server/src/cli/tiles.js');
    const run = async (args: string[]) => {
      let out = '';
      let err = '';
      const sink = (f: (s: string) => void) => ({ write: (s: string) => (f(s), true) }) as unknown as NodeJS.WritableStream;
      const code = await main([...args, '--tilesets', dir], sink((s) => (out += s)), sink((s) => (err += s)));
      return { code, out, err };
    };
    const listed = await run(['list']);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^two\s+\/tilesets\/two\/tileset\.json\s+Two buildings$/m);
    expect(listed.out).toMatch(/^seq\s/m);

    const removed = await run(['remove', 'two']);
    expect(removed.code, removed.err).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.tilesets.map((t: { id: string }) => t.id)).toEqual(['seq']);
    await expect(stat(path.join(dir, 'two'))).rejects.toThrow();

    const again = await run(['remove', 'two']);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/no tileset named "two"/);
    expect((await run(['remove', '../seq'])).code).toBe(2);
    expect((await stat(path.join(dir, 'seq', 'tileset.json'))).isFile()).toBe(true);
  });
});
