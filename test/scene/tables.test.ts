import { describe, expect, it } from 'vitest';
import { arcTable, decayTable, easeTable } from '../../src/scene/tables.js';

/**
 * The motion and decay tables against their definitions (README, design; src/scene/tables.ts), computed
 * here in floating point and allowed the integer tables' rounding (t itself is whole 1/4096ths, so a
few units of 4096): ease is smoothstep 3t² − 2t³ along
 * the path, arc is 4t(1 − t) across it, t = age / (travel − 1), both in 1/4096; decay is the glow left
 * k frames after a hit, 256 at the hit, falling quadratically, 256·(1 − k/decay)², to nothing after
 * `decay` frames.
 */
const smoothstep = (t: number) => t * t * (3 - 2 * t);
const TRAVELS = [2, 3, 12, 13, 30, 61];
/** Rounding allowed, in 1/4096: t is floored to 1/4096 (up to 4 units here), then the value. */
const TOL = 5;

describe('ease table (smoothstep progress along the path)', () => {
  it.each(TRAVELS)('travel %i: 0 at the start, 4096 on arrival, smoothstep between', (travel) => {
    const ease = easeTable(travel);
    expect(ease).toHaveLength(travel);
    expect(ease[0]).toBe(0);
    expect(ease[travel - 1]).toBe(4096);
    ease.forEach((v, a) =>
      expect(Math.abs(v - 4096 * smoothstep(a / (travel - 1))), `age ${a}`).toBeLessThanOrEqual(TOL),
    );
  });

  it('rises monotonically, slowly at both ends (not linear): a quarter of the way in time is 5/32 of the path', () => {
    const ease = easeTable(13);
    for (let a = 1; a < ease.length; a++) expect(ease[a]).toBeGreaterThan(ease[a - 1]);
    expect(Math.abs(ease[3] - 640)).toBeLessThanOrEqual(TOL); // 4096 · smoothstep(1/4) = 640; linear would be 1024
    expect(Math.abs(ease[6] - 2048)).toBeLessThanOrEqual(TOL);
    expect(Math.abs(ease[9] - 3456)).toBeLessThanOrEqual(TOL);
    // Symmetric: as far from the start at age a as from the end at age travel-1-a.
    for (let a = 0; a < 13; a++) expect(Math.abs(ease[a] + ease[12 - a] - 4096)).toBeLessThanOrEqual(TOL);
  });

  it('a one-frame flight lands at once', () => expect(easeTable(1)).toEqual([4096]));
});

describe('arc table (height of the path, 4t(1 − t))', () => {
  it.each(TRAVELS)('travel %i: 0 at both ends, 4t(1−t) between', (travel) => {
    const arc = arcTable(travel);
    expect(arc).toHaveLength(travel);
    expect(arc[0]).toBe(0);
    expect(arc[travel - 1]).toBe(0);
    arc.forEach((v, a) => {
      const t = a / (travel - 1);
      expect(Math.abs(v - 4096 * 4 * t * (1 - t)), `age ${a}`).toBeLessThanOrEqual(TOL);
    });
  });

  it('peaks half-way at 4096, rising then falling', () => {
    const arc = arcTable(13);
    expect(arc[6]).toBe(4096);
    for (let a = 1; a <= 6; a++) expect(arc[a]).toBeGreaterThan(arc[a - 1]);
    for (let a = 7; a < 13; a++) expect(arc[a]).toBeLessThan(arc[a - 1]);
    expect(arc[3]).toBe(3072); // 4 · 1/4 · 3/4
  });
});

describe('decay table (glow left k frames after a hit)', () => {
  it.each([1, 2, 8, 16, 24, 100])(
    'decay %i: 256 at the hit, 256(1 − k/decay)² after, one entry a frame',
    (decay) => {
      const d = decayTable(decay);
      expect(d).toHaveLength(decay); // frames at or after `decay` have no entry: the glow is over
      expect(d[0]).toBe(256); // the peak is at the hit
      d.forEach((v, k) => expect(Math.abs(v - 256 * (1 - k / decay) ** 2), `k ${k}`).toBeLessThanOrEqual(1));
    },
  );

  it('falls monotonically and quadratically (not linearly): half-way it is a quarter of the peak', () => {
    const d = decayTable(24);
    for (let k = 1; k < 24; k++) expect(d[k]).toBeLessThanOrEqual(d[k - 1]);
    expect(d[12]).toBe(64); // linear would be 128
    expect(d[6]).toBe(144); // 256 · (3/4)²
    expect(d[23]).toBe(0); // nothing left on the last frame: 256 / 24² < 1
    expect(d.filter((v) => v > 0)).toHaveLength(23);
  });
});
