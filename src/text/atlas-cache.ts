/**
 * The font atlas on disk, so that a render does not rasterise the same 160 glyph fields (and parse
 * the font with opentype.js) on every start. One file per atlas in the user's cache folder
 * (src/cache-dir.ts), named by a SHA-256 over everything the atlas depends on: the font file's bytes,
 * the atlas options, the character set, this format, and the code that builds it (the running
 * module's text, which in the CLI is the whole bundle, and the builders' own text). Written to a
 * temporary file and renamed, so concurrent renders never read half a file; a file that fails its
 * checksum or its shape checks is ignored and written again. PORTGLOW_ATLAS_CACHE=off turns it off.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from '../cache-dir.js';
import { openCacheFile, sealCacheFile } from '../cache-file.js';
import type { AtlasGlyph, FontAtlas } from './font-atlas.js';

const MAGIC = 'portglow-atlas-cache 1\n';

/** The folder, or null when PORTGLOW_ATLAS_CACHE=off. */
export function atlasCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  return env.PORTGLOW_ATLAS_CACHE === 'off' ? null : cacheDir(env);
}

let ownText: Buffer | undefined;

/** The text of the module this code runs from (the CLI's bundle, or this file under vitest). */
function runningCode(): Buffer {
  if (!ownText) {
    try {
      ownText = readFileSync(fileURLToPath(import.meta.url));
    } catch {
      ownText = Buffer.alloc(0); // not a file (unusual loaders): the builders' text still keys it
    }
  }
  return ownText;
}

/**
 * The cache file of an atlas: `inputs` are the font's bytes and every option and constant the atlas
 * is made from; `builders` the functions that make it (their text is part of the key).
 */
export function atlasCachePath(
  dir: string,
  font: Uint8Array,
  inputs: unknown,
  builders: readonly ((...args: never[]) => unknown)[],
): string {
  const h = createHash('sha256').update(MAGIC).update(font).update(JSON.stringify(inputs));
  h.update(runningCode());
  for (const f of builders) h.update(f.toString());
  return join(dir, `atlas-${h.digest('hex')}.bin`);
}

type GlyphRow = [string, number, number, number, number, number, number, number];

/** MAGIC, a length, a JSON header (sizes, metrics, glyphs), the field, then the SHA-256 of all before. */
export function encodeAtlas(a: FontAtlas): Buffer {
  const glyphs: GlyphRow[] = [...a.glyphs].map(([ch, g]) => [
    ch,
    g.x,
    g.y,
    g.w,
    g.h,
    g.left,
    g.top,
    g.advance,
  ]);
  const missing = [...a.glyphs].find(([, g]) => g === a.missing)?.[0];
  const { width, height, spread, emTexels, ascent, descent, lineHeight } = a;
  const head = Buffer.from(
    MAGIC + JSON.stringify({ width, height, spread, emTexels, ascent, descent, lineHeight, missing, glyphs }),
  );
  return sealCacheFile(head, [Buffer.from(a.sdf.buffer, a.sdf.byteOffset, a.sdf.byteLength)]);
}

const isInt = (v: unknown): v is number => Number.isInteger(v);

/** The atlas stored in `bytes`, or undefined when they are not a whole, undamaged, well-formed one. */
export function decodeAtlas(bytes: Buffer): FontAtlas | undefined {
  const file = openCacheFile(bytes, MAGIC);
  if (!file) return undefined;
  try {
    const h = JSON.parse(file.head) as Omit<FontAtlas, 'sdf' | 'glyphs' | 'missing'> & {
      missing: string;
      glyphs: GlyphRow[];
    };
    const sdf = new Uint8Array(file.payload); // a copy: the atlas outlives the file's buffer
    const sizes = [h.width, h.height, h.spread, h.emTexels, h.ascent, h.descent, h.lineHeight];
    if (!sizes.every(isInt) || h.width % 4 !== 0 || sdf.length !== h.width * h.height) return undefined;
    const glyphs = new Map<string, AtlasGlyph>();
    for (const [ch, x, y, w, hh, left, top, advance] of h.glyphs) {
      if (typeof ch !== 'string' || ![x, y, w, hh, left, top, advance].every(isInt)) return undefined;
      if (x < 0 || y < 0 || w < 0 || hh < 0 || x + w > h.width || y + hh > h.height) return undefined;
      glyphs.set(ch, { x, y, w, h: hh, left, top, advance });
    }
    const missing = glyphs.get(h.missing);
    if (!missing) return undefined;
    const { width, height, spread, emTexels, ascent, descent, lineHeight } = h;
    return { width, height, sdf, spread, emTexels, ascent, descent, lineHeight, glyphs, missing };
  } catch {
    return undefined;
  }
}

/** The atlas in the cache file at `path`, or undefined when there is none or it is damaged. */
export function readAtlasCache(path: string): FontAtlas | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  return decodeAtlas(bytes);
}

/**
 * Stores the atlas; a failure (read-only home, full disk) only costs the next run a rebuild, so it
 * is ignored. The file appears whole or not at all (a temporary file of this process, renamed).
 */
export function writeAtlasCache(path: string, dir: string, a: FontAtlas): void {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temp, encodeAtlas(a), { flag: 'wx' });
    renameSync(temp, path);
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // nothing more to do: the temporary file's name is this process's own
    }
  }
}
