import { describe, expect, it } from 'vitest';
import { TILE } from '../../src/gpu/abi.js';
import { assembleBand, BandPool, bandThreads, type BandJob } from '../../src/render/band-assembly.js';

describe('bandThreads', () => {
  it('uses none below 8 cores, then one per 4 cores, at most 4', () => {
    expect([1, 2, 4, 7, 8, 12, 16, 64].map((c) => bandThreads(c))).toEqual([0, 0, 0, 0, 2, 3, 4, 4]);
  });
});

describe('assembleBand', () => {
  const [w, h] = [29, 43]; // 4 × 6 tiles, cut on both axes
  const tilesX = Math.ceil(w / TILE);
  const tilesY = Math.ceil(h / TILE);
  const fill = (n: number, k: number) => Uint8Array.from({ length: n }, (_, i) => (i * k + 3) & 255);

  it.each([
    { stale: 'runs', whole: false },
    { stale: 'the whole frame', whole: true },
  ])('gives in bands, in any order, what it gives in one call (stale copied as $stale)', ({ whole }) => {
    const tiles = Uint32Array.from([0, 5, 6, 11, tilesX * tilesY - 1]);
    const job = (to: Uint8Array): BandJob => ({
      width: w, height: h, tile: TILE, to, from: fill(w * h * 4, 7), whole,
      stale: Uint8Array.from({ length: tilesX * tilesY }, (_, t) => (t % 3 === 0 ? 1 : 0)),
      tiles, pixels: fill(tiles.length * TILE * TILE * 4, 11),
    }); // prettier-ignore
    const once = fill(w * h * 4, 5);
    assembleBand(job(once), 0, tilesY);
    const banded = fill(w * h * 4, 5);
    for (const [a, b] of [
      [4, 6],
      [0, 1],
      [2, 4],
      [1, 2],
    ])
      assembleBand(job(banded), a, b);
    expect(Buffer.compare(banded, once)).toBe(0);
    // And the call did change the frame: stale tiles and the patch were written.
    expect(Buffer.compare(once, fill(w * h * 4, 5))).not.toBe(0);
  });
});

describe('BandPool', () => {
  it('refuses a job outside shared memory, and fails every job after a worker fails', async () => {
    const pool = new BandPool(2);
    const sab = (n: number) => new Uint8Array(new SharedArrayBuffer(n));
    const job: BandJob = {
      width: 16, height: 16, tile: TILE, to: sab(16 * 16 * 4), from: sab(16 * 16 * 4), whole: true,
      stale: sab(4), tiles: new Uint32Array(new SharedArrayBuffer(4)), pixels: sab(TILE * TILE * 4),
    }; // prettier-ignore
    try {
      await pool.run(job);
      expect(() => pool.run({ ...job, tiles: new Uint32Array(1) })).toThrow(/shared memory/);
      // A slot too small for the second band (rows 8-15): that worker's copy throws, and the pool stays
      // broken, so the next job fails at once rather than waiting for the dead worker's band.
      await expect(pool.run({ ...job, to: sab(600) })).rejects.toThrow(RangeError);
      await expect(pool.run(job)).rejects.toThrow(RangeError);
    } finally {
      await pool.close();
    }
  }, 10_000); // a pool that waited for the dead worker would hang here
});
