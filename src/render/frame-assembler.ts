import type { FramePatch } from '../gpu/frame-renderer.js';

import { TILE } from '../gpu/abi.js';

/**
 * Keeps the last whole frame and applies each patch of changed tiles to it. The first patch of a
 * render must hold every tile.
 */
export class FrameAssembler {
  private readonly frame: Buffer;
  private readonly tilesX: number;
  private started = false;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.frame = Buffer.alloc(width * height * 4);
    this.tilesX = Math.ceil(width / TILE);
  }

  /** Applies the patch and returns a copy of the whole frame (the caller may hold it while encoding). */
  apply(p: FramePatch): Buffer {
    const tileCount = this.tilesX * Math.ceil(this.height / TILE);
    if (!this.started && p.tiles.length !== tileCount) {
      throw new Error(`frame ${p.frame}: the first frame of a render must hold all ${tileCount} tiles`);
    }
    this.started = true;
    const rowBytes = this.width * 4;
    for (let i = 0; i < p.tiles.length; i++) {
      const t = p.tiles[i];
      const x0 = (t % this.tilesX) * TILE;
      const y0 = Math.floor(t / this.tilesX) * TILE;
      const w = Math.min(TILE, this.width - x0) * 4;
      const h = Math.min(TILE, this.height - y0);
      const src = i * TILE * TILE * 4;
      for (let y = 0; y < h; y++) {
        const from = src + y * TILE * 4;
        this.frame.set(p.pixels.subarray(from, from + w), (y0 + y) * rowBytes + x0 * 4);
      }
    }
    return Buffer.from(this.frame);
  }
}
