/**
 * SCAN — one source reaching many destination ports and/or hosts, looked for at several time scales.
 *
 * Fast scale: a window of `scanWindow` seconds (default 1800) over one source's packets is hot when it
 * holds at least `scanPorts` distinct TCP/UDP destination ports (default 25; (proto, port) pairs) or at
 * least `scanHosts` distinct hosts (default 8; any protocol, so ping sweeps count). A fast span runs from
 * the first packet of its first hot window to the last packet of its last one.
 *
 * Slow scales: for each window `slowWindows[k]` (default 6 h and 2 days) a window is hot when it holds
 * at least `slowPorts[k]` distinct TCP/UDP ports AND at least `slowHosts[k]` distinct hosts. Ports alone
 * would not do: over hours and days a busy source returns to the same few ports, but it also reaches
 * every honeypot, so hosts alone would call most busy sources scanners. A slow span is trimmed to the
 * packets at a (host, port) the source had never hit before (see trimToNew).
 *
 * Spans of one source from all scales that overlap or touch merge into one event, which reports all of
 * the source's packets in its span. Its pace is `fast` when at least half of its distinct ports were
 * reached inside fast spans, else `slow`: a slow scan with a brief fast burst stays slow, and a fast
 * scan is still fast when a slow scale sees it too (as it always does when it is big enough).
 */
import type { PacketRow } from '../ingest/packet-row.js';
import { bySource, describeEvent, type DetectedEvent } from './event.js';
import { rowKeys, type RowKeys } from './row-keys.js';
import { hotRuns, trimToNew, windowCounts } from './scan-windows.js';

export interface ScanThresholds {
  scanWindow: number;
  scanPorts: number;
  scanHosts: number;
  /** Slow windows in seconds; `slowPorts` and `slowHosts` hold one threshold per window. */
  slowWindows: readonly number[];
  slowPorts: readonly number[];
  slowHosts: readonly number[];
  maxPortsListed: number;
}

interface Span {
  s: number;
  e: number;
  fast: boolean;
}

/** Pace of one merged event: fast when fast spans reached at least half of its distinct ports. */
function paceOf(rows: readonly PacketRow[], idx: number[], keys: RowKeys, spans: Span[]): 'fast' | 'slow' {
  const fast = spans.filter((x) => x.fast);
  if (fast.length === 0) return 'slow';
  const all = new Set<number>();
  const inFast = new Set<number>();
  for (const i of idx) {
    const p = keys.port[i];
    if (p < 0) continue;
    all.add(p);
    const t = rows[i].time;
    if (fast.some((x) => t >= x.s && t <= x.e)) inFast.add(p);
  }
  return 2 * inFast.size >= all.size ? 'fast' : 'slow';
}

export function detectScans(
  rows: readonly PacketRow[],
  t: ScanThresholds,
  groups = bySource(rows),
  keys = rowKeys(rows),
): DetectedEvent[] {
  if (t.slowPorts.length !== t.slowWindows.length || t.slowHosts.length !== t.slowWindows.length) {
    throw new RangeError('slowPorts and slowHosts need one threshold per slow window');
  }
  const counts = windowCounts(keys);
  const fastHot = (ports: number, hosts: number) => ports >= t.scanPorts || hosts >= t.scanHosts;
  const slow = t.slowWindows.map((window, k) => ({
    window,
    hot: (ports: number, hosts: number) => ports >= t.slowPorts[k] && hosts >= t.slowHosts[k],
    least: Math.max(t.slowPorts[k], t.slowHosts[k]),
  }));
  const least = Math.min(t.scanPorts, t.scanHosts);
  const out: DetectedEvent[] = [];
  for (const g of groups.values()) {
    const spans: Span[] = [];
    const time = (r: number) => rows[g[r]].time;
    if (g.length >= least) {
      for (const [a, b] of hotRuns(rows, g, keys, counts, t.scanWindow, fastHot))
        spans.push({ s: time(a), e: time(b), fast: true });
    }
    for (const sc of slow) {
      if (g.length < sc.least) continue;
      const runs = hotRuns(rows, g, keys, counts, sc.window, sc.hot);
      if (runs.length === 0) continue;
      for (const [a, b] of trimToNew(g, keys, counts, runs, sc.hot))
        spans.push({ s: time(a), e: time(b), fast: false });
    }
    if (spans.length === 0) continue;
    spans.sort((x, y) => x.s - y.s || x.e - y.e);
    const merged: Span[][] = [];
    let end = -Infinity;
    for (const x of spans) {
      if (x.s <= end) {
        merged[merged.length - 1].push(x);
        end = Math.max(end, x.e);
      } else {
        merged.push([x]);
        end = x.e;
      }
    }
    for (const group of merged) {
      const s = group[0].s;
      const e = Math.max(...group.map((x) => x.e));
      const idx = g.filter((i) => rows[i].time >= s && rows[i].time <= e);
      out.push(describeEvent('scan', paceOf(rows, idx, keys, group), rows, idx, t.maxPortsListed));
    }
  }
  return out;
}
