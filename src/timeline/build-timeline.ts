/**
 * Rows → Timeline: time bins aggregated per (bin, country, target), as typed arrays sorted by
 * (bin, country index, target index). One pass interns countries, targets and hosts into small integer
 * ids; bins are grouped by a counting sort and each bin's (country, target) keys are sorted numerically,
 * so no string key is built per row.
 */
import { createHash } from 'node:crypto';
import type { PacketRow } from '../ingest/packet-row.js';
import { checkTimelineSpan } from './frame-budget.js';
import type { Target, Timeline } from './timeline.js';

export interface BuildTimelineOptions {
  /** Bin length in seconds (a positive whole number). */
  binSeconds: number;
  /**
   * Epoch seconds of bin 0; default: the earliest row's time floored to a multiple of binSeconds
   * (but not after a given `end`). Need not be a multiple of binSeconds when given.
   */
  start?: number;
  /**
   * Exclusive end; default: (latest row's time + 1) rounded up to a multiple of binSeconds (but not
   * before `start`). When not on a bin boundary, the last bin is partial.
   */
  end?: number;
  /**
   * Countries ranked in this order (then any others by name) instead of by traffic: a pinned layout
   * (--layout-from), under which no bin's entries depend on rows of later bins.
   */
  countryOrder?: readonly string[];
}

/** Target key: protocol order (tcp, udp, icmp) then port, so sorting keys sorts targets. */
const PORT_SPAN = 1 << 17;
const targetKey = (proto: number, port: number) => proto * PORT_SPAN + port + 1;

function protoIndex(proto: string): number {
  if (proto === 'tcp') return 0;
  if (proto === 'udp') return 1;
  if (proto === 'icmp') return 2;
  throw new RangeError(`unknown protocol ${JSON.stringify(proto)}`);
}

function intern(map: Map<string, number>, names: string[], name: string): number {
  let id = map.get(name);
  if (id === undefined) {
    id = names.length;
    map.set(name, id);
    names.push(name);
  }
  return id;
}

/** Ranks of the ids with a non-zero total, ordered by `cmp`; rank[id] = -1 for the others. */
function rank(
  totals: number[],
  cmp: (a: number, b: number) => number,
): { order: number[]; rank: Int32Array } {
  const order = totals.map((_, id) => id).filter((id) => totals[id] > 0);
  order.sort(cmp);
  const r = new Int32Array(totals.length).fill(-1);
  order.forEach((id, i) => {
    r[id] = i;
  });
  return { order, rank: r };
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Build the timeline of `rows` (any order). Rows outside [start, end) are ignored — they count nowhere,
 * not even in the country/target/host lists; callers that must report them filter first. ICMP rows of
 * every type map to the one target {proto: 'icmp', port: -1}. A span of more than MAX_BINS bins is a
 * UserError (src/timeline/frame-budget.ts).
 */
export function buildTimeline(rows: Iterable<PacketRow>, opts: BuildTimelineOptions): Timeline {
  const bs = opts.binSeconds;
  if (!Number.isInteger(bs) || bs <= 0)
    throw new RangeError(`binSeconds must be a positive integer, got ${bs}`);

  // Pass 1: intern, keeping per row only (time, country id, target id, host id).
  const ccIds = new Map<string, number>();
  const ccNames: string[] = [];
  const hostIds = new Map<string, number>();
  const hostNames: string[] = [];
  const tgtIds = new Map<number, number>();
  const tgtKeys: number[] = [];
  let cap = 1024;
  let time = new Float64Array(cap);
  let cid = new Uint32Array(cap);
  let tid = new Uint32Array(cap);
  let hid = new Uint32Array(cap);
  let n = 0;
  let minT = Infinity;
  let maxT = -Infinity;
  for (const row of rows) {
    if (n === cap) {
      cap *= 2;
      const grow = <A extends Float64Array | Uint32Array>(a: A, b: A): A => {
        b.set(a);
        return b;
      };
      time = grow(time, new Float64Array(cap));
      cid = grow(cid, new Uint32Array(cap));
      tid = grow(tid, new Uint32Array(cap));
      hid = grow(hid, new Uint32Array(cap));
    }
    const p = protoIndex(row.proto);
    const key = p === 2 ? targetKey(2, -1) : targetKey(p, row.port);
    let t = tgtIds.get(key);
    if (t === undefined) {
      t = tgtKeys.length;
      tgtIds.set(key, t);
      tgtKeys.push(key);
    }
    time[n] = row.time;
    cid[n] = intern(ccIds, ccNames, row.cc);
    hid[n] = intern(hostIds, hostNames, row.host);
    tid[n] = t;
    if (row.time < minT) minT = row.time;
    if (row.time > maxT) maxT = row.time;
    n++;
  }

  // A defaulted bound never crosses a given one: rows all past a given end make an empty timeline.
  if (opts.start !== undefined && opts.end !== undefined && !(opts.end >= opts.start)) {
    throw new RangeError(`timeline end ${opts.end} is before start ${opts.start}`);
  }
  const firstBin = n > 0 ? Math.floor(minT / bs) * bs : (opts.end ?? 0);
  const start = opts.start ?? (opts.end !== undefined ? Math.min(firstBin, opts.end) : firstBin);
  const end = opts.end ?? Math.max(start, n > 0 ? Math.ceil((maxT + 1) / bs) * bs : start);
  // Refused here, before anything is allocated per bin (UserError with the numbers and the fix).
  const given = opts.start !== undefined && opts.end !== undefined;
  const half = opts.start !== undefined || opts.end !== undefined;
  checkTimelineSpan(
    start,
    end,
    bs,
    given ? '--from/--to' : half ? "--from/--to and the input's rows" : "the input's rows",
  );
  const binCount = Math.ceil((end - start) / bs);

  // Pass 2: bins, in-range totals and bin sizes.
  const bin = new Int32Array(n);
  const binOffsets = new Uint32Array(binCount + 1);
  const ccTot = new Array<number>(ccNames.length).fill(0);
  const tgtTot = new Array<number>(tgtKeys.length).fill(0);
  const hostTot = new Array<number>(hostNames.length).fill(0);
  let packets = 0;
  for (let i = 0; i < n; i++) {
    const t = time[i];
    if (!(t >= start && t < end)) {
      bin[i] = -1;
      continue;
    }
    const b = Math.floor((t - start) / bs);
    bin[i] = b;
    binOffsets[b + 1]++;
    ccTot[cid[i]]++;
    tgtTot[tid[i]]++;
    hostTot[hid[i]]++;
    packets++;
  }

  const pinned = opts.countryOrder && new Map(opts.countryOrder.map((c, i) => [c, i]));
  const place = (id: number) => pinned?.get(ccNames[id]) ?? Infinity;
  const cc = rank(ccTot, (a, b) =>
    pinned
      ? place(a) - place(b) || byName(ccNames[a], ccNames[b])
      : ccTot[b] - ccTot[a] || byName(ccNames[a], ccNames[b]),
  );
  const tg = rank(tgtTot, (a, b) => tgtKeys[a] - tgtKeys[b]);
  const ho = rank(hostTot, (a, b) => hostTot[b] - hostTot[a] || byName(hostNames[a], hostNames[b]));
  if (cc.order.length > 0x10000) throw new RangeError(`too many countries: ${cc.order.length}`);

  // Counting sort by bin; within a bin, sort keys countryRank·nT + targetRank (< 2^33: exact doubles).
  const nT = tg.order.length;
  for (let b = 0; b < binCount; b++) binOffsets[b + 1] += binOffsets[b];
  const fill = binOffsets.slice(0, binCount);
  const keys = new Float64Array(packets);
  for (let i = 0; i < n; i++) {
    const b = bin[i];
    if (b >= 0) keys[fill[b]++] = cc.rank[cid[i]] * nT + tg.rank[tid[i]];
  }

  const eBin = new Uint32Array(packets);
  const eCountry = new Uint16Array(packets);
  const eTarget = new Uint32Array(packets);
  const ePackets = new Uint32Array(packets);
  let m = 0;
  for (let b = 0; b < binCount; b++) {
    const lo = binOffsets[b];
    const hi = binOffsets[b + 1];
    if (hi - lo > 1) keys.subarray(lo, hi).sort();
    binOffsets[b] = m;
    for (let i = lo; i < hi;) {
      const k = keys[i];
      let j = i + 1;
      while (j < hi && keys[j] === k) j++;
      eBin[m] = b;
      eCountry[m] = Math.floor(k / nT);
      eTarget[m] = k % nT;
      ePackets[m] = j - i;
      m++;
      i = j;
    }
  }
  binOffsets[binCount] = m;

  const targets: Target[] = tg.order.map((id) => {
    const key = tgtKeys[id];
    const p = Math.floor(key / PORT_SPAN);
    return { proto: p === 0 ? 'tcp' : p === 1 ? 'udp' : 'icmp', port: (key % PORT_SPAN) - 1 };
  });
  return {
    start,
    binSeconds: bs,
    binCount,
    countries: cc.order.map((id) => ccNames[id]),
    countryPackets: cc.order.map((id) => ccTot[id]),
    targets,
    targetPackets: tg.order.map((id) => tgtTot[id]),
    hosts: ho.order.map((id) => hostNames[id]),
    hostPackets: ho.order.map((id) => hostTot[id]),
    entryBin: eBin.slice(0, m),
    entryCountry: eCountry.slice(0, m),
    entryTarget: eTarget.slice(0, m),
    entryPackets: ePackets.slice(0, m),
    binOffsets,
    packets,
  };
}

/** The entries of bin `bin` as [first, end); an empty range for a whole bin outside the timeline. */
export function frameEntries(t: Timeline, bin: number): [number, number] {
  if (!Number.isInteger(bin)) throw new RangeError(`bin must be an integer, got ${bin}`);
  if (bin < 0) return [0, 0];
  if (bin >= t.binCount) {
    const last = t.binOffsets[t.binCount];
    return [last, last];
  }
  return [t.binOffsets[bin], t.binOffsets[bin + 1]];
}

/**
 * SHA-256 (hex) of a canonical little-endian serialisation of every field: a version tag, then numbers
 * as float64, strings as length-prefixed UTF-8, arrays and typed arrays length-prefixed.
 */
export function timelineDigest(t: Timeline): string {
  const h = createHash('sha256');
  const nums = (xs: readonly number[]) => {
    const b = Buffer.alloc(8 * xs.length);
    xs.forEach((x, i) => b.writeDoubleLE(x, 8 * i));
    h.update(b);
  };
  const num = (...xs: number[]) => nums(xs);
  const list = (xs: readonly number[]) => {
    num(xs.length);
    nums(xs);
  };
  const str = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    num(b.length);
    h.update(b);
  };
  const u32 = (a: Uint32Array | Uint16Array) => {
    num(a.length, a.BYTES_PER_ELEMENT);
    const b = Buffer.alloc(a.byteLength);
    if (a.BYTES_PER_ELEMENT === 2) a.forEach((x, i) => b.writeUInt16LE(x, 2 * i));
    else a.forEach((x, i) => b.writeUInt32LE(x, 4 * i));
    h.update(b);
  };
  str('portglow-timeline-v1');
  num(t.start, t.binSeconds, t.binCount, t.packets);
  num(t.countries.length);
  for (const c of t.countries) str(c);
  list(t.countryPackets);
  num(t.targets.length);
  for (const x of t.targets) {
    str(x.proto);
    num(x.port);
  }
  list(t.targetPackets);
  num(t.hosts.length);
  for (const c of t.hosts) str(c);
  list(t.hostPackets);
  u32(t.entryBin);
  u32(t.entryCountry);
  u32(t.entryTarget);
  u32(t.entryPackets);
  u32(t.binOffsets);
  return h.digest('hex');
}
