import { describe, expect, it } from 'vitest';
import { detectEvents, type DetectedEvent } from '../../src/events/detect-events.js';
import { plantedEvents, syntheticRows } from '../../src/ingest/synthetic.js';
import { buildScene } from '../../src/scene/build-scene.js';
import { calloutText, shownEvents, spanText } from '../../src/scene/callouts.js';
import { buildTimeline } from '../../src/timeline/build-timeline.js';

const FRAMES = 36; // buildScene: at least max(36, 3 · travel) frames
const sceneOf = (rows: ReturnType<typeof syntheticRows>, events: DetectedEvent[]) =>
  buildScene(buildTimeline(rows, { binSeconds: 300 }), {
    width: 640,
    height: 360,
    seed: 1,
    travel: 12,
    decay: 24,
    events,
  });

describe('callouts', () => {
  it('words: fast scans, sweeps, floods and slow scans with their span', () => {
    const base: DetectedEvent = {
      kind: 'scan',
      pace: 'slow',
      start: '2013-07-21T01:13:05Z',
      end: '2013-07-24T02:45:05Z',
      duration: 264720,
      src: '183.91.14.60',
      cc: 'VN',
      country: 'Vietnam',
      hosts: ['a', 'b'],
      proto: 'tcp',
      ports: [1025],
      distinctPorts: 486,
      packets: 2647,
    };
    expect(calloutText(base)).toBe('VN slow scan · 486 ports over 3 days');
    expect(calloutText({ ...base, duration: 17 * 86400 + 3000 })).toBe(
      'VN slow scan · 486 ports over 17 days',
    );
    expect(calloutText({ ...base, pace: 'fast' })).toBe('VN scanning 486 ports');
    expect(calloutText({ ...base, pace: 'fast', distinctPorts: 1 })).toBe('VN sweeping 2 hosts');
    expect(calloutText({ ...base, kind: 'flood', pace: 'fast', ports: [3389], packets: 2100 })).toBe(
      'VN flood → TCP 3389 ms-wbt-server (2100 packets)',
    );
    expect([1000, 5400, 44 * 3600, 47.6 * 3600, 2 * 86400, 2.6 * 86400].map(spanText)).toEqual([
      '1 hour',
      '2 hours',
      '44 hours',
      '48 hours',
      '2 days',
      '3 days',
    ]);
  });

  it('on the synthetic day the fast scan and flood keep their lines and times; the slow scan fills around them', () => {
    for (const seed of [42, 1, 2, 3, 4, 5, 6, 7, 8, 9]) {
      const rows = syntheticRows(seed);
      const events = detectEvents(rows);
      const slow = plantedEvents(seed)[2];
      const { callouts } = sceneOf(rows, events).text;
      // Fast events alone give the same callouts as with the slow scan: it never takes their place.
      const fastOnly = sceneOf(
        rows,
        events.filter((e) => e.pace === 'fast'),
      ).text.callouts;
      const slowText = calloutText(events.find((e) => e.src === slow.src)!);
      expect(slowText).toMatch(/^[A-Z]{2} slow scan · \d{3} ports over \d{2} hours$/);
      expect(callouts.filter((c) => c.text !== slowText)).toEqual(fastOnly);
      expect(shownEvents(callouts)).toBe(events.length);
      // The slow scan stays up from its first to its last bin except where a fast callout holds its line.
      const mine = callouts.filter((c) => c.text === slowText);
      const slot = mine[0].slot;
      const t0 = rows[0].time - (rows[0].time % 300); // the timeline's first bin
      const [first, last] = [slow.start, slow.end - 1].map((t) => Math.floor((t - t0) / 300));
      const frames = new Set(
        mine.flatMap((c) => Array.from({ length: c.to - c.from + 1 }, (_, i) => c.from + i)),
      );
      const others = fastOnly.filter((c) => c.slot === slot);
      expect(mine.every((c) => c.slot === slot)).toBe(true);
      for (let f = first; f <= last; f++) {
        // Stretches under 12 frames between fast callouts are left out.
        const near = others.some((c) => f >= c.from - 12 && f <= c.to + 12);
        if (!near) expect(frames.has(f), `seed ${seed} frame ${f}`).toBe(true);
        if (others.some((c) => f >= c.from && f <= c.to)) expect(frames.has(f)).toBe(false);
      }
      expect(frames.size).toBeGreaterThan((slow.end - slow.start) / 300 - 2 * (FRAMES + 24));
    }
  });
});
