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
import type { PacketRow, Proto } from '../ingest/packet-row.js';
import { bySource, describeEvent, protoIndex, type DetectedEvent } from './event.js';

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
      out.push(describeEvent('flood', 'fast', rows, idx, t.maxPortsListed));
    }
  }
  return out;
}
