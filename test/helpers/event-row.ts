import type { PacketRow } from '../../src/ingest/packet-row.js';

/** One packet from CN, for event tests: time, source and port matter, host and protocol rarely. */
export const eventRow = (
  time: number,
  src: string,
  port: number,
  host = 'h1',
  proto: PacketRow['proto'] = 'tcp',
): PacketRow => ({ time, host, src, cc: 'CN', proto, port });
