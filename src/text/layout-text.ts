import type { AtlasGlyph, FontAtlas } from './font-atlas.js';

export interface PlacedGlyph {
  glyph: AtlasGlyph;
  /** top-left of the glyph's atlas rectangle relative to the text origin (left end of the baseline), in 1/16 px */
  x: number;
  y: number;
}

export interface TextLayout {
  glyphs: PlacedGlyph[];
  /** 1/16 px: the summed advances. */
  width: number;
  /** 1/16 px: the font's ascent and descent (not the ink of this string), so that lines align. */
  ascent: number;
  descent: number;
}

/** floor(a / b) for integers (b > 0), exact while |a| < 2^53: the float quotient, corrected. */
export function floorDiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  if (q * b > a) q -= 1;
  else if ((q + 1) * b <= a) q += 1;
  return q;
}

function checkSize(sizePx16: number): void {
  if (!Number.isSafeInteger(sizePx16) || sizePx16 <= 0 || sizePx16 > 1 << 20)
    throw new RangeError(`text size must be a positive integer in 1/16 px, got ${sizePx16}`);
}

/**
 * Lays out one line at an em size of `sizePx16` (1/16 px); integer arithmetic only, deterministic.
 * No kerning. Characters missing from the atlas show its '?'; spaces advance but produce no glyph.
 * Every position is floor(v · sizePx16 / (64 · emTexels)) of its exact 1/64-texel value v.
 */
export function layoutText(atlas: FontAtlas, text: string, sizePx16: number): TextLayout {
  checkSize(sizePx16);
  const den = 64 * atlas.emTexels;
  const conv = (v: number): number => floorDiv(v * sizePx16, den);
  const glyphs: PlacedGlyph[] = [];
  let pen = 0;
  for (const ch of text) {
    const glyph = atlas.glyphs.get(ch) ?? atlas.missing;
    if (glyph.w > 0 && glyph.h > 0) glyphs.push({ glyph, x: conv(pen + glyph.left), y: conv(glyph.top) });
    pen += glyph.advance;
  }
  return { glyphs, width: conv(pen), ascent: conv(atlas.ascent), descent: conv(atlas.descent) };
}

/** The scale factor for the GPU: output pixels per atlas texel, in 1/256 (= round(sizePx16 * 256 / (16 * emTexels)) with integer math). */
export function texelScale(atlas: FontAtlas, sizePx16: number): number {
  checkSize(sizePx16);
  // sizePx16·256 / (16·emTexels) = sizePx16·16 / emTexels, rounded half up.
  return floorDiv(2 * 16 * sizePx16 + atlas.emTexels, 2 * atlas.emTexels);
}
