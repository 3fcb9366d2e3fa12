/**
 * Which reader a file needs, from its first bytes (decompressed): Zeek TSV by its `#separator` /
 * `#fields` header; JSON lines by their keys (Cowrie `eventid: cowrie.*`, Suricata `event_type`, Zeek
 * `id.orig_h`, T-Pot / Elasticsearch `@timestamp`, `t-pot_hostname` or a `_source` wrapper); kernel
 * firewall lines by `SRC=`, `DST=` and `PROTO=`; anything else is CSV (whose reader checks the header).
 */
import { UserError } from '../../errors.js';

export const INPUT_FORMATS = ['csv', 'cowrie', 'suricata', 'zeek', 'iptables', 'tpot'] as const;
export type InputFormatName = (typeof INPUT_FORMATS)[number];

/** How many lines of the head are looked at. */
const LINES = 50;

function jsonKind(o: Record<string, unknown>): InputFormatName | undefined {
  if ('_source' in o || '@timestamp' in o || 't-pot_hostname' in o) return 'tpot';
  if (typeof o.eventid === 'string' && o.eventid.startsWith('cowrie.')) return 'cowrie';
  if (typeof o.event_type === 'string') return 'suricata';
  if ('id.orig_h' in o || (typeof o.id === 'object' && o.id !== null && 'orig_h' in o.id)) return 'zeek';
  return undefined;
}

/** The format of a file whose first bytes are `head`; UserError for JSON of no known kind. */
export function detectFormat(label: string, head: Buffer): InputFormatName {
  let textHead = head.toString('utf8');
  if (textHead.charCodeAt(0) === 0xfeff) textHead = textHead.slice(1);
  const lines = textHead
    .split('\n')
    .slice(0, LINES)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length === 0) return 'csv';
  if (/^#(separator|set_separator|fields|path)\b/.test(lines[0])) return 'zeek';
  if (lines[0].startsWith('{')) {
    for (const line of lines) {
      let o: unknown;
      try {
        o = JSON.parse(line);
      } catch {
        continue; // a bad or cut-off line: try the next
      }
      if (typeof o !== 'object' || o === null) continue;
      const kind = jsonKind(o as Record<string, unknown>);
      if (kind) return kind;
    }
    throw new UserError(
      `${label}: JSON lines, but not of a kind portglow reads (Cowrie, Suricata eve.json, Zeek conn.log, ` +
        'T-Pot/Elasticsearch). Name the format with --format-in cowrie|suricata|zeek|tpot if it is one of them.',
    );
  }
  if (lines.some((l) => l.includes(' SRC=') && l.includes(' DST=') && l.includes(' PROTO=')))
    return 'iptables';
  return 'csv';
}
