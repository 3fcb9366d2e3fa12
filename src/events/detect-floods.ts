/**
 * FLOOD — one source sending far more packets at one port and host in a time bin than that port's
 * baseline: bins of `floodBin` seconds (default the --bin, 300) aligned to multiples of it; a cell
 * (bin, source, host, protocol, port) is a flood when it holds at least `floodPackets` packets
 * (default 100) and at least `floodFactor` (default 20) times the port's baseline, the median packets
 * per non-empty cell of the same (protocol, port) from all other sources (1 when no other source used
 * it). ICMP floods use the ICMP type as the port. Flood cells of one (source, host, protocol, port) in
 * consecutive bins (or with one quieter bin between) merge into one event, which takes in every bin
 * of its span and the non-empty bin just before and just after (a flood rarely starts and ends on a
 * bin boundary). A flood's pace is always `fast`.
 */
import type { PacketRow } from '../ingest/packet-row.js';
import { bySource, describeEvent, protoIndex, type DetectedEvent } from './event.js';
import { rowKeys } from './row-keys.js';

export interface FloodThresholds {
  floodBin: number;
  floodPackets: number;
  floodFactor: number;
  maxPortsListed: number;
}

function median(values: number[]): number {
  if (values.length === 0) return 1;
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

export function detectFloods(
  rows: readonly PacketRow[],
  t: FloodThresholds,
  groups = bySource(rows),
  keys = rowKeys(rows),
): DetectedEvent[] {
  if (rows.length === 0) return [];
  const bs = t.floodBin;
  let minTime = Infinity;
  for (const r of rows) if (r.time < minTime) minTime = r.time;
  const t0 = Math.floor(minTime / bs) * bs;
  const binOf = (time: number) => Math.floor((time - t0) / bs);
  // A cell's (protocol, port) as one number (ICMP: the type), and a (host, protocol, port) cell key.
  const portOf = (r: PacketRow) => protoIndex(r.proto) * 65537 + r.port + 1;
  const cellOf = (i: number) => keys.host[i] * 3 * 65537 + portOf(rows[i]);
  // Per source: its cells' packets per bin, flat: (local cell index · its bin count + bin − its first bin).
  interface Cells {
    ids: Map<number, number>;
    cells: number[];
    first: number;
    span: number;
    counts: Map<number, number>;
  }
  const cellsOf = new Map<string, Cells>();
  const count = (c: Cells, cell: number, bin: number) =>
    bin < c.first || bin >= c.first + c.span
      ? 0
      : (c.counts.get(c.ids.get(cell)! * c.span + bin - c.first) ?? 0);
  // Per (proto, port): every non-empty cell's count and the index of its source, for the baselines.
  const portCells = new Map<number, { src: number[]; n: number[] }>();
  const candidates: { src: string; si: number; cell: number; bin: number; port: number; n: number }[] = [];
  let si = 0;
  for (const [src, g] of groups) {
    const first = binOf(rows[g[0]].time);
    const c: Cells = {
      ids: new Map(),
      cells: [],
      first,
      span: binOf(rows[g[g.length - 1]].time) - first + 1,
      counts: new Map(),
    };
    for (const i of g) {
      const cell = cellOf(i);
      let id = c.ids.get(cell);
      if (id === undefined) {
        c.ids.set(cell, (id = c.cells.length));
        c.cells.push(cell);
      }
      const k = id * c.span + binOf(rows[i].time) - first;
      c.counts.set(k, (c.counts.get(k) ?? 0) + 1);
    }
    cellsOf.set(src, c);
    for (const [k, n] of c.counts) {
      const cell = c.cells[Math.floor(k / c.span)];
      const port = cell % (3 * 65537);
      let list = portCells.get(port);
      if (!list) portCells.set(port, (list = { src: [], n: [] }));
      list.src.push(si);
      list.n.push(n);
      if (n >= t.floodPackets) candidates.push({ src, si, cell, bin: (k % c.span) + first, port, n });
    }
    si++;
  }
  const baselines = new Map<string, number>();
  const floods = new Map<string, Map<number, number[]>>(); // source → cell → flood bins
  for (const c of candidates) {
    const bk = `${c.port} ${c.si}`;
    let base = baselines.get(bk);
    if (base === undefined) {
      const list = portCells.get(c.port)!;
      base = Math.max(1, median(list.n.filter((_, k) => list.src[k] !== c.si)));
      baselines.set(bk, base);
    }
    if (c.n >= t.floodFactor * base) {
      let bySrc = floods.get(c.src);
      if (!bySrc) floods.set(c.src, (bySrc = new Map()));
      const list = bySrc.get(c.cell);
      if (list) list.push(c.bin);
      else bySrc.set(c.cell, [c.bin]);
    }
  }
  const out: DetectedEvent[] = [];
  for (const [src, bySrc] of floods) {
    for (const [cell, floodBins] of bySrc) {
      const cells = cellsOf.get(src)!;
      floodBins.sort((a, b) => a - b);
      const runs: [number, number][] = [];
      for (const b of floodBins) {
        const run = runs[runs.length - 1];
        if (run && b <= run[1] + 2)
          run[1] = b; // one quieter bin between flood bins does not split it
        else runs.push([b, b]);
      }
      for (const run of runs) {
        const lo = count(cells, cell, run[0] - 1) > 0 ? run[0] - 1 : run[0];
        const hi = count(cells, cell, run[1] + 1) > 0 ? run[1] + 1 : run[1];
        const idx = groups.get(src)!.filter((i) => {
          const b = binOf(rows[i].time);
          return b >= lo && b <= hi && cellOf(i) === cell;
        });
        out.push(describeEvent('flood', 'fast', rows, idx, t.maxPortsListed));
      }
    }
  }
  return out;
}
