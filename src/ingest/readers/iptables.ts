/**
 * iptables / ufw / nftables kernel log lines, as syslog, kern.log or journald write them:
 * `Mar  1 12:00:00 fw kernel: [UFW BLOCK] IN=eth0 … SRC=a DST=b … PROTO=TCP SPT=… DPT=22 …`, and for ICMP
 * `PROTO=ICMP TYPE=8 CODE=0`. The host is `DST=`, else the syslog host name, else the reader's default
 * host. The stamp is the line's first 15 characters (`--year`, `--tz`: see syslog-time.ts) or its first
 * word when that is an RFC 3339 time. Lines without `SRC=` and `PROTO=` (other kernel or daemon
 * messages) are skipped.
 */
import { Rejection } from '../validate-row.js';
import type { LineFormat, LineRecord } from './read-lines.js';
import { syslogTimeParser } from './syslog-time.js';

/** The value of ` KEY=` in a kernel log line ('' when absent). */
function field(line: string, key: string, from: number): string {
  const at = line.indexOf(key, from);
  if (at < 0) return '';
  const start = at + key.length;
  const end = line.indexOf(' ', start);
  return end < 0 ? line.slice(start) : line.slice(start, end);
}

export function iptablesFormat(
  opts: { year?: number; tz?: string; label?: string } = {},
  defaultHost = '',
): LineFormat {
  let lineNo = 0;
  const parseTime = syslogTimeParser(opts, () => `${opts.label ?? 'input'}:${lineNo}`);
  return {
    parseTime,
    parse(line, n): LineRecord | Rejection | null {
      const src = line.indexOf(' SRC=');
      if (src < 0 || line.indexOf(' PROTO=', src) < 0) return null;
      lineNo = n;
      const c = line.charCodeAt(0);
      const iso = c >= 48 && c <= 57;
      const stampEnd = iso ? line.indexOf(' ') : 15;
      if (stampEnd < 0 || line.charCodeAt(stampEnd) !== 32)
        return new Rejection('bad time', 'no syslog time stamp at the start of the line');
      const stamp = line.slice(0, stampEnd);
      const hostEnd = line.indexOf(' ', stampEnd + 1);
      const sysHost = hostEnd < 0 ? '' : line.slice(stampEnd + 1, hostEnd);
      const proto = field(line, ' PROTO=', src);
      const icmp = /^icmp/i.test(proto);
      const host = field(line, ' DST=', src) || (sysHost.endsWith(':') ? '' : sysHost) || defaultHost;
      return {
        rec: [stamp, field(line, ' SRC=', 0), proto, icmp ? '' : field(line, ' DPT=', src), host, '',
          icmp ? field(line, ' TYPE=', src) : ''], // prettier-ignore
        packets: 1,
      };
    },
  };
}
