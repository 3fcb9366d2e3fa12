/**
 * Suricata eve.json: one event a line, by `event_type`.
 * - `flow` (the default): time `flow.start`, `src_ip`, `dest_ip` (the host), `dest_port`, `proto`
 *   (TCP, UDP, ICMP, IPv6-ICMP), `icmp_type`, and `flow.pkts_toserver` packets.
 * - `alert` (with `--suricata alerts`): time `timestamp`, the same addresses, one packet; the first
 *   time each `alert.signature` is seen becomes a note (a caption on the video).
 * The host is `dest_ip`, else the sensor name `host`, else the reader's default host. Other event types
 * are skipped; a JSON object without `event_type` is rejected.
 */
import { parseIso } from '../parse-time.js';
import { Rejection } from '../validate-row.js';
import {
  dotted,
  packetCount,
  parseJsonObject,
  text,
  type InputNote,
  type LineFormat,
  type LineRecord,
} from './read-lines.js';

export const SURICATA_EVENTS = ['flows', 'alerts'] as const;
export type SuricataEvents = (typeof SURICATA_EVENTS)[number];

export function suricataFormat(events: SuricataEvents = 'flows', defaultHost = ''): LineFormat {
  const wanted = events === 'alerts' ? 'alert' : 'flow';
  const notes: InputNote[] = [];
  const signatures = new Set<string>();
  return {
    parseTime: parseIso,
    notes,
    parse(line): LineRecord | Rejection | null {
      // Skip whole events (ending in '}') of other types without a full parse.
      if (
        line.charCodeAt(line.length - 1) === 125 &&
        !line.includes(`"${wanted}"`) &&
        line.includes('"event_type"')
      )
        return null;
      const o = parseJsonObject(line);
      if (o instanceof Rejection) return o;
      const type = o.event_type;
      if (typeof type !== 'string')
        return new Rejection('malformed line', 'no event_type: not a Suricata eve.json event');
      if (type !== wanted) return null;
      const host = text(o.dest_ip ?? o.host) || defaultHost;
      const rec = ['', text(o.src_ip), text(o.proto), text(o.dest_port), host, '', text(o.icmp_type)];
      if (wanted === 'flow') {
        rec[0] = text(dotted(o, 'flow.start'));
        const packets = packetCount(text(dotted(o, 'flow.pkts_toserver')));
        if (packets instanceof Rejection) return packets;
        return { rec, packets };
      }
      rec[0] = text(o.timestamp);
      const signature = text(dotted(o, 'alert.signature'));
      if (signature !== '' && !signatures.has(signature)) {
        const time = parseIso(rec[0]);
        if (time === time) {
          signatures.add(signature);
          notes.push({ time, text: signature });
        }
      }
      return { rec, packets: 1 };
    },
  };
}
