import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Font } from 'opentype.js';
import { boundarySegments, glyphSdf } from './sdf.js';
import { flattenPath } from './outline.js';
import { atlasCacheDir, atlasCachePath, readAtlasCache, writeAtlasCache } from './atlas-cache.js';

export interface AtlasGlyph {
  /** Rectangle in the atlas, texels, including the SDF padding (spread) on every side. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** Offset of the rectangle's top-left corner from the pen position (on the baseline), in 1/64 texel; y grows DOWN (so top is usually negative). */
  left: number;
  top: number;
  /** Pen advance in 1/64 texel. */
  advance: number;
}

export interface FontAtlas {
  /** Texels; width a multiple of 4. */
  width: number;
  height: number;
  /** Signed distance field, row-major, one byte per texel: 128 on the outline, +127/spread per texel inside, -127/spread per texel outside, clamped to 0..255. */
  sdf: Uint8Array;
  /** Texels. */
  spread: number;
  /** The em size the atlas was made at, in texels. */
  emTexels: number;
  /** 1/64 texel, descent positive (below baseline). */
  ascent: number;
  descent: number;
  lineHeight: number;
  /** By character; includes ASCII 32..126 and the rest of ATLAS_CHARS. */
  glyphs: Map<string, AtlasGlyph>;
  /** The fallback for characters not in the atlas ('?'). */
  missing: AtlasGlyph;
}

/**
 * The characters in every atlas, in code point order: printable ASCII, then → · – × and a few more
 * that labels are likely to want (… —). Texel (i, j) of a glyph's rectangle holds the field at its
 * centre, i.e. at (left/64 + i + 0.5, top/64 + j + 0.5) texels from the pen. Glyphs without ink
 * (space) have w = h = 0. Rectangles are 1 texel apart; the texels between them are 0.
 */
export const ATLAS_CHARS: readonly string[] = [
  ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)),
  // Latin-1 letters, for country and host names (Türkiye, Côte d'Ivoire, Curaçao, Réunion…); × is one.
  ...Array.from({ length: 64 }, (_, i) => String.fromCharCode(0xc0 + i)),
  '°', // U+00B0
  '·', // U+00B7
  '–', // U+2013
  '—', // U+2014
  '…', // U+2026
  '→', // U+2192
].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);

const FONT_FILES = { regular: 'DejaVuSansCondensed.ttf', bold: 'DejaVuSansCondensed-Bold.ttf' } as const;
const ATLAS_WIDTH = 512;
const GAP = 1;

const fontFiles = new Map<string, Buffer>();
const fonts = new Map<string, Font>();
const atlases = new Map<string, FontAtlas>();

function fontBytes(bold: boolean): Buffer {
  const file = bold ? FONT_FILES.bold : FONT_FILES.regular;
  let buf = fontFiles.get(file);
  if (!buf) {
    const pkg = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json');
    buf = readFileSync(join(dirname(pkg), 'ttf', file));
    fontFiles.set(file, buf);
  }
  return buf;
}

function loadFont(bold: boolean): Font {
  const file = bold ? FONT_FILES.bold : FONT_FILES.regular;
  let font = fonts.get(file);
  if (!font) {
    const buf = fontBytes(bold);
    // Required here, not at start: a render whose atlas is in the cache never parses the font. (Its
    // UMD build, under Node's require, has `parse` on the module itself.)
    const opentype = createRequire(import.meta.url)('opentype.js') as typeof import('opentype.js');
    // lowMemory parses glyphs on demand: ~20 ms instead of ~100 ms for DejaVu's 6000 glyphs.
    font = opentype.parse(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer, {
      lowMemory: true,
    });
    fonts.set(file, font);
  }
  return font;
}

function checkInt(name: string, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max)
    throw new RangeError(`buildAtlas: ${name} must be an integer in ${min}..${max}, got ${v}`);
}

/**
 * The SDF atlas of DejaVu Sans Condensed (or its Bold) at `emTexels` texels per em (default 32) with a
 * field reaching `spread` texels (default 4) either side of the outline. Cached per options: the same
 * object is returned each time, and must not be modified. Also kept on disk between runs
 * (atlas-cache.ts) in `cacheDir` (default: the user's cache folder; null: not on disk).
 */
export function buildAtlas(
  opts: { bold?: boolean; emTexels?: number; spread?: number; cacheDir?: string | null } = {},
): FontAtlas {
  const bold = opts.bold ?? false;
  const emTexels = opts.emTexels ?? 32;
  const spread = opts.spread ?? 4;
  checkInt('emTexels', emTexels, 8, 256);
  checkInt('spread', spread, 1, 32);
  const key = `${bold ? 'bold' : 'regular'}/${emTexels}/${spread}`;
  let atlas = atlases.get(key);
  if (!atlas) {
    atlas = cachedAtlas(
      bold,
      emTexels,
      spread,
      opts.cacheDir === undefined ? atlasCacheDir() : opts.cacheDir,
    );
    atlases.set(key, atlas);
  }
  return atlas;
}

/** The atlas from the disk cache in `dir`, else built (and stored there). */
export function cachedAtlas(bold: boolean, emTexels: number, spread: number, dir: string | null): FontAtlas {
  if (!dir) return buildAtlasUncached(bold, emTexels, spread);
  const inputs = { bold, emTexels, spread, ATLAS_CHARS, ATLAS_WIDTH, GAP };
  const builders = [buildAtlasUncached, boundarySegments, flattenPath, glyphSdf];
  const path = atlasCachePath(dir, fontBytes(bold), inputs, builders);
  const hit = readAtlasCache(path);
  if (hit) return hit;
  const atlas = buildAtlasUncached(bold, emTexels, spread);
  writeAtlasCache(path, dir, atlas);
  return atlas;
}

/** buildAtlas without the cache (only the parsed font is reused); for tests and timing. */
export function buildAtlasUncached(bold: boolean, emTexels: number, spread: number): FontAtlas {
  const font = loadFont(bold);
  const scale = emTexels / font.unitsPerEm;
  const to64 = (fontUnits: number): number => Math.round(fontUnits * scale * 64);

  interface Pending {
    ch: string;
    glyph: AtlasGlyph;
    field: Uint8Array;
  }
  const pending: Pending[] = [];
  for (const ch of ATLAS_CHARS) {
    const g = font.charToGlyph(ch);
    if (g.index === 0) throw new Error(`buildAtlas: the font has no glyph for ${JSON.stringify(ch)}`);
    const outline = boundarySegments(flattenPath(g.path.commands, scale));
    const glyph: AtlasGlyph = { x: 0, y: 0, w: 0, h: 0, left: 0, top: 0, advance: to64(g.advanceWidth ?? 0) };
    let field: Uint8Array = new Uint8Array(0);
    if (outline.count > 0) {
      const ox = Math.floor(outline.minX) - spread;
      const oy = Math.floor(outline.minY) - spread;
      glyph.w = Math.ceil(outline.maxX) + spread - ox;
      glyph.h = Math.ceil(outline.maxY) + spread - oy;
      glyph.left = ox * 64;
      glyph.top = oy * 64;
      field = glyphSdf(outline, ox, oy, glyph.w, glyph.h, spread);
    }
    pending.push({ ch, glyph, field });
  }

  // Shelf packing in code point order.
  const width = ATLAS_WIDTH;
  let penX = 0;
  let shelfY = 0;
  let shelfH = 0;
  for (const { glyph } of pending) {
    if (glyph.w === 0) continue;
    if (glyph.w > width) throw new Error('buildAtlas: glyph wider than the atlas; lower emTexels');
    if (penX + glyph.w > width) {
      shelfY += shelfH + GAP;
      penX = 0;
      shelfH = 0;
    }
    glyph.x = penX;
    glyph.y = shelfY;
    penX += glyph.w + GAP;
    shelfH = Math.max(shelfH, glyph.h);
  }
  const height = shelfY + shelfH;
  const sdf = new Uint8Array(width * height);
  for (const { glyph, field } of pending) {
    for (let j = 0; j < glyph.h; j++)
      sdf.set(field.subarray(j * glyph.w, (j + 1) * glyph.w), (glyph.y + j) * width + glyph.x);
  }

  const glyphs = new Map(pending.map((p) => [p.ch, p.glyph]));
  const lineGap = font.tables.hhea?.lineGap ?? 0;
  return {
    width,
    height,
    sdf,
    spread,
    emTexels,
    ascent: to64(font.ascender),
    descent: to64(-font.descender),
    lineHeight: to64(font.ascender - font.descender + lineGap),
    glyphs,
    missing: glyphs.get('?')!,
  };
}

/** SHA-256 (hex) over a canonical serialisation: the header, every glyph in code point order, the field. */
export function atlasDigest(a: FontAtlas): string {
  const entries = [...a.glyphs].sort((p, q) => p[0].codePointAt(0)! - q[0].codePointAt(0)!);
  const missingCp = entries.find(([, g]) => g === a.missing)?.[0].codePointAt(0) ?? -1;
  const head = [a.width, a.height, a.spread, a.emTexels, a.ascent, a.descent, a.lineHeight, missingCp];
  const ints = new Int32Array(head.length + 1 + entries.length * 8);
  ints.set(head);
  ints[head.length] = entries.length;
  let o = head.length + 1;
  for (const [ch, g] of entries) {
    ints.set([ch.codePointAt(0)!, g.x, g.y, g.w, g.h, g.left, g.top, g.advance], o);
    o += 8;
  }
  const bytes = new Uint8Array(ints.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < ints.length; i++) view.setInt32(i * 4, ints[i], true);
  return createHash('sha256').update(bytes).update(a.sdf).digest('hex');
}

/** The atlas packed 4 texels per u32 (little-endian: texel x at byte x%4), for a GPU buffer. */
export function atlasWords(a: FontAtlas): Uint32Array {
  const n = a.sdf.length >>> 2;
  const words = new Uint32Array(n);
  const s = a.sdf;
  for (let i = 0; i < n; i++)
    words[i] = (s[4 * i] | (s[4 * i + 1] << 8) | (s[4 * i + 2] << 16) | (s[4 * i + 3] << 24)) >>> 0;
  return words;
}
