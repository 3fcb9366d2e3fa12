import { describe, expect, it } from 'vitest';
import { quadAtlas } from '../../src/gpu/quad-atlas.js';

/** An atlas of width × height texels with texel (x, y) = (7x + 13y + 1) mod 256, 4 texels a word. */
function atlas(width: number, height: number): Uint32Array {
  const bytes = new Uint8Array(Math.ceil((width * height) / 4) * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) bytes[y * width + x] = (7 * x + 13 * y + 1) & 255;
  return new Uint32Array(bytes.buffer);
}

// Texels past the last whole row (the last word's padding) are 0, as in the atlas.
const texel = (width: number, height: number, x: number, y: number) =>
  x < 0 || y < 0 || x >= width || y >= height ? 0 : (7 * x + 13 * y + 1) & 255;

describe('quadAtlas', () => {
  it.each([
    [5, 3],
    [8, 4],
    [3, 7],
  ])('holds the 2×2 texels from every position (-1, -1) … (w-1, h-1) of a %i×%i atlas, 0 outside', (w, h) => {
    const words = atlas(w, h);
    const q = quadAtlas(words, w);
    const rows = Math.floor((words.length * 4) / w); // h, plus a row of padding where the words run on
    expect(q.length).toBe((w + 1) * (rows + 1));
    for (let y = -1; y < rows; y++) {
      for (let x = -1; x < w; x++) {
        const word = q[(y + 1) * (w + 1) + (x + 1)];
        expect([word & 255, (word >>> 8) & 255, (word >>> 16) & 255, word >>> 24]).toEqual([
          texel(w, h, x, y),
          texel(w, h, x + 1, y),
          texel(w, h, x, y + 1),
          texel(w, h, x + 1, y + 1),
        ]);
      }
    }
  });

  it('gives a buffer the GPU accepts for a scene without text', () => {
    expect(quadAtlas(new Uint32Array(0), 0).length).toBe(4);
  });
});
