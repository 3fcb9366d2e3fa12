/**
 * The input of any command: each `--input` file (or `-`, standard input) through the reader its first
 * bytes call for (or `--format-in`): CSV, Cowrie, Suricata, Zeek, iptables, T-Pot; several inputs merged by
 * time. Without one, the seeded synthetic data (one day from 2013-07-15 by default; with --from/--to, the
 * whole days that cover them, at most 366). The selection applies to all; synthetic rows are never rejected.
 */
import type { TimeWindow } from './time-window.js';
import { createHash } from 'node:crypto';
import { UserError } from '../errors.js';
import type { ColumnSpec } from './column-map.js';
import type { TimeFormat } from './parse-time.js';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { inputError, inputLabel, openInput, STDIN, type OpenedInput } from './open-input.js';
import { readCsv, type IngestResult } from './read-csv.js';
import { cowrieFormat } from './readers/cowrie.js';
import { detectFormat, type InputFormatName } from './readers/detect-format.js';
import { iptablesFormat } from './readers/iptables.js';
import { readLines, type InputNote, type LineFormat } from './readers/read-lines.js';
import { suricataFormat, type SuricataEvents } from './readers/suricata.js';
import { readAhead } from './readers/text-lines.js';
import { tpotFormat } from './readers/tpot.js';
import { zeekFormat } from './readers/zeek.js';
import { cachedRead, inputCacheDir } from './input-cache.js';
import { applySelection, type Selection } from './select.js';
import { SYNTHETIC_DEFAULT_START, syntheticRows } from './synthetic.js';

/** What readInput needs: the files (or none: synthetic), how to read them and what to keep. */
export interface InputOptions {
  /** Files to read (`-`: standard input); none: the synthetic data for `seed`. */
  inputs: string[];
  /** A reader by name; 'auto' or undefined: by content. */
  formatIn?: 'auto' | InputFormatName;
  suricata?: SuricataEvents;
  year?: number;
  tz?: string;
  seed: number;
  columns?: ColumnSpec;
  timeFormat?: TimeFormat;
  /** Row times outside it are rejects (default 1990-2100). */
  timeWindow?: TimeWindow;
  geoipDb?: string;
  rejects?: string;
  strict: boolean;
  binSeconds: number;
  selection: Selection;
  /** Folder of the parsed-input cache (input-cache.ts); null: no cache. Default inputCacheDir(). */
  cacheDir?: string | null;
  /**
   * Opens an input instead of reading the file at its path (a followed render hands over the whole
   * lines of a growing file or of standard input read so far). The path still names it in messages.
   */
  open?: (path: string) => Promise<OpenedInput>;
}

export interface LoadedInput extends Omit<IngestResult, 'format'> {
  /** The reader: a CSV flavour (marx, marx-cc, marx-geo, csv), a line format, or 'synthetic'; several joined by '+'. */
  format: string;
  /** 'file:PATH' (PATH '-' is standard input), 'files:A,B,…' for several, or 'synthetic:SEED'. */
  source: string;
  binSeconds: number;
  /** --from / --to (epoch seconds), to pass on to buildTimeline as start / end. */
  start?: number;
  end?: number;
  /** Lines that hold no connection record (other event types, comments, headers); 0 for CSV. */
  skipped: number;
  /** Records (lines) behind `rows`: a flow record of n packets gives n rows. */
  records: number;
  /** Timed texts the input carries (Suricata alert signatures), by time. */
  notes: InputNote[];
}

const DAY = 86400;
const MAX_SYNTHETIC_DAYS = 366;

/** The synthetic days that cover [from, to): default one day from SYNTHETIC_DEFAULT_START. */
export function syntheticSpan(from?: number, to?: number): { start: number; days: number } {
  const start =
    from !== undefined
      ? Math.floor(from / DAY) * DAY
      : to !== undefined
        ? Math.floor((to - 1) / DAY) * DAY
        : SYNTHETIC_DEFAULT_START;
  const days = to !== undefined ? Math.max(1, Math.ceil((to - start) / DAY)) : 1;
  if (days > MAX_SYNTHETIC_DAYS) {
    throw new UserError(
      `--from/--to span ${days} days; the synthetic input makes at most ${MAX_SYNTHETIC_DAYS}`,
    );
  }
  return { start, days };
}

/** Bytes read ahead to detect a file's format. */
const HEAD = 64 * 1024;

/** `sensor-a.json.gz` → `sensor-a`: the host of rows that name none, when there are several inputs. */
export function hostFromPath(path: string): string {
  if (path === STDIN) return 'stdin';
  return basename(path).replace(/(\.(gz|json|jsonl|ndjson|log|csv|txt|tsv))+$/i, '') || basename(path);
}

interface OneInput {
  path: string;
  index: number;
  defaultHost: string;
}

async function readOne(
  opts: InputOptions,
  one: OneInput,
): Promise<Omit<LoadedInput, 'source' | 'binSeconds'>> {
  const label = inputLabel(one.path);
  const opened = await (opts.open ?? openInput)(one.path);
  let ahead: { head: Buffer; stream: Readable };
  try {
    ahead = await readAhead(opened.stream, HEAD);
  } catch (err) {
    throw inputError(label, opened.gzip, err, 0);
  }
  const input = { ...opened, stream: ahead.stream };
  const forced = opts.formatIn !== undefined && opts.formatIn !== 'auto' ? opts.formatIn : undefined;
  const format: InputFormatName = forced ?? detectFormat(label, ahead.head);
  const common = {
    geoipDb: opts.geoipDb,
    strict: opts.strict,
    rejectsPath: opts.rejects,
    rejectsAppend: one.index > 0,
    selection: opts.selection,
    timeWindow: opts.timeWindow,
  };
  if (format === 'csv') {
    const r = await readCsv(label, {
      ...common,
      columns: opts.columns,
      timeFormat: opts.timeFormat,
      opened: input,
    });
    const rows = one.defaultHost
      ? r.rows.map((row) => (row.host ? row : { ...row, host: one.defaultHost }))
      : r.rows;
    return { ...r, rows, skipped: 0, records: rows.length, notes: [] };
  }
  const host = one.defaultHost;
  const line: LineFormat =
    format === 'cowrie'
      ? cowrieFormat(host)
      : format === 'suricata'
        ? suricataFormat(opts.suricata, host)
        : format === 'zeek'
          ? zeekFormat(host)
          : format === 'iptables'
            ? iptablesFormat({ year: opts.year, tz: opts.tz, label }, host)
            : tpotFormat(host);
  return readLines(label, format, input, line, common);
}

/**
 * readOne through the parsed-input cache (input-cache.ts) for a plain file without a rejects file (whose
 * lines the parse must write): the key is everything that shapes the result besides the file's bytes.
 */
async function readOneCached(
  opts: InputOptions,
  one: OneInput,
): Promise<Omit<LoadedInput, 'source' | 'binSeconds'>> {
  const dir = opts.cacheDir === undefined ? inputCacheDir() : opts.cacheDir;
  if (dir === null || one.path === STDIN || opts.rejects !== undefined || opts.open)
    return readOne(opts, one);
  const key = {
    formatIn: opts.formatIn ?? 'auto',
    suricata: opts.suricata ?? null,
    year: opts.year ?? null,
    tz: opts.tz ?? null,
    columns: opts.columns ?? null,
    timeFormat: opts.timeFormat ?? null,
    timeWindow: opts.timeWindow ?? null,
    strict: opts.strict,
    selection: opts.selection,
    defaultHost: one.defaultHost,
  };
  return cachedRead(dir, one.path, key, opts.geoipDb, () => readOne(opts, one));
}

export async function readInput(opts: InputOptions): Promise<LoadedInput> {
  const { selection, binSeconds } = opts;
  const span = { start: selection.from, end: selection.to };
  const paths = opts.inputs;
  if (paths.length > 0) {
    if (paths.filter((p) => p === STDIN).length > 1)
      throw new UserError('--input - (standard input) can be given only once');
    const several = paths.length > 1;
    const parts = [];
    for (const [index, path] of paths.entries())
      parts.push(await readOneCached(opts, { path, index, defaultHost: several ? hostFromPath(path) : '' }));
    if (!several) {
      return { ...parts[0], source: `file:${paths[0]}`, binSeconds, ...span };
    }
    return { ...mergeInputs(parts), source: `files:${paths.join(',')}`, binSeconds, ...span };
  }
  const { start, days } = syntheticSpan(selection.from, selection.to);
  const all = syntheticRows(opts.seed, { start, days });
  const { rows, filtered } = applySelection(all, selection);
  const label = `synthetic:${opts.seed}`;
  return {
    file: label,
    format: 'synthetic',
    rows,
    read: all.length,
    accepted: all.length,
    rejected: 0,
    filtered,
    blankLines: 0,
    byReason: {},
    rejects: [],
    digest: createHash('sha256').update(`${label}:${start}:${days}`).digest('hex'),
    geo: null,
    skipped: 0,
    records: rows.length,
    notes: [],
    source: label,
    binSeconds,
    ...span,
  };
}

/** Several inputs as one: rows merged by time (a stable sort: equal times keep input order), counts added. */
function mergeInputs(
  parts: Omit<LoadedInput, 'source' | 'binSeconds'>[],
): Omit<LoadedInput, 'source' | 'binSeconds'> {
  const sum = (f: (p: (typeof parts)[number]) => number) => parts.reduce((n, p) => n + f(p), 0);
  const byReason: Record<string, number> = {};
  for (const p of parts)
    for (const [k, n] of Object.entries(p.byReason)) byReason[k] = (byReason[k] ?? 0) + n;
  const rows = parts.flatMap((p) => p.rows).sort((a, b) => a.time - b.time);
  const geo = [...new Set(parts.map((p) => p.geo).filter((g) => g !== null))];
  return {
    file: parts.map((p) => p.file).join(', '),
    format: [...new Set(parts.map((p) => p.format))].join('+'),
    rows,
    read: sum((p) => p.read),
    accepted: sum((p) => p.accepted),
    rejected: sum((p) => p.rejected),
    filtered: sum((p) => p.filtered),
    blankLines: sum((p) => p.blankLines),
    skipped: sum((p) => p.skipped),
    records: sum((p) => p.records),
    byReason,
    rejects: parts.flatMap((p) => p.rejects.map((r) => ({ ...r, file: p.file }))),
    digest: createHash('sha256')
      .update(parts.map((p) => p.digest).join('\n'))
      .digest('hex'),
    geo: geo.length > 0 ? geo.join(', ') : null,
    notes: parts.flatMap((p) => p.notes).sort((a, b) => a.time - b.time),
  };
}
