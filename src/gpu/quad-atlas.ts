/**
 * The font atlas as the raster reads it: one word per texel position holding the 2×2 texels a
 * bilinear sample needs (x, y), (x+1, y), (x, y+1), (x+1, y+1), a byte each in that order, so a glyph
 * sample is one load instead of four (loads are what SwiftShader pays most for). Positions start at
 * (-1, -1) so that a sample one texel before a glyph at the atlas's edge still has a word; texels
 * outside the atlas are 0. The raster still masks each byte by the glyph's own rectangle, exactly as
 * it did with single texels, so the pixels do not change.
 */
export function quadAtlas(words: Uint32Array, width: number): Uint32Array {
  if (width === 0 || words.length === 0) return new Uint32Array(4);
  const texels = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
  const height = Math.floor(texels.length / width);
  const qw = width + 1;
  const out = new Uint32Array(qw * (height + 1));
  const at = (x: number, y: number) =>
    x >= 0 && y >= 0 && x < width && y < height ? texels[y * width + x] : 0;
  for (let y = -1; y < height; y++) {
    for (let x = -1; x < width; x++) {
      out[(y + 1) * qw + (x + 1)] =
        (at(x, y) | (at(x + 1, y) << 8) | (at(x, y + 1) << 16) | (at(x + 1, y + 1) << 24)) >>> 0;
    }
  }
  return out;
}
