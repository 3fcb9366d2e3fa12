/** Small integer keys of every row, computed once for all detectors: numbers hash and compare faster than strings. */
import type { PacketRow } from '../ingest/packet-row.js';
import { protoIndex } from './event.js';

/** Integer keys of every row: `port` = proto·65536 + port for TCP/UDP, -1 for ICMP; `host` = host id. */
export interface RowKeys {
  port: Int32Array;
  host: Int32Array;
  hostCount: number;
}

export function rowKeys(rows: readonly PacketRow[]): RowKeys {
  const port = new Int32Array(rows.length);
  const host = new Int32Array(rows.length);
  const ids = new Map<string, number>();
  rows.forEach((r, i) => {
    port[i] = r.proto === 'icmp' ? -1 : protoIndex(r.proto) * 65536 + r.port;
    let h = ids.get(r.host);
    if (h === undefined) ids.set(r.host, (h = ids.size));
    host[i] = h;
  });
  return { port, host, hostCount: ids.size };
}
