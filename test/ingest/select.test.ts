import { describe, expect, it } from 'vitest';
import type { PacketRow } from '../../src/ingest/packet-row.js';
import { applySelection, selectionFilter } from '../../src/ingest/select.js';

const row = (time: number, proto: PacketRow['proto'], port: number, cc = 'CN', host = 'h1'): PacketRow => ({
  time,
  host,
  src: '1.2.3.4',
  cc,
  proto,
  port,
});

describe('select', () => {
  const rows = [
    row(100, 'tcp', 22),
    row(200, 'udp', 53, 'US'),
    row(300, 'icmp', 8, 'ZZ', 'h2'),
    row(400, 'tcp', 1433),
  ];

  it('selects everything without a selection (no filter function)', () => {
    expect(selectionFilter({})).toBeNull();
    expect(applySelection(rows, {})).toEqual({ rows, filtered: 0 });
  });

  it('keeps [from, to) and matches countries, protocols, hosts and TCP/UDP ports', () => {
    expect(applySelection(rows, { from: 200, to: 400 }).rows.map((r) => r.time)).toEqual([200, 300]);
    expect(applySelection(rows, { countries: ['us', 'zz'] }).rows.map((r) => r.time)).toEqual([200, 300]);
    expect(applySelection(rows, { protos: ['tcp'] }).filtered).toBe(2);
    expect(applySelection(rows, { hosts: ['h2'] }).rows.map((r) => r.time)).toEqual([300]);
    expect(applySelection(rows, { ports: [[8, 8]] }).rows).toEqual([]); // ICMP type 8 is not a port
    expect(applySelection(rows, { ports: [[20, 60]] }).rows.map((r) => r.port)).toEqual([22, 53]);
  });
});
