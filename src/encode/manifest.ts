import { rename, writeFile } from 'node:fs/promises';

export interface FrameRecord {
  index: number;
  /** SHA-256 of the frame's raw RGBA bytes, hex. */
  sha256: string;
}

export interface Manifest {
  tool: string;
  version: string;
  options: Record<string, unknown>;
  input: { source: string; digest: string; rows: number };
  /** The options as resolved from flags, config file and defaults (src/cli/config.ts): `--config` reads them back. */
  config?: Record<string, unknown>;
  width: number;
  height: number;
  adapter: string;
  /** Set for one shard of a render split with --shard K/N. */
  shard?: { index: number; count: number };
  /** The video file beside the manifest, once it is complete. */
  video: string | null;
  /** True once every frame of [from, to] is on disk (and the video, when asked for, is complete). */
  complete: boolean;
  /** Frames whose files are complete on disk, by index. */
  frames: FrameRecord[];
}

/** Written to a temporary file and renamed: a reader never sees half a manifest. */
export async function writeManifest(path: string, m: Manifest): Promise<void> {
  const temp = `${path}.partial`;
  await writeFile(temp, JSON.stringify(m, null, 1) + '\n');
  await rename(temp, path);
}

/**
 * Keeps the manifest of a render in progress up to date (at most every `everyMs`), so that a render
 * stopped by a signal, a crash or a power cut leaves a manifest that claims only finished frames.
 */
export class ManifestWriter {
  private last = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly build: () => Manifest,
    private readonly everyMs = 2000,
  ) {}

  /** Writes if the last write is older than everyMs (never two at once). */
  tick(): void {
    const now = performance.now();
    if (now - this.last < this.everyMs) return;
    this.last = now;
    this.writing = this.writing.then(() => writeManifest(this.path, this.build()));
  }

  async flush(): Promise<void> {
    await this.writing;
    await writeManifest(this.path, this.build());
  }
}
