import { join } from 'node:path';
import type { Manifest } from '../encode/manifest.js';
import { FRAME_HASH, frameDigest } from '../frame-hash.js';
import { pngName } from '../encode/output-names.js';

export interface ExistingFrame {
  /** The frame's hash in this render's algorithm (FRAME_HASH), whatever the earlier manifest used. */
  digest: string;
  /** The frame's RGBA bytes, decoded from its PNG. */
  load: () => Promise<Buffer>;
}

export async function decodePng(path: string): Promise<Buffer> {
  const { default: sharp } = await import('sharp'); // loaded only when frames are reused
  return sharp(path).ensureAlpha().raw().toBuffer();
}

/**
 * Frames an earlier run of the same render left in `dir`: listed in `previous` (its manifest, which
 * the output folder's owner check found to be of this render: same options and input), inside
 * [from, to], their PNG present and its pixels hashing to the manifest's digest (in
 * its own algorithm; an older SHA-256 frame is hashed again in today's). Anything else is
 * rendered again.
 */
export async function existingFrames(
  dir: string,
  previous: Manifest | undefined,
  from: number,
  to: number,
): Promise<Map<number, ExistingFrame>> {
  const found = new Map<number, ExistingFrame>();
  for (const { index, digest } of previous?.frames ?? []) {
    if (index < from || index > to) continue;
    const png = join(dir, pngName(index));
    const rgba = await decodePng(png).catch(() => undefined);
    if (!rgba || (await frameDigest(rgba, previous!.hash)) !== digest) continue;
    const now = previous!.hash === FRAME_HASH ? digest : await frameDigest(rgba, FRAME_HASH);
    found.set(index, { digest: now, load: () => decodePng(png) });
  }
  return found;
}
