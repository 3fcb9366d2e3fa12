import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TILE } from '../../src/gpu/abi.js';
import type { FramePatch } from '../../src/gpu/frame-renderer.js';
import { FrameAssembler } from '../../src/render/frame-assembler.js';
import { FrameRing } from '../../src/render/frame-ring.js';
import { BandPool } from '../../src/render/band-assembly.js';

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

// Three band workers on a frame of three tile rows: each worker has one, and one has the cut edge.
const bands = new BandPool(3);
afterAll(() => bands.close());

describe.each([
  { on: 'this thread', pool: undefined },
  { on: 'band workers', pool: bands },
])('FrameRing, copies on $on', ({ pool }) => {
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
          const ring = new FrameRing(w, h, slots, wholeAbove, pool);
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

  it('takes a whole frame drawn in its slot, then patches on top of it (slots reused)', async () => {
    const drawn = Buffer.alloc(w * h * 4);
    for (let i = 0; i < drawn.length; i++) drawn[i] = (i * 13 + 5) & 255;
    // The same frame as a patch of every tile, for the whole-frame assembler.
    const asPatch = patch(0, all, 0);
    const tilesX = Math.ceil(w / TILE);
    for (const t of all)
      for (let y = 0; y < TILE; y++)
        for (let x = 0; x < TILE; x++) {
          const [fx, fy] = [(t % tilesX) * TILE + x, Math.floor(t / tilesX) * TILE + y];
          if (fx >= w || fy >= h) continue;
          drawn.copy(
            asPatch.pixels,
            ((t * TILE + y) * TILE + x) * 4,
            (fy * w + fx) * 4,
            (fy * w + fx + 1) * 4,
          );
        }
    const asm = new FrameAssembler(w, h);
    const ring = new FrameRing(w, h, 2, undefined, pool);
    // A frame from a patch first, so that the slots the patches after the drawn frame fill hold another picture.
    await ring.apply(patch(0, all, 9));
    expect(Buffer.compare(asm.apply(asPatch), drawn)).toBe(0);
    const whole = await ring.whole((into) => drawn.copy(into));
    expect(Buffer.compare(whole.bytes, drawn)).toBe(0);
    for (const p of [
      patch(2, [0, 3], 2),
      patch(3, [1], 3),
      patch(4, [], 4),
      patch(5, [2, tileCount - 1], 5),
    ]) {
      const want = asm.apply(p);
      expect(Buffer.compare((await ring.apply(p)).bytes, want), `frame ${p.frame}`).toBe(0);
    }
  });

  it('refuses a first patch without every tile', async () => {
    await expect(new FrameRing(w, h, 4, undefined, pool).apply(patch(0, [0], 1))).rejects.toThrow(
      /must hold all/,
    );
  });

  it('waits for a held slot before writing over it', async () => {
    const ring = new FrameRing(w, h, 2, undefined, pool);
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
