import { join } from 'node:path';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { Manifest } from '../encode/manifest.js';
import { pngName } from '../encode/output-names.js';

export interface ExistingFrame {
  sha256: string;
  /** The frame's RGBA bytes, decoded from its PNG. */
  load: () => Promise<Buffer>;
}

export async function decodePng(path: string): Promise<Buffer> {
  return sharp(path).ensureAlpha().raw().toBuffer();
}

/**
 * Frames an earlier run of the same render left in `dir`: listed in `previous` (its manifest, which
 * the output folder's owner check found to be of this render: same options and input), inside
 * [from, to], their PNG present and its pixels hashing to the manifest's SHA-256. Anything else is
 * rendered again.
 */
export async function existingFrames(
  dir: string,
  previous: Manifest | undefined,
  from: number,
  to: number,
): Promise<Map<number, ExistingFrame>> {
  const found = new Map<number, ExistingFrame>();
  for (const { index, sha256 } of previous?.frames ?? []) {
    if (index < from || index > to) continue;
    const png = join(dir, pngName(index));
    const rgba = await decodePng(png).catch(() => undefined);
    if (!rgba || createHash('sha256').update(rgba).digest('hex') !== sha256) continue;
    found.set(index, { sha256, load: () => decodePng(png) });
  }
  return found;
}
