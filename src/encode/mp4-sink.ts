import { rename, rm } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { UserError } from '../errors.js';
import type { FrameSink } from './frame-sink.js';
import { gifPreviewCall, mp4EncodeCall, type EncodeSpec, type FfmpegCall } from './ffmpeg-args.js';
import { ffmpegBinary, ffmpegError, runFfmpeg, type FfmpegRun } from './ffmpeg.js';
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
 * Written to a temporary name of this run; on close an MP4 is decoded again and each picture hashed
 * (`pictureHashes`, what the manifest certifies for the video, see video-frames.ts), and only a file
 * holding every frame gets the final name.
 */
export class Mp4Sink implements FrameSink {
  /** The video needs every frame, also those a resumed render finds already on disk. */
  readonly wantsExisting = true;
  /** After close, for an MP4: the hash of each decoded picture, in order. */
  pictureHashes: string[] = [];
  private readonly input = new PassThrough({ highWaterMark: 1 << 20 });
  private readonly run: FfmpegRun;
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
    this.run = runFfmpeg(this.bin, call, { stdin: this.input });
  }

  async write(_frame: number, rgba: Buffer): Promise<void> {
    this.frames++;
    // A copy: the pipe into ffmpeg keeps the chunk past this call, and cannot say when it let go.
    const ok = this.input.write(Buffer.from(rgba));
    if (!ok) await Promise.race([new Promise((r) => this.input.once('drain', r)), this.failed()]);
  }

  /** Rejects (with the sentence) when ffmpeg fails; never resolves otherwise. */
  private failed(): Promise<never> {
    return this.run.done.then(
      () => new Promise<never>(() => undefined),
      (e: unknown) => Promise.reject(ffmpegError(e, 'writing', this.o.path)),
    );
  }

  async close(): Promise<void> {
    this.input.end();
    try {
      await this.run.done;
    } catch (e) {
      await rm(this.temp, { force: true });
      throw ffmpegError(e, 'writing', this.o.path);
    }
    try {
      if (this.o.output !== 'gif') {
        this.pictureHashes = await videoFrameHashes(this.bin, this.temp, this.o.width, this.o.height);
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
    // End the input too: fluent-ffmpeg may not have started ffmpeg yet, and kill() only reaches a
    // process that exists.
    this.input.end();
    this.run.kill();
    await this.run.done.catch(() => undefined);
    await rm(this.temp, { force: true });
  }
}
