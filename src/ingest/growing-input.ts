/**
 * A growing input for a followed render (--follow): a file being appended to, or standard input. Each
 * snapshot holds every whole line read so far (up to the last newline; a line still being written
 * waits for its newline), so a reader never sees half a row. Plain text only: a gzip stream cannot be
 * cut at a line.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { UserError } from '../errors.js';
import { STDIN, type OpenedInput } from './open-input.js';

export interface Snapshot {
  /** Every whole line so far (all of it once the input has ended). */
  bytes: Buffer;
  /** Standard input was closed: nothing more will come. A file never ends. */
  ended: boolean;
}

const isGzip = (b: Buffer) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

function wholeLines(b: Buffer): Buffer {
  return b.subarray(0, b.lastIndexOf(0x0a) + 1);
}

export class GrowingInput {
  private stdinChunks: Buffer[] = [];
  private stdinEnded = false;
  private wake: (() => void) | undefined;
  private last: Snapshot = { bytes: Buffer.alloc(0), ended: false };

  constructor(
    readonly path: string,
    private readonly pollMs = 250,
  ) {
    if (path === STDIN) {
      process.stdin.on('data', (c: Buffer) => {
        this.stdinChunks.push(c);
        this.wake?.();
      });
      process.stdin.once('end', () => {
        this.stdinEnded = true;
        this.wake?.();
      });
    }
  }

  private async read(): Promise<Snapshot> {
    if (this.path === STDIN) {
      const all = Buffer.concat(this.stdinChunks);
      this.stdinChunks = [all];
      if (isGzip(all))
        throw new UserError(
          '--follow reads plain text; standard input is gzip, which cannot be read line by line',
        );
      return { bytes: this.stdinEnded ? all : wholeLines(all), ended: this.stdinEnded };
    }
    let all: Buffer;
    try {
      if ((await stat(this.path)).size === this.last.bytes.length) return this.last;
      all = await readFile(this.path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'an error';
      throw new UserError(
        `--input ${this.path} cannot be read while followed (${code}); check the path and its permissions`,
      );
    }
    if (isGzip(all))
      throw new UserError(
        `--follow reads plain text; ${this.path} is gzip, which cannot be read line by line as it grows`,
      );
    return { bytes: wholeLines(all), ended: false };
  }

  /**
   * The next snapshot that holds more lines than the last one (or that ends the input); undefined when
   * `signal` aborts first. A file that shrinks (rotated or truncated) is refused: rows already drawn
   * would be gone.
   */
  async next(signal: AbortSignal): Promise<Snapshot | undefined> {
    while (!signal.aborted) {
      const snap = await this.read();
      const head = Math.min(64, this.last.bytes.length);
      if (
        snap.bytes.length < this.last.bytes.length ||
        !snap.bytes.subarray(0, head).equals(this.last.bytes.subarray(0, head))
      )
        throw new UserError(
          `--input ${this.path} was truncated or replaced while followed (${this.last.bytes.length} bytes before, ` +
            `${snap.bytes.length} now); follow an append-only log, and start again on the new file`,
        );
      if (snap.bytes.length > this.last.bytes.length || (snap.ended && !this.last.ended)) {
        this.last = snap;
        return snap;
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          this.wake = undefined;
          resolve();
        };
        const timer = setTimeout(done, this.pollMs);
        signal.addEventListener('abort', done);
        this.wake = done;
      });
    }
    return undefined;
  }

  /** Stops reading standard input (which would otherwise keep the process alive after the render). */
  close(): void {
    if (this.path === STDIN) process.stdin.destroy();
  }

  /** The last snapshot as an opened input (readInput's `open`), with the SHA-256 of its bytes. */
  opened(): OpenedInput {
    const bytes = this.last.bytes;
    const digest = createHash('sha256').update(bytes).digest('hex');
    return { stream: Readable.from(bytes.length ? [bytes] : []), gzip: false, digest: () => digest };
  }
}
