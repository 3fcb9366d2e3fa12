import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TILE } from '../../src/gpu/abi.js';
import type { FramePatch } from '../../src/gpu/frame-renderer.js';
import { FrameAssembler } from '../../src/render/frame-assembler.js';
import { FrameRing } from '../../src/render/frame-ring.js';

/**
 * A patch of frame `frame` changing `tiles` (of a w×h frame) to bytes drawn from `seed`; its pixels
 * start `offset` bytes into their buffer (as they do in a message from the page), so that both the
 * word-by-word copy (offset a multiple of 4) and the byte copy are taken.
 */
function patch(frame: number, tiles: number[], seed: number, offset = 0): FramePatch {
  const pixels = new Uint8Array(offset + tiles.length * TILE * TILE * 4).subarray(offset);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (seed * 31 + i * 7 + frame) & 255;
  return { frame, tiles: Uint32Array.from(tiles), pixels };
}

describe('FrameRing', () => {
  const [w, h] = [37, 21]; // edge tiles cut on both axes
  const tileCount = Math.ceil(w / TILE) * Math.ceil(h / TILE);
  const all = [...Array(tileCount).keys()];

  it('gives the bytes the whole-frame assembler gives, frame after frame, with slots reused', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uniqueArray(fc.integer({ min: 0, max: tileCount - 1 }), { maxLength: tileCount }), {
          maxLength: 12,
        }),
        fc.integer({ min: 2, max: 4 }),
        // Stale tiles above which a slot is copied whole: always, never, or in between.
        fc.constantFrom(0, 3, Infinity),
        fc.integer({ min: 0, max: 5 }),
        async (changes, slots, wholeAbove, offset) => {
          const asm = new FrameAssembler(w, h);
          const ring = new FrameRing(w, h, slots, wholeAbove);
          const patches = [
            patch(0, all, 1, offset),
            ...changes.map((t, i) =>
              patch(
                i + 1,
                t.sort((a, b) => a - b),
                i + 2,
                offset,
              ),
            ),
          ];
          for (const p of patches) {
            const want = asm.apply(p);
            const got = await ring.apply(p);
            expect(Buffer.compare(got.bytes, want), `frame ${p.frame}`).toBe(0);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses a first patch without every tile', async () => {
    await expect(new FrameRing(w, h).apply(patch(0, [0], 1))).rejects.toThrow(/must hold all/);
  });

  it('waits for a held slot before writing over it', async () => {
    const ring = new FrameRing(w, h, 2);
    const first = await ring.apply(patch(0, all, 1));
    const before = Buffer.from(first.bytes);
    let release!: () => void;
    first.hold(new Promise<void>((r) => (release = r)));
    await ring.apply(patch(1, [0], 2));
    let third = false;
    const next = ring.apply(patch(2, [1], 3)).then((f) => ((third = true), f));
    await new Promise((r) => setTimeout(r, 20));
    expect(third).toBe(false);
    expect(Buffer.compare(first.bytes, before)).toBe(0);
    release();
    expect((await next).bytes).toBe(first.bytes);
  });
});
