/**
 * Notable events in packet rows, found per source address.
 *
 * SCAN — one source reaching many distinct destination ports and/or hosts within a sliding window:
 *   a window of `scanWindow` seconds (default 1800) over one source's packets is "hot" when it holds at
 *   least `scanPorts` distinct TCP/UDP destination ports (default 25; (proto, port) pairs) or at least
 *   `scanHosts` distinct hosts (default 8; any protocol, so ping sweeps count). Overlapping or touching
 *   hot windows merge into one event, which spans from the first packet of its first hot window to the
 *   last packet of its last one and reports all of the source's packets in that span.
 *
 * FLOOD — one source sending far more packets at one port and host in a time bin than that port's
 *   baseline: bins of `floodBin` seconds (default the --bin, 300) aligned to multiples of it; a cell
 *   (bin, source, host, protocol, port) is a flood when it holds at least `floodPackets` packets
 *   (default 100) and at least `floodFactor` (default 20) times the port's baseline, the median packets
 *   per non-empty cell of the same (protocol, port) from all other sources (1 when no other source used
 *   it). ICMP floods use the ICMP type as the port. Flood cells of one (source, host, protocol, port) in
 *   consecutive bins (or with one quieter bin between) merge into one event, which takes in every bin
 *   of its span and the non-empty bin just before and just after (a flood rarely starts and ends on a
 *   bin boundary).
 *
 * Output (one object per event, sorted by start, then kind, then source): start and end as ISO UTC
 * (end exclusive: last packet + 1 s); `proto` the protocol of most of the event's packets; `ports` the
 * distinct destination ports (TCP/UDP; ICMP types for an ICMP flood), ascending, at most
 * `maxPortsListed` (default 1000) of them; `distinctPorts` their full count; `hosts` ascending.
 */
import { countryName } from '../ingest/country-name.js';
import type { PacketRow, Proto } from '../ingest/packet-row.js';

export interface EventThresholds {
  scanWindow: number;
  scanPorts: number;
  scanHosts: number;
  floodBin: number;
  floodPackets: number;
  floodFactor: number;
  maxPortsListed: number;
}

export const DEFAULT_THRESHOLDS: EventThresholds = {
  scanWindow: 1800,
  scanPorts: 25,
  scanHosts: 8,
  floodBin: 300,
  floodPackets: 100,
  floodFactor: 20,
  maxPortsListed: 1000,
};

export interface DetectedEvent {
  kind: 'scan' | 'flood';
  start: string;
  end: string;
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
const protoIndex = (p: Proto) => (p === 'tcp' ? 0 : p === 'udp' ? 1 : 2);
const iso = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');

/** Row indices per source, each list sorted by (time, index). */
function bySource(rows: readonly PacketRow[]): Map<string, number[]> {
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

/** An event from a set of one source's rows. */
function describe(
  kind: 'scan' | 'flood',
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
    start: iso(first),
    end: iso(last + 1),
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

function bump<K>(m: Map<K, number>, k: K, d: number): void {
  const v = (m.get(k) ?? 0) + d;
  if (v === 0) m.delete(k);
  else m.set(k, v);
}

/** Scan spans [start, end] (times) of one source's rows g, by the sliding window. */
function scanSpans(rows: readonly PacketRow[], g: number[], t: EventThresholds): [number, number][] {
  const spans: [number, number][] = [];
  const ports = new Map<number, number>();
  const hosts = new Map<string, number>();
  let l = 0;
  for (let r = 0; r < g.length; r++) {
    const row = rows[g[r]];
    if (row.proto !== 'icmp') bump(ports, protoIndex(row.proto) * 65536 + row.port, 1);
    bump(hosts, row.host, 1);
    while (row.time - rows[g[l]].time >= t.scanWindow) {
      const old = rows[g[l++]];
      if (old.proto !== 'icmp') bump(ports, protoIndex(old.proto) * 65536 + old.port, -1);
      bump(hosts, old.host, -1);
    }
    if (ports.size >= t.scanPorts || hosts.size >= t.scanHosts) {
      const s = rows[g[l]].time;
      const open = spans[spans.length - 1];
      if (open && s <= open[1]) open[1] = row.time;
      else spans.push([s, row.time]);
    }
  }
  return spans;
}

export function detectScans(
  rows: readonly PacketRow[],
  t: EventThresholds,
  groups = bySource(rows),
): DetectedEvent[] {
  const out: DetectedEvent[] = [];
  const least = Math.min(t.scanPorts, t.scanHosts);
  for (const g of groups.values()) {
    if (g.length < least) continue;
    for (const [s, e] of scanSpans(rows, g, t)) {
      const idx = g.filter((i) => rows[i].time >= s && rows[i].time <= e);
      out.push(describe('scan', rows, idx, t.maxPortsListed));
    }
  }
  return out;
}

function median(values: number[]): number {
  if (values.length === 0) return 1;
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

export function detectFloods(
  rows: readonly PacketRow[],
  t: EventThresholds,
  groups = bySource(rows),
): DetectedEvent[] {
  if (rows.length === 0) return [];
  const bs = t.floodBin;
  let minTime = Infinity;
  for (const r of rows) if (r.time < minTime) minTime = r.time;
  const t0 = Math.floor(minTime / bs) * bs;
  const binOf = (time: number) => Math.floor((time - t0) / bs);
  // Cells per source: key "host|proto|port" → (bin → packets).
  type Cells = Map<string, Map<number, number>>;
  const cellsOf = new Map<string, Cells>();
  // Per (proto, port): every non-empty cell's count with its source, for the baselines.
  const portCells = new Map<number, { src: string; n: number }[]>();
  const candidates: { src: string; key: string; bin: number; n: number; port: number }[] = [];
  for (const [src, g] of groups) {
    const cells: Cells = new Map();
    for (const i of g) {
      const r = rows[i];
      const key = `${r.host}|${r.proto}|${r.port}`;
      let bins = cells.get(key);
      if (!bins) cells.set(key, (bins = new Map()));
      const b = binOf(r.time);
      bins.set(b, (bins.get(b) ?? 0) + 1);
    }
    cellsOf.set(src, cells);
    for (const [key, bins] of cells) {
      const parts = key.split('|'); // the host may hold '|'; protocol and port are the last two
      const proto = parts[parts.length - 2];
      const port = parts[parts.length - 1];
      const portKey = protoIndex(proto as Proto) * 65537 + Number(port) + 1;
      let list = portCells.get(portKey);
      if (!list) portCells.set(portKey, (list = []));
      for (const [bin, n] of bins) {
        list.push({ src, n });
        if (n >= t.floodPackets) candidates.push({ src, key, bin, n, port: portKey });
      }
    }
  }
  const baselines = new Map<string, number>();
  const floods = new Map<string, number[]>(); // "src\0key" → flood bins
  for (const c of candidates) {
    const bk = `${c.port}\0${c.src}`;
    let base = baselines.get(bk);
    if (base === undefined) {
      base = Math.max(
        1,
        median(
          portCells
            .get(c.port)!
            .filter((x) => x.src !== c.src)
            .map((x) => x.n),
        ),
      );
      baselines.set(bk, base);
    }
    if (c.n >= t.floodFactor * base) {
      const fk = `${c.src}\0${c.key}`;
      const list = floods.get(fk);
      if (list) list.push(c.bin);
      else floods.set(fk, [c.bin]);
    }
  }
  const out: DetectedEvent[] = [];
  for (const [fk, floodBins] of floods) {
    const [src, key] = fk.split('\0');
    const bins = cellsOf.get(src)!.get(key)!;
    floodBins.sort((a, b) => a - b);
    const runs: [number, number][] = [];
    for (const b of floodBins) {
      const run = runs[runs.length - 1];
      if (run && b <= run[1] + 2)
        run[1] = b; // one quieter bin between flood bins does not split it
      else runs.push([b, b]);
    }
    for (const run of runs) {
      const lo = bins.has(run[0] - 1) ? run[0] - 1 : run[0];
      const hi = bins.has(run[1] + 1) ? run[1] + 1 : run[1];
      const idx = groups.get(src)!.filter((i) => {
        const r = rows[i];
        const b = binOf(r.time);
        return b >= lo && b <= hi && `${r.host}|${r.proto}|${r.port}` === key;
      });
      out.push(describe('flood', rows, idx, t.maxPortsListed));
    }
  }
  return out;
}

/** Scans and floods of `rows`, sorted by start, then kind, then source. */
export function detectEvents(
  rows: readonly PacketRow[],
  thresholds: Partial<EventThresholds> = {},
): DetectedEvent[] {
  const t = { ...DEFAULT_THRESHOLDS, ...thresholds };
  const groups = bySource(rows);
  const events = [...detectScans(rows, t, groups), ...detectFloods(rows, t, groups)];
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return events.sort(
    (a, b) => cmp(a.start, b.start) || cmp(a.kind, b.kind) || cmp(a.src, b.src) || cmp(a.end, b.end),
  );
}
