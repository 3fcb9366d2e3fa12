/**
 * RowGuard: the bytes of a CSV file on their way to csv-parse, bounded. It finds where each record
 * (row) ends exactly as csv-parse does with the reader's options — a record ends at LF or CRLF outside
 * quotes; a double quote opens a quoted field only at the start of a field (elsewhere it is a plain
 * character); inside quotes a doubled quote is a quote and any other quote ends the quoting — and:
 *
 * - drops a record longer than `maxRowBytes` whole (all of it, however long), so that csv-parse never
 *   holds it: a 250 MB line of commas costs a scan, not 250 million fields (which kill Node);
 * - drops a record still inside quotes at the end of the data ("unclosed quote": the rest of the file);
 * - skips a UTF-8 byte order mark at the start (csv-parse is then run without its own BOM handling);
 * - refuses binary data: a NUL byte in the first BINARY_PROBE bytes.
 *
 * Each dropped record is reported through `onDrop` with how many records were passed on before it,
 * so that the reader accounts for it in its place (read = accepted + rejected), and the physical lines
 * it spans. Memory: at most maxRowBytes of a record held back, plus the chunk in hand.
 */
import { Transform, type TransformCallback } from 'node:stream';

export const DEFAULT_MAX_ROW_BYTES = 1 << 20;
export const BINARY_PROBE = 8192;
/** Bytes of a dropped record kept for reports. */
const HEAD_BYTES = 4096;

const LF = 0x0a;
const QUOTE = 0x22;
const COMMA = 0x2c;
const BOM = [0xef, 0xbb, 0xbf];

export interface DroppedRow {
  /** Records passed on to the parser before this one (the header and blank lines included). */
  records: number;
  /** Physical lines the record spans (1 + the line breaks inside its quoted fields). */
  lines: number;
  reason: 'row too long' | 'unclosed quote';
  /** The record's length in bytes without its line end (to the end of the data for an unclosed quote). */
  bytes: number;
  /** Its first bytes as text, for reports. */
  head: string;
}

export interface RowGuardOptions {
  maxRowBytes?: number;
  onDrop: (row: DroppedRow) => void;
  /** The error for binary data: a NUL byte at `offset` of the (decompressed) data. */
  binaryError: (offset: number) => Error;
}

export class RowGuard extends Transform {
  /** A double quote was seen somewhere (records may then span lines). */
  sawQuote = false;
  private readonly max: number;
  private quoting = false;
  /** Inside quotes, a quote was the last byte of a chunk: the next byte decides. */
  private pendingQuote = false;
  /** At the start of a field (a quote here opens quoting). */
  private fieldStart = true;
  /** The current record's bytes in earlier chunks (held back, or dropped), and its line breaks. */
  private recordBytes = 0;
  private recordLines = 0;
  private held: Buffer[] = [];
  private head: Buffer | undefined;
  private dropping = false;
  private passed = 0;
  private probed = 0;
  private bomDone = false;
  private start: Buffer | undefined;

  constructor(private readonly opts: RowGuardOptions) {
    super();
    this.max = opts.maxRowBytes ?? DEFAULT_MAX_ROW_BYTES;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.probed < BINARY_PROBE) {
      const nul = chunk.subarray(0, BINARY_PROBE - this.probed).indexOf(0);
      if (nul >= 0) {
        done(this.opts.binaryError(this.probed + nul));
        return;
      }
      this.probed += chunk.length;
    }
    if (!this.bomDone) {
      const buf: Buffer = this.start ? Buffer.concat([this.start, chunk]) : chunk;
      if (buf.length < BOM.length) {
        this.start = buf;
        done();
        return;
      }
      this.bomDone = true;
      this.start = undefined;
      chunk = BOM.every((b, i) => buf[i] === b) ? buf.subarray(BOM.length) : buf;
    }
    this.scan(chunk);
    done();
  }

  override _flush(done: TransformCallback): void {
    if (!this.bomDone && this.start) this.scan(this.start);
    if (this.pendingQuote) {
      this.pendingQuote = false;
      this.quoting = false; // a quote at the very end closes the field
    }
    const bytes = this.recordBytes;
    if (this.quoting) this.dropRecord('unclosed quote', bytes);
    else if (this.dropping) this.dropRecord('row too long', bytes);
    else if (this.held.length > 0) this.push(Buffer.concat(this.held)); // a last row without a line end
    this.held = [];
    done();
  }

  private dropRecord(reason: DroppedRow['reason'], bytes: number): void {
    const head = (this.head ?? Buffer.concat(this.held)).subarray(0, HEAD_BYTES).toString('utf8');
    this.opts.onDrop({ records: this.passed, lines: this.recordLines + 1, reason, bytes, head });
    this.held = [];
    this.head = undefined;
    this.dropping = false;
  }

  /** Keeps the start of a record that is being dropped, for its report. */
  private startDropping(buf: Buffer, from: number, to: number): void {
    this.head = Buffer.concat([...this.held, buf.subarray(from, Math.min(to, from + HEAD_BYTES))]);
    this.held = [];
    this.dropping = true;
  }

  private scan(buf: Buffer): void {
    const n = buf.length;
    let i = 0;
    let recStart = 0; // where the current record's bytes in buf begin
    let emitFrom = 0; // buf[emitFrom, recStart) holds whole records not yet passed on
    const out: Buffer[] = [];

    const recordEnd = (end: number) => {
      const bytes = this.recordBytes + (end - recStart);
      // The line end does not count: a row of maxRowBytes passes, whole or in pieces.
      if (!this.dropping && bytes - 1 > this.max) this.startDropping(buf, recStart, end);
      if (this.dropping) {
        if (recStart > emitFrom) out.push(buf.subarray(emitFrom, recStart));
        emitFrom = end;
        this.dropRecord('row too long', bytes - 1);
      } else {
        if (this.held.length > 0) out.push(Buffer.concat(this.held));
        this.held = [];
        this.passed++;
      }
      recStart = end;
      this.recordBytes = 0;
      this.recordLines = 0;
      this.fieldStart = true;
    };

    if (this.pendingQuote && n > 0) {
      this.pendingQuote = false;
      if (buf[0] === QUOTE)
        i = 1; // a doubled quote: still quoting
      else this.quoting = false;
    }
    // The next LF and quote at or after a position: queries only move forward, so each byte is
    // searched once per chunk (a line of a million quotes must not cost a million scans of it).
    let lf = -1;
    let qt = -1;
    const nextLf = (from: number) => {
      if (lf < from) {
        const k = buf.indexOf(LF, from);
        lf = k < 0 ? n : k;
      }
      return lf;
    };
    const nextQuote = (from: number) => {
      if (qt < from) {
        const k = buf.indexOf(QUOTE, from);
        qt = k < 0 ? n : k;
      }
      return qt;
    };
    while (i < n) {
      const q = nextQuote(i);
      if (this.quoting) {
        for (let l = nextLf(i); l < q; l = nextLf(l + 1)) this.recordLines++;
        if (q === n) i = n;
        else if (q + 1 === n) {
          this.pendingQuote = true;
          i = n;
        } else if (buf[q + 1] === QUOTE) i = q + 2;
        else {
          this.quoting = false;
          this.fieldStart = false;
          i = q + 1;
        }
        continue;
      }
      // Outside quotes: records end at each LF up to the next quote.
      for (let l = nextLf(i); l < q; l = nextLf(l + 1)) recordEnd(l + 1);
      if (q === n) {
        if (n > recStart) this.fieldStart = buf[n - 1] === COMMA;
        i = n;
        continue;
      }
      this.sawQuote = true;
      // At a field's start: after a comma, at a record's start, or (first byte) as the last chunk left it.
      const atFieldStart = q > recStart ? buf[q - 1] === COMMA : q > 0 || this.fieldStart;
      this.fieldStart = false;
      this.quoting = atFieldStart;
      i = q + 1;
    }

    // The record still open at the end of the chunk: hold it back, or drop it once it is too long.
    if (n > recStart) {
      const bytes = this.recordBytes + (n - recStart);
      if (!this.dropping && bytes > this.max) this.startDropping(buf, recStart, n);
      if (!this.dropping) this.held.push(Buffer.from(buf.subarray(recStart)));
      this.recordBytes = bytes;
    }
    if (recStart > emitFrom) out.push(buf.subarray(emitFrom, recStart));
    for (const b of out) this.push(b);
  }
}
