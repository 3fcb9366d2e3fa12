import { UserError } from '../errors.js';

/**
 * How many ffmpeg processes encode the MP4 (`--mp4-encoders N|auto`). With more than one, whole GOPs
 * go round-robin to the processes and their one-GOP files are joined in order by stream copy (see
 * chunked-mp4-sink.ts); the decoded pictures are those of a single encode.
 *
 * Why not always more: one x264 process already spreads a 1080p veryfast encode over its own frame
 * threads, and that scales well up to about 8-16 threads (frame threads wait on the rows of the
 * frame before them, so the gain flattens past that). Below 16 cores one process has the machine to
 * itself; a second only adds a copy of every frame and the buffering below. From 16 cores on,
 * `auto` runs one process per 8 cores (at most MAX_AUTO_ENCODERS), each with room to scale.
 *
 * Memory: each process buffers up to one GOP of raw frames (plus two in the pipe) so that it keeps
 * working while the frames of the other processes' GOPs arrive. `auto` takes fewer processes when
 * those buffers would pass a quarter of the machine's memory.
 */
export type Mp4EncodersChoice = number | 'auto';

export const MAX_MP4_ENCODERS = 16;
export const CORES_PER_ENCODER = 8;
export const MAX_AUTO_ENCODERS = 8;

/** The flag's value checked (a yargs coerce): 'auto' or a whole number 1-16. */
export function parseMp4Encoders(v: unknown): Mp4EncodersChoice {
  if (v === 'auto') return 'auto';
  const n = Number(v);
  if (
    typeof v === 'boolean' ||
    String(v).trim() === '' ||
    !Number.isInteger(n) ||
    n < 1 ||
    n > MAX_MP4_ENCODERS
  ) {
    throw new UserError(
      `--mp4-encoders must be auto or a whole number from 1 to ${MAX_MP4_ENCODERS}, got "${String(v)}"`,
    );
  }
  return n;
}

/** What the choice depends on, measured by the caller (os.availableParallelism, os.totalmem). */
export interface EncoderFacts {
  cores: number;
  /** Bytes of memory of the machine. */
  memory: number;
  /** Bytes of one raw RGBA frame. */
  frameBytes: number;
  /** Frames per GOP. */
  gop: number;
  /** False with --crf: its rate control spans GOPs, so chunks would not be the single encode's pictures. */
  splitsExactly: boolean;
}

/** Bytes of raw frames the parallel encoders may hold at once. */
export function encoderBufferBytes(encoders: number, frameBytes: number, gop: number): number {
  return encoders > 1 ? encoders * (gop + 2) * frameBytes : 0;
}

/** The number of ffmpeg processes for a choice; an explicit N > 1 with --crf is refused. */
export function mp4EncoderCount(choice: Mp4EncodersChoice, f: EncoderFacts): number {
  if (choice !== 'auto') {
    if (choice > 1 && !f.splitsExactly) {
      throw new UserError(
        `--mp4-encoders ${choice} cannot be used with --crf (its rate control spans GOPs, so the chunks ` +
          'would not join into one encode); drop --crf or use --mp4-encoders 1',
      );
    }
    return choice;
  }
  if (!f.splitsExactly) return 1;
  let n = Math.min(MAX_AUTO_ENCODERS, Math.max(1, Math.floor(f.cores / CORES_PER_ENCODER)));
  while (n > 1 && encoderBufferBytes(n, f.frameBytes, f.gop) > f.memory / 4) n--;
  return n;
}
