/**
 * One CSV record → a PacketRow, or the reason it is rejected. Checks, in this order (the first failure
 * is the reason): field count = header width; no control character (C0, DEL, C1: a NUL, a tab, a line
 * break inside quotes…) in a field that is read; time parses; time inside the window (--time-window,
 * default 1990-2100); protocol known (TCP/UDP/ICMP by name or IP
 * protocol number 6/17/1, ICMPv6 counts as ICMP); TCP/UDP: destination port present, an integer,
 * 0–65535; ICMP: type empty or 0–255; source is an address (dotted/integer IPv4, IPv6); a cc value,
 * when there is one, is a country code (src/ingest/country-codes.ts; XX or QQ are rejected, not
 * guessed: an empty cc means "place it by GeoIP"); host at most 255 characters.
 * Country: the cc column's code (either case, blanks around it ignored); when the column is absent or
 * empty, GeoIP (cached per source), else 'ZZ'.
 * Strings that repeat (hosts, countries, sources) are shared between rows, not copied per row.
 */
import type { ColumnMap } from './column-map.js';
import type { GeoLookup } from './geoip.js';
import { type PacketRow, type Proto } from './packet-row.js';
import { isCountryCode } from './country-codes.js';
import { parseAddress } from './parse-address.js';
import { DEFAULT_TIME_WINDOW, windowFlag, type TimeWindow } from './time-window.js';

export const REJECT_REASONS = [
  'wrong field count',
  'bad time',
  'time outside window',
  'unknown protocol',
  'missing port',
  'bad port',
  'port out of range',
  'bad icmp type',
  'bad address',
  'bad country',
  'bad host',
  'control character',
  'unclosed quote',
  'row too long',
  'malformed csv',
  // Line formats other than CSV (src/ingest/readers/).
  'malformed json',
  'malformed line',
  'bad packet count',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Why a record was not accepted: a reason (the summary key) and the offending value. */
export class Rejection {
  constructor(
    readonly reason: RejectReason,
    readonly detail: string,
  ) {}

  get message(): string {
    return this.detail ? `${this.reason} (${this.detail})` : this.reason;
  }
}

const PROTO_NAMES: Record<string, Proto> = {
  tcp: 'tcp',
  '6': 'tcp',
  udp: 'udp',
  '17': 'udp',
  icmp: 'icmp',
  '1': 'icmp',
  icmpv6: 'icmp',
  'ipv6-icmp': 'icmp',
  '58': 'icmp',
};

/** A cached source: canonical text, IPv4 value (-1: IPv6) and, once looked up, its GeoIP country. */
interface Source {
  text: string;
  v4: number;
  cc: string | undefined;
}

/** Longest host name accepted (a DNS name is at most 253 characters). */
const MAX_HOST = 255;

const BAD_SOURCE: Source = { text: '', v4: -1, cc: undefined };

/** Index of the first control character (C0 U+0000–U+001F, DEL, C1 U+0080–U+009F) in s, or -1. */
export function controlAt(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return i;
  }
  return -1;
}

/** A cc value that is not a country: cached as this (never a valid code). */
const NOT_A_COUNTRY = '!';

/** A value for a message: quoted, cut to 40 characters, every control character escaped (\u0085). */
function quoteValue(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Integer text (optional sign, up to 9 digits, surrounding blanks allowed) → value; NaN otherwise. */
export function parsePortText(s: string): number {
  const t = s.charCodeAt(0) === 32 || s.charCodeAt(s.length - 1) === 32 ? s.trim() : s;
  const n = t.length;
  let i = t.charCodeAt(0) === 45 || t.charCodeAt(0) === 43 ? 1 : 0;
  if (n === i || n - i > 9) return NaN;
  let v = 0;
  for (; i < n; i++) {
    const c = t.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return t.charCodeAt(0) === 45 ? -v : v;
}

export class RowValidator {
  private readonly sources = new Map<string, Source>();
  private readonly hosts = new Map<string, string>();
  private readonly codes = new Map<string, string>();
  private readonly ti: number;
  private readonly si: number;
  private readonly pi: number;
  private readonly di: number;
  private readonly hi: number;
  private readonly ci: number;
  private readonly yi: number;
  private readonly width: number;
  /** The fields that are read: [name, column]. */
  private readonly used: [string, number][];

  constructor(
    map: ColumnMap,
    private readonly parseTime: (s: string) => number,
    /** Called at most once, when the first row needs a GeoIP lookup. */
    private readonly openGeo: () => GeoLookup,
    private readonly window: TimeWindow = DEFAULT_TIME_WINDOW,
  ) {
    ({ time: this.ti, src: this.si, proto: this.pi, dport: this.di } = map.index);
    ({ host: this.hi, cc: this.ci, type: this.yi } = map.index);
    this.width = map.width;
    this.used = Object.entries(map.index).filter(([, i]) => i >= 0);
  }

  private geo: GeoLookup | undefined;

  check(rec: string[]): PacketRow | Rejection {
    if (rec.length !== this.width) {
      const n = rec.length;
      return new Rejection(
        'wrong field count',
        `${n} field${n === 1 ? '' : 's'}, the header has ${this.width}`,
      );
    }
    for (const [field, i] of this.used) {
      const at = controlAt(rec[i]);
      if (at >= 0) {
        const code = rec[i].charCodeAt(at).toString(16).toUpperCase().padStart(4, '0');
        return new Rejection(
          'control character',
          `U+${code} in the ${field} field at character ${at + 1}: ${quoteValue(rec[i])}`,
        );
      }
    }
    const timeText = rec[this.ti];
    const time = this.parseTime(timeText);
    if (time !== time) return new Rejection('bad time', quoteValue(timeText));
    if (time < this.window.from || time >= this.window.to) {
      const side =
        time < this.window.from ? `before ${this.window.firstYear}` : `after ${this.window.lastYear}`;
      return new Rejection(
        'time outside window',
        `${quoteValue(timeText)} is ${side}; ${windowFlag(this.window)}`,
      );
    }

    const protoText = rec[this.pi];
    let proto: Proto | undefined =
      protoText === 'TCP' ? 'tcp' : protoText === 'UDP' ? 'udp' : protoText === 'ICMP' ? 'icmp' : undefined;
    if (proto === undefined) {
      proto = PROTO_NAMES[protoText.trim().toLowerCase()];
      if (proto === undefined) return new Rejection('unknown protocol', quoteValue(protoText));
    }

    let port: number;
    if (proto !== 'icmp') {
      const text = rec[this.di];
      if (text === '' || text.trim() === '')
        return new Rejection('missing port', `${proto.toUpperCase()} row`);
      port = parsePortText(text);
      if (port !== port) return new Rejection('bad port', quoteValue(text));
      if (port < 0 || port > 65535) return new Rejection('port out of range', quoteValue(text));
    } else {
      const text = this.yi >= 0 ? rec[this.yi] : '';
      if (text === '' || text.trim() === '') port = -1;
      else {
        port = parsePortText(text);
        if (!(port >= 0 && port <= 255)) return new Rejection('bad icmp type', quoteValue(text));
      }
    }

    const srcText = rec[this.si];
    let src = this.sources.get(srcText);
    if (src === undefined) {
      const addr = parseAddress(srcText);
      src = addr ? { text: addr.text, v4: addr.v4, cc: undefined } : BAD_SOURCE;
      if (srcText.length <= 64) this.sources.set(srcText, src); // junk of any length is not kept
    }
    if (src === BAD_SOURCE) return new Rejection('bad address', quoteValue(srcText));

    let cc = '';
    if (this.ci >= 0) {
      const ccText = rec[this.ci];
      if (ccText !== '') {
        let code = this.codes.get(ccText);
        if (code === undefined) {
          const t = ccText.trim().toUpperCase();
          code = t === '' || isCountryCode(t) ? t : NOT_A_COUNTRY;
          if (ccText.length <= 16) this.codes.set(ccText, code); // not every long junk value
        }
        if (code === NOT_A_COUNTRY)
          return new Rejection(
            'bad country',
            `${quoteValue(ccText)} is not an ISO 3166-1 alpha-2 code; an empty cc is placed by GeoIP`,
          );
        cc = code;
      }
    }
    if (cc === '') {
      if (src.cc === undefined) {
        this.geo ??= this.openGeo();
        src.cc = this.geo.country(src);
      }
      cc = src.cc;
    }

    let host = '';
    if (this.hi >= 0) {
      const h = rec[this.hi];
      const shared = this.hosts.get(h);
      if (shared === undefined) {
        if (h.length > MAX_HOST)
          return new Rejection('bad host', `${h.length} characters, at most ${MAX_HOST}`);
        host = h.trim();
        this.hosts.set(h, host);
      } else host = shared;
    }
    return { time, host, src: src.text, cc, proto, port };
  }
}
