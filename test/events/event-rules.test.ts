import { eventRow as row } from '../helpers/event-row.js';
import { describe, expect, it } from 'vitest';
import { detectEvents } from '../../src/events/detect-events.js';
import type { PacketRow } from '../../src/ingest/packet-row.js';

/**
 * Each event rule at its edge, with the default thresholds (README, "Detected events"): a scan is at
 * least 25 distinct TCP/UDP ports or 8 hosts from one source within 30 minutes; a flood is at least
 * 100 packets and 20× the port's baseline from one source at one host and port in a 5-minute bin.
 * One packet short of each threshold is not an event.
 */
const T0 = 1_373_846_400; // 2013-07-15 00:00 UTC, a multiple of 300 s

const kinds = (rows: PacketRow[]) => detectEvents(rows).map((e) => `${e.kind} ${e.src}`);

/** `n` packets from `src` to distinct ports 1000…, one every `step` seconds from `start`. */
const portSweep = (src: string, n: number, start = T0, step = 10) =>
  Array.from({ length: n }, (_, i) => row(start + i * step, src, 1000 + i));

describe('scan rule at its thresholds (defaults)', () => {
  it('25 distinct ports within the window is a scan, 24 is not', () => {
    expect(kinds(portSweep('1.1.1.1', 25))).toEqual(['scan 1.1.1.1']);
    expect(kinds(portSweep('1.1.1.1', 24))).toEqual([]);
  });

  it('8 distinct hosts within the window is a scan, 7 is not; ping sweeps count', () => {
    const sweep = (n: number, proto: PacketRow['proto']) =>
      Array.from({ length: n }, (_, h) =>
        row(T0 + h * 60, '2.2.2.2', proto === 'icmp' ? 8 : 22, `h${h}`, proto),
      );
    expect(kinds(sweep(8, 'tcp'))).toEqual(['scan 2.2.2.2']);
    expect(kinds(sweep(7, 'tcp'))).toEqual([]);
    expect(kinds(sweep(8, 'icmp'))).toEqual(['scan 2.2.2.2']);
  });

  it('ICMP types are not ports: 30 types at one host are no scan', () => {
    const rows = Array.from({ length: 30 }, (_, i) => row(T0 + i, '3.3.3.3', i, 'h1', 'icmp'));
    expect(kinds(rows)).toEqual([]);
  });

  it('the window is 30 minutes: the 25th port 29:59 after the first is a scan, 30:00 after is not', () => {
    const first24 = portSweep('4.4.4.4', 24);
    expect(kinds([...first24, row(T0 + 1799, '4.4.4.4', 2000)])).toEqual(['scan 4.4.4.4']);
    expect(kinds([...first24, row(T0 + 1800, '4.4.4.4', 2000)])).toEqual([]);
  });

  it('overlapping hot windows are one event', () => {
    // 60 ports over 59 minutes: every window of 25 ports is hot, and they overlap.
    const events = detectEvents(portSweep('5.5.5.5', 60, T0, 60));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'scan', distinctPorts: 60, packets: 60 });
  });
});

/** Other sources at TCP port 80 with `base` packets each in one bin: the port's baseline is `base`. */
const baseline = (base: number) =>
  Array.from({ length: 5 }, (_, s) =>
    Array.from({ length: base }, (_, k) => row(T0 + s * 300 + k, `10.0.0.${s}`, 80)),
  ).flat();

/** `n` packets from 9.9.9.9 at h2:80 from `start`, one a second. */
const burst = (n: number, start: number) =>
  Array.from({ length: n }, (_, i) => row(start + i, '9.9.9.9', 80, 'h2'));

describe('flood rule at its thresholds (defaults)', () => {
  it('100 packets in a bin at a port nobody else uses is a flood, 99 is not', () => {
    expect(kinds([row(T0, '10.0.0.1', 443), ...burst(100, T0 + 3000)])).toEqual(['flood 9.9.9.9']);
    expect(kinds([row(T0, '10.0.0.1', 443), ...burst(99, T0 + 3000)])).toEqual([]);
  });

  it('20× the baseline is a flood, 19.9× is not', () => {
    expect(kinds([...baseline(10), ...burst(200, T0 + 3000)])).toEqual(['flood 9.9.9.9']);
    expect(kinds([...baseline(10), ...burst(199, T0 + 3000)])).toEqual([]);
  });

  it('the bin is 5 minutes, aligned: 100 packets inside one bin are a flood, across a boundary not', () => {
    const anchor = row(T0, '10.0.0.1', 443);
    // The bin [T0 + 3000, T0 + 3300): seconds 3200…3299 fill its end; 3201…3300 cross into the next.
    expect(kinds([anchor, ...burst(100, T0 + 3200)])).toEqual(['flood 9.9.9.9']);
    expect(kinds([anchor, ...burst(100, T0 + 3201)])).toEqual([]);
  });

  it('flood bins one quiet bin apart are one event; two quiet bins apart, two', () => {
    const anchor = row(T0, '10.0.0.1', 443);
    const apart = (gapBins: number) =>
      detectEvents([anchor, ...burst(100, T0 + 3000), ...burst(100, T0 + 3000 + (gapBins + 1) * 300)]).length;
    expect(apart(0)).toBe(1);
    expect(apart(1)).toBe(1);
    expect(apart(2)).toBe(2);
  });
});
