// Minimal typings for the parts of opentype.js 2.0 that src/text uses (the package ships none).
declare module 'opentype.js' {
  export type PathCommand =
    | { type: 'M' | 'L'; x: number; y: number }
    | { type: 'Q'; x1: number; y1: number; x: number; y: number }
    | { type: 'C'; x1: number; y1: number; x2: number; y2: number; x: number; y: number }
    | { type: 'Z' };

  export interface Path {
    commands: PathCommand[];
  }

  export interface Glyph {
    /** 0 is .notdef: the font lacks the character. */
    index: number;
    /** Font units. */
    advanceWidth?: number;
    /** The outline in font units, y up, unhinted. */
    path: Path;
  }

  export interface Font {
    unitsPerEm: number;
    ascender: number;
    descender: number;
    tables: { hhea?: { lineGap?: number } };
    charToGlyph(char: string): Glyph;
  }

  export function parse(buffer: ArrayBuffer, options?: { lowMemory?: boolean }): Font;

  // Vite picks the ESM build (named exports only); Node picks the UMD build, whose namespace holds only
  // `default`. Hence both, optional; see font-atlas.ts.
  const api: { parse: typeof parse } | undefined;
  export default api;
}
