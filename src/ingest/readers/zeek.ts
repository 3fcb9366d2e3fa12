/**
 * Zeek conn.log, TSV or JSON (either per line, so a file may hold both; the TSV layout comes from its
 * own `#separator` and `#fields` header lines, which may repeat when logs are concatenated).
 * Fields: `ts` (epoch seconds, or ISO 8601 in JSON written with ISO timestamps), `id.orig_h` (source),
 * `id.resp_h` (the host), `id.resp_p` (destination port), `proto` (tcp, udp, icmp), `orig_pkts` (packets;
 * unset counts as one) and, for ICMP, the type in `id.orig_p`. Unset (`-`) and empty (`(empty)`) fields
 * are empty. Header lines are skipped; data before a `#fields` line is rejected. JSON lines of other
 * logs (a `_path` other than conn) are skipped.
 */
import { parseEpoch, parseIso } from '../parse-time.js';
import { Rejection } from '../validate-row.js';
import {
  dotted,
  packetCount,
  parseJsonObject,
  text,
  type LineFormat,
  type LineRecord,
} from './read-lines.js';

const NEEDED = ['ts', 'id.orig_h', 'id.resp_h', 'id.resp_p', 'proto'] as const;

/** `\x09` → a tab: how Zeek writes its separator. */
function unescape(s: string): string {
  return s.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function zeekTime(s: string): number {
  const t = parseEpoch(s);
  return t === t ? t : parseIso(s);
}

export function zeekFormat(defaultHost = ''): LineFormat {
  let sep = '\t';
  let unset = '-';
  let empty = '(empty)';
  /** Column of each needed field, then orig_pkts and id.orig_p (-1: absent); null before #fields. */
  let cols: { ts: number; src: number; host: number; dport: number; proto: number; pkts: number; sport: number; width: number } | null = null; // prettier-ignore

  const header = (line: string): Rejection | null => {
    const space = line.search(/[\s]/);
    const key = space < 0 ? line : line.slice(0, space);
    const value = space < 0 ? '' : line.slice(space + 1);
    if (key === '#separator') sep = unescape(value.trim()) || '\t';
    else if (key === '#unset_field') unset = value.split(sep)[0] ?? '-';
    else if (key === '#empty_field') empty = value.split(sep)[0] ?? '(empty)';
    else if (key === '#fields') {
      const names = line.split(sep).slice(1);
      const at = (n: string) => names.indexOf(n);
      const missing = NEEDED.filter((n) => at(n) < 0);
      if (missing.length > 0) {
        cols = null;
        return new Rejection('malformed line', `#fields lacks ${missing.join(', ')}: not a conn.log header`);
      }
      cols = { ts: at('ts'), src: at('id.orig_h'), host: at('id.resp_h'), dport: at('id.resp_p'),
        proto: at('proto'), pkts: at('orig_pkts'), sport: at('id.orig_p'), width: names.length }; // prettier-ignore
    }
    return null;
  };

  const record = (
    ts: string,
    src: string,
    host: string,
    dport: string,
    proto: string,
    pkts: string,
    sport: string,
  ): LineRecord | Rejection => {
    // prettier-ignore
    const packets = pkts === '' ? 1 : packetCount(pkts);
    if (packets instanceof Rejection) return packets;
    const icmp = proto.toLowerCase() === 'icmp';
    return {
      rec: [ts, src, proto, icmp ? '' : dport, host || defaultHost, '', icmp ? sport : ''],
      packets,
    };
  };

  return {
    parseTime: zeekTime,
    parse(line): LineRecord | Rejection | null {
      if (line.charCodeAt(0) === 35) return header(line); // '#'
      if (line.charCodeAt(0) === 123) {
        const o = parseJsonObject(line);
        if (o instanceof Rejection) return o;
        if (typeof o._path === 'string' && o._path !== 'conn') return null;
        const get = (k: string) => text(dotted(o, k));
        return record(get('ts'), get('id.orig_h'), get('id.resp_h'), get('id.resp_p'), get('proto'),
          get('orig_pkts'), get('id.orig_p')); // prettier-ignore
      }
      if (cols === null) return new Rejection('malformed line', 'data before a #fields header line');
      const f = line.split(sep);
      if (f.length !== cols.width) {
        return new Rejection('wrong field count', `${f.length} fields, #fields has ${cols.width}`);
      }
      const get = (i: number) => (i < 0 || f[i] === unset || f[i] === empty ? '' : f[i]);
      return record(get(cols.ts), get(cols.src), get(cols.host), get(cols.dport), get(cols.proto),
        get(cols.pkts), get(cols.sport)); // prettier-ignore
    },
  };
}
