import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { buildTimeline, frameEntries, timelineDigest } from '../../src/timeline/build-timeline.js';
import type { PacketRow, Proto } from '../../src/ingest/packet-row.js';
import type { Timeline } from '../../src/timeline/timeline.js';

const row = (time: number, cc: string, proto: Proto, port: number, host: string): PacketRow => ({
  time,
  cc,
  proto,
  port,
  host,
  src: '192.0.2.1',
});

// Bins of 60 s from 960: 1000, 1010, 1019 → bin 0; 1025, 1030 → 1; 1100 → 2; 1200 → 4.
const ROWS: PacketRow[] = [
  row(1000, 'CN', 'tcp', 22, 'a'),
  row(1010, 'CN', 'tcp', 22, 'a'),
  row(1019, 'US', 'udp', 53, 'b'),
  row(1025, 'CN', 'icmp', 8, 'b'),
  row(1030, 'US', 'icmp', 0, 'a'),
  row(1100, 'CN', 'tcp', 80, 'a'),
  row(1200, 'US', 'tcp', 22, 'c'),
];

const arrays = (t: Timeline) => ({
  entryBin: [...t.entryBin],
  entryCountry: [...t.entryCountry],
  entryTarget: [...t.entryTarget],
  entryPackets: [...t.entryPackets],
  binOffsets: [...t.binOffsets],
});

describe('buildTimeline', () => {
  it('bins and aggregates hand-made rows exactly', () => {
    const t = buildTimeline(ROWS, { binSeconds: 60 });
    expect(t.start).toBe(960);
    expect(t.binSeconds).toBe(60);
    expect(t.binCount).toBe(5);
    expect(t.countries).toEqual(['CN', 'US']);
    expect(t.countryPackets).toEqual([4, 3]);
    expect(t.targets).toEqual([
      { proto: 'tcp', port: 22 },
      { proto: 'tcp', port: 80 },
      { proto: 'udp', port: 53 },
      { proto: 'icmp', port: -1 },
    ]);
    expect(t.targetPackets).toEqual([3, 1, 1, 2]);
    expect(t.hosts).toEqual(['a', 'b', 'c']);
    expect(t.hostPackets).toEqual([4, 2, 1]);
    expect(t.packets).toBe(7);
    expect(arrays(t)).toEqual({
      entryBin: [0, 0, 1, 1, 2, 4],
      entryCountry: [0, 1, 0, 1, 0, 1],
      entryTarget: [0, 2, 3, 3, 1, 0],
      entryPackets: [2, 1, 1, 1, 1, 1],
      binOffsets: [0, 2, 4, 5, 5, 6],
    });
    expect(t.entryBin).toBeInstanceOf(Uint32Array);
    expect(t.entryCountry).toBeInstanceOf(Uint16Array);
    expect(t.entryTarget).toBeInstanceOf(Uint32Array);
    expect(t.entryPackets).toBeInstanceOf(Uint32Array);
    expect(t.binOffsets).toBeInstanceOf(Uint32Array);
  });

  it('does not depend on row order, and accepts any iterable', () => {
    const a = buildTimeline(ROWS, { binSeconds: 60 });
    const b = buildTimeline([...ROWS].reverse(), { binSeconds: 60 });
    function* gen() {
      yield* [ROWS[3], ROWS[6], ROWS[0], ROWS[5], ROWS[1], ROWS[4], ROWS[2]];
    }
    const c = buildTimeline(gen(), { binSeconds: 60 });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(timelineDigest(b)).toBe(timelineDigest(a));
  });

  it('breaks ties of countries by code and of hosts by name', () => {
    const t = buildTimeline(
      [
        row(0, 'US', 'tcp', 1, 'zeta'),
        row(1, 'BR', 'tcp', 1, 'alpha'),
        row(2, 'DE', 'udp', 1, 'mid'),
        row(3, 'DE', 'tcp', 1, 'mid'),
      ],
      { binSeconds: 300 },
    );
    expect(t.countries).toEqual(['DE', 'BR', 'US']);
    expect(t.countryPackets).toEqual([2, 1, 1]);
    expect(t.hosts).toEqual(['mid', 'alpha', 'zeta']);
    expect(t.targets).toEqual([
      { proto: 'tcp', port: 1 },
      { proto: 'udp', port: 1 },
    ]);
  });

  it('sorts targets tcp, udp, icmp, then by port, with all ICMP types as one target', () => {
    const t = buildTimeline(
      [
        row(0, 'CN', 'icmp', 3, 'h'),
        row(0, 'CN', 'udp', 5060, 'h'),
        row(0, 'CN', 'tcp', 65535, 'h'),
        row(0, 'CN', 'icmp', -1, 'h'),
        row(0, 'CN', 'udp', 0, 'h'),
        row(0, 'CN', 'tcp', 0, 'h'),
        row(0, 'CN', 'icmp', 8, 'h'),
        row(0, 'CN', 'tcp', 445, 'h'),
      ],
      { binSeconds: 300 },
    );
    expect(t.targets).toEqual([
      { proto: 'tcp', port: 0 },
      { proto: 'tcp', port: 445 },
      { proto: 'tcp', port: 65535 },
      { proto: 'udp', port: 0 },
      { proto: 'udp', port: 5060 },
      { proto: 'icmp', port: -1 },
    ]);
    expect(t.targetPackets).toEqual([1, 1, 1, 1, 1, 3]);
    expect([...t.entryTarget]).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...t.entryPackets]).toEqual([1, 1, 1, 1, 1, 3]);
  });

  it('ignores rows outside [start, end), in the lists as well as in the entries', () => {
    const t = buildTimeline(ROWS, { binSeconds: 60, start: 1020, end: 1140 });
    expect(t.start).toBe(1020);
    expect(t.binCount).toBe(2);
    expect(t.packets).toBe(3);
    expect(t.countries).toEqual(['CN', 'US']);
    expect(t.countryPackets).toEqual([2, 1]);
    expect(t.targets).toEqual([
      { proto: 'tcp', port: 80 },
      { proto: 'icmp', port: -1 },
    ]);
    expect(t.hosts).toEqual(['a', 'b']);
    expect(t.hostPackets).toEqual([2, 1]);
    expect(arrays(t)).toEqual({
      entryBin: [0, 0, 1],
      entryCountry: [0, 1, 0],
      entryTarget: [1, 1, 0],
      entryPackets: [1, 1, 1],
      binOffsets: [0, 2, 3],
    });
  });

  it('keeps a partial last bin when end is not on a bin boundary', () => {
    const t = buildTimeline(ROWS, { binSeconds: 60, start: 960, end: 1201 });
    expect(t.binCount).toBe(5);
    expect(t.packets).toBe(7);
    const u = buildTimeline(ROWS, { binSeconds: 60, start: 960, end: 1200 });
    expect(u.binCount).toBe(4);
    expect(u.packets).toBe(6);
    expect(u.hosts).toEqual(['a', 'b']);
  });

  it('handles empty input', () => {
    const t = buildTimeline([], { binSeconds: 300 });
    expect(t.binCount).toBe(0);
    expect([...t.binOffsets]).toEqual([0]);
    expect(t.packets).toBe(0);
    const u = buildTimeline([], { binSeconds: 300, start: 600, end: 1500 });
    expect(u.start).toBe(600);
    expect(u.binCount).toBe(3);
    expect([...u.binOffsets]).toEqual([0, 0, 0, 0]);
    expect(u.entryBin.length).toBe(0);
  });

  it('rejects a bad bin size, an end before the start and an unknown protocol', () => {
    expect(() => buildTimeline(ROWS, { binSeconds: 0 })).toThrow(RangeError);
    expect(() => buildTimeline(ROWS, { binSeconds: 1.5 })).toThrow(RangeError);
    expect(() => buildTimeline(ROWS, { binSeconds: 60, start: 100, end: 50 })).toThrow(RangeError);
    expect(() => buildTimeline([{ ...ROWS[0], proto: 'sctp' as Proto }], { binSeconds: 60 })).toThrow(
      RangeError,
    );
  });

  it('gives an empty timeline when every row lies past a given end or before a given start', () => {
    const t = buildTimeline(ROWS, { binSeconds: 60, end: 900 });
    expect([t.start, t.binCount, t.packets, t.countries.length]).toEqual([900, 0, 0, 0]);
    const u = buildTimeline(ROWS, { binSeconds: 60, start: 5000 });
    expect([u.start, u.binCount, u.packets, u.hosts.length]).toEqual([5000, 0, 0, 0]);
  });
});

describe('frameEntries', () => {
  it('gives each bin its entry range and an empty range outside the timeline', () => {
    const t = buildTimeline(ROWS, { binSeconds: 60 });
    expect([0, 1, 2, 3, 4].map((b) => frameEntries(t, b))).toEqual([
      [0, 2],
      [2, 4],
      [4, 5],
      [5, 5],
      [5, 6],
    ]);
    expect(frameEntries(t, -3)).toEqual([0, 0]);
    expect(frameEntries(t, 5)).toEqual([6, 6]);
    expect(() => frameEntries(t, 0.5)).toThrow(RangeError);
  });
});

describe('timelineDigest', () => {
  it('is a SHA-256 hex digest that changes with any field', () => {
    const t = buildTimeline(ROWS, { binSeconds: 60 });
    const d = timelineDigest(t);
    expect(d).toMatch(/^[0-9a-f]{64}$/);
    expect(timelineDigest(buildTimeline(ROWS, { binSeconds: 60 }))).toBe(d);
    const changed: Timeline[] = [
      { ...t, start: t.start + 1 },
      { ...t, binSeconds: 30 },
      { ...t, countries: ['CN', 'RU'] },
      { ...t, hosts: ['a', 'b', 'd'] },
      { ...t, targets: t.targets.map((x, i) => (i === 0 ? { ...x, port: 23 } : x)) },
      { ...t, entryPackets: Uint32Array.from(t.entryPackets, (p, i) => (i === 5 ? p + 1 : p)) },
      { ...t, entryCountry: Uint16Array.from(t.entryCountry, (c, i) => (i === 0 ? 1 : c)) },
      { ...t, binOffsets: Uint32Array.from(t.binOffsets, (o, i) => (i === 3 ? 4 : o)) },
    ];
    for (const c of changed) expect(timelineDigest(c)).not.toBe(d);
  });
});

describe('buildTimeline properties', () => {
  const rowArb = fc.record({
    time: fc.integer({ min: 0, max: 5000 }),
    cc: fc.constantFrom('CN', 'US', 'DE', 'ZZ', 'BR'),
    proto: fc.constantFrom<Proto>('tcp', 'udp', 'icmp'),
    port: fc.integer({ min: -1, max: 70 }),
    host: fc.constantFrom('', 'h1', 'h2', 'h3'),
    src: fc.constant('198.51.100.7'),
  });
  const optsArb = fc.record(
    {
      binSeconds: fc.constantFrom(1, 7, 60, 300),
      start: fc.integer({ min: -100, max: 3000 }),
      end: fc.integer({ min: 3000, max: 6000 }),
    },
    { requiredKeys: ['binSeconds'] },
  );

  it('counts every in-range row once, in strictly sorted entries that match a naive model', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 300 }), optsArb, (rows, opts) => {
        const t = buildTimeline(rows, opts);
        const end = t.start + t.binCount * t.binSeconds;
        const inRange = rows.filter((r) => r.time >= t.start && r.time < (opts.end ?? end));
        const sum = t.entryPackets.reduce((a, b) => a + b, 0);
        expect(sum).toBe(inRange.length);
        expect(t.packets).toBe(inRange.length);
        expect(t.countryPackets.reduce((a, b) => a + b, 0)).toBe(inRange.length);
        expect(t.binOffsets.length).toBe(t.binCount + 1);
        expect(t.binOffsets[t.binCount]).toBe(t.entryBin.length);
        for (let i = 0; i < t.entryBin.length; i++) {
          expect(t.entryPackets[i]).toBeGreaterThan(0);
          expect(t.binOffsets[t.entryBin[i]] <= i && i < t.binOffsets[t.entryBin[i] + 1]).toBe(true);
          if (i > 0) {
            const a = [t.entryBin[i - 1], t.entryCountry[i - 1], t.entryTarget[i - 1]];
            const b = [t.entryBin[i], t.entryCountry[i], t.entryTarget[i]];
            const cmp = a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
            expect(cmp).toBeLessThan(0);
          }
        }
        // Naive model: string keys per row.
        const model = new Map<string, number>();
        for (const r of inRange) {
          const bin = Math.floor((r.time - t.start) / t.binSeconds);
          const key = `${bin} ${r.cc} ${r.proto} ${r.proto === 'icmp' ? -1 : r.port}`;
          model.set(key, (model.get(key) ?? 0) + 1);
        }
        const got = new Map<string, number>();
        for (let i = 0; i < t.entryBin.length; i++) {
          const tg = t.targets[t.entryTarget[i]];
          got.set(
            `${t.entryBin[i]} ${t.countries[t.entryCountry[i]]} ${tg.proto} ${tg.port}`,
            t.entryPackets[i],
          );
        }
        expect(got).toEqual(model);
        for (let i = 1; i < t.countries.length; i++) {
          const c = t.countryPackets[i - 1] - t.countryPackets[i];
          expect(c > 0 || (c === 0 && t.countries[i - 1] < t.countries[i])).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
