/**
 * Accounting of rejected rows: every one is counted by reason; the first `keep` are kept in memory with
 * their line, reason and text; `--rejects FILE` gets all of them (CSV: file,line,reason,detail,row);
 * with `--strict` the first one stops the read with a UserError `file:line: reason (detail)`.
 * A row's text is cut to MAX_RAW characters (a 10 MB line is reported, not copied).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { UserError } from '../errors.js';
import type { Rejection, RejectReason } from './validate-row.js';

export interface RejectedRow {
  /** The input it came from, when several were read together. */
  file?: string;
  /** Physical line in the file (1 = header). */
  line: number;
  reason: RejectReason;
  detail: string;
  /** The row as read (fields re-joined with CSV quoting), at most MAX_RAW characters. */
  raw: string;
}

export const MAX_RAW = 4096;
const FLUSH_AT = 1 << 16;

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Record fields → one CSV line, cut to MAX_RAW characters. */
export function rawRow(rec: readonly string[] | string): string {
  const text = typeof rec === 'string' ? rec : rec.map(csvField).join(',');
  return text.length > MAX_RAW
    ? `${text.slice(0, MAX_RAW)}…[${text.length - MAX_RAW} more characters]`
    : text;
}

export interface RejectLogOptions {
  /** `--rejects FILE`. */
  path?: string;
  strict?: boolean;
  /** Add to the file (no header) instead of starting it: the second and later of several inputs. */
  append?: boolean;
  /** How many rejected rows to keep in memory (all are counted). Default 1000. */
  keep?: number;
}

export class RejectLog {
  count = 0;
  readonly byReason: Record<string, number> = {};
  readonly kept: RejectedRow[] = [];
  private readonly keep: number;
  private fd: number | undefined;
  private buffer = '';

  /** The reject fields of an ingest result, as every reader reports them. */
  get totals(): { rejected: number; byReason: Record<string, number>; rejects: RejectedRow[] } {
    return { rejected: this.count, byReason: this.byReason, rejects: this.kept };
  }

  constructor(
    private readonly file: string,
    private readonly opts: RejectLogOptions = {},
  ) {
    this.keep = opts.keep ?? 1000;
    if (opts.path) {
      try {
        this.fd = openSync(opts.path, opts.append ? 'a' : 'w');
      } catch (err) {
        throw new UserError(`--rejects ${opts.path}: cannot write it (${(err as Error).message})`);
      }
      if (!opts.append) this.buffer = 'file,line,reason,detail,row\n';
    }
  }

  add(line: number, why: Rejection, rec: readonly string[] | string): void {
    if (this.opts.strict) {
      this.close();
      throw new UserError(`${this.file}:${line}: ${why.message}`);
    }
    this.count++;
    this.byReason[why.reason] = (this.byReason[why.reason] ?? 0) + 1;
    if (this.kept.length < this.keep || this.fd !== undefined) {
      const raw = rawRow(rec);
      if (this.kept.length < this.keep) this.kept.push({ line, reason: why.reason, detail: why.detail, raw });
      if (this.fd !== undefined) {
        this.buffer += `${[this.file, String(line), why.reason, why.detail, raw].map(csvField).join(',')}\n`;
        if (this.buffer.length >= FLUSH_AT) this.flush();
      }
    }
  }

  private flush(): void {
    if (this.fd !== undefined && this.buffer.length > 0) writeSync(this.fd, this.buffer);
    this.buffer = '';
  }

  /** Writes what is buffered and closes the file; safe to call twice. */
  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    closeSync(this.fd);
    this.fd = undefined;
  }
}
