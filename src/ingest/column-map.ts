/**
 * Header → the columns a reader needs. The marx files are recognised by their header names
 * (`marx.csv`: datetime,host,src,proto,type,spt,dpt; `marx-cc.csv` adds srcstr,cc,country; the published
 * `marx-geo.csv` adds locale,…,longitude too). Any other CSV is read through common header names
 * (below) or an explicit `--columns time=…,src=…,proto=…,dport=…,host=…,cc=…` map.
 *
 * Needed: time, src, proto, dport. Optional: host ('' when absent), cc (GeoIP when absent or empty),
 * type (ICMP type; ICMP rows get port -1 without it; a column named `type` counts only in the marx formats).
 */
import { UserError } from '../errors.js';

export const FIELDS = ['time', 'src', 'proto', 'dport', 'host', 'cc', 'type'] as const;
export type Field = (typeof FIELDS)[number];
export const REQUIRED_FIELDS: readonly Field[] = ['time', 'src', 'proto', 'dport'];

/** `--columns`: field → header name. */
export type ColumnSpec = Partial<Record<Field, string>>;

export type InputFormat = 'marx' | 'marx-cc' | 'marx-geo' | 'csv';

/** Column index of each field (-1: absent), the header width and the recognised format. */
export interface ColumnMap {
  index: Record<Field, number>;
  width: number;
  format: InputFormat;
  header: string[];
}

/** Header names tried for each field, in order (compared trimmed and lower-case). */
const ALIASES: Record<Field, string[]> = {
  time: ['datetime', 'time', 'timestamp', 'date', 'ts'],
  src: ['src', 'source', 'src_ip', 'srcip', 'source_ip', 'saddr', 'srcstr'],
  proto: ['proto', 'protocol'],
  dport: ['dpt', 'dport', 'dst_port', 'dstport', 'destination_port', 'port'],
  host: ['host', 'hostname', 'sensor', 'dst_host'],
  cc: ['cc', 'country_code', 'countrycode'],
  // A bare `type` column is the ICMP type only in the marx formats (elsewhere it may mean anything).
  type: ['icmp_type', 'icmptype'],
};

/** Substrings that suggest a header for a missing field, for the error message. */
const HINTS: Record<Field, string[]> = {
  time: ['time', 'date', 'when'],
  src: ['src', 'source', 'ip', 'addr'],
  proto: ['proto'],
  dport: ['port', 'dst', 'dest'],
  host: ['host', 'sensor', 'dst'],
  cc: ['country', 'cc'],
  type: ['type'],
};

const MARX = ['datetime', 'host', 'src', 'proto', 'type', 'spt', 'dpt'];
const MARX_CC = [...MARX, 'srcstr', 'cc', 'country'];
const MARX_GEO = [...MARX_CC, 'locale', 'localeabbr', 'postalcode', 'latitude', 'longitude'];

function startsWith(header: string[], names: string[]): boolean {
  return names.every((n, i) => header[i] === n);
}

/** `time=Timestamp,src=ip` → spec; UserError naming the bad part. */
export function parseColumnsFlag(text: string): ColumnSpec {
  const spec: ColumnSpec = {};
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase() as Field;
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (!FIELDS.includes(key)) {
      throw new UserError(`--columns: unknown field "${key}" in "${part}"; fields are ${FIELDS.join(', ')}`);
    }
    if (value === '') throw new UserError(`--columns: "${part}" needs a header name, e.g. ${key}=Column`);
    spec[key] = value;
  }
  return spec;
}

function shown(header: string[]): string {
  const text = header.map((h) => JSON.stringify(h)).join(',');
  return text.length > 300 ? `${text.slice(0, 300)}… (${header.length} columns)` : text;
}

/** Maps a header; UserError (exit 1) listing what is missing and the `--columns` flag that would map it. */
export function mapColumns(file: string, rawHeader: string[], spec: ColumnSpec = {}): ColumnMap {
  const header = rawHeader.map((h) => h.trim().toLowerCase());
  const index = {} as Record<Field, number>;
  for (const field of FIELDS) {
    const wanted = spec[field];
    if (wanted !== undefined) {
      const i = header.indexOf(wanted.trim().toLowerCase());
      if (i < 0) {
        throw new UserError(
          `${file}: --columns ${field}=${wanted}: there is no column "${wanted}"; the header is ${shown(rawHeader)}`,
        );
      }
      index[field] = i;
    } else {
      index[field] = ALIASES[field].reduce((found, name) => (found >= 0 ? found : header.indexOf(name)), -1);
    }
  }
  const missing = REQUIRED_FIELDS.filter((f) => index[f] < 0);
  if (missing.length > 0) {
    const guess = (f: Field) =>
      rawHeader.find((h) => HINTS[f].some((k) => h.toLowerCase().includes(k))) ?? 'COLUMN';
    const flag = missing.map((f) => `${f}=${guess(f)}`).join(',');
    throw new UserError(
      `${file}: the header lacks ${missing.join(', ')} (needed: ${REQUIRED_FIELDS.join(', ')}; ` +
        `optional: host, cc, type). Found header: ${shown(rawHeader)}. ` +
        `Map the columns with --columns ${JSON.stringify(flag)} (and --time-format if the times are not ISO).`,
    );
  }
  const format: InputFormat = startsWith(header, MARX_GEO)
    ? 'marx-geo'
    : startsWith(header, MARX_CC)
      ? 'marx-cc'
      : startsWith(header, MARX) && header.length === MARX.length
        ? 'marx'
        : 'csv';
  if (format !== 'csv' && spec.type === undefined) index.type = header.indexOf('type');
  return { index, width: header.length, format, header: rawHeader };
}
