/**
 * `--captions FILE`: timed texts to show on the video, from CSV (a header naming `start`, `text` and
 * `end` or `duration`) or JSON (an array of objects with the same keys; `.json` files, or any file whose
 * first character is `[`). `start` and `end` are times in the log's clock, in any form `--time-format
 * auto` reads (UTC unless a zone is given); `duration` is 30s, 5m, 1h… or seconds. A caption lasts from
 * start (inclusive) to end (exclusive). Every problem is a UserError naming the file and the line
 * (CSV) or the caption's number (JSON).
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { UserError } from '../errors.js';
import { parseAuto } from './parse-time.js';

export interface Caption {
  /** Epoch seconds: shown from start (inclusive) to end (exclusive). */
  start: number;
  end: number;
  text: string;
}

/** Longest caption text: what fits one callout line. */
export const MAX_CAPTION = 56;

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

function duration(v: unknown): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/i.exec(String(v));
  return m ? Math.round(Number(m[1]) * UNITS[(m[2] || 's').toLowerCase()]) : NaN;
}

function time(v: unknown): number {
  return typeof v === 'number' ? Math.floor(v) : parseAuto(String(v ?? '').trim());
}

/** One caption's fields → a Caption; `where` names it in errors ("file:3" or "file: caption 2"). */
function caption(o: Record<string, unknown>, where: string): Caption {
  const start = time(o.start);
  if (Number.isNaN(start))
    throw new UserError(
      `${where}: start ${JSON.stringify(o.start ?? '')} is not a time, e.g. 2024-03-01T12:00Z`,
    );
  const hasEnd = o.end !== undefined && o.end !== '';
  const hasDuration = o.duration !== undefined && o.duration !== '';
  if (hasEnd === hasDuration) throw new UserError(`${where}: give either end or duration`);
  const end = hasEnd ? time(o.end) : start + duration(o.duration);
  if (Number.isNaN(end)) {
    throw new UserError(
      hasEnd
        ? `${where}: end ${JSON.stringify(o.end)} is not a time`
        : `${where}: duration ${JSON.stringify(o.duration)} is not like 30s, 5m or 1h`,
    );
  }
  if (end <= start) throw new UserError(`${where}: the caption ends before it starts`);
  const text = String(o.text ?? '').trim();
  if (text === '') throw new UserError(`${where}: the caption has no text`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new UserError(`${where}: the text holds control characters`);
  if ([...text].length > MAX_CAPTION)
    throw new UserError(
      `${where}: the text has ${[...text].length} characters; at most ${MAX_CAPTION} fit a line`,
    );
  return { start, end, text };
}

export function readCaptions(path: string): Caption[] {
  let data: string;
  try {
    data = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`--captions ${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  if (extname(path).toLowerCase() === '.json' || data.trimStart().startsWith('[')) {
    let list: unknown;
    try {
      list = JSON.parse(data);
    } catch (err) {
      throw new UserError(`--captions ${path}: not valid JSON (${(err as Error).message})`);
    }
    if (!Array.isArray(list))
      throw new UserError(`--captions ${path}: must be a JSON array of {start, end or duration, text}`);
    return list.map((o, i) => {
      if (typeof o !== 'object' || o === null)
        throw new UserError(`${path}: caption ${i + 1} is not an object`);
      return caption(o as Record<string, unknown>, `${path}: caption ${i + 1}`);
    });
  }
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parseCsv(data, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      bom: true,
      info: true,
      skip_empty_lines: true,
    });
  } catch (err) {
    throw new UserError(`--captions ${path}: not valid CSV (${(err as Error).message})`);
  }
  return records.map(({ record, info }) => {
    if (!('start' in record) || !('text' in record))
      throw new UserError(`${path}: the header must name start, text and end or duration`);
    return caption(record, `${path}:${info.lines}`);
  });
}
