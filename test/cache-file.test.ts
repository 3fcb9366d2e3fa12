import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openCacheFile, sealCacheFile } from '../src/cache-file.js';

const MAGIC = 'portglow-test-cache 1\n';
const sealed = () => sealCacheFile(Buffer.from(MAGIC + '{"n":3}'), [Buffer.from([1, 2]), Buffer.from([3])]);

describe('cache file envelope', () => {
  it('gives back the header after the magic line and the payload', () => {
    const file = openCacheFile(sealed(), MAGIC);
    expect(file?.head).toBe('{"n":3}');
    expect([...(file?.payload ?? [])]).toEqual([1, 2, 3]);
  });

  it('reads a file with any byte changed, cut short, or of another kind as no file', () => {
    const good = sealed();
    for (let i = 0; i < good.length; i++) {
      const bad = Buffer.from(good);
      bad[i] ^= 0x40;
      expect(openCacheFile(bad, MAGIC)).toBeUndefined();
    }
    expect(openCacheFile(good.subarray(0, good.length - 1), MAGIC)).toBeUndefined();
    expect(openCacheFile(Buffer.alloc(10), MAGIC)).toBeUndefined();
    expect(openCacheFile(good, 'portglow-other-cache 1\n')).toBeUndefined();
  });

  it('refuses a header length that runs past the file, even with a matching checksum', () => {
    const body = Buffer.concat([Buffer.alloc(4), Buffer.from(MAGIC + '{}')]);
    body.writeUInt32LE(1000, 0);
    const bytes = Buffer.concat([body, createHash('sha256').update(body).digest()]);
    expect(openCacheFile(bytes, MAGIC)).toBeUndefined();
  });
});
