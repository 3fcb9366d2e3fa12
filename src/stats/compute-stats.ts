/**
 * Summary of an input: the row accounting (read = accepted + rejected; accepted = used + filtered;
 * `packets` ≥ used, as a flow record may stand for several packets),
 * rejections by reason, the time span, and packets per protocol, per host, top countries and top ports
 * of the rows used (those inside the selection). Shares are fractions of the rows used.
 */
import { countryName } from '../ingest/country-name.js';
import type { PacketRow, Proto } from '../ingest/packet-row.js';
import type { LoadedInput } from '../ingest/read-input.js';
import { REJECT_REASONS } from '../ingest/validate-row.js';

export interface CountryCount {
  cc: string;
  country: string;
  packets: number;
  share: number;
}

export interface PortCount {
  proto: Proto;
  port: number;
  packets: number;
  share: number;
}

export interface InputStats {
  source: string;
  format: string;
  digest: string;
  geo: string | null;
  rows: {
    read: number;
    accepted: number;
    rejected: number;
    filtered: number;
    /** Records used (inside the selection). */
    used: number;
    blankLines: number;
    /** Lines that hold no connection record (other event types, comments, headers); 0 for CSV. */
    skipped: number;
    /** Packets of the records used (a flow record may stand for several; one per CSV row). */
    packets: number;
  };
  rejectedByReason: Record<string, number>;
  /** ISO UTC times of the first and last row used (null when none) and the days between. */
  span: { first: string | null; last: string | null; days: number };
  protocols: Record<Proto, number>;
  hosts: { host: string; packets: number }[];
  countries: CountryCount[];
  /** TCP/UDP destination ports, most packets first (ICMP is counted in `protocols`). */
  ports: PortCount[];
  distinct: { countries: number; sources: number; ports: number };
}

export interface StatsOptions {
  /** How many countries and ports to list. Default 10. */
  top?: number;
}

const iso = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');

function sortedCounts<K>(m: Map<K, number>, tie: (a: K, b: K) => number): [K, number][] {
  return [...m].sort((a, b) => b[1] - a[1] || tie(a[0], b[0]));
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Counts of the rows used, in one pass. */
export function countRows(rows: readonly PacketRow[]) {
  const protocols: Record<Proto, number> = { tcp: 0, udp: 0, icmp: 0 };
  const hosts = new Map<string, number>();
  const countries = new Map<string, number>();
  const ports = new Map<number, number>(); // key: (tcp 0 | udp 1) · 65536 + port
  const sources = new Set<string>();
  let first = Infinity;
  let last = -Infinity;
  for (const r of rows) {
    protocols[r.proto]++;
    hosts.set(r.host, (hosts.get(r.host) ?? 0) + 1);
    countries.set(r.cc, (countries.get(r.cc) ?? 0) + 1);
    if (r.proto !== 'icmp') {
      const key = (r.proto === 'tcp' ? 0 : 65536) + r.port;
      ports.set(key, (ports.get(key) ?? 0) + 1);
    }
    sources.add(r.src);
    if (r.time < first) first = r.time;
    if (r.time > last) last = r.time;
  }
  return { protocols, hosts, countries, ports, sources: sources.size, first, last };
}

export function computeStats(input: LoadedInput, opts: StatsOptions = {}): InputStats {
  const top = opts.top ?? 10;
  const packets = input.rows.length;
  const used = input.records;
  const c = countRows(input.rows);
  const share = (n: number) => (packets > 0 ? n / packets : 0);
  const rejectedByReason: Record<string, number> = {};
  for (const reason of REJECT_REASONS)
    if (input.byReason[reason]) rejectedByReason[reason] = input.byReason[reason];
  return {
    source: input.source,
    format: input.format,
    digest: input.digest,
    geo: input.geo,
    rows: {
      read: input.read,
      accepted: input.accepted,
      rejected: input.rejected,
      filtered: input.filtered,
      used,
      blankLines: input.blankLines,
      skipped: input.skipped,
      packets,
    },
    rejectedByReason,
    span: {
      first: packets > 0 ? iso(c.first) : null,
      last: packets > 0 ? iso(c.last) : null,
      days: packets > 0 ? Math.round(((c.last - c.first) / 86400) * 100) / 100 : 0,
    },
    protocols: c.protocols,
    hosts: sortedCounts(c.hosts, byText).map(([host, packets]) => ({ host, packets })),
    countries: sortedCounts(c.countries, byText)
      .slice(0, top)
      .map(([cc, packets]) => ({ cc, country: countryName(cc), packets, share: share(packets) })),
    ports: sortedCounts(c.ports, (a, b) => a - b)
      .slice(0, top)
      .map(([key, packets]) => ({
        proto: key >= 65536 ? 'udp' : 'tcp',
        port: key & 65535,
        packets,
        share: share(packets),
      })),
    distinct: { countries: c.countries.size, sources: c.sources, ports: c.ports.size },
  };
}
