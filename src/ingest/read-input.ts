/**
 * The input of any command: the `--input` file through readCsv, or, without one, the seeded synthetic
 * data (one day from 2013-07-15 by default; with --from/--to, the whole days that cover them, at most 366).
 * The selection applies to both; synthetic rows are never rejected.
 */
import type { TimeWindow } from './time-window.js';
import { createHash } from 'node:crypto';
import { UserError } from '../errors.js';
import type { ColumnSpec } from './column-map.js';
import type { TimeFormat } from './parse-time.js';
import type { IngestResult } from './read-csv.js';
import { inputCacheDir, readCsvCached } from './input-cache.js';
import { applySelection, type Selection } from './select.js';
import { SYNTHETIC_DEFAULT_START, syntheticRows } from './synthetic.js';

/** What readInput needs: the file (or none: synthetic), how to read it and what to keep. */
export interface InputOptions {
  /** Undefined: the synthetic data for `seed`. */
  input?: string;
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
}

export interface LoadedInput extends IngestResult {
  /** 'file:PATH' or 'synthetic:SEED', for manifests and reports. */
  source: string;
  binSeconds: number;
  /** --from / --to (epoch seconds), to pass on to buildTimeline as start / end. */
  start?: number;
  end?: number;
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

export async function readInput(opts: InputOptions): Promise<LoadedInput> {
  const { selection, binSeconds } = opts;
  const span = { start: selection.from, end: selection.to };
  if (opts.input !== undefined) {
    const result = await readCsvCached(
      opts.input,
      {
        columns: opts.columns,
        timeFormat: opts.timeFormat,
        geoipDb: opts.geoipDb,
        strict: opts.strict,
        rejectsPath: opts.rejects,
        selection,
        timeWindow: opts.timeWindow,
      },
      opts.cacheDir === undefined ? inputCacheDir() : opts.cacheDir,
    );
    return { ...result, source: `file:${opts.input}`, binSeconds, ...span };
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
    source: label,
    binSeconds,
    ...span,
  };
}
