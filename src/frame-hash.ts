/**
 * The hash of a whole frame's RGBA bytes, as the manifest records it. New renders use XXH3-128
 * (hash-wasm, about 4× faster than SHA-256 here); manifests written before name no algorithm and
 * hold SHA-256, and are still read, verified and resumed with it. Resume, verify and concat all go
 * through `frameDigest`, so they agree on what a frame's hash is.
 */
import { createHash } from 'node:crypto';
import type { IHasher } from 'hash-wasm';

export const FRAME_HASHES = ['xxh3-128', 'sha256'] as const;
export type FrameHashName = (typeof FRAME_HASHES)[number];

/** What a new manifest records. */
export const FRAME_HASH: FrameHashName = 'xxh3-128';
/** What a manifest without a `hash` field holds. */
export const OLD_FRAME_HASH: FrameHashName = 'sha256';

/** Hex digits of each algorithm's digest. */
export const DIGEST_HEX: Record<FrameHashName, number> = { 'xxh3-128': 32, sha256: 64 };

let xxh: Promise<IHasher> | undefined;

/**
 * The hex digest of `bytes` (the WASM hasher is made once; hashing itself is synchronous). hash-wasm
 * is loaded on first use: a render hashes on worker threads, so its start never waits for it.
 */
export async function frameDigest(bytes: Uint8Array, name: FrameHashName = FRAME_HASH): Promise<string> {
  if (name === 'sha256') return createHash('sha256').update(bytes).digest('hex');
  const h = await (xxh ??= import('hash-wasm').then((m) => m.createXXHash128()));
  h.init();
  h.update(bytes);
  return h.digest('hex');
}

/** True when `v` is a digest of algorithm `name` (lower-case hex of the right length). */
export function isDigest(v: unknown, name: FrameHashName): v is string {
  return typeof v === 'string' && v.length === DIGEST_HEX[name] && /^[0-9a-f]+$/.test(v);
}
