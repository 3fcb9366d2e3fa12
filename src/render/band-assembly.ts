import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * Band workers for a render on this many cores: none below 8 (on 2 cores the copies cost less than
 * handing them over, and the cores are SwiftShader's), else one per 4 cores, at most 4.
 */
export function bandThreads(cores = availableParallelism()): number {
  return cores < 8 ? 0 : Math.min(4, Math.floor(cores / 4));
}

/**
 * What bringing one ring slot up to date takes: tiles changed since the slot's frame and not in the
 * patch come from the newest frame (all of it when `whole`, else the tiles marked in `stale`), then
 * the patch's tiles are written over. The views are on shared memory when band workers do the work.
 */
export interface BandJob {
  width: number;
  height: number;
  tile: number;
  /** The slot being brought up to date. */
  to: Uint8Array;
  /** The newest frame, or null when nothing is stale (the first frame). */
  from: Uint8Array | null;
  whole: boolean;
  /** One byte per tile, 1 where the tile is stale (read when not `whole`). */
  stale: Uint8Array;
  /** The patch: tile indices, and TILE×TILE RGBA pixels per tile in their order. */
  tiles: Uint32Array;
  pixels: Uint8Array;
}

/**
 * Does the job for the tile rows [ty0, ty1) only, so that bands can run on several threads at once.
 * Self-contained (no imports, no inner functions): the band workers run its source text.
 * Pixel rows of tiles, stale or patched, are copied word by word where the arrays start on a 4-byte
 * boundary (the ring's slots always do): a loop over a tile row's TILE words costs less than a
 * subarray and a set() per row (about 0.2 µs each). The stale tiles of the real day's 1080p MP4
 * render (about 880 a frame, most frames) took 2.2 ms a frame as one whole-frame copy.
 */
export function assembleBand(j: BandJob, ty0: number, ty1: number): void {
  const { width, height, tile, to, whole, stale, tiles } = j;
  // Plain Uint8Array views: a Buffer's subarray (one per pixel row of a span) costs 1.5-3 times more.
  const from = j.from && new Uint8Array(j.from.buffer, j.from.byteOffset, j.from.length);
  const pixels = new Uint8Array(j.pixels.buffer, j.pixels.byteOffset, j.pixels.length);
  const tilesX = Math.ceil(width / tile);
  const rowBytes = width * 4;
  const yEnd = Math.min(ty1 * tile, height);
  // Word views where an array starts on a 4-byte boundary (no inner function: see above).
  const d32 = (to.byteOffset & 3) === 0 ? new Uint32Array(to.buffer, to.byteOffset, to.length >> 2) : null;
  const s32 = d32 && (pixels.byteOffset & 3) === 0 ? new Uint32Array(pixels.buffer, pixels.byteOffset, pixels.length >> 2) : null; // prettier-ignore
  const f32 = d32 && from && (from.byteOffset & 3) === 0 ? new Uint32Array(from.buffer, from.byteOffset, from.length >> 2) : null; // prettier-ignore
  if (from && whole) {
    to.set(from.subarray(ty0 * tile * rowBytes, yEnd * rowBytes), ty0 * tile * rowBytes);
  } else if (from) {
    // One span per pixel row for each run of stale tiles along a tile row.
    for (let ty = ty0; ty < ty1; ty++) {
      const y0 = ty * tile;
      const h = Math.min(tile, height - y0);
      for (let tx = 0; tx < tilesX;) {
        if (!stale[ty * tilesX + tx]) {
          tx++;
          continue;
        }
        const a = tx;
        while (tx < tilesX && stale[ty * tilesX + tx]) tx++;
        const x0 = a * tile * 4;
        const x1 = Math.min(tx * tile, width) * 4;
        for (let y = 0; y < h; y++) {
          const at = (y0 + y) * rowBytes;
          if (f32 && d32) for (let k = (at + x0) >> 2, end = (at + x1) >> 2; k < end; k++) d32[k] = f32[k];
          else to.set(from.subarray(at + x0, at + x1), at + x0);
        }
      }
    }
  }
  for (let i = 0; i < tiles.length; i++) {
    const t = tiles[i];
    const ty = Math.floor(t / tilesX);
    if (ty < ty0 || ty >= ty1) continue;
    const x0 = (t % tilesX) * tile;
    const y0 = ty * tile;
    const w = Math.min(tile, width - x0);
    const h = Math.min(tile, height - y0);
    for (let y = 0; y < h; y++) {
      const src = (i * tile + y) * tile; // in pixels
      const dst = (y0 + y) * width + x0;
      if (s32 && d32) for (let k = 0; k < w; k++) d32[dst + k] = s32[src + k];
      else to.set(pixels.subarray(src * 4, (src + w) * 4), dst * 4);
    }
  }
}

/** A job's arrays as a worker receives them: the shared memory and each view's place in it. */
type View = { buffer: SharedArrayBuffer; offset: number; length: number } | null;

/*
 * The workers' code, as text (evaluated as CommonJS) so that it runs the same from the bundle and
 * from the sources under test: assembleBand's own source, then a loop over the messages.
 */
const WORKER = `
const { parentPort } = require('node:worker_threads');
const assembleBand = ${assembleBand.toString()};
const view = (T, v) => (v ? new T(v.buffer, v.offset, v.length) : null);
parentPort.on('message', ({ id, job, ty0, ty1 }) => {
  assembleBand({ ...job, to: view(Uint8Array, job.to), from: view(Uint8Array, job.from),
    stale: view(Uint8Array, job.stale), tiles: view(Uint32Array, job.tiles), pixels: view(Uint8Array, job.pixels) }, ty0, ty1);
  parentPort.postMessage(id);
});
`;

function shared(a: Uint8Array | Uint32Array | null): View {
  if (!a) return null;
  if (!(a.buffer instanceof SharedArrayBuffer)) throw new Error('a band job must be in shared memory');
  return { buffer: a.buffer, offset: a.byteOffset, length: a.length };
}

/**
 * A few worker threads that bring a ring slot up to date together, each its band of tile rows: at 4K
 * a slot takes a whole 33 MB copy from the newest frame plus the patch, more than one thread can do
 * at the frame rate a real GPU gives (the H200 measurements in the README). Every array of a job
 * must be on a SharedArrayBuffer.
 */
export class BandPool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private nextId = 0;
  /** A worker's error: the pool is then broken, and every later job fails with it. */
  private failure?: Error;

  constructor(readonly threads: number) {
    for (let i = 0; i < threads; i++) {
      const w = new Worker(WORKER, { eval: true });
      w.on('message', (id: number) => {
        this.waiting.get(id)?.resolve();
        this.waiting.delete(id);
        if (this.waiting.size === 0) for (const x of this.workers) x.unref();
      });
      w.on('error', (e) => {
        this.failure = e;
        for (const x of this.waiting.values()) x.reject(e);
        this.waiting.clear();
      });
      // Referenced only while bands are pending, so that awaiting one keeps the process alive.
      w.unref();
      this.workers.push(w);
    }
  }

  /** Runs the job in bands of tile rows, one per worker; resolves when every band is done. */
  run(j: BandJob): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const tilesY = Math.ceil(j.height / j.tile);
    const job = {
      width: j.width, height: j.height, tile: j.tile, whole: j.whole,
      to: shared(j.to), from: shared(j.from), stale: shared(j.stale), tiles: shared(j.tiles), pixels: shared(j.pixels),
    }; // prettier-ignore
    if (this.waiting.size === 0) for (const x of this.workers) x.ref();
    const bands = this.workers.map((w, i) => {
      const [ty0, ty1] = [
        Math.floor((tilesY * i) / this.threads),
        Math.floor((tilesY * (i + 1)) / this.threads),
      ];
      const id = this.nextId++;
      return new Promise<void>((resolve, reject) => {
        this.waiting.set(id, { resolve, reject });
        w.postMessage({ id, job, ty0, ty1 });
      });
    });
    return Promise.all(bands).then(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
