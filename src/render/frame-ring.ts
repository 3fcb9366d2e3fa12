import type { FramePatch } from '../gpu/frame-renderer.js';

import { TILE } from '../gpu/abi.js';

/** One whole frame of the ring, lent to the sinks and the hasher until every hold has settled. */
export interface RingFrame {
  bytes: Buffer;
  /** Keeps the frame's bytes from reuse until `until` settles (an encoder or hash still reading). */
  hold(until: Promise<unknown>): void;
  /** Resolves once every hold put on the frame so far has settled. */
  settled(): Promise<void>;
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
 * hold every tile, unless a whole frame (whole()) came first. The memory is a SharedArrayBuffer so hash workers read it without a copy.
 */
export class FrameRing {
  private readonly slots: Slot[];
  /** Sequence number of the last frame each tile changed in. */
  private readonly tileSeq: Int32Array;
  private readonly tilesX: number;
  private seq = -1;

  /** Stale tiles above which a slot is brought up to date by one whole-frame copy instead of spans. */
  private readonly wholeAbove: number;

  /**
   * `wholeAbove`: see above; by default where the spans would cost more than the whole copy. Measured
   * in Node 20 on this project's 2-core machine: one span (a tile row, 32 bytes) costs about 0.2 µs,
   * about as much as 4 kB of one whole-frame copy (8 MB in 0.5 ms), so a tile's TILE spans weigh as
   * TILE × 4 kB of the frame.
   */
  constructor(
    readonly width: number,
    readonly height: number,
    count = 4,
    wholeAbove = Math.floor((width * height * 4) / (TILE * 4096)),
  ) {
    this.wholeAbove = wholeAbove;
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
    const slot = await this.freed(this.slots[seq % this.slots.length]);
    const newest = this.slots[(seq - 1) % this.slots.length];
    // Tiles changed after the slot's frame and not in this patch are as in the newest frame: copied
    // from it in runs along each tile row, or the whole frame at once when that is cheaper.
    const stale = new Uint8Array(tileCount);
    let staleCount = 0;
    for (const t of p.tiles) this.tileSeq[t] = seq;
    if (seq > 0) {
      for (let t = 0; t < tileCount; t++) {
        if (this.tileSeq[t] !== seq && this.tileSeq[t] > slot.seq) {
          stale[t] = 1;
          staleCount++;
        }
      }
    }
    if (staleCount > this.wholeAbove) slot.bytes.set(newest.bytes);
    else if (staleCount > 0) this.copyRuns(stale, plain(newest.bytes), slot.bytes);
    this.copyPatch(p, slot.bytes);
    slot.seq = seq;
    return lend(slot);
  }

  /**
   * The next slot, once free, holding a whole frame that `draw` writes into it (a frame drawn in this
   * process: every tile is new).
   */
  async whole(draw: (into: Buffer) => void): Promise<RingFrame> {
    const seq = ++this.seq;
    const slot = await this.freed(this.slots[seq % this.slots.length]);
    this.tileSeq.fill(seq);
    draw(slot.bytes);
    slot.seq = seq;
    return lend(slot);
  }

  /** The slot once every hold on it has settled. */
  private async freed(slot: Slot): Promise<Slot> {
    while (slot.holds.length) {
      const holds = slot.holds;
      slot.holds = [];
      await Promise.allSettled(holds);
    }
    return slot;
  }

  /**
   * Writes each tile of the patch into its place in `to`. When the pixels start on a 4-byte boundary
   * (they do in a message from the page) a tile row is copied word by word: a loop over TILE words
   * costs less than a subarray and a set() per row (about 0.2 µs each, 15,000 a frame when 1,900
   * tiles change).
   */
  private copyPatch(p: FramePatch, to: Buffer): void {
    const words = (p.pixels.byteOffset & 3) === 0;
    const s32 = words
      ? new Uint32Array(p.pixels.buffer, p.pixels.byteOffset, p.pixels.length >> 2)
      : undefined;
    const d32 = new Uint32Array(to.buffer, to.byteOffset, to.length >> 2);
    const src = plain(p.pixels);
    for (let i = 0; i < p.tiles.length; i++) {
      const t = p.tiles[i];
      const x0 = (t % this.tilesX) * TILE;
      const y0 = Math.floor(t / this.tilesX) * TILE;
      const w = Math.min(TILE, this.width - x0);
      const h = Math.min(TILE, this.height - y0);
      for (let y = 0; y < h; y++) {
        const from = (i * TILE + y) * TILE; // in pixels
        const into = (y0 + y) * this.width + x0;
        if (s32) for (let k = 0; k < w; k++) d32[into + k] = s32[from + k];
        else to.set(src.subarray(from * 4, (from + w) * 4), into * 4);
      }
    }
  }

  /** Copies the marked tiles from `src` to `to`, one span per pixel row for each run of marked tiles. */
  private copyRuns(marked: Uint8Array, src: Uint8Array, to: Buffer): void {
    const tilesY = marked.length / this.tilesX;
    const rowBytes = this.width * 4;
    for (let ty = 0; ty < tilesY; ty++) {
      const y0 = ty * TILE;
      const h = Math.min(TILE, this.height - y0);
      for (let tx = 0; tx < this.tilesX;) {
        if (!marked[ty * this.tilesX + tx]) {
          tx++;
          continue;
        }
        const a = tx;
        while (tx < this.tilesX && marked[ty * this.tilesX + tx]) tx++;
        const x0 = a * TILE * 4;
        const x1 = Math.min(tx * TILE, this.width) * 4;
        for (let y = 0; y < h; y++) {
          const at = (y0 + y) * rowBytes;
          to.set(src.subarray(at + x0, at + x1), at + x0);
        }
      }
    }
  }
}

/** The slot's frame as lent to the sinks and the hasher. */
function lend(slot: Slot): RingFrame {
  return {
    bytes: slot.bytes,
    hold: (until) => void slot.holds.push(until),
    settled: () => Promise.allSettled(slot.holds).then(() => undefined),
  };
}

/** A plain Uint8Array view of the same bytes: its subarrays (one per tile row) cost less than a Buffer's. */
function plain(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}
