/**
 * The reader of every line format (Cowrie, Suricata, Zeek, iptables, T-Pot): one line at a time through
 * the format's parser to a record of text fields [time, src, proto, dport, host, cc, type], then through
 * the same RowValidator as CSV rows, so every row rule (time, protocol, ports, addresses, hosts, country
 * codes) applies to every format alike. The accounting is the CSV reader's: read = accepted + rejected,
 * each rejected line with `file:line: reason`, `--rejects`, `--strict`; blank lines are counted apart, and
 * so are lines that hold no connection (other event types, comments, headers: `skipped`).
 *
 * A record may stand for several packets (a flow's packets to the server): it becomes that many rows
 * (the same object, shared). `accepted`, `filtered` and `records` count records; `rows` counts packets.
 */
import { UserError } from '../../errors.js';
import type { ColumnMap } from '../column-map.js';
import { readerSetup, ingestSummary, type ReaderSetupOptions } from '../reader-setup.js';
import { inputError, type OpenedInput } from '../open-input.js';
import type { PacketRow } from '../packet-row.js';
import type { IngestResult } from '../read-csv.js';
import { Rejection, RowValidator } from '../validate-row.js';
import type { TimeWindow } from '../time-window.js';
import { LineSplitter, MAX_LINE } from './text-lines.js';

/** One line's connection as text fields, in RECORD order, and the packets it stands for. */
export interface LineRecord {
  rec: string[];
  packets: number;
}

/** A timed text an input carries besides its rows (a Suricata alert's signature), for captions. */
export interface InputNote {
  time: number;
  text: string;
}

export interface LineFormat {
  /** The record's time text → epoch seconds, NaN when it is not a time. */
  parseTime(text: string): number;
  /** A line → its record, the reason it is rejected, or null when it holds no connection. */
  parse(line: string, lineNo: number): LineRecord | Rejection | null;
  /** Timed texts found while reading (optional). */
  notes?: InputNote[];
}

/** Field order of a LineRecord's `rec`. */
export const RECORD = { time: 0, src: 1, proto: 2, dport: 3, host: 4, cc: 5, type: 6 } as const;
const RECORD_MAP: ColumnMap = { index: { ...RECORD }, width: 7, format: 'csv', header: Object.keys(RECORD) };

/** Most packets one record may stand for (a flow of more is rejected, not truncated). */
export const MAX_PACKETS = 1_000_000;

export interface ReadLinesOptions extends ReaderSetupOptions {
  /** Row times outside it are rejects (default 1990-2100). */
  timeWindow?: TimeWindow;
}

export interface LinesResult extends Omit<IngestResult, 'format'> {
  format: string;
  /** Lines that hold no connection record (other event types, comments, headers). */
  skipped: number;
  /** Records (lines) behind `rows` that are inside the selection. */
  records: number;
  notes: InputNote[];
}

const BINARY_PROBE = 8192;

/** Packet count text → 1…MAX_PACKETS, or a Rejection. Zero counts as one (the connection was seen). */
export function packetCount(text: string): number | Rejection {
  const n = text === '' ? NaN : Number(text);
  if (!Number.isInteger(n) || n < 0) return new Rejection('bad packet count', JSON.stringify(text));
  if (n > MAX_PACKETS) return new Rejection('bad packet count', `${n}, at most ${MAX_PACKETS} per record`);
  return Math.max(1, n);
}

export async function readLines(
  label: string,
  name: string,
  input: OpenedInput,
  format: LineFormat,
  opts: ReadLinesOptions = {},
): Promise<LinesResult> {
  const { getGeo, geoName, keep, log } = await readerSetup(label, opts);
  const validator = new RowValidator(RECORD_MAP, (s) => format.parseTime(s), getGeo, opts.timeWindow);
  const rows: PacketRow[] = [];
  let read = 0;
  let accepted = 0;
  let filtered = 0;
  let records = 0;
  let blankLines = 0;
  let skipped = 0;
  let probed = 0;

  const splitter = new LineSplitter((text, line) => {
    if (text === null) {
      read++;
      log.add(line, new Rejection('malformed line', `longer than ${MAX_LINE >> 20} MiB`), '');
      return;
    }
    if (text.length === 0 || text.trim() === '') {
      blankLines++;
      return;
    }
    const parsed = format.parse(text, line);
    if (parsed === null) {
      skipped++;
      return;
    }
    read++;
    if (parsed instanceof Rejection) {
      log.add(line, parsed, text);
      return;
    }
    const row = validator.check(parsed.rec);
    if (row instanceof Rejection) {
      log.add(line, row, text);
      return;
    }
    accepted++;
    if (keep !== null && !keep(row)) {
      filtered++;
      return;
    }
    records++;
    for (let k = 0; k < parsed.packets; k++) rows.push(row);
  });

  try {
    for await (const chunk of input.stream as AsyncIterable<Buffer>) {
      if (probed < BINARY_PROBE) {
        const nul = chunk.subarray(0, BINARY_PROBE - probed).indexOf(0);
        if (nul >= 0) {
          throw new UserError(
            `${label}: this is not ${name} text (binary data: a NUL byte at byte ${probed + nul} of the ` +
              `${input.gzip ? 'decompressed ' : ''}data). Give a text log, plain or gzip-compressed.`,
          );
        }
        probed += chunk.length;
      }
      splitter.push(chunk);
    }
    splitter.end();
  } catch (err) {
    throw inputError(label, input.gzip, err, splitter.lines);
  } finally {
    log.close();
  }
  return {
    file: label,
    format: name,
    rows,
    ...ingestSummary({ read, accepted, filtered, blankLines }, log, input, geoName),
    skipped,
    records,
    notes: [...(format.notes ?? [])].sort((a, b) => a.time - b.time),
  };
}

/** A JSON value as record text: strings as they are, numbers in decimal, absent as ''. */
export function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (v === undefined || v === null) return '';
  return JSON.stringify(v) ?? '';
}

/** A line of JSON → its object, or a Rejection ('malformed json'). */
export function parseJsonObject(line: string): Record<string, unknown> | Rejection {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (err) {
    return new Rejection('malformed json', (err as Error).message.slice(0, 80));
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return new Rejection('malformed json', 'not a JSON object');
  return v as Record<string, unknown>;
}

/** `a.b` from `{a: {b}}` or from a flat `{"a.b": …}` (Zeek and Elasticsearch write both). */
export function dotted(o: Record<string, unknown>, path: string): unknown {
  if (path in o) return o[path];
  const dot = path.indexOf('.');
  if (dot < 0) return undefined;
  const inner = o[path.slice(0, dot)];
  return typeof inner === 'object' && inner !== null
    ? dotted(inner as Record<string, unknown>, path.slice(dot + 1))
    : undefined;
}
