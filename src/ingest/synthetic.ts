/**
 * Seeded synthetic honeypot traffic: the built-in default input. Shaped like the marx honeypot data
 * (sources weighted CN/US then a long tail, a TCP/UDP/ICMP mix, commonly attacked ports, nine hosts, a
 * daily rhythm, short bursts from repeating sources), with a fast port scan, a flood and a slow port scan
 * planted each day (src/ingest/synthetic-events.ts).
 *
 * Every random number is counter-based (src/ingest/synthetic-draws.ts): nothing depends on how many
 * numbers were drawn before, so any burst of any day can be regenerated alone.
 */
import { unit } from '../random/hash.js';
import type { PacketRow, Proto } from './packet-row.js';
import { ipv4, S, stream } from './synthetic-draws.js';
import { plantedDay, type PlantedEvent } from './synthetic-events.js';

export type { PlantedEvent } from './synthetic-events.js';
import {
  COUNTRY_WEIGHTS,
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

const countryIndex = sampler(COUNTRY_WEIGHTS.map(([, w], i) => [i, w] as const));
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
 * plus a planted fast scan, flood and slow scan per day. Sorted by time (ties in generation order); times
 * are whole seconds in [start, start + days·86400). Same seed ⇒ identical rows. The seed is used as an
 * unsigned 32-bit integer.
 */
export function syntheticRows(seed: number, opts: SyntheticOptions = {}): PacketRow[] {
  const { start, days } = checkOptions(opts);
  const rows: PacketRow[] = [];
  for (let d = 0; d < days; d++) {
    const dayStart = start + d * DAY;
    background(seed, d, dayStart, rows);
    for (const row of plantedDay(seed, d, dayStart).rows) rows.push(row);
  }
  return rows.sort((a, b) => a.time - b.time);
}

/** The planted fast scan, flood and slow scan of every day that syntheticRows(seed, opts) contains, by day. */
export function plantedEvents(seed: number, opts: SyntheticOptions = {}): PlantedEvent[] {
  const { start, days } = checkOptions(opts);
  const out: PlantedEvent[] = [];
  for (let d = 0; d < days; d++) out.push(...plantedDay(seed, d, start + d * DAY).events);
  return out;
}
