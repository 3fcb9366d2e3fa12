import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import type { FrameSink } from './frame-sink.js';
import { mp4SegmentsCall, type EncodeSpec } from './ffmpeg-args.js';
import { feedFfmpeg, ffmpegBinary, ffmpegError, type FfmpegFeed } from './ffmpeg.js';
import { joinVideos } from './join-files.js';
import { Mp4Sink, type Mp4Options } from './mp4-sink.js';
import { newRunId, tempPath } from './output-names.js';

/** An MP4 sink: one ffmpeg (Mp4Sink) or several (ChunkedMp4Sink); both certify the decoded pictures. */
export interface VideoSink extends FrameSink {
  /** After close: the hash of each decoded picture, in order. */
  readonly pictureHashes: string[];
  /**
   * After close: seconds spent on the closing check, after the encode (decoding the video again and
   * hashing each picture; with several encoders, joining the parts first). The benchmark reports it.
   */
  readonly checkSeconds: number;
}

export interface ChunkedMp4Options extends EncodeSpec {
  path: string;
  /** ffmpeg processes, 2 or more (see mp4-encoders.ts for how many). */
  encoders: number;
  runId?: string;
}

/** The MP4 sink for a number of encoders: today's single ffmpeg for 1. */
export function openMp4(o: ChunkedMp4Options & Mp4Options): VideoSink {
  return o.encoders > 1 ? new ChunkedMp4Sink(o) : new Mp4Sink(o);
}

/** One ffmpeg process and the frames waiting for it. */
interface Encoder {
  run: FfmpegFeed;
  /** Settles when the pipe has taken every frame written to this process so far. */
  taken: Promise<void>;
  /** GOPs sent to it so far: its segment files are numbered 0 to gops-1. */
  gops: number;
}

/**
 * An H.264 MP4 encoded by several ffmpeg processes at once. Frames arrive in order; GOP g (counted
 * from the first frame this sink gets, as in a single encode) goes whole to process g mod N, which
 * writes each GOP to its own segment file. On close the segments are joined in GOP order by the
 * concat demuxer without re-encoding (join-files.ts), the result decoded and its pictures counted and
 * hashed, and only then does it get its final name. Every encoder has the same x264 options as a
 * single encode, and each GOP is encoded alone (constant quantiser, fixed keyframes, no B-frames), so
 * the pictures are the single encode's.
 *
 * Memory stays bounded: a process is fed a GOP only when its pipe has taken the last one, so the
 * frames in hand are at most N × GOP plus the one being written (see mp4-encoders.ts). They are copies
 * (a GOP outlives the render's frame ring), made into buffers reused once the pipe has taken them, so
 * no frame is allocated (and zeroed, and collected) after the first GOPs. The segments and the list
 * are temporary files of this run, removed on close and on abort.
 */
export class ChunkedMp4Sink implements VideoSink {
  readonly wantsExisting = true;
  pictureHashes: string[] = [];
  checkSeconds = 0;
  private readonly encoders: Encoder[] = [];
  private readonly bin: string;
  private readonly runId: string;
  private readonly gop: number;
  private readonly frameBytes: number;
  /** Frame buffers the pipes have taken, ready for reuse. */
  private readonly spare: Buffer[] = [];
  private frames = 0;

  constructor(private readonly o: ChunkedMp4Options) {
    if (!(Number.isInteger(o.encoders) && o.encoders >= 2))
      throw new Error('ChunkedMp4Sink needs 2 or more encoders');
    this.bin = ffmpegBinary();
    this.runId = o.runId ?? newRunId();
    this.gop = o.gop ?? o.fps;
    this.frameBytes = o.width * o.height * 4;
  }

  /** Where encoder k writes its segments: a temporary name of this run, ending before the count. */
  private prefix(k: number): string {
    return tempPath(this.o.path, this.runId, `.e${k}s`);
  }

  private segment(k: number, n: number): string {
    return `${this.prefix(k)}${String(n).padStart(6, '0')}`;
  }

  /** Started on its first GOP, so that a short video starts no process without frames. */
  private encoder(k: number): Encoder {
    let e = this.encoders[k];
    if (!e) {
      const run = feedFfmpeg(this.bin, mp4SegmentsCall(this.o, this.prefix(k)));
      e = { run, taken: Promise.resolve(), gops: 0 };
      this.encoders[k] = e;
    }
    return e;
  }

  async write(_frame: number, rgba: Buffer): Promise<void> {
    const g = Math.floor(this.frames / this.gop);
    const e = this.encoder(g % this.o.encoders);
    if (this.frames % this.gop === 0) {
      // A new GOP for this process: wait until it has taken the last one in (its queue is empty),
      // while the other processes go on encoding theirs.
      await Promise.race([e.taken, this.failed(e)]);
      e.gops++;
    }
    this.frames++;
    // A copy: the frame is lent, and the queue keeps it past this call.
    const copy = this.spare.pop() ?? Buffer.allocUnsafeSlow(this.frameBytes);
    rgba.copy(copy, 0, 0, this.frameBytes);
    const taken = e.run.write(copy);
    e.taken = taken.then(() => void this.spare.push(copy));
  }

  /** Rejects (with the sentence) when this encoder fails; never resolves otherwise. */
  private failed(e: Encoder): Promise<never> {
    return e.run.done.then(
      () => new Promise<never>(() => undefined),
      (err: unknown) => Promise.reject(ffmpegError(err, 'writing', this.o.path)),
    );
  }

  async close(): Promise<void> {
    try {
      for (const e of this.encoders) e.run.end();
      const ends = await Promise.allSettled(this.encoders.map((e) => e.run.done));
      const failure = ends.find((r) => r.status === 'rejected');
      if (failure) throw ffmpegError(failure.reason, 'writing', this.o.path);
      const segments: string[] = [];
      for (let g = 0; g * this.gop < this.frames; g++) {
        segments.push(this.segment(g % this.o.encoders, Math.floor(g / this.o.encoders)));
      }
      await this.checkSegments(segments.length);
      const size = { width: this.o.width, height: this.o.height };
      const t0 = performance.now();
      this.pictureHashes = await joinVideos(this.bin, segments, this.o.path, size, this.frames, this.runId);
      this.checkSeconds = (performance.now() - t0) / 1000;
    } finally {
      this.spare.length = 0;
      await this.removeSegments();
    }
  }

  /**
   * Each encoder wrote one file per GOP it got, no more and no fewer: otherwise the join would put
   * pictures out of order while keeping their count.
   */
  private async checkSegments(total: number): Promise<void> {
    const names = await this.segmentNames();
    const expected = this.encoders.reduce((sum, e) => sum + e.gops, 0);
    const missing = this.encoders.flatMap((e, k) =>
      Array.from({ length: e.gops }, (_, n) => basename(this.segment(k, n))).filter(
        (s) => !names.includes(s),
      ),
    );
    if (names.length !== expected || expected !== total || missing.length) {
      throw new UserError(
        `${this.o.path}: the parallel encoders wrote ${names.length} GOP files for ${total} GOPs` +
          `${missing.length ? ` (${missing[0]} is missing)` : ''}; the video is not kept`,
        2,
      );
    }
  }

  /** The names of this run's segment files now in the folder. */
  private async segmentNames(): Promise<string[]> {
    const stem = basename(tempPath(this.o.path, this.runId, '.e'));
    const all = await readdir(dirname(this.o.path)).catch(() => [] as string[]);
    return all.filter((n) => n.startsWith(stem) && /^\d+s\d{6,}$/.test(n.slice(stem.length)));
  }

  private async removeSegments(): Promise<void> {
    const dir = dirname(this.o.path);
    for (const n of await this.segmentNames()) await rm(join(dir, n), { force: true });
  }

  async abort(): Promise<void> {
    for (const e of this.encoders) {
      e.run.end();
      e.run.kill();
    }
    await Promise.allSettled(this.encoders.map((e) => e.run.done));
    await this.removeSegments();
  }
}
