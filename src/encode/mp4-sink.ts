import { rename, rm } from 'node:fs/promises';
import { UserError } from '../errors.js';
import type { FrameSink } from './frame-sink.js';
import { gifPreviewCall, mp4EncodeCall, type EncodeSpec, type FfmpegCall } from './ffmpeg-args.js';
import { feedFfmpeg, ffmpegBinary, ffmpegError, type FfmpegFeed } from './ffmpeg.js';
import { newRunId, tempPath } from './output-names.js';
import { writingTo } from './output-error.js';
import { videoFrameHashes } from './video-frames.js';

export { ffmpegBinary } from './ffmpeg.js';

export interface Mp4Options extends EncodeSpec {
  path: string;
  /** 'gif': an animated preview instead, at `previewWidth` pixels wide, every `previewStep`-th frame. */
  output?: 'mp4' | 'gif';
  previewWidth?: number;
  previewStep?: number;
  /** Names the temporary file, so that a stop removes this run's file and no other. */
  runId?: string;
}

/**
 * H.264 MP4 (or a GIF preview) through ffmpeg, reading raw RGBA frames on stdin (no temporary PNGs).
 * A frame is written as lent, without a copy: the sink holds it until ffmpeg's pipe has taken it,
 * and takes the next frame once the one before is in the pipe, so one frame waits there while
 * ffmpeg reads the other.
 * Written to a temporary name of this run; on close an MP4 is decoded again and each picture hashed
 * (`pictureHashes`, what the manifest certifies for the video, see video-frames.ts), and only a file
 * holding every frame gets the final name.
 */
export class Mp4Sink implements FrameSink {
  /** The video needs every frame, also those a resumed render finds already on disk. */
  readonly wantsExisting = true;
  /** After close, for an MP4: the hash of each decoded picture, in order. */
  pictureHashes: string[] = [];
  /** After close: seconds spent decoding the MP4 again and hashing its pictures. */
  checkSeconds = 0;
  private readonly run: FfmpegFeed;
  /** Settles when the pipe has taken the last frame written. */
  private taken: Promise<void> = Promise.resolve();
  private readonly bin: string;
  private readonly temp: string;
  private frames = 0;

  constructor(private readonly o: Mp4Options) {
    this.bin = ffmpegBinary();
    const gif = o.output === 'gif';
    this.temp = tempPath(o.path, o.runId ?? newRunId(), gif ? '.gif' : '.mp4');
    const call: FfmpegCall = gif
      ? gifPreviewCall({ ...o, previewWidth: o.previewWidth ?? 640, step: o.previewStep ?? 1 }, this.temp)
      : mp4EncodeCall(o, this.temp);
    this.run = feedFfmpeg(this.bin, call);
  }

  async write(_frame: number, rgba: Buffer, hold?: (until: Promise<unknown>) => void): Promise<void> {
    this.frames++;
    const before = this.taken;
    this.taken = this.run.write(rgba);
    // Without `hold` the bytes are lent for this call only: wait until the pipe has them all.
    if (hold) hold(this.taken);
    await Promise.race([hold ? before : this.taken, this.failed()]);
  }

  /** Rejects (with the sentence) when ffmpeg fails; never resolves otherwise. */
  private failed(): Promise<never> {
    return this.run.done.then(
      () => new Promise<never>(() => undefined),
      (e: unknown) => Promise.reject(ffmpegError(e, 'writing', this.o.path)),
    );
  }

  async close(): Promise<void> {
    this.run.end();
    try {
      await this.run.done;
    } catch (e) {
      await rm(this.temp, { force: true });
      throw ffmpegError(e, 'writing', this.o.path);
    }
    try {
      if (this.o.output !== 'gif') {
        const t0 = performance.now();
        this.pictureHashes = await videoFrameHashes(this.bin, this.temp, this.o.width, this.o.height);
        this.checkSeconds = (performance.now() - t0) / 1000;
        if (this.pictureHashes.length !== this.frames) {
          throw new UserError(
            `${this.o.path}: ffmpeg wrote ${this.pictureHashes.length} pictures for ${this.frames} frames; ` +
              'the video is not kept',
            2,
          );
        }
      }
      await writingTo(this.o.path, () => rename(this.temp, this.o.path));
    } finally {
      await rm(this.temp, { force: true });
    }
  }

  async abort(): Promise<void> {
    this.run.end();
    this.run.kill();
    await this.run.done.catch(() => undefined);
    await rm(this.temp, { force: true });
  }
}
