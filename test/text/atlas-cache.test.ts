import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { atlasCacheDir, decodeAtlas, encodeAtlas } from '../../src/text/atlas-cache.js';
import { atlasDigest, buildAtlasUncached, cachedAtlas } from '../../src/text/font-atlas.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'portglow-atlas-'));
const files = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.bin'));
const REGULAR = atlasDigest(buildAtlasUncached(false, 32, 4));

describe('the font atlas cache', () => {
  it('stores an atlas and gives it back byte for byte', () => {
    const a = buildAtlasUncached(false, 32, 4);
    const back = decodeAtlas(encodeAtlas(a))!;
    expect(atlasDigest(back)).toBe(REGULAR);
    expect(back.missing).toBe(back.glyphs.get('?'));
    expect(back.glyphs.size).toBe(a.glyphs.size);
  });

  it('is read on the second build: a stored atlas is what comes back, not a new build', () => {
    const dir = tmp();
    expect(atlasDigest(cachedAtlas(false, 32, 4, dir))).toBe(REGULAR);
    const [file] = files(dir);
    expect(file).toMatch(/^atlas-[0-9a-f]{64}\.bin$/);
    // Plant a different (well-formed) atlas under the same key: the next build must return it.
    const planted = { ...buildAtlasUncached(false, 32, 4), ascent: 12345 };
    writeFileSync(join(dir, file), encodeAtlas(planted));
    expect(cachedAtlas(false, 32, 4, dir).ascent).toBe(12345);
  });

  it('keys on the options: bold and another size are other entries', () => {
    const dir = tmp();
    cachedAtlas(false, 32, 4, dir);
    const bold = cachedAtlas(true, 32, 4, dir);
    const small = cachedAtlas(false, 16, 4, dir);
    expect(atlasDigest(bold)).toBe(atlasDigest(buildAtlasUncached(true, 32, 4)));
    expect(atlasDigest(small)).toBe(atlasDigest(buildAtlasUncached(false, 16, 4)));
    expect(files(dir)).toHaveLength(3);
  });

  it('ignores a damaged file and writes it again', () => {
    const dir = tmp();
    cachedAtlas(false, 32, 4, dir);
    const path = join(dir, files(dir)[0]);
    const bytes = readFileSync(path);
    const flipped = Buffer.from(bytes);
    flipped[bytes.length >> 1] ^= 1;
    const damaged = [
      bytes.subarray(0, bytes.length - 40),
      Buffer.concat([bytes, Buffer.from('x')]),
      flipped,
      Buffer.alloc(0),
      Buffer.from('not an atlas at all, but long enough to have a checksum at its end'),
    ];
    for (const d of damaged) {
      expect(decodeAtlas(d)).toBeUndefined();
      writeFileSync(path, d);
      expect(atlasDigest(cachedAtlas(false, 32, 4, dir))).toBe(REGULAR);
      expect(readFileSync(path).equals(bytes)).toBe(true);
    }
    // Whole and checksummed, but its field is not width × height texels: refused too.
    const a = buildAtlasUncached(false, 32, 4);
    expect(decodeAtlas(encodeAtlas({ ...a, sdf: a.sdf.subarray(1) }))).toBeUndefined();
    expect(decodeAtlas(encodeAtlas({ ...a, width: a.width + 1 }))).toBeUndefined();
  });

  it('builds anyway where the cache cannot be written', () => {
    const dir = tmp();
    const notADir = join(dir, 'file');
    writeFileSync(notADir, 'x');
    expect(atlasDigest(cachedAtlas(false, 32, 4, notADir))).toBe(REGULAR);
    expect(readdirSync(dir)).toEqual(['file']);
  });

  it('takes concurrent processes: each gets the atlas, one file is left and no temporary file', async () => {
    // A small program of the real modules (in the repository, where their packages resolve), run
    // four times at once on the same empty folder.
    mkdirSync(resolve('test-output'), { recursive: true });
    const dir = mkdtempSync(join(resolve('test-output'), 'atlas-'));
    const entry = join(dir, 'entry.ts');
    const src = resolve('src/text/font-atlas.ts');
    writeFileSync(
      entry,
      `import { atlasDigest, cachedAtlas } from ${JSON.stringify(src)};\n` +
        `process.stdout.write(atlasDigest(cachedAtlas(false, 32, 4, process.argv[2])));\n`,
    );
    const script = join(dir, 'atlas.mjs');
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: script, packages: 'external', logLevel: 'error', absWorkingDir: resolve('.') }); // prettier-ignore
    const cache = join(dir, 'cache');
    const run = () => promisify(execFile)(process.execPath, [script, cache], { cwd: resolve('.') });
    const outs = await Promise.all([1, 2, 3, 4].map(run));
    for (const o of outs) expect(o.stdout).toBe(REGULAR);
    expect(readdirSync(cache)).toEqual(files(cache));
    expect(files(cache)).toHaveLength(1);
    // And a later process reads it (the file is whole).
    expect((await run()).stdout).toBe(REGULAR);
    expect(decodeAtlas(readFileSync(join(cache, files(cache)[0])))).toBeDefined();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lives in XDG_CACHE_HOME or ~/.cache; PORTGLOW_ATLAS_CACHE=off turns it off', () => {
    expect(atlasCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/portglow');
    expect(atlasCacheDir({ HOME: '/h' })).toMatch(/\.cache\/portglow$/);
    expect(atlasCacheDir({ XDG_CACHE_HOME: '/x', PORTGLOW_ATLAS_CACHE: 'off' })).toBeNull();
  });
});
