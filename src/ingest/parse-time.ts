/**
 * Time stamps → whole epoch seconds (UTC), by hand: fixed-position digit slicing and integer calendar
 * arithmetic, no Date parsing and no regular expressions on the hot path. Every parser returns NaN when
 * the text is not a valid time of its format (so callers test with Number.isNaN and allocate nothing).
 *
 * Formats (`--time-format`):
 * - `YYYY-MM-DD HH:MM:SS` (alias `ymd`): the marx format, UTC.
 * - `iso`: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`, `…:SS`, `…:SS.fff`, with `T` or a space, then optionally
 *   `Z`, `±HH:MM` or `±HHMM`; no zone means UTC. Fractions of a second are dropped.
 * - `M/D/YY H:MM` (alias `mdy`): month/day/year, one- or two-digit month, day and hour, optional `:SS`;
 *   a two-digit year YY means 20YY when YY < 69, else 19YY (the POSIX rule); four-digit years also work.
 * - `epoch`: seconds since 1970-01-01 UTC, optionally with a fraction (dropped).
 * - `auto` (default): each value is tried as `YYYY-MM-DD HH:MM:SS`, then iso, then `M/D/YY H:MM`, then epoch.
 */
export type TimeFormat = 'auto' | 'iso' | 'ymd-hms' | 'mdy-hm' | 'epoch';

const FORMAT_NAMES: Record<string, TimeFormat> = {
  auto: 'auto',
  iso: 'iso',
  'yyyy-mm-dd hh:mm:ss': 'ymd-hms',
  ymd: 'ymd-hms',
  'ymd-hms': 'ymd-hms',
  'm/d/yy h:mm': 'mdy-hm',
  mdy: 'mdy-hm',
  'mdy-hm': 'mdy-hm',
  epoch: 'epoch',
  'epoch-seconds': 'epoch',
};

/** The names `--time-format` accepts, for help text and error messages. */
export const TIME_FORMAT_CHOICES = ['auto', 'iso', 'YYYY-MM-DD HH:MM:SS', 'M/D/YY H:MM', 'epoch'] as const;

/** `--time-format` text → format; undefined when unknown. */
export function timeFormatFromName(name: string): TimeFormat | undefined {
  return FORMAT_NAMES[name.trim().toLowerCase()];
}

/** Days from 1970-01-01 to the given civil date (proleptic Gregorian; month 1–12). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Epoch seconds of a validated civil time, NaN when a part is out of range. */
function civil(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return NaN;
  if (h < 0 || mi < 0 || s < 0 || d > daysInMonth(y, mo)) return NaN;
  return daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

/** The number in s[i, i + n) if all n characters are digits, else -1. */
function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const c = s.charCodeAt(k) - 48;
    if (!(c >= 0 && c <= 9)) return -1; // also NaN past the end
    v = v * 10 + c;
  }
  return v;
}

/** `YYYY-MM-DD HH:MM:SS` (exactly 19 characters), UTC. */
export function parseYmdHms(s: string): number {
  if (s.length !== 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 32)
    return NaN;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return NaN;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  if (y < 0 || mo < 0 || d < 0) return NaN;
  return civil(y, mo, d, h, mi, sec);
}

/** ISO 8601-ish: see the module comment. */
export function parseIso(s: string): number {
  const n = s.length;
  if (n < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  if (y < 0 || mo < 0 || d < 0) return NaN;
  if (n === 10) return civil(y, mo, d, 0, 0, 0);
  const sep = s.charCodeAt(10);
  if ((sep !== 84 && sep !== 32 && sep !== 116) || n < 16 || s.charCodeAt(13) !== 58) return NaN;
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  let sec = 0;
  let i = 16;
  if (i < n && s.charCodeAt(i) === 58) {
    sec = digits(s, 17, 2);
    if (n < 19) return NaN;
    i = 19;
    if (i < n && (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44)) {
      i++;
      const f = i;
      while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
      if (i === f) return NaN;
    }
  }
  const base = civil(y, mo, d, h, mi, sec);
  if (i === n) return base;
  const z = s.charCodeAt(i);
  if ((z === 90 || z === 122) && i + 1 === n) return base;
  if (z !== 43 && z !== 45) return NaN;
  const oh = digits(s, i + 1, 2);
  let om: number;
  if (n === i + 6 && s.charCodeAt(i + 3) === 58) om = digits(s, i + 4, 2);
  else if (n === i + 5) om = digits(s, i + 3, 2);
  else if (n === i + 3) om = 0;
  else return NaN;
  if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
  const off = (oh * 3600 + om * 60) * (z === 43 ? 1 : -1);
  return base - off;
}

/** Reads a run of 1–max digits from s at *pos; returns -1 when there is none or it is too long. */
function run(s: string, pos: { i: number }, max: number): number {
  const start = pos.i;
  let v = 0;
  while (pos.i < s.length) {
    const c = s.charCodeAt(pos.i) - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
    pos.i++;
  }
  const len = pos.i - start;
  return len === 0 || len > max ? -1 : v;
}

/** `M/D/YY H:MM[:SS]` (also four-digit years), UTC. */
export function parseMdyHm(s: string): number {
  const p = { i: 0 };
  const mo = run(s, p, 2);
  if (mo < 0 || s.charCodeAt(p.i++) !== 47) return NaN;
  const d = run(s, p, 2);
  if (d < 0 || s.charCodeAt(p.i++) !== 47) return NaN;
  const yStart = p.i;
  let y = run(s, p, 4);
  const yLen = p.i - yStart;
  if (y < 0 || (yLen !== 2 && yLen !== 4)) return NaN;
  if (yLen === 2) y += y < 69 ? 2000 : 1900;
  if (s.charCodeAt(p.i++) !== 32) return NaN;
  const h = run(s, p, 2);
  if (h < 0 || s.charCodeAt(p.i++) !== 58) return NaN;
  const mStart = p.i;
  const mi = run(s, p, 2);
  if (mi < 0 || p.i - mStart !== 2) return NaN;
  let sec = 0;
  if (p.i < s.length) {
    if (s.charCodeAt(p.i++) !== 58) return NaN;
    const sStart = p.i;
    sec = run(s, p, 2);
    if (sec < 0 || p.i - sStart !== 2 || p.i !== s.length) return NaN;
  }
  return civil(y, mo, d, h, mi, sec);
}

/** Epoch seconds, optionally with a fraction; at most 11 integer digits (year ≤ 5138). */
export function parseEpoch(s: string): number {
  const n = s.length;
  let i = 0;
  let v = 0;
  while (i < n) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
    i++;
  }
  if (i === 0 || i > 11) return NaN;
  if (i < n) {
    if (s.charCodeAt(i) !== 46 || i + 1 === n) return NaN;
    for (let k = i + 1; k < n; k++) {
      const c = s.charCodeAt(k) - 48;
      if (c < 0 || c > 9) return NaN;
    }
  }
  return v;
}

/** Any supported format, tried in the documented order. */
export function parseAuto(s: string): number {
  let t = parseYmdHms(s);
  if (t === t) return t;
  t = parseIso(s);
  if (t === t) return t;
  t = parseMdyHm(s);
  if (t === t) return t;
  return parseEpoch(s);
}

/** The parser of a format: text → epoch seconds or NaN. */
export function timeParser(format: TimeFormat): (s: string) => number {
  switch (format) {
    case 'ymd-hms':
      return parseYmdHms;
    case 'iso':
      return parseIso;
    case 'mdy-hm':
      return parseMdyHm;
    case 'epoch':
      return parseEpoch;
    case 'auto':
      return parseAuto;
  }
}
