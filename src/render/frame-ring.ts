import type { FramePatch } from '../gpu/frame-renderer.js';
import { TILE } from '../gpu/abi.js';
import { assembleBand, type BandJob, type BandPool } from './band-assembly.js';

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
  /** One byte per tile, 1 where a slot's tile is stale (reused frame to frame; shared for the bands). */
  private readonly stale: Uint8Array;
  /** The patch copied into shared memory for the band workers (grown as needed). */
  private staged: { tiles: Uint32Array; pixels: Uint8Array } = {
    tiles: new Uint32Array(0),
    pixels: new Uint8Array(0),
  };

  /**
   * `wholeAbove`: see above; by default where the tiles copied word by word (assembleBand) would cost
   * more than the whole copy. Measured in Node 20 on this project's 2-core machine, clustered stale
   * tiles at 1080p: 0.17 ms for 880 tiles, 0.43 ms for 3,000, against 0.40-0.50 ms for the whole
   * 8 MB frame; so a stale tile weighs as about 3 kB of the frame (2,700 tiles at 1080p).
   * `bands`: worker threads that do each slot's copies together, in bands of tile rows; without them
   * this thread does them.
   */
  constructor(
    readonly width: number,
    readonly height: number,
    count = 4,
    wholeAbove = Math.floor((width * height * 4) / 3072),
    private readonly bands?: BandPool,
  ) {
    this.wholeAbove = wholeAbove;
    this.tilesX = Math.ceil(width / TILE);
    this.tileSeq = new Int32Array(this.tilesX * Math.ceil(height / TILE));
    this.stale = new Uint8Array(new SharedArrayBuffer(this.tileSeq.length));
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
    const stale = this.stale;
    stale.fill(0);
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
    const job: BandJob = {
      width: this.width, height: this.height, tile: TILE, to: slot.bytes, from: staleCount > 0 ? newest.bytes : null,
      whole: staleCount > this.wholeAbove, stale, tiles: p.tiles, pixels: p.pixels,
    }; // prettier-ignore
    if (this.bands) await this.bands.run(this.stage(job));
    else assembleBand(job, 0, Math.ceil(this.height / TILE));
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

  /** The job with the patch copied into shared memory, which the band workers can read. */
  private stage(job: BandJob): BandJob {
    let { tiles, pixels } = this.staged;
    if (tiles.length < job.tiles.length) tiles = new Uint32Array(new SharedArrayBuffer(job.tiles.length * 4));
    if (pixels.length < job.pixels.length) pixels = new Uint8Array(new SharedArrayBuffer(job.pixels.length));
    this.staged = { tiles, pixels };
    tiles.set(job.tiles);
    pixels.set(job.pixels);
    return {
      ...job,
      tiles: tiles.subarray(0, job.tiles.length),
      pixels: pixels.subarray(0, job.pixels.length),
    };
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
