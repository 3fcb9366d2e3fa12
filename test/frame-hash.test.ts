import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { frameDigest, isDigest } from '../src/frame-hash.js';

describe('frameDigest', () => {
  it('computes XXH3-128 by default (the reference value of empty input) and SHA-256 when asked', async () => {
    // XXH3_128bits of zero bytes, seed 0 (xxHash's published test value).
    expect(await frameDigest(new Uint8Array(0))).toBe('99aa06d3014798d86001c324468d497f');
    const bytes = Buffer.from('portglow');
    expect(await frameDigest(bytes, 'sha256')).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('tells digests of each algorithm apart by length', async () => {
    const d = await frameDigest(Buffer.alloc(100, 1));
    expect(isDigest(d, 'xxh3-128')).toBe(true);
    expect(isDigest(d, 'sha256')).toBe(false);
    expect(isDigest('Z'.repeat(32), 'xxh3-128')).toBe(false);
  });
});
