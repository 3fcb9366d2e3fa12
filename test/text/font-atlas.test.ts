import { describe, expect, it } from 'vitest';
import {
  ATLAS_CHARS,
  atlasDigest,
  atlasWords,
  buildAtlas,
  buildAtlasUncached,
  type AtlasGlyph,
  type FontAtlas,
} from '../../src/text/font-atlas.js';
import { flattenPath } from '../../src/text/outline.js';
import { boundarySegments, glyphSdf } from '../../src/text/sdf.js';
import { checkGoldenValue } from '../helpers/golden.js';

/** The field of glyph `ch` at texel (i, j) of its rectangle. */
function texel(a: FontAtlas, ch: string, i: number, j: number): number {
  const g = a.glyphs.get(ch)!;
  expect(i >= 0 && i < g.w && j >= 0 && j < g.h).toBe(true);
  return a.sdf[(g.y + j) * a.width + g.x + i];
}

/** The field at a point given in em fractions from the pen (x right, y up from the baseline). */
function atEm(a: FontAtlas, ch: string, xEm: number, yEm: number): number {
  const g = a.glyphs.get(ch)!;
  const i = Math.floor(xEm * a.emTexels - g.left / 64);
  const j = Math.floor(-yEm * a.emTexels - g.top / 64);
  return texel(a, ch, i, j);
}

/** The field along the vertical line through the middle of the glyph's rectangle, top to bottom. */
function midColumn(a: FontAtlas, ch: string): number[] {
  const g = a.glyphs.get(ch)!;
  const i = g.w >> 1;
  return Array.from({ length: g.h }, (_, j) => texel(a, ch, i, j));
}

/** Runs of inside (>= 128) texels along a line: how many separate pieces of ink it crosses. */
function inkRuns(line: number[]): number {
  let runs = 0;
  for (let k = 0; k < line.length; k++) if (line[k] >= 128 && (k === 0 || line[k - 1] < 128)) runs++;
  return runs;
}

describe('font atlas', () => {
  const regular = buildAtlas();
  const bold = buildAtlas({ bold: true });

  it('is deterministic: rebuilds are byte-identical and the digest matches the recorded one', () => {
    const again = buildAtlasUncached(false, 32, 4);
    expect(again.sdf).toEqual(regular.sdf);
    expect([...again.glyphs]).toEqual([...regular.glyphs]);
    expect(atlasDigest(again)).toBe(atlasDigest(regular));
    expect(buildAtlas()).toBe(regular); // cached

    const actual = {
      regular: { width: regular.width, height: regular.height, digest: atlasDigest(regular) },
      bold: { width: bold.width, height: bold.height, digest: atlasDigest(bold) },
    };
    const problems = checkGoldenValue(
      'atlas.json',
      'SHA-256 (atlasDigest) of buildAtlas() and buildAtlas({ bold: true }): emTexels 32, spread 4',
      actual,
    );
    expect(problems, `the font atlas changed:\n${problems.join('\n')}`).toEqual([]);
  });

  it('has the required characters, metrics and shape', () => {
    for (const a of [regular, bold]) {
      expect(a.width % 4).toBe(0);
      expect(a.sdf.length).toBe(a.width * a.height);
      expect(a.spread).toBe(4);
      expect(a.emTexels).toBe(32);
      for (let c = 32; c <= 126; c++) expect(a.glyphs.has(String.fromCharCode(c))).toBe(true);
      for (const ch of '→·–×') expect(a.glyphs.has(ch)).toBe(true);
      expect(a.glyphs.size).toBe(ATLAS_CHARS.length);
      expect(a.missing).toBe(a.glyphs.get('?'));
      // DejaVu: ascender 1901, descender 483, no line gap, 2048 units per em.
      expect(a.ascent).toBe(Math.round((1901 * 32 * 64) / 2048));
      expect(a.descent).toBe(Math.round((483 * 32 * 64) / 2048));
      expect(a.lineHeight).toBe(a.ascent + a.descent);
      const space = a.glyphs.get(' ')!;
      expect([space.w, space.h]).toEqual([0, 0]);
      expect(space.advance).toBeGreaterThan(0);
      for (const [ch, g] of a.glyphs) {
        expect(g.advance, ch).toBeGreaterThan(0);
        for (const v of [g.x, g.y, g.w, g.h, g.left, g.top, g.advance])
          expect(Number.isInteger(v)).toBe(true);
      }
    }
    // Bold is a different, wider font.
    expect(bold.glyphs.get('m')!.advance).toBeGreaterThan(regular.glyphs.get('m')!.advance);
  });

  it('keeps every rectangle inside the atlas, apart from the others, and padded by the spread', () => {
    for (const a of [regular, bold]) {
      const rects: [string, AtlasGlyph][] = [...a.glyphs].filter(([, g]) => g.w > 0);
      for (const [ch, g] of rects) {
        expect(g.x >= 0 && g.y >= 0 && g.x + g.w <= a.width && g.y + g.h <= a.height, ch).toBe(true);
        expect(Number.isInteger(g.left / 64) && Number.isInteger(g.top / 64), ch).toBe(true);
        // The outermost ring lies >= spread - 0.5 texels from the ink: well outside.
        let ring = 0;
        for (let i = 0; i < g.w; i++) ring = Math.max(ring, texel(a, ch, i, 0), texel(a, ch, i, g.h - 1));
        for (let j = 0; j < g.h; j++) ring = Math.max(ring, texel(a, ch, 0, j), texel(a, ch, g.w - 1, j));
        expect(ring, ch).toBeLessThan(20);
        // Some ink, reaching the full inside value only where strokes are wide.
        let max = 0;
        for (let j = 0; j < g.h; j++)
          for (let i = 0; i < g.w; i++) max = Math.max(max, a.sdf[(g.y + j) * a.width + g.x + i]);
        expect(max, ch).toBeGreaterThan(140);
      }
      for (let p = 0; p < rects.length; p++) {
        for (let q = p + 1; q < rects.length; q++) {
          const [, g] = rects[p];
          const [, h] = rects[q];
          const apart = g.x + g.w <= h.x || h.x + h.w <= g.x || g.y + g.h <= h.y || h.y + h.h <= g.y;
          expect(apart, `${rects[p][0]} overlaps ${rects[q][0]}`).toBe(true);
        }
      }
    }
  });

  it('is a distance field: neighbouring texels differ by at most 127/spread (+1 for rounding)', () => {
    for (const a of [regular, bold]) {
      const limit = Math.ceil(127 / a.spread) + 1;
      for (const [ch, g] of a.glyphs) {
        let worst = 0;
        for (let j = 0; j < g.h; j++) {
          for (let i = 0; i < g.w; i++) {
            const at = (g.y + j) * a.width + g.x + i;
            if (i + 1 < g.w) worst = Math.max(worst, Math.abs(a.sdf[at + 1] - a.sdf[at]));
            if (j + 1 < g.h) worst = Math.max(worst, Math.abs(a.sdf[at + a.width] - a.sdf[at]));
          }
        }
        expect(worst, ch).toBeLessThanOrEqual(limit);
      }
    }
  });

  it('puts ink and holes in the right places', () => {
    for (const a of [regular, bold]) {
      const g = (ch: string): AtlasGlyph => a.glyphs.get(ch)!;
      // The centre of 'o' and of '0' is a hole, well away from the outline.
      expect(texel(a, 'o', g('o').w >> 1, g('o').h >> 1)).toBeLessThan(64);
      expect(texel(a, '0', g('0').w >> 1, g('0').h >> 1)).toBeLessThan(64);
      // The stem of 'l' (DejaVu: x 193..377 of 2048) halfway up the x-height is ink.
      expect(atEm(a, 'l', 285 / 2048, 0.25)).toBeGreaterThan(150);
      // Vertical lines through the middle cross: 'o' 2 strokes, '0' 2, 'B' 3 (two holes), 'e' 3,
      // ':' 2 dots, '8' 3, 'H' 1 (the bar), '=' 2, '-' 1.
      const expected: Record<string, number> = {
        o: 2,
        '0': 2,
        B: 3,
        e: 3,
        ':': 2,
        '8': 3,
        H: 1,
        '=': 2,
        '-': 1,
      };
      for (const [ch, n] of Object.entries(expected)) expect(inkRuns(midColumn(a, ch)), ch).toBe(n);
      // 'i': the dot and the stem are separate pieces.
      const gi = g('i');
      const stemCol = Array.from({ length: gi.h }, (_, j) => texel(a, 'i', gi.w >> 1, j));
      expect(inkRuns(stemCol)).toBe(2);
      // Nothing but the outline is inside: far outside the glyph's box the field is 0.
      expect(texel(a, '.', 0, 0)).toBe(0);
    }
  });

  it('packs four texels per little-endian u32', () => {
    const w = atlasWords(regular);
    expect(w.length).toBe(regular.sdf.length / 4);
    const bytes = new Uint8Array(w.length * 4);
    const view = new DataView(bytes.buffer);
    w.forEach((word, k) => view.setUint32(4 * k, word, true));
    expect(bytes).toEqual(regular.sdf);
  });

  it('builds at other sizes', () => {
    const big = buildAtlas({ emTexels: 48, spread: 6 });
    expect(big.width % 4).toBe(0);
    expect(big.glyphs.get('M')!.h).toBeGreaterThan(regular.glyphs.get('M')!.h);
    expect(big.glyphs.get('o')!.advance).toBe(Math.round((1127 * 48 * 64) / 2048));
    expect(() => buildAtlas({ emTexels: 32.5 })).toThrow(RangeError);
  });
});

describe('glyph SDF', () => {
  it('ignores edges buried inside overlapping contours', () => {
    // Two overlapping 8×8 squares (x 0..8 and 4..12, y 0..8), both clockwise in font units.
    const square = (x0: number, x1: number) => [
      { type: 'M' as const, x: x0, y: 0 },
      { type: 'L' as const, x: x0, y: 8 },
      { type: 'L' as const, x: x1, y: 8 },
      { type: 'L' as const, x: x1, y: 0 },
      { type: 'Z' as const },
    ];
    const raw = flattenPath([...square(0, 8), ...square(4, 12)], 1);
    const o = boundarySegments(raw);
    expect(raw.count).toBe(8);
    expect(o.count).toBe(6); // the two inner verticals go
    // Texel centre (4.5, -3.5): 3.5 from the top/bottom outline, 0.5 from a buried edge.
    const field = glyphSdf(o, 4, -4, 1, 1, 4);
    expect(field[0]).toBe(Math.round(128 + (3.5 * 127) / 4));
    expect(glyphSdf(raw, 4, -4, 1, 1, 4)[0]).toBe(Math.round(128 + (0.5 * 127) / 4));
  });
});
