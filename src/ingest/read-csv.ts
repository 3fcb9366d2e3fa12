/**
 * Streaming CSV reader: file (plain or gzip) → validated PacketRows, with every row accounted for:
 * read = accepted + rejected, and accepted = rows kept + filtered (outside the selection).
 *
 * - Line numbers are physical file lines, 1 = the header. A quoted field may span lines; its row is
 *   numbered by its first line. Lines end in LF or CRLF (mixed is fine); a UTF-8 BOM is skipped.
 * - Blank lines are not rows: they are counted in `blankLines` and otherwise skipped.
 * - A quote left open at the end of the file makes the rest of the file one rejected row ("unclosed quote").
 * - A row (record) longer than maxRowBytes (default 1 MiB) is one rejected row ("row too long"); it is
 *   dropped before csv-parse sees it (RowGuard), so its size costs a scan, never memory.
 * - File-level problems are UserErrors (exit 1): missing file, empty file (no header), a header without
 *   the needed columns, a header longer than maxRowBytes or with an unclosed quote, binary data (a NUL
 *   byte in the first 8 KiB), truncated or damaged gzip.
 *
 * Speed: csv-parse in its plain mode (records as arrays, no per-record info objects); line numbers are
 * counted here, cheaply: one line per record unless the file contains a quote character at all.
 */
import { parse } from 'csv-parse';
import { pipeline } from 'node:stream';
import { UserError } from '../errors.js';
import { mapColumns, type ColumnMap, type ColumnSpec, type InputFormat } from './column-map.js';
import type { GeoLookup } from './geoip.js';
import { readerSetup, ingestSummary } from './reader-setup.js';
import { inputError, openInput, type OpenedInput } from './open-input.js';
import type { PacketRow } from './packet-row.js';
import { timeParser, type TimeFormat } from './parse-time.js';
import type { RejectedRow } from './reject-log.js';
import type { Selection } from './select.js';
import type { TimeWindow } from './time-window.js';
import { DEFAULT_MAX_ROW_BYTES, RowGuard } from './row-guard.js';
import { Rejection, RowValidator } from './validate-row.js';

export interface ReadCsvOptions {
  columns?: ColumnSpec;
  timeFormat?: TimeFormat;
  /** `--geoip-db`: a MaxMind .mmdb file; default the bundled geoip-country data. */
  geoipDb?: string;
  /** A ready lookup (tests); wins over geoipDb. */
  geo?: GeoLookup;
  strict?: boolean;
  /** `--rejects FILE`. */
  rejectsPath?: string;
  selection?: Selection;
  /** Row times outside it are rejected; default DEFAULT_TIME_WINDOW (1990-2100). */
  timeWindow?: TimeWindow;
  /** Longest row (record) in bytes; a longer one is rejected ("row too long"). Default 1 MiB. */
  maxRowBytes?: number;
  /** Rejected rows kept in memory (all are counted and written to rejectsPath). Default 1000. */
  keepRejects?: number;
  /** Add to rejectsPath instead of starting it (the second and later of several inputs). */
  rejectsAppend?: boolean;
  /** The input already opened (standard input, or a file whose first bytes were read to detect its format). */
  opened?: OpenedInput;
}

export interface IngestResult {
  /** The file path, or 'synthetic:SEED'. */
  file: string;
  format: InputFormat | 'synthetic';
  /** Accepted rows inside the selection, in file order. */
  rows: PacketRow[];
  /** Data rows read (blank lines excluded). */
  read: number;
  accepted: number;
  rejected: number;
  /** Accepted rows outside the selection. */
  filtered: number;
  blankLines: number;
  byReason: Record<string, number>;
  /** The first rejected rows (see keepRejects). */
  rejects: RejectedRow[];
  /** SHA-256 hex of the file bytes. */
  digest: string;
  /** Where GeoIP countries came from, when any row needed one; null otherwise. */
  geo: string | null;
}

/** Newlines inside a record's fields (only quoted fields can hold them). */
function innerLines(rec: string[]): number {
  let n = 0;
  for (const f of rec) {
    for (let i = f.indexOf('\n'); i >= 0; i = f.indexOf('\n', i + 1)) n++;
  }
  return n;
}

export async function readCsv(path: string, opts: ReadCsvOptions = {}): Promise<IngestResult> {
  const { getGeo, geoName, keep, log } = await readerSetup(path, opts);
  const parseTime = timeParser(opts.timeFormat ?? 'auto');
  const input = opts.opened ?? (await openInput(path));

  const rows: PacketRow[] = [];
  let map: ColumnMap | undefined;
  let validator: RowValidator | undefined;
  let line = 1; // the line the next record starts on
  let records = 0; // records handled, header and blank lines included
  let read = 0;
  let accepted = 0;
  let filtered = 0;
  let blankLines = 0;
  /** Rows that never reach the parser (RowGuard drops) or that it skips, by their place among its records. */
  const skips: { records: number; lines: number; why: Rejection; head: string }[] = [];

  const guard = new RowGuard({
    maxRowBytes: opts.maxRowBytes,
    onDrop: (d) => {
      const why =
        d.reason === 'unclosed quote'
          ? new Rejection(
              'unclosed quote',
              `a quoted field is still open at the end of the file (${d.bytes} bytes)`,
            )
          : new Rejection(
              'row too long',
              `${d.bytes} bytes, at most ${opts.maxRowBytes ?? DEFAULT_MAX_ROW_BYTES}`,
            );
      skips.push({ records: d.records, lines: d.lines, why, head: d.head });
    },
    binaryError: (offset) =>
      new UserError(
        `${path}: this is not CSV text (binary data: a NUL byte at byte ${offset} of the ` +
          `${input.gzip ? 'decompressed ' : ''}data). Give a CSV file, plain or gzip-compressed.`,
      ),
  });

  const settleSkips = () => {
    while (skips.length > 0 && skips[0].records <= records) {
      const skip = skips.shift()!;
      if (validator === undefined) {
        throw new UserError(
          `${path}:${line}: the header line ${skip.why.reason === 'unclosed quote' ? 'opens a quote that is never closed' : `is too long (${skip.why.detail})`}`,
        );
      }
      read++;
      log.add(line, skip.why, skip.head);
      line += skip.lines;
    }
  };

  const parser = parse({
    relax_column_count: true,
    relax_quotes: true,
    record_delimiter: ['\r\n', '\n'],
    skip_records_with_error: true,
    // RowGuard passes on no unclosed quote and no oversized row: nothing is expected here, but
    // whatever csv-parse skips is still one rejected row.
    on_skip: (err) => {
      skips.push({
        records,
        lines: 1,
        why: new Rejection('malformed csv', err?.code ?? ''),
        head: '',
      });
    },
  });

  const onRecord = (rec: string[]) => {
    if (skips.length > 0) settleSkips();
    records++;
    const start = line;
    line += guard.sawQuote ? 1 + innerLines(rec) : 1;
    if (validator === undefined) {
      if (rec.length === 1 && rec[0].trim() === '') {
        throw new UserError(`${path}:1: the first line is empty; it must be the header (column names)`);
      }
      map = mapColumns(path, rec, opts.columns);
      validator = new RowValidator(map, parseTime, getGeo, opts.timeWindow);
      return;
    }
    if (rec.length === 1 && rec[0] === '') {
      blankLines++;
      return;
    }
    read++;
    const row = validator.check(rec);
    if (row instanceof Rejection) {
      log.add(start, row, rec);
      return;
    }
    accepted++;
    if (keep !== null && !keep(row)) filtered++;
    else rows.push(row);
  };

  await new Promise<void>((resolve, reject) => {
    let failure: unknown;
    parser.on('data', (rec: string[]) => {
      if (failure !== undefined) return;
      try {
        onRecord(rec);
      } catch (err) {
        failure = err;
        parser.destroy(err as Error);
      }
    });
    pipeline(input.stream, guard, parser, (err) => {
      if (failure === undefined && !err) {
        try {
          settleSkips();
        } catch (e) {
          failure = e;
        }
      }
      log.close();
      const problem = failure ?? err;
      if (problem) reject(inputError(path, input.gzip, problem, line - 1));
      else resolve();
    });
  });

  if (!map) throw new UserError(`${path}: the file is empty (no header line, no rows)`);
  return {
    file: path,
    format: map.format,
    rows,
    ...ingestSummary({ read, accepted, filtered, blankLines }, log, input, geoName),
  };
}
