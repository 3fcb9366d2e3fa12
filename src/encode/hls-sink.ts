import { mkdir, readdir } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { UserError } from '../errors.js';
import { copyFrame, type FrameSink } from './frame-sink.js';
import { hlsEncodeCall, type EncodeSpec } from './ffmpeg-args.js';
import { ffmpegBinary, ffmpegError, runFfmpeg, type FfmpegRun } from './ffmpeg.js';
import { writingTo } from './output-error.js';

/**
 * Makes `dir` (--hls) or takes it when empty. ffmpeg writes the playlist and segments under their final
 * names as the stream grows, so the folder must hold nothing of anyone else's: a folder with any file
 * in it is refused, and nothing there is ever replaced or deleted.
 */
export async function claimHlsDir(dir: string): Promise<void> {
  await writingTo(dir, () => mkdir(dir, { recursive: true }));
  const names = await writingTo(dir, () => readdir(dir));
  if (names.length > 0) {
    const shown =
      names.sort().slice(0, 3).join(', ') + (names.length > 3 ? `, … (${names.length} in all)` : '');
    throw new UserError(
      `--hls ${dir} already holds ${shown}; name a new or empty folder (a live stream's playlist and ` +
        'segments are written there under their final names, so nothing may be in the way)',
    );
  }
}

/**
 * A live HLS stream (playlist + fMP4 segments, hls-args in ffmpeg-args.ts) fed raw RGBA frames. It is
 * finished, not thrown away, however the render ends: close and abort both end ffmpeg's input, so
 * ffmpeg writes the last segment and #EXT-X-ENDLIST and every segment listed stays playable.
 */
export class HlsSink implements FrameSink {
  readonly wantsExisting = true;
  private readonly input = new PassThrough({ highWaterMark: 1 << 20 });
  private readonly run: FfmpegRun;
  frames = 0;

  constructor(
    private readonly dir: string,
    o: EncodeSpec,
  ) {
    this.run = runFfmpeg(ffmpegBinary(), hlsEncodeCall(o, dir), { stdin: this.input });
  }

  async write(_frame: number, rgba: Buffer): Promise<void> {
    this.frames++;
    // A copy: the pipe keeps the chunk past this call (the render's ring lends the bytes).
    if (!this.input.write(copyFrame(rgba))) {
      const failed = this.run.done.then(
        () => new Promise<never>(() => undefined),
        (e: unknown) => Promise.reject(ffmpegError(e, 'writing the stream in', this.dir)),
      );
      await Promise.race([new Promise((r) => this.input.once('drain', r)), failed]);
    }
  }

  async close(): Promise<void> {
    this.input.end();
    try {
      await this.run.done;
    } catch (e) {
      throw ffmpegError(e, 'writing the stream in', this.dir);
    }
  }

  /** Ends the stream as close does; an ffmpeg already stopped (Ctrl-C reaches it too) is no error. */
  async abort(): Promise<void> {
    this.input.end();
    await this.run.done.catch(() => undefined);
  }
}
