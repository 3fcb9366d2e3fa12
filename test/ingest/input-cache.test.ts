import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cachePath,
  decodeCache,
  encodeCache,
  inputCacheDir,
  cachedRead,
} from '../../src/ingest/input-cache.js';
import { readCsv, type ReadCsvOptions } from '../../src/ingest/read-csv.js';
import { readInput } from '../../src/ingest/read-input.js';
import { MARX, describeRealData } from './real-data.js';
import { alteredLayoutCsv } from '../helpers/altered-layout.js';

const FIXTURE = alteredLayoutCsv();
const tmp = () => mkdtempSync(join(tmpdir(), 'portglow-cache-'));
const cacheFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.bin'));
/** The CSV reader through the cache, keyed on its options as readInput keys a reader's. */
const readCsvCached = (path: string, o: ReadCsvOptions, dir: string) =>
  cachedRead(dir, path, o, undefined, () => readCsv(path, o));

describe('the parsed-input cache', () => {
  it('stores a parse and gives it back whole', async () => {
    const r = await readCsv(FIXTURE);
    expect(r.rows.length).toBeGreaterThan(0);
    expect(decodeCache(encodeCache(r))).toEqual(r);
  });

  it('is read on the second run: a stored result is what comes back, not a new parse', async () => {
    const dir = tmp();
    const first = await readCsvCached(FIXTURE, {}, dir);
    expect(first).toEqual(await readCsv(FIXTURE));
    const [file] = cacheFiles(dir);
    expect(file).toBeDefined();
    // Plant a different (well-formed) result under the same key: the next run must return it.
    const planted = { ...first, rows: first.rows.slice(0, 1), accepted: 1 };
    writeFileSync(join(dir, file), encodeCache(planted));
    expect(await readCsvCached(FIXTURE, {}, dir)).toEqual(planted);
  });

  it('keys on the options: another selection is another entry', async () => {
    const dir = tmp();
    await readCsvCached(FIXTURE, {}, dir);
    const some = await readCsvCached(FIXTURE, { selection: { countries: ['IR'] } }, dir);
    expect(some).toEqual(await readCsv(FIXTURE, { selection: { countries: ['IR'] } }));
    expect(cacheFiles(dir)).toHaveLength(2);
  });

  it('ignores a damaged cache and writes it again', async () => {
    const dir = tmp();
    const first = await readCsvCached(FIXTURE, {}, dir);
    const path = join(dir, cacheFiles(dir)[0]);
    const bytes = readFileSync(path);
    for (const damaged of [bytes.subarray(0, bytes.length - 40), Buffer.concat([bytes, Buffer.from('x')])]) {
      writeFileSync(path, damaged);
      expect(decodeCache(damaged)).toBeUndefined();
      expect(await readCsvCached(FIXTURE, {}, dir)).toEqual(first);
      expect(readFileSync(path).equals(bytes)).toBe(true);
    }
    const flipped = Buffer.from(bytes);
    flipped[100] ^= 1;
    expect(decodeCache(flipped)).toBeUndefined();
  });

  it('takes concurrent runs: each gets the parse, one entry is left and no temporary file', async () => {
    const dir = tmp();
    const all = await Promise.all([1, 2, 3, 4].map(() => readCsvCached(FIXTURE, {}, dir)));
    for (const r of all) expect(r).toEqual(all[0]);
    expect(readdirSync(dir)).toEqual(cacheFiles(dir));
    expect(cacheFiles(dir)).toHaveLength(1);
  });

  it('serves readInput, except with a rejects file; lives in XDG_CACHE_HOME or ~/.cache', async () => {
    const dir = tmp();
    const opts = {
      inputs: [FIXTURE],
      seed: 42,
      strict: false,
      binSeconds: 300,
      selection: {},
      cacheDir: dir,
    };
    const first = await readInput(opts);
    expect(cacheFiles(dir)).toHaveLength(1);
    expect(await readInput(opts)).toEqual(first);
    const other = tmp();
    await readInput({ ...opts, cacheDir: other, rejects: join(other, 'rejects.csv') });
    expect(cacheFiles(other)).toHaveLength(0);
    expect(inputCacheDir({ XDG_CACHE_HOME: '/x' })).toBe(join('/x', 'portglow'));
    expect(inputCacheDir({})).toMatch(/\.cache[/\\]portglow$/);
    expect(inputCacheDir({ PORTGLOW_INPUT_CACHE: 'off' })).toBeNull();
    expect(cachePath('/c', 'a', { x: 1 })).not.toBe(cachePath('/c', 'a', { x: 2 }));
  });
});

describeRealData('the parsed-input cache on the real data', () => {
  it('gives back the parse of the real day byte for byte', async () => {
    const r = await readCsv(MARX, { selection: { from: 1374624000, to: 1374710400 } });
    expect(decodeCache(encodeCache(r))).toEqual(r);
  }, 60_000);
});
