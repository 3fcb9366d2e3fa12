/**
 * A byte stream → its lines, numbered from 1, without their LF or CRLF; a UTF-8 BOM at the start is
 * dropped. A line longer than MAX_LINE is not kept in memory: it is handed on as `null` (too long), so a
 * file without line breaks cannot exhaust memory. Also: the first bytes of a stream, read ahead without
 * losing them, for format detection.
 */
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** Longest line kept (1 MiB); longer ones are reported as too long. */
export const MAX_LINE = 1 << 20;

/** `text` is null for a line longer than MAX_LINE. */
export type LineHandler = (text: string | null, line: number) => void;

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';
  private line = 0;
  private first = true;
  private overlong = false;

  constructor(private readonly onLine: LineHandler) {}

  /** Lines handed on so far. */
  get lines(): number {
    return this.line;
  }

  push(chunk: Buffer): void {
    this.feed(this.decoder.write(chunk));
  }

  private feed(text: string): void {
    let s = text;
    if (this.first && s.length > 0) {
      this.first = false;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    let start = 0;
    for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', start)) {
      const piece = s.slice(start, i);
      start = i + 1;
      if (this.overlong || this.rest.length + piece.length > MAX_LINE) {
        this.rest = '';
        this.overlong = false;
        this.onLine(null, ++this.line);
        continue;
      }
      let text = this.rest.length > 0 ? this.rest + piece : piece;
      this.rest = '';
      if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
      this.onLine(text, ++this.line);
    }
    if (this.overlong) return;
    const tail = s.slice(start);
    if (this.rest.length + tail.length > MAX_LINE) {
      this.rest = '';
      this.overlong = true;
    } else this.rest += tail;
  }

  /** The last line, when the data does not end in a line break. */
  end(): void {
    this.feed(this.decoder.end());
    if (this.overlong) {
      this.overlong = false;
      this.onLine(null, ++this.line);
    } else if (this.rest.length > 0) {
      const text = this.rest.charCodeAt(this.rest.length - 1) === 13 ? this.rest.slice(0, -1) : this.rest;
      this.rest = '';
      this.onLine(text, ++this.line);
    }
  }
}

/**
 * The first `bytes` of a stream (fewer when it is shorter) and a stream that yields every byte again,
 * those first ones included. Stream errors reach the returned stream (or reject, while reading ahead).
 */
export async function readAhead(
  stream: Readable,
  bytes: number,
): Promise<{ head: Buffer; stream: Readable }> {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const taken: Buffer[] = [];
  let have = 0;
  let done = false;
  while (have < bytes) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    taken.push(r.value);
    have += r.value.length;
  }
  async function* again(): AsyncGenerator<Buffer> {
    yield* taken;
    if (done) return;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  return {
    head: Buffer.concat(taken).subarray(0, bytes),
    stream: Readable.from(again(), { objectMode: false }),
  };
}
