/**
 * Syslog time stamps → epoch seconds. The traditional stamp `Mmm dd HH:MM:SS` carries neither a year nor
 * a zone: the year comes from `--year` (and goes up by one when the months wrap from December to
 * January, as a log running over New Year does), the zone from `--tz`: `UTC`, a fixed offset like `+01:00`,
 * or an IANA name like `Europe/Berlin` (its offsets, summer time included, from Node's time zone data).
 * Stamps with a date and zone (RFC 3339, as rsyslog and journald write) need neither.
 */
import { UserError } from '../../errors.js';
import { daysFromCivil, parseIso } from '../parse-time.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Wall-clock seconds (as if UTC) → epoch seconds, for one zone. */
export type WallToUtc = (wall: number) => number;

/** `--tz` text → the zone's conversion; UserError naming the flag when it is not a zone. */
export function zoneFromFlag(tz: string): WallToUtc {
  const t = tz.trim();
  if (/^(utc|gmt|z)$/i.test(t)) return (wall) => wall;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(t);
  if (m) {
    const off = (Number(m[2]) * 3600 + Number(m[3]) * 60) * (m[1] === '+' ? 1 : -1);
    if (Number(m[2]) > 23 || Number(m[3]) > 59) throw badZone(tz);
    return (wall) => wall - off;
  }
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: t,
      hourCycle: 'h23',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    }); // prettier-ignore
  } catch {
    throw badZone(tz);
  }
  // Offsets change on quarter hours at most: one lookup per quarter hour seen.
  const cache = new Map<number, number>();
  const offsetAt = (utc: number): number => {
    const key = Math.floor(utc / 900);
    let off = cache.get(key);
    if (off === undefined) {
      const p: Record<string, number> = {};
      for (const part of fmt.formatToParts(key * 900 * 1000)) p[part.type] = Number(part.value);
      const wall = daysFromCivil(p.year, p.month, p.day) * 86400 + p.hour * 3600 + p.minute * 60 + p.second;
      off = wall - key * 900;
      cache.set(key, off);
    }
    return off;
  };
  return (wall) => {
    const guess = wall - offsetAt(wall);
    return wall - offsetAt(guess);
  };
}

function badZone(tz: string): UserError {
  return new UserError(
    `--tz must be UTC, an offset like +01:00 or -0500, or a zone name like Europe/Berlin, got "${tz}"`,
  );
}

/**
 * A parser of the time texts an iptables reader hands on: `Mmm dd HH:MM:SS` (needs `year`; a UserError
 * naming the file and line says so when it is missing) or an ISO 8601 / RFC 3339 stamp.
 */
export function syslogTimeParser(
  opts: { year?: number; tz?: string },
  where: () => string,
): (s: string) => number {
  const toUtc = zoneFromFlag(opts.tz ?? 'UTC');
  let year = opts.year;
  let lastMonth = 0;
  return (s: string) => {
    const c = s.charCodeAt(0);
    if (c >= 48 && c <= 57) return parseIso(s);
    if (s.length !== 15 || s.charCodeAt(3) !== 32 || s.charCodeAt(6) !== 32) return NaN;
    const month = MONTHS.indexOf(s.slice(0, 3)) + 1;
    const day = Number(s.slice(4, 6).trim());
    const hms = /^(\d{2}):(\d{2}):(\d{2})$/.exec(s.slice(7));
    if (month === 0 || !hms || !Number.isInteger(day)) return NaN;
    if (year === undefined) {
      throw new UserError(
        `${where()}: syslog time stamps like "${s}" carry no year; give it with --year (e.g. --year 2024), ` +
          'and the zone with --tz when the log is not in UTC',
      );
    }
    if (lastMonth === 12 && month === 1) year++;
    lastMonth = month;
    const [h, mi, sec] = [Number(hms[1]), Number(hms[2]), Number(hms[3])];
    if (day < 1 || day > 31 || h > 23 || mi > 59 || sec > 59) return NaN;
    const wall = daysFromCivil(year, month, day) * 86400 + h * 3600 + mi * 60 + sec;
    // Feb 30 and the like: the date must survive the round trip.
    const back = new Date(wall * 1000);
    if (back.getUTCDate() !== day) return NaN;
    return toUtc(wall);
  };
}
