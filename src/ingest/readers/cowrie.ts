/**
 * Cowrie JSON lines (cowrie.json): one event a line. Only `cowrie.session.connect` events are
 * connections: `timestamp` (ISO 8601, UTC), `src_ip`, `dst_port` and `dst_ip` (T-Pot writes
 * `dest_port` / `dest_ip`), `protocol` ssh or telnet, both TCP (Cowrie listens on TCP only). The host is
 * `dst_ip`, else `sensor`, else the reader's default host. Other Cowrie events (logins, commands,
 * downloads, …) are skipped without being parsed; a JSON object with no `eventid` is rejected.
 */
import { parseIso } from '../parse-time.js';
import { Rejection } from '../validate-row.js';
import { parseJsonObject, text, type LineFormat, type LineRecord } from './read-lines.js';

const CONNECT = 'cowrie.session.connect';

/** Cowrie's application protocols, all over TCP. */
const TCP_SERVICES = new Set(['ssh', 'telnet']);

export function cowrieFormat(defaultHost = ''): LineFormat {
  return {
    parseTime: parseIso,
    parse(line): LineRecord | Rejection | null {
      // Most of a Cowrie log is other events: skip whole ones (ending in '}') without a full parse.
      if (
        line.charCodeAt(line.length - 1) === 125 &&
        !line.includes(CONNECT) &&
        line.includes('"eventid":"cowrie.')
      )
        return null;
      const o = parseJsonObject(line);
      if (o instanceof Rejection) return o;
      const id = o.eventid;
      if (typeof id !== 'string') return new Rejection('malformed line', 'no eventid: not a Cowrie event');
      if (id !== CONNECT) return null;
      const protocol = text(o.protocol);
      const proto = protocol === '' || TCP_SERVICES.has(protocol.toLowerCase()) ? 'TCP' : protocol;
      const host = text(o.dst_ip ?? o.dest_ip ?? o.sensor) || defaultHost;
      return {
        rec: [text(o.timestamp), text(o.src_ip), proto, text(o.dst_port ?? o.dest_port), host, '', ''],
        packets: 1,
      };
    },
  };
}
