import type { FramePatch } from '../gpu/frame-renderer.js';
import { TILE_BYTES } from '../gpu/abi.js';

/**
 * How a frame patch travels from the page to Node, with no image encoding: a 16-byte head (u32 frame,
 * u32 tile count, two reserved u32 that are 0), the tile ids as u32, then TILE_BYTES of RGBA8 per tile.
 * All numbers little-endian. The page encodes, the Chromium host decodes; this file is both sides.
 */
export const PATCH_HEAD_BYTES = 16;

/** Before each patch on the frame socket (src/host/chromium/frame-socket.ts): u32 run, u32 seq. */
export const FRAME_ENVELOPE_BYTES = 8;

/**
 * The most bytes of a frame in one socket message: the page sends a frame as messages of at most this
 * many bytes. Chromium's network process took a fresh buffer for each whole message, 0.5 MB a 1080p
 * frame, and paid for it in page faults and TLB flushes: 21-25% of a core on the synthetic day's raw
 * run, 5-6% with 16-32 kB messages (10% with 64 kB).
 */
export const FRAME_CHUNK_BYTES = 32 * 1024;

/** Bytes of the patch of `tiles` tiles: head, tile ids, pixels. */
export const patchBytes = (tiles: number) => PATCH_HEAD_BYTES + tiles * (4 + TILE_BYTES);

/** The message's parts, in order: head with tile ids, then the pixels as they are (not copied). */
export function encodePatch(p: FramePatch): [Uint8Array<ArrayBuffer>, Uint8Array] {
  const n = p.tiles.length;
  if (p.pixels.length !== n * TILE_BYTES) {
    throw new Error(`frame ${p.frame}: ${p.pixels.length} pixel bytes for ${n} tiles`);
  }
  const head = new Uint8Array(PATCH_HEAD_BYTES + n * 4);
  const v = new DataView(head.buffer);
  v.setUint32(0, p.frame, true);
  v.setUint32(4, n, true);
  for (let i = 0; i < n; i++) v.setUint32(PATCH_HEAD_BYTES + i * 4, p.tiles[i], true);
  return [head, p.pixels];
}

/** Parses one message; throws on any length or field that does not fit the format. */
export function decodePatch(body: Uint8Array): FramePatch {
  if (body.length < PATCH_HEAD_BYTES) throw new Error(`frame message of ${body.length} bytes is too short`);
  const v = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const frame = v.getUint32(0, true);
  const n = v.getUint32(4, true);
  if (v.getUint32(8, true) !== 0 || v.getUint32(12, true) !== 0) {
    throw new Error(`frame ${frame}: reserved words are not 0`);
  }
  const expected = patchBytes(n);
  if (body.length !== expected) throw new Error(`frame ${frame}: ${body.length} bytes, expected ${expected}`);
  // Copied out: the body may sit at any offset of a pooled buffer, and a Uint32Array needs 4-byte alignment.
  const tiles = new Uint32Array(n);
  for (let i = 0; i < n; i++) tiles[i] = v.getUint32(PATCH_HEAD_BYTES + i * 4, true);
  const pixels = body.subarray(PATCH_HEAD_BYTES + n * 4);
  return { frame, tiles, pixels };
}
