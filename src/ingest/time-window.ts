/**
 * The window of times a row may have (`--time-window FIRST-LAST`, whole years, UTC, both included;
 * default 1990-2100). A time outside it is a rejected row ("time outside window"): a log line dated
 * 1970 or 9999 is a broken clock or a broken field, and one such row must not stretch the timeline
 * over centuries.
 */
import { daysFromCivil } from './parse-time.js';

/** [from, to) in epoch seconds, with the years it was given as (for messages). */
export interface TimeWindow {
  from: number;
  to: number;
  firstYear: number;
  lastYear: number;
}

/** Whole years FIRST..LAST (1–9999, FIRST ≤ LAST) → the window from Jan 1 of FIRST to the end of LAST. */
export function timeWindow(firstYear: number, lastYear: number): TimeWindow {
  return {
    from: daysFromCivil(firstYear, 1, 1) * 86400,
    to: daysFromCivil(lastYear + 1, 1, 1) * 86400,
    firstYear,
    lastYear,
  };
}

export const DEFAULT_TIME_WINDOW = timeWindow(1990, 2100);

/** `1990-2100` → window; undefined when the text is not two years 1–9999 in order. */
export function parseTimeWindow(text: string): TimeWindow | undefined {
  const m = /^\s*(\d{1,4})\s*-\s*(\d{1,4})\s*$/.exec(text);
  if (!m) return undefined;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a >= 1 && a <= b ? timeWindow(a, b) : undefined;
}

/** `--time-window 1990-2100`, as the flag is written. */
export function windowFlag(w: TimeWindow): string {
  return `--time-window ${w.firstYear}-${w.lastYear}`;
}
