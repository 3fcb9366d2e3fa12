import type { FramePatch } from '../gpu/frame-renderer.js';
import { TILE_BYTES } from '../gpu/abi.js';

/** Where the GPU core runs: headless Chromium, or Node through Dawn. */
export interface GpuHost {
  /** The adapter, in words (e.g. "google swiftshader"). */
  readonly adapter: string;
  /** Frames from..to inclusive, in order; the first is whole, the rest hold the tiles that changed. */
  frames(from: number, to: number): AsyncIterable<FramePatch>;
  close(): Promise<void>;
}

/** Parses the page's wire format: u32 frame, u32 tile count, 2 reserved, tile ids, then TILE_BYTES per tile. */
export function decodePatch(body: Buffer): FramePatch {
  if (body.length < 16) throw new Error(`frame message of ${body.length} bytes is too short`);
  const frame = body.readUInt32LE(0);
  const n = body.readUInt32LE(4);
  const expected = 16 + n * 4 + n * TILE_BYTES;
  if (body.length !== expected) throw new Error(`frame ${frame}: ${body.length} bytes, expected ${expected}`);
  // Copied out: the body may sit at any offset of a pooled buffer, and a Uint32Array needs 4-byte alignment.
  const tiles = new Uint32Array(n);
  for (let i = 0; i < n; i++) tiles[i] = body.readUInt32LE(16 + i * 4);
  const pixels = new Uint8Array(body.buffer, body.byteOffset + 16 + n * 4, n * TILE_BYTES);
  return { frame, tiles, pixels };
}

/** The host died (browser crashed or was killed): the render may start a new one and go on. */
export class HostCrashed extends Error {
  override name = 'HostCrashed';
}
