/**
 * Header → the columns a reader needs. The marx files are recognised by their header names
 * (`marx.csv`: datetime,host,src,proto,type,spt,dpt; `marx-cc.csv` adds srcstr,cc,country; the published
 * `marx-geo.csv` adds locale,…,longitude too). Any other CSV is read through common header names
 * (ALIASES below, compared without case, spaces, `_`, `-`, `.`) or an explicit
 * `--columns time=…,src=…,proto=…,dport=…,host=…,cc=…` map. A source port column (spt, srcport…) is
 * never taken or suggested for the destination port.
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

/** A header name compared without case, spaces, `_`, `-` or `.`: "Destination Port" → "destinationport". */
export const normaliseHeader = (h: string): string =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s_.-]+/g, '');

/**
 * Common header names of each field, normalised, tried in order: a column whose normalised name is one
 * of them is read without `--columns`. The same lists, then looser stems (HINTS), give the advice when
 * a field is missing.
 */
export const ALIASES: Record<Field, readonly string[]> = {
  time: ['datetime', 'time', 'timestamp', 'date', 'ts', 'eventtime', 'starttime', 'firstseen', 'timeutc'],
  src: [
    'src',
    'source',
    'srcip',
    'sourceip',
    'srcaddr',
    'srcaddress',
    'sourceaddr',
    'sourceaddress',
    'sourceipaddress',
    'saddr',
    'ipsrc',
    'srcstr',
    'attackerip',
  ],
  proto: ['proto', 'protocol', 'ipproto', 'transport'],
  dport: [
    'dpt',
    'dport',
    'dstport',
    'destport',
    'destinationport',
    'dstpt',
    'targetport',
    'tcpdstport',
    'udpdstport',
    'port',
  ],
  host: ['host', 'hostname', 'sensor', 'honeypot', 'dsthost', 'dst', 'dstip', 'destip', 'destinationip'],
  cc: ['cc', 'countrycode', 'srccc', 'sourcecountrycode', 'geoipcc'],
  // A bare `type` column is the ICMP type only in the marx formats (elsewhere it may mean anything).
  type: ['icmptype'],
};

/** Source-port names: never a destination port, in reading or in advice. */
export const SOURCE_PORT_NAMES: readonly string[] = [
  'spt',
  'sport',
  'srcport',
  'sourceport',
  'srcpt',
  'tcpsrcport',
  'udpsrcport',
];

/** Looser stems that suggest a header for a missing field (after ALIASES), for the advice. */
const HINTS: Record<Field, readonly string[]> = {
  time: ['time', 'date', 'when', 'seen'],
  src: ['src', 'source', 'ip', 'addr', 'attacker'],
  proto: ['proto'],
  dport: ['port', 'dst', 'dest', 'dpt'],
  host: ['host', 'sensor', 'honeypot', 'dst', 'dest'],
  cc: ['country', 'cc'],
  type: ['type'],
};

/** Stems that rule a header out for a field: a source port is never the destination port, and so on. */
const NOT: Record<Field, readonly string[]> = {
  time: [],
  src: ['port', 'dst', 'dest', 'country', 'cc'],
  proto: [],
  dport: ['src', 'source', 'sport', 'spt'],
  host: ['port', 'src', 'source'],
  cc: [],
  type: [],
};

/** The header (not `taken`) that most likely holds `field`, by aliases contained in it, then hints. */
function guessColumn(field: Field, header: string[], taken: Set<number>): number {
  const names = header.map(normaliseHeader);
  const allowed = (i: number) =>
    !taken.has(i) && !NOT[field].some((x) => names[i].includes(x)) && !SOURCE_PORT_NAMES.includes(names[i]);
  // Aliases of 4+ letters inside a longer name ("tcp_destination_port_num"); short ones only as hints.
  const stems = [...ALIASES[field].filter((a) => a.length >= 4), ...HINTS[field]];
  for (const stem of stems) {
    const i = names.findIndex((n, k) => allowed(k) && n.includes(stem));
    if (i >= 0) return i;
  }
  return -1;
}

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
  const names = rawHeader.map(normaliseHeader);
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
      index[field] = ALIASES[field].reduce((found, name) => (found >= 0 ? found : names.indexOf(name)), -1);
    }
  }
  const missing = REQUIRED_FIELDS.filter((f) => index[f] < 0);
  if (missing.length > 0) {
    const taken = new Set(FIELDS.map((f) => index[f]).filter((i) => i >= 0));
    const guess = (f: Field) => {
      const i = guessColumn(f, rawHeader, taken);
      taken.add(i);
      return i >= 0 ? rawHeader[i].trim() : 'COLUMN';
    };
    const flag = missing.map((f) => `${f}=${guess(f)}`).join(',');
    const sourcePorts = rawHeader.filter((h) => SOURCE_PORT_NAMES.includes(normaliseHeader(h)));
    const note =
      missing.includes('dport') && sourcePorts.length > 0
        ? ` ("${sourcePorts[0]}" is the source port; dport is the destination port.)`
        : '';
    throw new UserError(
      `${file}: the header lacks ${missing.join(', ')} (needed: ${REQUIRED_FIELDS.join(', ')}; ` +
        `optional: host, cc, type). Found header: ${shown(rawHeader)}. ` +
        `Map the columns with --columns ${JSON.stringify(flag)} (and --time-format if the times are not ISO).${note}`,
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
