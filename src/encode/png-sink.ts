import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { FrameSink } from './frame-sink.js';
import { newRunId, pngName, tempPath } from './output-names.js';
import { writingTo } from './output-error.js';

export { pngName } from './output-names.js';

/** PNG encodes in flight at once: one per core, at least two (one encoding while one is written). */
export const PNG_IN_FLIGHT = Math.max(2, availableParallelism());

/** sharp, loaded from loadSharp() or create() on (0.2-0.3 s of module loading). */
let sharpModule: Promise<typeof import('sharp')> | undefined;

/**
 * Starts loading sharp now: a render that writes PNG calls this as soon as its options are checked,
 * so that the loading overlaps reading the input and the GPU host's start, not the first frame.
 */
export function loadSharp(): void {
  (sharpModule ??= import('sharp')).catch(() => undefined);
}

/**
 * PNG frames through sharp at fast settings (zlib level 1, no adaptive filtering), as many encodes
 * in flight as the machine has cores (at least two), on libvips' threads. Each file is written under a temporary name of this run and renamed
 * when whole; a stop removes exactly the temporary files this sink made, nothing else in the folder.
 * The bytes are written by Node (not libvips), so an OS error keeps its code (ENOSPC, EROFS, …).
 */
export class PngSink implements FrameSink {
  readonly wantsExisting = false;
  /** Frames whose file is complete under its final name. */
  readonly written = new Set<number>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Temporary files of this sink that may exist on disk (created, not yet renamed). */
  private readonly temps = new Set<string>();
  private failure: unknown;

  constructor(
    private readonly dir: string,
    private readonly width: number,
    private readonly height: number,
    private readonly alpha = false,
    private readonly concurrency = PNG_IN_FLIGHT,
    private readonly runId = newRunId(),
  ) {}

  /** `alpha`: keep the alpha channel (transparent frames); otherwise RGB, as every pixel is opaque. */
  static async create(
    dir: string,
    width: number,
    height: number,
    alpha = false,
    runId = newRunId(),
  ): Promise<PngSink> {
    await writingTo(dir, () => mkdir(dir, { recursive: true }));
    loadSharp();
    return new PngSink(dir, width, height, alpha, PNG_IN_FLIGHT, runId);
  }

  async write(frame: number, rgba: Buffer, hold?: (until: Promise<unknown>) => void): Promise<void> {
    if (this.failure) throw this.failure;
    const final = join(this.dir, pngName(frame));
    const temp = tempPath(final, this.runId);
    const sharp = (await (sharpModule ??= import('sharp'))).default;
    const image = sharp(rgba, { raw: { width: this.width, height: this.height, channels: 4 } });
    const job = (this.alpha ? image : image.removeAlpha())
      .png({ compressionLevel: 1, adaptiveFiltering: false })
      .toBuffer()
      .then((png) =>
        writingTo(final, async () => {
          this.temps.add(temp);
          await writeFile(temp, png, { flag: 'wx' });
          await rename(temp, final);
          this.temps.delete(temp);
        }),
      )
      .then(() => void this.written.add(frame))
      .catch((e) => {
        this.failure ??= e;
      })
      .finally(() => this.inFlight.delete(job));
    this.inFlight.add(job);
    hold?.(job);
    while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
  }

  async abort(): Promise<void> {
    await Promise.allSettled(this.inFlight);
    for (const temp of this.temps) await rm(temp, { force: true }).catch(() => undefined);
    this.temps.clear();
  }
}
