import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { Manifest } from '../encode/manifest.js';
import { pngName } from '../encode/png-sink.js';

export interface ExistingFrame {
  sha256: string;
  /** The frame's RGBA bytes, decoded from its PNG. */
  load: () => Promise<Buffer>;
}

export async function decodePng(path: string): Promise<Buffer> {
  return sharp(path).ensureAlpha().raw().toBuffer();
}

/**
 * Frames an earlier run of the same render left in `dir`: listed in its manifest (same options and
 * input), their PNG present, and its pixels hashing to the manifest's SHA-256. Anything else is
 * rendered again.
 */
export async function existingFrames(
  dir: string,
  identity: { options: Record<string, unknown>; digest: string },
  from: number,
  to: number,
): Promise<Map<number, ExistingFrame>> {
  const found = new Map<number, ExistingFrame>();
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) return found;
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return found;
  }
  const same = (a: Record<string, unknown>, b: Record<string, unknown>) =>
    JSON.stringify(a) === JSON.stringify(b);
  const { from: _f, to: _t, shard: _s, ...mine } = identity.options;
  const { from: _f2, to: _t2, shard: _s2, ...theirs } = m.options ?? {};
  if (m.input?.digest !== identity.digest || !same(mine, theirs)) return found;
  for (const { index, sha256 } of m.frames ?? []) {
    if (index < from || index > to) continue;
    const png = join(dir, pngName(index));
    if (!existsSync(png)) continue;
    const rgba = await decodePng(png);
    if (createHash('sha256').update(rgba).digest('hex') !== sha256) continue;
    found.set(index, { sha256, load: () => decodePng(png) });
  }
  return found;
}
