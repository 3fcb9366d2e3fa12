import type { FramePatch } from '../gpu/frame-renderer.js';

import { TILE } from '../gpu/abi.js';

/** One whole frame of the ring, lent to the sinks and the hasher until every hold has settled. */
export interface RingFrame {
  bytes: Buffer;
  /** Keeps the frame's bytes from reuse until `until` settles (an encoder or hash still reading). */
  hold(until: Promise<unknown>): void;
}

interface Slot {
  bytes: Buffer;
  /** Sequence number of the frame the slot holds, -1 for none yet. */
  seq: number;
  holds: Promise<unknown>[];
}

/**
 * A few whole frames in shared memory, reused in turn, so that Node neither allocates nor copies a
 * whole frame per frame: a slot is brought up to date by writing only the tiles that changed since
 * the frame it last held (from the patch, or from the newest slot). The first patch of a render must
 * hold every tile. The memory is a SharedArrayBuffer so hash workers read it without a copy.
 */
export class FrameRing {
  private readonly slots: Slot[];
  /** Sequence number of the last frame each tile changed in. */
  private readonly tileSeq: Int32Array;
  private readonly tilesX: number;
  private seq = -1;

  constructor(
    readonly width: number,
    readonly height: number,
    count = 4,
  ) {
    this.tilesX = Math.ceil(width / TILE);
    this.tileSeq = new Int32Array(this.tilesX * Math.ceil(height / TILE));
    this.slots = Array.from({ length: count }, () => ({
      bytes: Buffer.from(new SharedArrayBuffer(width * height * 4)),
      seq: -1,
      holds: [],
    }));
  }

  /** The next slot, once free, holding the patch's whole frame. */
  async apply(p: FramePatch): Promise<RingFrame> {
    const tileCount = this.tileSeq.length;
    if (this.seq < 0 && p.tiles.length !== tileCount) {
      throw new Error(`frame ${p.frame}: the first frame of a render must hold all ${tileCount} tiles`);
    }
    const seq = ++this.seq;
    const slot = this.slots[seq % this.slots.length];
    const newest = this.slots[(seq - 1) % this.slots.length];
    while (slot.holds.length) {
      const holds = slot.holds;
      slot.holds = [];
      await Promise.allSettled(holds);
    }
    const inPatch = new Uint8Array(tileCount);
    for (let i = 0; i < p.tiles.length; i++) {
      const t = p.tiles[i];
      inPatch[t] = 1;
      this.tileSeq[t] = seq;
      this.copyTile(t, p.pixels, i * TILE * TILE * 4, TILE * 4, slot.bytes);
    }
    // Tiles changed after the slot's frame and not in this patch are as in the newest frame.
    if (seq > 0) {
      for (let t = 0; t < tileCount; t++) {
        if (!inPatch[t] && this.tileSeq[t] > slot.seq) this.copyFrame(t, newest.bytes, slot.bytes);
      }
    }
    slot.seq = seq;
    return { bytes: slot.bytes, hold: (until) => void slot.holds.push(until) };
  }

  private copyTile(t: number, src: Uint8Array, at: number, stride: number, to: Buffer): void {
    const x0 = (t % this.tilesX) * TILE;
    const y0 = Math.floor(t / this.tilesX) * TILE;
    const w = Math.min(TILE, this.width - x0) * 4;
    const h = Math.min(TILE, this.height - y0);
    const rowBytes = this.width * 4;
    for (let y = 0; y < h; y++) {
      const from = at + y * stride;
      to.set(src.subarray(from, from + w), (y0 + y) * rowBytes + x0 * 4);
    }
  }

  private copyFrame(t: number, src: Buffer, to: Buffer): void {
    const x0 = (t % this.tilesX) * TILE;
    const y0 = Math.floor(t / this.tilesX) * TILE;
    this.copyTile(t, src, y0 * this.width * 4 + x0 * 4, this.width * 4, to);
  }
}
