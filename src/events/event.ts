/**
 * One detected event as `gen-frames events` prints it, and the helpers every detector shares: rows
 * grouped by source, and an event described from a set of one source's rows.
 */
import { countryName } from '../ingest/country-name.js';
import type { PacketRow, Proto } from '../ingest/packet-row.js';

/** How an event unfolds: a scan within the fast window (minutes), or one reached only at a slow scale (hours, days). */
export type Pace = 'fast' | 'slow';

export interface DetectedEvent {
  kind: 'scan' | 'flood';
  /** `fast`: found within the fast scan window (floods are always fast); `slow`: most ports reached only at a slow scale. */
  pace: Pace;
  /** First packet, ISO UTC. */
  start: string;
  /** Last packet + 1 s (exclusive), ISO UTC. */
  end: string;
  /** end − start in seconds. */
  duration: number;
  src: string;
  cc: string;
  country: string;
  hosts: string[];
  proto: Proto;
  ports: number[];
  distinctPorts: number;
  packets: number;
}

const PROTO_ORDER: readonly Proto[] = ['tcp', 'udp', 'icmp'];
export const protoIndex = (p: Proto): number => (p === 'tcp' ? 0 : p === 'udp' ? 1 : 2);
export const iso = (t: number): string => new Date(t * 1000).toISOString().replace('.000Z', 'Z');

/** Row indices per source, each list sorted by (time, index). */
export function bySource(rows: readonly PacketRow[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const g = groups.get(r.src);
    if (g) g.push(i);
    else groups.set(r.src, [i]);
  });
  for (const g of groups.values()) {
    let sorted = true;
    for (let k = 1; k < g.length && sorted; k++) sorted = rows[g[k - 1]].time <= rows[g[k]].time;
    if (!sorted) g.sort((a, b) => rows[a].time - rows[b].time || a - b);
  }
  return groups;
}

/**
 * An event from a set of one source's rows: `proto` is the protocol of most packets; a scan's ports are
 * its TCP/UDP destination ports, a flood's those of its protocol (ICMP: types); at most `maxPorts` listed.
 */
export function describeEvent(
  kind: 'scan' | 'flood',
  pace: Pace,
  rows: readonly PacketRow[],
  idx: number[],
  maxPorts: number,
): DetectedEvent {
  const hosts = new Set<string>();
  const ports = new Set<number>();
  const perProto = [0, 0, 0];
  const ccs = new Map<string, number>();
  let first = Infinity;
  let last = -Infinity;
  for (const i of idx) {
    const r = rows[i];
    hosts.add(r.host);
    perProto[protoIndex(r.proto)]++;
    ccs.set(r.cc, (ccs.get(r.cc) ?? 0) + 1);
    first = Math.min(first, r.time);
    last = Math.max(last, r.time);
  }
  let p = 0;
  for (let k = 1; k < 3; k++) if (perProto[k] > perProto[p]) p = k;
  const proto = PROTO_ORDER[p];
  for (const i of idx) {
    const r = rows[i];
    if (kind === 'flood' ? r.proto === proto : r.proto !== 'icmp') ports.add(r.port);
  }
  const cc = [...ccs].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
  const portList = [...ports].sort((a, b) => a - b);
  return {
    kind,
    pace,
    start: iso(first),
    end: iso(last + 1),
    duration: last + 1 - first,
    src: rows[idx[0]].src,
    cc,
    country: countryName(cc),
    hosts: [...hosts].sort(),
    proto,
    ports: portList.slice(0, maxPorts),
    distinctPorts: portList.length,
    packets: idx.length,
  };
}
