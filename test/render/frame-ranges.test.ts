import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { missingRuns, shardRange } from '../../src/render/frame-ranges.js';

/**
 * Shards (docs/kubernetes.md): contiguous, balanced ranges of whole GOPs, so that each shard's video
 * starts on a keyframe where a single render has one; N is useful up to frames ÷ GOP.
 */
describe('shardRange', () => {
  it('a default synthetic day (288 frames, GOP 30 = 10 GOPs) in 4 shards: 2, 3, 2, 3 GOPs', () => {
    expect([0, 1, 2, 3].map((k) => shardRange(0, 287, k, 4, 30))).toEqual([
      [0, 59],
      [60, 149],
      [150, 209],
      [210, 287],
    ]);
  });

  it('more shards than GOPs: some get no frames', () => {
    const shards = Array.from({ length: 12 }, (_, k) => shardRange(0, 287, k, 12, 30));
    expect(shards.filter((s) => s === null)).toHaveLength(2);
    expect(shards.filter((s) => s !== null)).toHaveLength(10);
  });

  it('one shard is the whole range; a range inside the render starts GOPs at its own first frame', () => {
    expect(shardRange(0, 287, 0, 1, 30)).toEqual([0, 287]);
    expect(shardRange(100, 199, 1, 2, 30)).toEqual([160, 199]);
  });

  it('for any span, GOP and N: the shards tile the span in order, start on GOP boundaries, and are balanced', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 40 }),
        (from, length, gop, n) => {
          const to = from + length;
          const shards = Array.from({ length: n }, (_, k) => shardRange(from, to, k, n, gop));
          const ranges = shards.filter((s): s is [number, number] => s !== null);
          expect(ranges[0][0]).toBe(from);
          expect(ranges[ranges.length - 1][1]).toBe(to);
          for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBe(ranges[i - 1][1] + 1);
          for (const [a, b] of ranges) {
            expect((a - from) % gop).toBe(0);
            expect(b).toBeGreaterThanOrEqual(a);
          }
          const gops = ranges.map(([a, b]) => Math.ceil((b - a + 1) / gop));
          expect(Math.max(...gops) - Math.min(...gops)).toBeLessThanOrEqual(1);
          expect(ranges).toHaveLength(Math.min(n, Math.ceil((length + 1) / gop)));
        },
      ),
    );
  });
});

describe('missingRuns', () => {
  it('maximal runs of the frames not yet there, in order', () => {
    const have = new Set([0, 1, 5, 6, 9]);
    expect(missingRuns(0, 10, (f) => have.has(f))).toEqual([
      [2, 4],
      [7, 8],
      [10, 10],
    ]);
  });

  it('nothing there: one run; everything there: none', () => {
    expect(missingRuns(3, 7, () => false)).toEqual([[3, 7]]);
    expect(missingRuns(3, 7, () => true)).toEqual([]);
    expect(missingRuns(4, 4, () => false)).toEqual([[4, 4]]);
  });

  it('the runs and the frames there together are exactly [from, to], each frame once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 200 }),
        fc.array(fc.boolean(), { maxLength: 201 }),
        (from, n, bits) => {
          const to = from + n;
          const there = (f: number) => bits[f - from] ?? false;
          const runs = missingRuns(from, to, there);
          const covered = runs.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));
          const missing = Array.from({ length: n + 1 }, (_, i) => from + i).filter((f) => !there(f));
          expect(covered).toEqual(missing);
          // Maximal: two runs never touch.
          for (let i = 1; i < runs.length; i++) expect(runs[i][0]).toBeGreaterThan(runs[i - 1][1] + 1);
        },
      ),
    );
  });
});
