/**
 * An Elasticsearch / T-Pot NDJSON export: one document a line, bare or wrapped as a search hit
 * (`{"_index": …, "_source": {…}}`, as elasticdump and scroll exports write). Fields: `@timestamp` (ISO
 * 8601), `src_ip`, `dest_port`, `geoip.country_code2` (the source's country, used when it is two letters;
 * else GeoIP), `t-pot_hostname` (the host; else `dest_ip`, else the reader's default host). The protocol
 * is `proto` or `protocol` when it names TCP, UDP or ICMP; honeypot services write their application
 * protocol there (ssh, http, smb…) or nothing, which count as TCP.
 * Documents that are not connections are skipped: Cowrie events other than `cowrie.session.connect`
 * (T-Pot indexes every login and command) and Suricata events other than `flow`.
 */
import { parseIso } from '../parse-time.js';
import { Rejection } from '../validate-row.js';
import { dotted, parseJsonObject, text, type LineFormat, type LineRecord } from './read-lines.js';

const TRANSPORT = /^(tcp|udp|icmp|icmpv6|ipv6-icmp|6|17|1|58)$/i;

export function tpotFormat(defaultHost = ''): LineFormat {
  return {
    parseTime: parseIso,
    parse(line): LineRecord | Rejection | null {
      const outer = parseJsonObject(line);
      if (outer instanceof Rejection) return outer;
      const src = outer._source;
      const o = typeof src === 'object' && src !== null ? (src as Record<string, unknown>) : outer;
      const eventid = o.eventid;
      if (
        typeof eventid === 'string' &&
        eventid.startsWith('cowrie.') &&
        eventid !== 'cowrie.session.connect'
      )
        return null;
      if (typeof o.event_type === 'string' && o.event_type !== 'flow') return null;
      const named = [text(o.proto), text(o.protocol)].find((p) => TRANSPORT.test(p.trim()));
      const proto = named ?? 'TCP';
      const icmp = /^(icmp|icmpv6|ipv6-icmp|1|58)$/i.test(proto.trim());
      const host = text(o['t-pot_hostname'] ?? o.dest_ip ?? o.dst_ip) || defaultHost;
      return {
        rec: [text(o['@timestamp'] ?? o.timestamp), text(o.src_ip), proto, icmp ? '' : text(o.dest_port ?? o.dst_port),
          host, text(dotted(o, 'geoip.country_code2')), icmp ? text(o.icmp_type) : ''], // prettier-ignore
        packets: 1,
      };
    },
  };
}
