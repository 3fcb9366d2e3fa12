import { describe, expect, it } from 'vitest';
import { buildAtlas } from '../../src/text/font-atlas.js';
import { floorDiv, layoutText, texelScale } from '../../src/text/layout-text.js';

const atlas = buildAtlas();
const conv = (v: number, size: number): number => Math.floor((v * size) / (64 * atlas.emTexels));

describe('layoutText', () => {
  it('places glyphs at their summed advances, left to right', () => {
    const text = 'Hello 443 → ·–× WORLD';
    for (const size of [16 * 9, 16 * 12, 16 * 24, 16 * 60, 16 * 13 + 5]) {
      const lay = layoutText(atlas, text, size);
      const chars = [...text];
      expect(lay.glyphs.length).toBe(chars.filter((c) => c !== ' ').length);
      let pen = 0;
      let k = 0;
      for (const ch of chars) {
        const g = atlas.glyphs.get(ch)!;
        if (ch !== ' ') {
          expect(lay.glyphs[k].glyph).toBe(g);
          expect(lay.glyphs[k].x).toBe(conv(pen + g.left, size));
          expect(lay.glyphs[k].y).toBe(conv(g.top, size));
          k++;
        }
        pen += g.advance;
      }
      expect(lay.width).toBe(conv(pen, size));
      for (let i = 1; i < lay.glyphs.length; i++)
        expect(lay.glyphs[i].x).toBeGreaterThan(lay.glyphs[i - 1].x);
      expect(lay.ascent).toBe(conv(atlas.ascent, size));
      expect(lay.descent).toBe(conv(atlas.descent, size));
      for (const p of lay.glyphs) {
        expect(Number.isInteger(p.x) && Number.isInteger(p.y)).toBe(true);
        expect(p.y).toBeLessThan(0); // every rectangle here starts above the baseline
      }
    }
  });

  it('scales the width linearly with the size, within 1/16 px', () => {
    const text = 'portglow: 22/tcp ssh × 1234 → 10.0.0.1';
    const unit = layoutText(atlas, text, 16 * 10).width;
    for (const k of [2, 3, 4, 6]) {
      expect(Math.abs(layoutText(atlas, text, 16 * 10 * k).width - k * unit)).toBeLessThanOrEqual(k - 1);
    }
    const w24 = layoutText(atlas, text, 16 * 24).width;
    const w48 = layoutText(atlas, text, 16 * 48).width;
    expect(Math.abs(w48 - 2 * w24)).toBeLessThanOrEqual(1);
  });

  it('handles spaces, missing characters and the empty string', () => {
    expect(layoutText(atlas, '', 384)).toEqual({
      glyphs: [],
      width: 0,
      ascent: conv(atlas.ascent, 384),
      descent: conv(atlas.descent, 384),
    });
    const spaces = layoutText(atlas, '   ', 384);
    expect(spaces.glyphs).toEqual([]);
    expect(spaces.width).toBe(conv(3 * atlas.glyphs.get(' ')!.advance, 384));
    const odd = layoutText(atlas, 'a€\u{1F600}b', 384);
    expect(odd.glyphs.map((p) => p.glyph)).toEqual([
      atlas.glyphs.get('a'),
      atlas.missing,
      atlas.missing,
      atlas.glyphs.get('b'),
    ]);
    expect(() => layoutText(atlas, 'x', 12.5)).toThrow(RangeError);
    expect(() => layoutText(atlas, 'x', 0)).toThrow(RangeError);
  });
});

describe('texelScale', () => {
  it('is output pixels per texel in 1/256, rounded', () => {
    // emTexels 32: 32 px text is one pixel per texel.
    expect(texelScale(atlas, 16 * 32)).toBe(256);
    expect(texelScale(atlas, 16 * 9)).toBe(72);
    expect(texelScale(atlas, 16 * 12)).toBe(96);
    expect(texelScale(atlas, 16 * 24)).toBe(192);
    expect(texelScale(atlas, 16 * 60)).toBe(480);
    expect(texelScale(atlas, 1)).toBe(1); // 0.5 rounds up
    expect(texelScale(atlas, 3)).toBe(2); // 1.5 rounds up
    expect(texelScale(atlas, 5)).toBe(3); // 2.5 rounds up
    const big = buildAtlas({ emTexels: 48, spread: 6 });
    expect(texelScale(big, 16 * 24)).toBe(128);
    expect(texelScale(big, 16 * 10)).toBe(53); // 53.33
  });
});

describe('floorDiv', () => {
  it('floors exactly, negatives included', () => {
    expect(floorDiv(7, 2)).toBe(3);
    expect(floorDiv(-7, 2)).toBe(-4);
    expect(floorDiv(-8, 2)).toBe(-4);
    expect(floorDiv(0, 5)).toBe(0);
    expect(floorDiv(2 ** 52 + 1, 3)).toBe(Number((2n ** 52n + 1n) / 3n));
    expect(floorDiv(-(2 ** 52) - 1, 3)).toBe(Number((-(2n ** 52n) - 1n - 2n) / 3n));
  });
});
