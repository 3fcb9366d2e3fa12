/**
 * Seeded synthetic honeypot traffic: the built-in default input. Shaped like the marx honeypot data
 * (sources weighted CN/US then a long tail, a TCP/UDP/ICMP mix, commonly attacked ports, nine hosts, a
 * daily rhythm, short bursts from repeating sources), with one slow port scan and one flood planted per day.
 *
 * Every random number is counter-based: a hash of (seed, Purpose.synthetic, stream, day) gives a stream
 * key, and each draw is hash3(key, i, j) for a fixed meaning of (i, j), e.g. (burst index, draw slot).
 * Nothing depends on how many numbers were drawn before, so any burst of any day can be regenerated alone.
 */
import { hash3, Purpose, unit } from '../random/hash.js';
import { UNKNOWN_COUNTRY, type PacketRow, type Proto } from './packet-row.js';
import {
  COUNTRY_WEIGHTS,
  FLOOD_TARGETS,
  HOST_WEIGHTS,
  ICMP_TYPE_WEIGHTS,
  PROTO_WEIGHTS,
  TCP_PORT_WEIGHTS,
  UDP_PORT_WEIGHTS,
  sampler,
} from './synthetic-tables.js';

/** 2013-07-15T00:00:00Z, near the start of the marx honeypot data. */
export const SYNTHETIC_DEFAULT_START = Date.UTC(2013, 6, 15) / 1000;

const DAY = 86400;

export interface SyntheticOptions {
  /** Epoch seconds of the first day's start (default SYNTHETIC_DEFAULT_START). */
  start?: number;
  /** Number of whole days to generate (default 1). */
  days?: number;
}

/** A planted event, as tests of event detection expect to find it. `end` is exclusive. */
export interface PlantedEvent {
  kind: 'scan' | 'flood';
  day: number;
  start: number;
  end: number;
  src: string;
  cc: string;
  proto: Proto;
  /** Distinct destination ports (ascending); a flood has one. */
  ports: number[];
  /** Distinct hosts hit; a flood has one. */
  hosts: string[];
  packets: number;
}

/** Stream ids: each keys an independent family of draws. */
const S = { day: 1, burst: 2, pool: 3, habit: 4, scan: 5, flood: 6 } as const;

/** The draw family of one stream and day: (i, j) ↦ a 32-bit hash. */
function stream(seed: number, id: number, day: number): (i: number, j: number) => number {
  const key = hash3(seed >>> 0, Purpose.synthetic, ((id << 20) | day) >>> 0);
  return (i, j) => hash3(key, i >>> 0, j >>> 0);
}

const countryIndex = sampler(COUNTRY_WEIGHTS.map(([, w], i) => [i, w] as const));
const eventCountry = sampler(COUNTRY_WEIGHTS.filter(([c]) => c !== UNKNOWN_COUNTRY));
const pickProto = sampler(PROTO_WEIGHTS);
const pickTcp = sampler(TCP_PORT_WEIGHTS);
const pickUdp = sampler(UDP_PORT_WEIGHTS);
const pickIcmp = sampler(ICMP_TYPE_WEIGHTS);
const pickHost = sampler(HOST_WEIGHTS);
/** Sources per country: a few dozen, more for the big senders. */
const poolSize = COUNTRY_WEIGHTS.map(([, w]) => 12 + Math.round(Math.sqrt(w) * 8));

/** Share of TCP/UDP bursts that go to a random port (the long tail). */
const TAIL_SHARE = 0.04;
/** Share of bursts in which a source goes for its habitual port instead of a fresh one. */
const HABIT_SHARE = 0.55;
/** Daily rhythm: rate = 1 + RHYTHM · sin(2π(time of day − phase)), peaking near 06:00 UTC. */
const RHYTHM = 0.4;

/** A plausible public IPv4 address (first octet 1–223, not 10 or 127) from a 32-bit hash. */
function ipv4(h: number): string {
  let a = 1 + ((h >>> 24) % 223);
  if (a === 10 || a === 127) a += 1;
  return `${a}.${(h >>> 16) & 255}.${(h >>> 8) & 255}.${1 + ((h & 255) % 254)}`;
}

/** A port (ICMP: a type) of `proto` from two uniforms: position in the table, long-tail choice. */
function portOf(proto: Proto, uPort: number, uTail: number): number {
  if (proto === 'icmp') return pickIcmp(uPort);
  if (uTail < TAIL_SHARE) return 1 + Math.floor(uPort * 65535);
  return proto === 'tcp' ? pickTcp(uPort) : pickUdp(uPort);
}

/** Background traffic of one day: bursts from one source to one port on one host. */
function background(seed: number, day: number, dayStart: number, out: PacketRow[]): void {
  const dayDraw = stream(seed, S.day, day);
  const r = stream(seed, S.burst, day);
  const pool = stream(seed, S.pool, 0);
  const habit = stream(seed, S.habit, 0);
  const u = (i: number, j: number) => unit(r(i, j));
  const bursts = 2100 + Math.floor(unit(dayDraw(0, 0)) * 500);
  const phase = 0.25 + (unit(dayDraw(0, 1)) - 0.5) / 12;
  for (let b = 0; b < bursts; b++) {
    const ci = countryIndex(u(b, 0));
    const k = Math.floor(poolSize[ci] * u(b, 1) ** 2); // low indices are the busiest sources
    const src = ipv4(pool(ci, k));
    const proto = pickProto(u(b, 2));
    // A source's habitual port for each protocol is fixed by (country, source); the protocol is not,
    // so the protocol mix stays close to its weights on every day.
    const pi = proto === 'tcp' ? 0 : proto === 'udp' ? 1 : 2;
    const port =
      u(b, 3) < HABIT_SHARE
        ? portOf(proto, unit(habit(ci, 8 * k + 2 * pi)), unit(habit(ci, 8 * k + 2 * pi + 1)))
        : portOf(proto, u(b, 4), u(b, 5));
    const host = pickHost(u(b, 6));
    const size = Math.min(40, 1 + Math.floor(-Math.log(1 - u(b, 7)) * 2.8));
    const dur = 5 + Math.floor(u(b, 8) ** 2 * 295);
    // Start time by rejection against the daily rhythm; each try has its own fixed draws.
    let t0 = 0;
    for (let tr = 0; tr < 64; tr++) {
      t0 = Math.floor(u(b, 1000 + 2 * tr) * (DAY - dur));
      const tod = (((dayStart + t0) % DAY) + DAY) % DAY;
      const rate = 1 + RHYTHM * Math.sin(2 * Math.PI * (tod / DAY - phase + 0.25));
      if (u(b, 1001 + 2 * tr) * (1 + RHYTHM) < rate) break;
    }
    for (let p = 0; p < size; p++) {
      const off = p === 0 ? 0 : Math.floor(u(b, 16 + p) * dur);
      out.push({ time: dayStart + t0 + off, host, src, cc: COUNTRY_WEIGHTS[ci][0], proto, port });
    }
  }
}

/** Distinct hosts, `n` of them, by weighted draws (i, attempt) until enough are found. */
function distinctHosts(draw: (i: number, j: number) => number, i: number, n: number): string[] {
  const hosts: string[] = [];
  for (let a = 0; hosts.length < n && a < 1000; a++) {
    const h = pickHost(unit(draw(i, a)));
    if (!hosts.includes(h)) hosts.push(h);
  }
  return hosts;
}

/** The slow scan and the flood of one day, with their rows. */
function events(seed: number, day: number, dayStart: number): { events: PlantedEvent[]; rows: PacketRow[] } {
  const rows: PacketRow[] = [];
  // Scan: one source, 300–500 distinct TCP ports (low ports favoured), ascending, over 1–3 hours.
  const s = stream(seed, S.scan, day);
  const su = (i: number, j: number) => unit(s(i, j));
  const scanCc = eventCountry(su(0, 0));
  const scanSrc = ipv4(s(0, 1));
  const n = 300 + Math.floor(su(0, 2) * 201);
  const scanDur = 3600 + Math.floor(su(0, 3) * 7201);
  const scanStart = dayStart + Math.floor(su(0, 4) * (DAY - scanDur - 10));
  const scanHosts = distinctHosts(s, 5, 2 + Math.floor(su(0, 5) * 3));
  const portSet = new Set<number>();
  for (let i = 0; portSet.size < n && i < 1_000_000; i++) portSet.add(1 + Math.floor(su(1, i) ** 3 * 65535));
  const ports = [...portSet].sort((a, b) => a - b);
  let scanEnd = scanStart;
  ports.forEach((port, i) => {
    const t = scanStart + Math.floor(((i + su(2, i)) * scanDur) / n);
    const host = scanHosts[Math.floor(su(4, i) * scanHosts.length)];
    const times = su(3, i) < 0.15 ? [t, t + 3] : [t]; // some SYNs are retransmitted after 3 s
    for (const time of times) rows.push({ time, host, src: scanSrc, cc: scanCc, proto: 'tcp', port });
    scanEnd = Math.max(scanEnd, times[times.length - 1] + 1);
  });
  const scanRows = rows.length;
  const scan: PlantedEvent = {
    kind: 'scan',
    day,
    start: rows[0].time,
    end: scanEnd,
    src: scanSrc,
    cc: scanCc,
    proto: 'tcp',
    ports,
    hosts: [...new Set(rows.map((row) => row.host))].sort(),
    packets: scanRows,
  };
  // Flood: one source, one port, one host, 2,000–5,000 packets within 10–20 minutes.
  const f = stream(seed, S.flood, day);
  const fu = (i: number, j: number) => unit(f(i, j));
  const [proto, port] = FLOOD_TARGETS[Math.floor(fu(0, 2) * FLOOD_TARGETS.length)];
  const packets = 2000 + Math.floor(fu(0, 3) * 3001);
  const floodDur = 600 + Math.floor(fu(0, 4) * 601);
  const floodStart = dayStart + Math.floor(fu(0, 5) * (DAY - floodDur));
  const flood: PlantedEvent = {
    kind: 'flood',
    day,
    start: floodStart,
    end: floodStart + 1,
    src: ipv4(f(0, 1)),
    cc: eventCountry(fu(0, 0)),
    proto,
    ports: [port],
    hosts: [pickHost(fu(0, 6))],
    packets,
  };
  for (let i = 0; i < packets; i++) {
    // The first packet opens the flood, so `start` is its first packet's time.
    const time = floodStart + (i === 0 ? 0 : Math.floor(fu(1, i) * floodDur));
    rows.push({ time, host: flood.hosts[0], src: flood.src, cc: flood.cc, proto, port });
    flood.end = Math.max(flood.end, time + 1);
  }
  return { events: [scan, flood], rows };
}

function checkOptions(opts: SyntheticOptions): { start: number; days: number } {
  const start = opts.start ?? SYNTHETIC_DEFAULT_START;
  const days = opts.days ?? 1;
  if (!Number.isInteger(start)) throw new RangeError(`synthetic start must be whole seconds, got ${start}`);
  if (!Number.isInteger(days) || days < 1 || days >= 1 << 20) {
    throw new RangeError(`synthetic days must be a whole number from 1, got ${days}`);
  }
  return { start, days };
}

/**
 * Synthetic honeypot rows for `days` days from `start`: about 7,000–9,000 background packets per day
 * plus one planted slow scan and one flood per day. Sorted by time (ties in generation order); times
 * are whole seconds in [start, start + days·86400). Same seed ⇒ identical rows. The seed is used as an
 * unsigned 32-bit integer.
 */
export function syntheticRows(seed: number, opts: SyntheticOptions = {}): PacketRow[] {
  const { start, days } = checkOptions(opts);
  const rows: PacketRow[] = [];
  for (let d = 0; d < days; d++) {
    const dayStart = start + d * DAY;
    background(seed, d, dayStart, rows);
    for (const row of events(seed, d, dayStart).rows) rows.push(row);
  }
  return rows.sort((a, b) => a.time - b.time);
}

/** The planted scan and flood of every day that syntheticRows(seed, opts) contains, by day. */
export function plantedEvents(seed: number, opts: SyntheticOptions = {}): PlantedEvent[] {
  const { start, days } = checkOptions(opts);
  const out: PlantedEvent[] = [];
  for (let d = 0; d < days; d++) out.push(...events(seed, d, start + d * DAY).events);
  return out;
}
