import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { FrameSink } from './frame-sink.js';

export function pngName(frame: number): string {
  return `frame-${String(frame).padStart(6, '0')}.png`;
}

/**
 * PNG frames through sharp at fast settings (zlib level 1, no adaptive filtering), several encodes
 * at once on libvips' threads. Each file is written under a temporary name and renamed when whole.
 */
export class PngSink implements FrameSink {
  readonly wantsExisting = false;
  /** Frames whose file is complete under its final name. */
  readonly written = new Set<number>();
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown;

  constructor(
    private readonly dir: string,
    private readonly width: number,
    private readonly height: number,
    private readonly alpha = false,
    private readonly concurrency = 3,
  ) {}

  /** `alpha`: keep the alpha channel (transparent frames); otherwise RGB, as every pixel is opaque. */
  static async create(dir: string, width: number, height: number, alpha = false): Promise<PngSink> {
    await mkdir(dir, { recursive: true });
    return new PngSink(dir, width, height, alpha);
  }

  async write(frame: number, rgba: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    const final = join(this.dir, pngName(frame));
    const temp = `${final}.partial`;
    const image = sharp(rgba, { raw: { width: this.width, height: this.height, channels: 4 } });
    const job = (this.alpha ? image : image.removeAlpha())
      .png({ compressionLevel: 1, adaptiveFiltering: false })
      .toFile(temp)
      .then(() => rename(temp, final))
      .then(() => void this.written.add(frame))
      .catch((e) => {
        this.failure ??= e;
      })
      .finally(() => this.inFlight.delete(job));
    this.inFlight.add(job);
    while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
  }

  async abort(): Promise<void> {
    await Promise.allSettled(this.inFlight);
    const { readdir } = await import('node:fs/promises');
    for (const f of await readdir(this.dir)) {
      if (f.endsWith('.png.partial')) await rm(join(this.dir, f), { force: true });
    }
  }
}
