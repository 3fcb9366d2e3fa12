import { describe, it, expect } from 'vitest';
import { plantedEvents, syntheticRows, SYNTHETIC_DEFAULT_START } from '../../src/ingest/synthetic.js';
import { UNKNOWN_COUNTRY, type PacketRow } from '../../src/ingest/packet-row.js';
import { TCP_PORT_WEIGHTS, UDP_PORT_WEIGHTS } from '../../src/ingest/synthetic-tables.js';

const DAY = 86400;
const SEEDS = [42, 1, 7, 2013];

const cache = new Map<number, PacketRow[]>();
function rowsOf(seed: number): PacketRow[] {
  if (!cache.has(seed)) cache.set(seed, syntheticRows(seed));
  return cache.get(seed)!;
}

/** Rows not sent by a planted event's source (the planted sources are dedicated addresses). */
function background(seed: number): PacketRow[] {
  const planted = new Set(plantedEvents(seed).map((e) => e.src));
  return rowsOf(seed).filter((r) => !planted.has(r.src));
}

const share = (rows: PacketRow[], f: (r: PacketRow) => boolean) =>
  (100 * rows.filter(f).length) / rows.length;

describe('syntheticRows', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(syntheticRows(42)).toEqual(syntheticRows(42));
    expect(plantedEvents(42)).toEqual(plantedEvents(42));
    const a = rowsOf(42);
    const b = rowsOf(1);
    expect(a.length).not.toBe(b.length);
    expect(a.slice(0, 50)).not.toEqual(b.slice(0, 50));
    expect(plantedEvents(1)[0].start).not.toBe(plantedEvents(42)[0].start);
  });

  it('generates each day independently of the days after it', () => {
    const two = syntheticRows(5, { days: 2 });
    const first = syntheticRows(5, { days: 1 });
    expect(two.filter((r) => r.time < SYNTHETIC_DEFAULT_START + DAY)).toEqual(first);
    const second = two.filter((r) => r.time >= SYNTHETIC_DEFAULT_START + DAY);
    expect(second.length).toBeGreaterThan(6000);
    // The second day is a different day, not a copy shifted by 24 h.
    expect(second.slice(0, 20).map((r) => r.time - DAY)).not.toEqual(first.slice(0, 20).map((r) => r.time));
  });

  it('yields whole-second times sorted within [start, start + days·86400)', () => {
    for (const [seed, start, days] of [
      [42, SYNTHETIC_DEFAULT_START, 1],
      [3, 1_600_000_123, 3],
    ]) {
      const rows = syntheticRows(seed, { start, days });
      const bad = rows.filter(
        (r, i) =>
          !Number.isInteger(r.time) ||
          r.time < start ||
          r.time >= start + days * DAY ||
          (i > 0 && r.time < rows[i - 1].time),
      );
      expect(bad).toEqual([]);
      expect(rows.length).toBeGreaterThan(days * 8000);
    }
  });

  it('has 6,000–10,000 background packets a day', () => {
    for (const seed of SEEDS) {
      const n = background(seed).length;
      expect(n).toBeGreaterThanOrEqual(6000);
      expect(n).toBeLessThanOrEqual(10000);
    }
  });

  it('matches the country and protocol shares over background traffic', () => {
    for (const seed of SEEDS) {
      const bg = background(seed);
      expect(Math.abs(share(bg, (r) => r.cc === 'CN') - 42)).toBeLessThanOrEqual(6);
      expect(Math.abs(share(bg, (r) => r.cc === 'US') - 20)).toBeLessThanOrEqual(5);
      expect(Math.abs(share(bg, (r) => r.proto === 'tcp') - 73)).toBeLessThanOrEqual(5);
      expect(Math.abs(share(bg, (r) => r.proto === 'udp') - 17)).toBeLessThanOrEqual(4);
      expect(Math.abs(share(bg, (r) => r.proto === 'icmp') - 10)).toBeLessThanOrEqual(3);
      const unknown = share(bg, (r) => r.cc === UNKNOWN_COUNTRY);
      expect(unknown).toBeGreaterThan(0);
      expect(unknown).toBeLessThan(1.5);
    }
  });

  it('has a long tail of at least 40 real-looking countries and repeating sources', () => {
    for (const seed of SEEDS) {
      const rows = rowsOf(seed);
      const ccs = new Set(rows.map((r) => r.cc));
      expect(ccs.size).toBeGreaterThanOrEqual(40);
      for (const cc of ccs) expect(cc).toMatch(/^[A-Z]{2}$/);
      const srcs = new Set(rows.map((r) => r.src));
      expect(srcs.size).toBeLessThan(rows.length / 10);
      for (const src of srcs) expect(src).toMatch(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
    }
  });

  it('hits the commonly attacked ports, with a long tail, ICMP types and the nine hosts', () => {
    for (const seed of SEEDS) {
      const bg = background(seed);
      const counts = new Map<string, number>();
      for (const r of bg) counts.set(`${r.proto}/${r.port}`, (counts.get(`${r.proto}/${r.port}`) ?? 0) + 1);
      const top = [...counts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([k]) => k);
      for (const k of ['tcp/1433', 'tcp/445', 'tcp/3389', 'udp/5060', 'icmp/8']) expect(top).toContain(k);
      const icmpTypes = new Set(bg.filter((r) => r.proto === 'icmp').map((r) => r.port));
      expect([...icmpTypes].every((t) => [0, 3, 8, 11].includes(t))).toBe(true);
      // Long tail: a few % of rows go to ports outside the tables of common services, spread widely.
      const known = new Set([...TCP_PORT_WEIGHTS, ...UDP_PORT_WEIGHTS].map(([port]) => port));
      const tail = bg.filter((r) => r.proto !== 'icmp' && !known.has(r.port));
      expect((100 * tail.length) / bg.length).toBeGreaterThan(1);
      expect((100 * tail.length) / bg.length).toBeLessThan(8);
      expect(new Set(tail.map((r) => r.port)).size).toBeGreaterThan(25);
      for (const r of bg) if (r.proto !== 'icmp') expect(r.port >= 1 && r.port <= 65535).toBe(true);
      const hosts = new Map<string, number>();
      for (const r of bg) hosts.set(r.host, (hosts.get(r.host) ?? 0) + 1);
      expect(hosts.size).toBe(9);
      expect(hosts.get('groucho-tokyo')!).toBeGreaterThan(hosts.get('groucho-sa')!);
    }
  });

  it('has a daily rhythm and 5–30 distinct (country, proto, port) groups in a typical 5-minute bin', () => {
    for (const seed of SEEDS) {
      const rows = rowsOf(seed);
      const bins = new Map<number, Set<string>>();
      for (const r of rows) {
        const b = Math.floor((r.time - SYNTHETIC_DEFAULT_START) / 300);
        if (!bins.has(b)) bins.set(b, new Set());
        bins.get(b)!.add(`${r.cc}/${r.proto}/${r.port}`);
      }
      expect(bins.size).toBeGreaterThan(280);
      const groups = [...bins.values()].map((s) => s.size).sort((a, b) => a - b);
      const median = groups[groups.length >> 1];
      expect(median).toBeGreaterThanOrEqual(5);
      expect(median).toBeLessThanOrEqual(30);
      const hourly = new Array<number>(24).fill(0);
      for (const r of background(seed)) hourly[Math.floor((r.time - SYNTHETIC_DEFAULT_START) / 3600)]++;
      // Smoothed over 6 hours, the busiest quarter of the day sees clearly more than the quietest.
      const quarter = [0, 1, 2, 3].map((q) => hourly.slice(6 * q, 6 * q + 6).reduce((a, b) => a + b, 0));
      expect(Math.max(...quarter) / Math.min(...quarter)).toBeGreaterThan(1.3);
    }
  });

  it('plants a fast port scan: one source, >= 300 distinct TCP ports over 1–3 hours on a few hosts', () => {
    for (const seed of SEEDS) {
      const scan = plantedEvents(seed).find((e) => e.kind === 'scan' && e.pace === 'fast')!;
      const rows = rowsOf(seed).filter((r) => r.src === scan.src);
      expect(rows.length).toBe(scan.packets);
      expect(new Set(rows.map((r) => r.cc))).toEqual(new Set([scan.cc]));
      expect(rows.every((r) => r.proto === 'tcp')).toBe(true);
      const ports = [...new Set(rows.map((r) => r.port))].sort((a, b) => a - b);
      expect(ports).toEqual(scan.ports);
      expect(ports.length).toBeGreaterThanOrEqual(300);
      expect(ports.length).toBeLessThanOrEqual(500);
      const hosts = [...new Set(rows.map((r) => r.host))].sort();
      expect(hosts).toEqual(scan.hosts);
      expect(hosts.length).toBeGreaterThanOrEqual(2);
      expect(rows[0].time).toBe(scan.start);
      expect(rows[rows.length - 1].time + 1).toBe(scan.end);
      expect(scan.end - scan.start).toBeGreaterThanOrEqual(3000);
      expect(scan.end - scan.start).toBeLessThanOrEqual(3 * 3600 + 10);
    }
  });

  it('plants a flood: one source, one port, one host, >= 2,000 packets within 20 minutes', () => {
    for (const seed of SEEDS) {
      const flood = plantedEvents(seed).find((e) => e.kind === 'flood')!;
      const rows = rowsOf(seed).filter((r) => r.src === flood.src);
      expect(rows.length).toBe(flood.packets);
      expect(flood.packets).toBeGreaterThanOrEqual(2000);
      expect(flood.packets).toBeLessThanOrEqual(5000);
      expect(new Set(rows.map((r) => `${r.cc} ${r.proto}/${r.port} ${r.host}`))).toEqual(
        new Set([`${flood.cc} ${flood.proto}/${flood.ports[0]} ${flood.hosts[0]}`]),
      );
      expect(flood.end - flood.start).toBeLessThanOrEqual(20 * 60);
      expect(rows[0].time).toBe(flood.start);
      expect(rows[rows.length - 1].time + 1).toBe(flood.end);
    }
  });

  it('plants a slow port scan: one source, 150–220 consecutive ports on 5–7 hosts, 12–21 hours, never 25 ports or 8 hosts in 30 minutes', () => {
    for (const seed of SEEDS) {
      const scan = plantedEvents(seed).find((e) => e.pace === 'slow')!;
      expect(scan.kind).toBe('scan');
      const rows = rowsOf(seed).filter((r) => r.src === scan.src);
      expect(rows.length).toBe(scan.packets);
      expect(rows.every((r) => r.proto === 'tcp' && r.cc === scan.cc)).toBe(true);
      const ports = [...new Set(rows.map((r) => r.port))].sort((a, b) => a - b);
      expect(ports).toEqual(scan.ports);
      expect(ports.length).toBeGreaterThanOrEqual(150);
      expect(ports.length).toBeLessThanOrEqual(220);
      expect(ports[ports.length - 1] - ports[0]).toBe(ports.length - 1);
      expect(scan.hosts.length).toBeGreaterThanOrEqual(5);
      expect(scan.hosts.length).toBeLessThanOrEqual(7);
      // Each port once on each host: every packet is at a (host, port) the source had not hit before.
      expect(new Set(rows.map((r) => `${r.host} ${r.port}`)).size).toBe(rows.length);
      expect(rows.length).toBe(ports.length * scan.hosts.length);
      expect(rows[0].time).toBe(scan.start);
      expect(rows[rows.length - 1].time + 1).toBe(scan.end);
      expect(scan.end - scan.start).toBeGreaterThanOrEqual(12 * 3600);
      expect(scan.end - scan.start).toBeLessThanOrEqual(21 * 3600);
      // About one packet a minute, and never a fast scan's 25 ports or 8 hosts within 30 minutes.
      expect(rows.length / ((scan.end - scan.start) / 60)).toBeGreaterThan(0.6);
      expect(rows.length / ((scan.end - scan.start) / 60)).toBeLessThan(1.6);
      for (let i = 0; i < rows.length; i++) {
        const inWindow = rows.filter((r) => r.time > rows[i].time - 1800 && r.time <= rows[i].time);
        expect(new Set(inWindow.map((r) => r.port)).size).toBeLessThanOrEqual(10);
      }
      // In bursts: at least one pause of 30 minutes or more.
      const gaps = rows.slice(1).map((r, i) => r.time - rows[i].time);
      expect(Math.max(...gaps)).toBeGreaterThanOrEqual(1800);
    }
  });

  it('plants a fast scan, a flood and a slow scan per day, each inside its day', () => {
    const start = 1_700_000_000;
    const events = plantedEvents(9, { start, days: 3 });
    expect(events.map((e) => `${e.day} ${e.pace} ${e.kind}`)).toEqual([
      '0 fast scan',
      '0 fast flood',
      '0 slow scan',
      '1 fast scan',
      '1 fast flood',
      '1 slow scan',
      '2 fast scan',
      '2 fast flood',
      '2 slow scan',
    ]);
    for (const e of events) {
      expect(e.start).toBeGreaterThanOrEqual(start + e.day * DAY);
      expect(e.end).toBeLessThanOrEqual(start + (e.day + 1) * DAY);
    }
  });

  it('rejects bad options', () => {
    expect(() => syntheticRows(1, { days: 0 })).toThrow(RangeError);
    expect(() => syntheticRows(1, { start: 1.5 })).toThrow(RangeError);
  });
});
