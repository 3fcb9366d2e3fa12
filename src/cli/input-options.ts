/**
 * The input options shared by every command that reads data (render, stats, events): one definition
 * per option with its help text and validation (a `coerce` that throws a UserError naming the flag).
 * Use with `yargs.options(inputOptions)`; turn the parsed argv into InputOptions with inputOptionsFromArgv.
 * `--seed` is not here (the render options own it); commands without them add `seedOption`.
 */
import type { Options } from 'yargs';
import { parseColumnsFlag, type ColumnSpec } from '../ingest/column-map.js';
import { isCountryCode } from '../ingest/country-codes.js';
import { PROTOS, type Proto } from '../ingest/packet-row.js';
import { parseIso, TIME_FORMAT_CHOICES, timeFormatFromName, type TimeFormat } from '../ingest/parse-time.js';
import type { InputOptions } from '../ingest/read-input.js';
import { DEFAULT_TIME_WINDOW, parseTimeWindow, type TimeWindow } from '../ingest/time-window.js';
import { INPUT_FORMATS } from '../ingest/readers/detect-format.js';
import { SURICATA_EVENTS, type SuricataEvents } from '../ingest/readers/suricata.js';
import { zoneFromFlag } from '../ingest/readers/syslog-time.js';
import { UserError } from '../errors.js';
import { wholeNumber } from './whole-number.js';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `30s`, `5m`, `1h`, `1d` or a number of seconds → whole seconds > 0; UserError naming the flag. */
export function parseDuration(flag: string, v: unknown): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/i.exec(String(v));
  const seconds = m ? Number(m[1]) * UNITS[(m[2] || 's').toLowerCase()] : NaN;
  if (!Number.isInteger(seconds) || seconds <= 0 || seconds > 366 * 86400) {
    throw new UserError(
      `--${flag} must be a duration like 30s, 5m, 1h or 1d (whole seconds), got "${String(v)}"`,
    );
  }
  return seconds;
}

/** `2013-03-03`, `2013-03-03T12:00`, `2013-03-03 12:00:00Z`… (UTC unless a zone is given) → epoch s. */
export function parseDateFlag(flag: string, v: unknown): number {
  const t = parseIso(String(v).trim());
  if (Number.isNaN(t)) {
    throw new UserError(
      `--${flag} must be a UTC date or time like 2013-03-03, 2013-03-03T12:00 or "2013-03-03 12:00:00", got "${String(v)}"`,
    );
  }
  return t;
}

/** A flag given once or repeated, each value possibly a comma list → trimmed non-empty items. */
function items(v: unknown): string[] {
  const parts = Array.isArray(v) ? v : [v];
  return parts
    .flatMap((p) => String(p).split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function parseCountries(v: unknown): string[] {
  return items(v).map((c) => {
    if (!isCountryCode(c.toUpperCase()))
      throw new UserError(`--country takes ISO 3166-1 two-letter codes (ZZ = unknown), got "${c}"`);
    return c.toUpperCase();
  });
}

export function parseProtos(v: unknown): Proto[] {
  return items(v).map((p) => {
    const proto = p.toLowerCase() as Proto;
    if (!PROTOS.includes(proto)) throw new UserError(`--proto takes tcp, udp or icmp, got "${p}"`);
    return proto;
  });
}

export function parsePorts(v: unknown): [number, number][] {
  return items(v).map((p) => {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(p);
    const lo = m ? Number(m[1]) : NaN;
    const hi = m ? Number(m[2] ?? m[1]) : NaN;
    if (!m || lo > hi || hi > 65535)
      throw new UserError(`--port takes ports 0-65535 or ranges A-B, got "${p}"`);
    return [lo, hi];
  });
}

export const seedOption = {
  seed: {
    type: 'number',
    default: 42,
    describe: 'Seed of the synthetic input used when there is no --input (0 to 4294967295)',
    coerce: wholeNumber('seed', 0, 4294967295),
  },
} satisfies Record<string, Options>;

export const inputOptions = {
  input: {
    type: 'string',
    // One value per --input, taken as is: without nargs, yargs reads a lone `-` as a positional.
    nargs: 1,
    describe:
      'Log file to read, plain or gzip; - is standard input. Repeat for several (merged by time). ' +
      'CSV (marx files by header, others by column names or --columns), Cowrie JSON, Suricata eve.json, ' +
      'Zeek conn.log (TSV or JSON), iptables/ufw kernel log, T-Pot/Elasticsearch NDJSON: found by content. ' +
      'Default: one synthetic day for --seed',
    coerce: (v: unknown): string[] =>
      (Array.isArray(v) ? v : [v]).map((p) => {
        const s = String(p);
        if (s.trim() === '') throw new UserError('--input needs a file name (or - for standard input)');
        return s;
      }),
  },
  'format-in': {
    type: 'string',
    choices: ['auto', ...INPUT_FORMATS],
    default: 'auto',
    describe: 'The input format, when detection by content is not wanted',
  },
  suricata: {
    type: 'string',
    choices: [...SURICATA_EVENTS],
    default: 'flows',
    describe:
      'Suricata eve.json: read flow events (packets to the server) or alert events (one each; their signatures become captions)',
  },
  year: {
    type: 'number',
    describe: 'Year of syslog time stamps (iptables/ufw logs), which carry none; rolls over at New Year',
    coerce: wholeNumber('year', 1970, 9999),
  },
  tz: {
    type: 'string',
    default: 'UTC',
    describe: 'Time zone of syslog time stamps: UTC, an offset like +01:00, or a name like Europe/Berlin',
    coerce: (v: unknown): string => {
      zoneFromFlag(String(v));
      return String(v);
    },
  },
  columns: {
    type: 'string',
    describe:
      'Map fields to header names: time=…,src=…,proto=…,dport=… (needed), host=…,cc=…,type=… (optional), ' +
      'e.g. --columns time=Timestamp,src=SourceIP,proto=Protocol,dport=DestPort',
    coerce: (v: unknown): ColumnSpec => parseColumnsFlag(items(v).join(',')),
  },
  'time-format': {
    type: 'string',
    describe: `How times are written: ${TIME_FORMAT_CHOICES.join(' | ')} (default auto: tries each; all UTC)`,
    coerce: (v: unknown): TimeFormat => {
      const f = timeFormatFromName(String(v));
      if (!f)
        throw new UserError(
          `--time-format must be one of ${TIME_FORMAT_CHOICES.join(', ')}, got "${String(v)}"`,
        );
      return f;
    },
  },
  'geoip-db': {
    type: 'string',
    describe:
      'A MaxMind GeoLite2/GeoIP2 Country or City .mmdb for rows without a country (default: bundled geoip-country)',
  },
  'time-window': {
    type: 'string',
    describe:
      `Years a row's time may fall in, FIRST-LAST (UTC, both included); rows outside are rejected ` +
      `(default ${DEFAULT_TIME_WINDOW.firstYear}-${DEFAULT_TIME_WINDOW.lastYear})`,
    coerce: (v: unknown): TimeWindow => {
      const w = parseTimeWindow(String(v));
      if (!w)
        throw new UserError(
          `--time-window must be two years FIRST-LAST from 1 to 9999, e.g. 1990-2100, got "${String(v)}"`,
        );
      return w;
    },
  },
  rejects: {
    type: 'string',
    describe: 'Write every rejected row (file, line, reason, row) to this CSV file',
  },
  strict: {
    type: 'boolean',
    default: false,
    describe: 'Stop at the first bad row (exit 1) instead of skipping it',
  },
  from: {
    type: 'string',
    describe: 'Start (inclusive, UTC), e.g. 2013-03-03 or 2013-03-03T12:00',
    coerce: (v: unknown): number => parseDateFlag('from', v),
  },
  to: {
    type: 'string',
    describe: 'End (exclusive, UTC), e.g. 2013-03-10',
    coerce: (v: unknown): number => parseDateFlag('to', v),
  },
  bin: {
    type: 'string',
    default: '5m',
    describe: 'Time bin (one frame each): 30s, 5m, 1h, …',
    coerce: (v: unknown): number => parseDuration('bin', v),
  },
  country: {
    type: 'string',
    describe: 'Only these source countries (codes, comma list; ZZ = unknown)',
    coerce: parseCountries,
  },
  proto: {
    type: 'string',
    describe: 'Only these protocols: tcp, udp, icmp (comma list)',
    coerce: parseProtos,
  },
  port: {
    type: 'string',
    describe: 'Only these TCP/UDP destination ports or ranges, e.g. 22,80,1000-2000 (leaves ICMP out)',
    coerce: parsePorts,
  },
  host: {
    type: 'string',
    describe: 'Only these destination hosts (comma list)',
    coerce: (v: unknown) => items(v),
  },
} satisfies Record<string, Options>;

/** The argv fields inputOptions produces (after coercion), plus the seed. */
export interface InputArgv {
  input?: string[] | string;
  formatIn?: string;
  suricata?: string;
  year?: number;
  tz?: string;
  seed?: number;
  columns?: ColumnSpec;
  timeFormat?: TimeFormat;
  timeWindow?: TimeWindow;
  geoipDb?: string;
  rejects?: string;
  strict?: boolean;
  from?: number;
  to?: number;
  bin?: number | string;
  country?: string[];
  proto?: Proto[];
  port?: [number, number][];
  host?: string[];
}

export function inputOptionsFromArgv(argv: InputArgv): InputOptions {
  const { from, to } = argv;
  if (from !== undefined && to !== undefined && to <= from) {
    throw new UserError('--to must be after --from (--from is inclusive, --to exclusive)');
  }
  return {
    inputs: argv.input === undefined ? [] : Array.isArray(argv.input) ? argv.input : [argv.input],
    formatIn: argv.formatIn as InputOptions['formatIn'],
    suricata: argv.suricata as SuricataEvents | undefined,
    year: argv.year,
    tz: argv.tz,
    seed: argv.seed ?? 42,
    columns: argv.columns,
    timeFormat: argv.timeFormat,
    timeWindow: argv.timeWindow,
    geoipDb: argv.geoipDb,
    rejects: argv.rejects,
    strict: argv.strict ?? false,
    binSeconds: typeof argv.bin === 'number' ? argv.bin : parseDuration('bin', argv.bin ?? '5m'),
    selection: { from, to, countries: argv.country, protos: argv.proto, ports: argv.port, hosts: argv.host },
  };
}
