import { rename, rm } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { spawnSync } from 'node:child_process';
import ffmpeg from 'fluent-ffmpeg';
import { UserError } from '../errors.js';
import type { FrameSink } from './frame-sink.js';

export interface Mp4Options {
  path: string;
  width: number;
  height: number;
  fps: number;
  /** Frames per group of pictures: every gop-th frame from the first is a keyframe (default fps). */
  gop?: number;
  /** x264 preset; veryfast keeps up with the GPU core on two cores. */
  preset?: string;
  /** Constant quantiser (lower = better). */
  qp?: number;
  /** 'gif': an animated preview instead, at `previewWidth` pixels wide, every `previewStep`-th frame. */
  output?: 'mp4' | 'gif';
  previewWidth?: number;
  previewStep?: number;
}

/** ffmpeg output options and container for each kind of output. */
function outputSettings(o: Mp4Options): { options: string[]; format: string; codec?: string } {
  if (o.output === 'gif') {
    const step = o.previewStep ?? 1;
    // One palette for the whole clip (palettegen/paletteuse), no dithering noise on the dark background.
    const vf = `select='not(mod(n,${step}))',setpts=N/(${o.fps}*TB),scale=${o.previewWidth ?? 640}:-2:flags=lanczos,split[a][b];[a]palettegen=stats_mode=full[p];[b][p]paletteuse=dither=none`;
    return { options: ['-filter_complex', vf, '-loop 0'], format: 'gif' };
  }
  // Each GOP is encoded alone: keyframes at fixed intervals only (no scene cuts), no B-frames and a
  // constant quantiser (no rate-control state carried across GOPs). So a shard that starts on a GOP
  // boundary encodes its frames exactly as a single render does, and shards join without re-encoding.
  return {
    codec: 'libx264',
    format: 'mp4',
    options: [
      `-preset ${o.preset ?? 'veryfast'}`,
      `-qp ${o.qp ?? 20}`,
      `-g ${o.gop ?? o.fps}`,
      `-keyint_min ${o.gop ?? o.fps}`,
      '-sc_threshold 0',
      '-bf 0',
      '-pix_fmt yuv420p',
      '-movflags +faststart',
    ],
  };
}

/** The ffmpeg binary: FFMPEG_PATH if set (fluent-ffmpeg's own variable), else `ffmpeg` on PATH. */
export function ffmpegBinary(): string {
  const bin = process.env.FFMPEG_PATH || 'ffmpeg';
  const probe = spawnSync(bin, ['-hide_banner', '-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new UserError(
      `ffmpeg not found (${bin}). Install it (Debian/Ubuntu: sudo apt-get install -y ffmpeg) ` +
        'or set FFMPEG_PATH to an ffmpeg binary.',
      2,
    );
  }
  return bin;
}

/**
 * H.264 MP4 through fluent-ffmpeg, reading raw RGBA frames on stdin (no temporary PNGs).
 * yuv420p for players, +faststart for the web; written to a temporary name and renamed when done.
 */
export class Mp4Sink implements FrameSink {
  /** The video needs every frame, also those a resumed render finds already on disk. */
  readonly wantsExisting = true;
  private readonly input = new PassThrough({ highWaterMark: 1 << 20 });
  private readonly finished: Promise<void>;
  private readonly temp: string;
  private stderrTail: string[] = [];
  private command: ffmpeg.FfmpegCommand | undefined;

  constructor(private readonly o: Mp4Options) {
    const bin = ffmpegBinary();
    const settings = outputSettings(o);
    this.temp = `${o.path}.partial.${settings.format}`;
    this.finished = new Promise((resolve, reject) => {
      this.command = ffmpeg(this.input)
        .setFfmpegPath(bin)
        .inputFormat('rawvideo')
        .inputOptions(['-pix_fmt rgba', `-video_size ${o.width}x${o.height}`, `-framerate ${o.fps}`])
        .videoCodec(settings.codec ?? 'gif')
        .outputOptions(settings.options)
        .format(settings.format)
        .on('stderr', (line: string) => {
          this.stderrTail.push(line);
          if (this.stderrTail.length > 20) this.stderrTail.shift();
        })
        .on('error', (e: Error) =>
          reject(
            new UserError(
              `ffmpeg failed: ${e.message}\nffmpeg's last lines:\n${this.stderrTail.join('\n')}`,
              2,
            ),
          ),
        )
        .on('end', () => resolve())
        .save(this.temp);
    });
    // Surface the failure at the next write rather than as an unhandled rejection.
    this.finished.catch(() => undefined);
  }

  async write(_frame: number, rgba: Buffer): Promise<void> {
    const ok = this.input.write(rgba);
    if (!ok) await Promise.race([new Promise((r) => this.input.once('drain', r)), this.finished]);
  }

  async close(): Promise<void> {
    this.input.end();
    await this.finished;
    await rename(this.temp, this.o.path);
  }

  async abort(): Promise<void> {
    // End the input too: fluent-ffmpeg may not have started ffmpeg yet, and kill() only reaches a
    // process that exists.
    this.input.end();
    this.command?.kill('SIGKILL');
    await this.finished.catch(() => undefined);
    await rm(this.temp, { force: true });
  }
}
