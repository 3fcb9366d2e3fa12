import type { FramePatch } from '../src/gpu/frame-renderer.js';
import { TILE, TILE_BYTES } from '../src/gpu/abi.js';

/**
 * A whole frame's RGBA bytes (row-major, width × height × 4) from a patch that holds every tile, as
 * the render's frame assembler would build it; browser-safe (no Buffer).
 */
export function wholeFrame(p: FramePatch, width: number, height: number): Uint8Array<ArrayBuffer> {
  const tilesX = Math.ceil(width / TILE);
  const count = tilesX * Math.ceil(height / TILE);
  if (p.tiles.length !== count || p.pixels.length !== count * TILE_BYTES) {
    throw new Error(`frame ${p.frame}: ${p.tiles.length} of ${count} tiles; a whole frame needs all`);
  }
  const out = new Uint8Array(width * height * 4);
  for (let i = 0; i < p.tiles.length; i++) {
    const t = p.tiles[i];
    const x0 = (t % tilesX) * TILE;
    const y0 = Math.floor(t / tilesX) * TILE;
    const w = Math.min(TILE, width - x0) * 4;
    const h = Math.min(TILE, height - y0);
    for (let y = 0; y < h; y++) {
      const from = i * TILE_BYTES + y * TILE * 4;
      out.set(p.pixels.subarray(from, from + w), ((y0 + y) * width + x0) * 4);
    }
  }
  return out;
}
