import { createHash, type Hash } from 'node:crypto';
import { Writable } from 'node:stream';
import { decodeYuvCall, yuv420FrameBytes } from './ffmpeg-args.js';
import { ffmpegError, runFfmpeg } from './ffmpeg.js';

/**
 * What the manifest certifies for a video. H.264 in yuv420p is lossy, so a video's pictures are not
 * the frames' RGBA bytes and cannot match their hashes. What is exact is the decoder's output: H.264
 * decoding is bit-exact by the standard, so the SHA-256 of each decoded picture in the stream's own
 * yuv420p planes (Y, then U, then V; no colour conversion, whose rounding differs between builds)
 * is the same on any machine. The render hashes the file it wrote, before giving it its final name;
 * `verify` and `concat` decode the file again and compare, which catches a cut, re-encoded or
 * swapped video as well as a changed picture.
 */
export const VIDEO_FRAME_DIGEST = 'sha256 of each decoded picture, yuv420p planes Y, U, V';

/** Splits a byte stream into pictures of `size` bytes and hashes each. */
class PictureHasher extends Writable {
  readonly hashes: string[] = [];
  private hash: Hash = createHash('sha256');
  private filled = 0;

  constructor(private readonly size: number) {
    // No 'close' event: fluent-ffmpeg takes an output stream's close for a failure (it would race
    // ffmpeg's own exit).
    super({ emitClose: false });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    let at = 0;
    while (at < chunk.length) {
      const take = Math.min(this.size - this.filled, chunk.length - at);
      this.hash.update(chunk.subarray(at, at + take));
      this.filled += take;
      at += take;
      if (this.filled === this.size) {
        this.hashes.push(this.hash.digest('hex'));
        this.hash = createHash('sha256');
        this.filled = 0;
      }
    }
    done();
  }

  /** Bytes of a last, incomplete picture (0 when the stream was whole pictures). */
  get leftover(): number {
    return this.filled;
  }
}

/**
 * Decodes every picture of `path` (a video of width×height) and returns their hashes in order.
 * A file ffmpeg cannot decode to the end fails with a sentence naming it.
 */
export async function videoFrameHashes(
  bin: string,
  path: string,
  width: number,
  height: number,
): Promise<string[]> {
  const hasher = new PictureHasher(yuv420FrameBytes(width, height));
  const run = runFfmpeg(bin, decodeYuvCall(path), { stdout: hasher });
  try {
    await run.done;
  } catch (e) {
    throw ffmpegError(e, 'to decode', path);
  }
  if (!hasher.writableFinished) await new Promise((r) => hasher.once('finish', r));
  if (hasher.leftover) {
    throw ffmpegError(
      new Error(`a picture of ${hasher.leftover} bytes is not ${width}x${height}`),
      'to decode',
      path,
    );
  }
  return hasher.hashes;
}
