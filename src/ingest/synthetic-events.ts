/**
 * The events planted in each synthetic day, each from its own dedicated source address and its own
 * stream of draws: a fast port scan (hundreds of ports in 1–3 hours), a flood (thousands of packets at
 * one port in 10–20 minutes) and a slow port scan shaped like the marx data's Vietnam scan of July 2013
 * (one port after another, each tried on every one of the scan's hosts a minute or so apart, about one
 * packet a minute, in two or three bursts over most of the day).
 */
import { unit } from '../random/hash.js';
import { UNKNOWN_COUNTRY, type PacketRow, type Proto } from './packet-row.js';
import { ipv4, S, stream } from './synthetic-draws.js';
import { COUNTRY_WEIGHTS, FLOOD_TARGETS, HOST_WEIGHTS, sampler } from './synthetic-tables.js';

const DAY = 86400;

/** A planted event, as tests of event detection expect to find it. `end` is exclusive. */
export interface PlantedEvent {
  kind: 'scan' | 'flood';
  /** A scan's pace as detection should report it; a flood is fast. */
  pace: 'fast' | 'slow';
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

const eventCountry = sampler(COUNTRY_WEIGHTS.filter(([c]) => c !== UNKNOWN_COUNTRY));

/** A planted event's draws: its hash stream, the same as unit fractions, its country and its source. */
function eventDraws(seed: number, id: number, day: number) {
  const h = stream(seed, id, day);
  const u = (i: number, j: number) => unit(h(i, j));
  return { h, u, cc: eventCountry(u(0, 0)), src: ipv4(h(0, 1)) };
}
const pickHost = sampler(HOST_WEIGHTS);

/** Distinct hosts, `n` of them, by weighted draws (i, attempt) until enough are found. */
function distinctHosts(draw: (i: number, j: number) => number, i: number, n: number): string[] {
  const hosts: string[] = [];
  for (let a = 0; hosts.length < n && a < 1000; a++) {
    const h = pickHost(unit(draw(i, a)));
    if (!hosts.includes(h)) hosts.push(h);
  }
  return hosts;
}

/** The planted event of `rows` (one source's). */
function planted(
  kind: 'scan' | 'flood',
  pace: 'fast' | 'slow',
  day: number,
  rows: PacketRow[],
): PlantedEvent {
  return {
    kind,
    pace,
    day,
    start: Math.min(...rows.map((r) => r.time)),
    end: Math.max(...rows.map((r) => r.time)) + 1,
    src: rows[0].src,
    cc: rows[0].cc,
    proto: rows[0].proto,
    ports: [...new Set(rows.map((r) => r.port))].sort((a, b) => a - b),
    hosts: [...new Set(rows.map((r) => r.host))].sort(),
    packets: rows.length,
  };
}

/** Fast scan: one source, 300–500 distinct TCP ports (low ports favoured), ascending, over 1–3 hours. */
function fastScan(seed: number, day: number, dayStart: number): PacketRow[] {
  const rows: PacketRow[] = [];
  const { h: s, u: su, cc, src } = eventDraws(seed, S.scan, day);
  const n = 300 + Math.floor(su(0, 2) * 201);
  const dur = 3600 + Math.floor(su(0, 3) * 7201);
  const start = dayStart + Math.floor(su(0, 4) * (DAY - dur - 10));
  const hosts = distinctHosts(s, 5, 2 + Math.floor(su(0, 5) * 3));
  const portSet = new Set<number>();
  for (let i = 0; portSet.size < n && i < 1_000_000; i++) portSet.add(1 + Math.floor(su(1, i) ** 3 * 65535));
  const ports = [...portSet].sort((a, b) => a - b);
  ports.forEach((port, i) => {
    const t = start + Math.floor(((i + su(2, i)) * dur) / n);
    const host = hosts[Math.floor(su(4, i) * hosts.length)];
    const times = su(3, i) < 0.15 ? [t, t + 3] : [t]; // some SYNs are retransmitted after 3 s
    for (const time of times) rows.push({ time, host, src, cc, proto: 'tcp', port });
  });
  return rows;
}

/** Flood: one source, one port, one host, 2,000–5,000 packets within 10–20 minutes. */
function flood(seed: number, day: number, dayStart: number): PacketRow[] {
  const rows: PacketRow[] = [];
  const { u: fu, cc, src } = eventDraws(seed, S.flood, day);
  const [proto, port] = FLOOD_TARGETS[Math.floor(fu(0, 2) * FLOOD_TARGETS.length)];
  const packets = 2000 + Math.floor(fu(0, 3) * 3001);
  const dur = 600 + Math.floor(fu(0, 4) * 601);
  const start = dayStart + Math.floor(fu(0, 5) * (DAY - dur));
  const host = pickHost(fu(0, 6));
  for (let i = 0; i < packets; i++) {
    // The first packet opens the flood, so its time is the flood's start.
    const time = start + (i === 0 ? 0 : Math.floor(fu(1, i) * dur));
    rows.push({ time, host, src, cc, proto, port });
  }
  return rows;
}

/**
 * Slow scan: one source, 150–220 consecutive TCP ports from a random base, ascending; a new port every
 * 240–329 s, each tried once on every one of the scan's 5–7 hosts in turn, 20–59 s apart; two or three
 * bursts with a 30–90 minute pause between them; 12–21 hours in all. Never fast: a 30-minute window
 * holds at most 10 ports and 7 hosts (the fast thresholds are 25 and 8); slow: it reaches more than 120
 * ports on at least 5 hosts within a day, and every packet is at a (host, port) it had not hit before.
 */
function slowScan(seed: number, day: number, dayStart: number): PacketRow[] {
  const { h: w, u: wu, cc, src } = eventDraws(seed, S.slowScan, day);
  const n = 150 + Math.floor(wu(0, 2) * 71);
  const base = 1024 + Math.floor(wu(0, 3) * 30000);
  const hosts = distinctHosts(w, 5, 5 + Math.floor(wu(0, 4) * 3));
  const bursts = 2 + Math.floor(wu(0, 5) * 2);
  const pauseAt = new Set(Array.from({ length: bursts - 1 }, (_, k) => Math.floor(((k + 1) * n) / bursts)));
  const rel: [number, string, number][] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0)
      t += 240 + Math.floor(wu(1, i) * 90) + (pauseAt.has(i) ? 1800 + Math.floor(wu(2, i) * 3601) : 0);
    let at = t;
    hosts.forEach((host, h) => {
      if (h > 0) at += 20 + Math.floor(wu(3, i * 8 + h) * 40);
      rel.push([at, host, base + i]);
    });
  }
  rel.sort((a, b) => a[0] - b[0]);
  const dur = rel[rel.length - 1][0] + 1;
  const start = dayStart + Math.floor(wu(0, 6) * (DAY - dur));
  return rel.map(([dt, host, port]) => ({ time: start + dt, host, src, cc, proto: 'tcp', port }));
}

/** The planted events of one day, with their rows: fast scan, flood, slow scan. */
export function plantedDay(
  seed: number,
  day: number,
  dayStart: number,
): { events: PlantedEvent[]; rows: PacketRow[] } {
  const scan = fastScan(seed, day, dayStart);
  const fl = flood(seed, day, dayStart);
  const slow = slowScan(seed, day, dayStart);
  return {
    events: [
      planted('scan', 'fast', day, scan),
      planted('flood', 'fast', day, fl),
      planted('scan', 'slow', day, slow),
    ],
    rows: [...scan, ...fl, ...slow],
  };
}
