/**
 * The sliding window of scan detection at one time scale, over one source's packets in time order.
 * Counting is done with typed arrays indexed by small integer keys (a row's TCP/UDP port key and host
 * id, src/events/row-keys.ts), shared by all sources: each pass leaves every count back at zero.
 */
import type { PacketRow } from '../ingest/packet-row.js';
import type { RowKeys } from './row-keys.js';

/** Counters for one window, reused from source to source. */
export interface WindowCounts {
  ports: Int32Array;
  hosts: Int32Array;
}

export const windowCounts = (keys: RowKeys): WindowCounts => ({
  ports: new Int32Array(2 * 65536),
  hosts: new Int32Array(Math.max(1, keys.hostCount)),
});

/**
 * Runs of hot windows of one source (g: its row indices in time order) at one scale: a window is the
 * source's packets in (t − window, t] for each packet time t, hot when `hot(distinct TCP/UDP ports,
 * distinct hosts)`. Hot windows that overlap or touch in time merge into one run, returned as
 * [index in g of the first window's first packet, index in g of the last window's last packet].
 */
export function hotRuns(
  rows: readonly PacketRow[],
  g: readonly number[],
  keys: RowKeys,
  c: WindowCounts,
  window: number,
  hot: (ports: number, hosts: number) => boolean,
): [number, number][] {
  const runs: [number, number][] = [];
  let ports = 0;
  let hosts = 0;
  let l = 0;
  const drop = (i: number) => {
    const p = keys.port[i];
    if (p >= 0 && --c.ports[p] === 0) ports--;
    if (--c.hosts[keys.host[i]] === 0) hosts--;
  };
  for (let r = 0; r < g.length; r++) {
    const i = g[r];
    const p = keys.port[i];
    if (p >= 0 && c.ports[p]++ === 0) ports++;
    if (c.hosts[keys.host[i]]++ === 0) hosts++;
    const t = rows[i].time;
    while (t - rows[g[l]].time >= window) drop(g[l++]);
    if (hot(ports, hosts)) {
      const open = runs[runs.length - 1];
      if (open && rows[g[l]].time <= rows[g[open[1]]].time) open[1] = r;
      else runs.push([l, r]);
    }
  }
  for (; l < g.length; l++) drop(g[l]);
  return runs;
}

/**
 * A slow run trimmed to its new packets: from the first to the last packet (within the run) at a
 * (host, TCP/UDP port) the source had never hit before. A slow window reaches back up to its whole
 * length before the packets that made it hot, and a source's steady background (the same few ports on
 * the same hosts, day after day) would otherwise stretch a scan by up to that much on both sides. When
 * the trimmed span would no longer be hot (a source repeating a scan it made before has few new
 * packets), the run keeps its full extent. Returns indices into g.
 */
export function trimToNew(
  g: readonly number[],
  keys: RowKeys,
  c: WindowCounts,
  runs: [number, number][],
  hot: (ports: number, hosts: number) => boolean,
): [number, number][] {
  const isNew = new Uint8Array(g.length);
  const seen = new Set<number>();
  for (let r = 0; r < g.length; r++) {
    const i = g[r];
    const p = keys.port[i];
    if (p < 0) continue;
    const k = keys.host[i] * 2 * 65536 + p;
    if (!seen.has(k)) {
      seen.add(k);
      isNew[r] = 1;
    }
  }
  return runs.map(([a, b]): [number, number] => {
    let s = a;
    while (s <= b && !isNew[s]) s++;
    if (s > b) return [a, b];
    let e = b;
    while (!isNew[e]) e--;
    return isHot(g, keys, c, s, e, hot) ? [s, e] : [a, b];
  });
}

/** Whether g[s..e] as one window passes `hot`; leaves the counts at zero. */
function isHot(
  g: readonly number[],
  keys: RowKeys,
  c: WindowCounts,
  s: number,
  e: number,
  hot: (ports: number, hosts: number) => boolean,
): boolean {
  let ports = 0;
  let hosts = 0;
  for (let r = s; r <= e; r++) {
    const p = keys.port[g[r]];
    if (p >= 0 && c.ports[p]++ === 0) ports++;
    if (c.hosts[keys.host[g[r]]]++ === 0) hosts++;
  }
  for (let r = s; r <= e; r++) {
    const p = keys.port[g[r]];
    if (p >= 0) c.ports[p]--;
    c.hosts[keys.host[g[r]]]--;
  }
  return hot(ports, hosts);
}
