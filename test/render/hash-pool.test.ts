import { describe, expect, it } from 'vitest';
import { frameDigest } from '../../src/frame-hash.js';
import { HashPool } from '../../src/render/hash-pool.js';

describe('HashPool', () => {
  it('hashes frames in shared memory on worker threads to the same digest as the main thread', async () => {
    const pool = new HashPool(2);
    try {
      const frames = [1, 2, 3].map((k) => {
        const b = Buffer.from(new SharedArrayBuffer(64 * 1024 + k));
        for (let i = 0; i < b.length; i++) b[i] = (i * k) & 255;
        return b;
      });
      const got = await Promise.all(frames.map((b) => pool.digest(b)));
      expect(got).toEqual(await Promise.all(frames.map((b) => frameDigest(b))));
      expect(new Set(got).size).toBe(3);
      // Bytes not in shared memory are hashed on this thread.
      expect(await pool.digest(Buffer.from(frames[0]))).toBe(got[0]);
    } finally {
      await pool.close();
    }
  });
});
