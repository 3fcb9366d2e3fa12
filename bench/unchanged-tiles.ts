import { TILE, TILE_BYTES } from '../src/gpu/abi.js';
import type { GpuHost } from '../src/host/gpu-host.js';
import { FrameAssembler } from '../src/render/frame-assembler.js';

/**
 * Of the tiles each frame's patch holds (the tiles the GPU marked changed), how many came out byte for
 * byte as in the frame before: raster, readback, transport and assembly that bought nothing. Frame 0
 * (every tile) is not counted.
 */
export async function unchangedTiles(
  host: Pick<GpuHost, 'frames'>,
  width: number,
  height: number,
  last: number,
): Promise<{ sent: number; unchanged: number; frames: number }> {
  const frame = new FrameAssembler(width, height);
  const tilesX = Math.ceil(width / TILE);
  let prev: Buffer | undefined;
  let [sent, unchanged, frames] = [0, 0, 0];
  for await (const p of host.frames(0, last)) {
    if (prev) {
      frames++;
      sent += p.tiles.length;
      for (let i = 0; i < p.tiles.length; i++) {
        const [x0, y0] = [(p.tiles[i] % tilesX) * TILE, Math.floor(p.tiles[i] / tilesX) * TILE];
        const [w, h] = [Math.min(TILE, width - x0) * 4, Math.min(TILE, height - y0)];
        let same = true;
        for (let y = 0; y < h && same; y++) {
          const at = ((y0 + y) * width + x0) * 4;
          const row = p.pixels.subarray(i * TILE_BYTES + y * TILE * 4, i * TILE_BYTES + y * TILE * 4 + w);
          same = Buffer.compare(row, prev.subarray(at, at + w)) === 0;
        }
        if (same) unchanged++;
      }
    }
    prev = frame.apply(p);
  }
  return { sent, unchanged, frames };
}
