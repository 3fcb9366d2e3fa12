import { describe, expect, it } from 'vitest';
import type { DetectedEvent } from '../../src/events/detect-events.js';
import type { PacketRow } from '../../src/ingest/packet-row.js';
import { calloutText, planCallouts } from '../../src/scene/callouts.js';
import { SceneWriter } from '../../src/scene/scene-writer.js';
import { theme } from '../../src/scene/theme.js';
import { buildAtlas } from '../../src/text/font-atlas.js';
import { buildTimeline } from '../../src/timeline/build-timeline.js';

/**
 * Callouts (README, "Detected events"): each event is called out at the top from its first frame for
 * as long as it lasts, at least 36 frames; two at a time, the biggest (by packets) first; the rest are
 * counted as not shown.
 */
const MIDNIGHT = Date.UTC(2013, 6, 15) / 1000;
const iso = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');
// A day of 5-minute bins: frames 0-287.
const day: PacketRow[] = [0, 287].map((b) => ({
  time: MIDNIGHT + b * 300,
  host: 'h1',
  src: '1.2.3.4',
  cc: 'CN',
  proto: 'tcp',
  port: 22,
}));
const timeline = buildTimeline(day, { binSeconds: 300 });
const writer = new SceneWriter(buildAtlas(), theme('dark'));

function event(o: Partial<DetectedEvent> & { from: number; to: number }): DetectedEvent {
  const { from, to, ...rest } = o;
  return {
    kind: 'scan',
    pace: 'fast',
    start: iso(MIDNIGHT + from * 300),
    end: iso(MIDNIGHT + to * 300),
    src: '5.6.7.8',
    cc: 'KR',
    country: 'South Korea',
    hosts: ['h1'],
    proto: 'tcp',
    ports: [22, 23],
    distinctPorts: 412,
    packets: 500,
    ...rest,
  } as DetectedEvent;
}

const plan = (events: DetectedEvent[]) =>
  planCallouts(writer, timeline, events, { x: 160, y: 20, s: (v) => v, frames: 36 });

describe('calloutText', () => {
  it('names the country and what it did', () => {
    expect(calloutText(event({ from: 0, to: 1 }))).toBe('KR scanning 412 ports');
    expect(
      calloutText(event({ from: 0, to: 1, distinctPorts: 1, ports: [22], hosts: ['a', 'b', 'c'] })),
    ).toBe('KR sweeping 3 hosts');
    const flood = event({
      from: 0,
      to: 1,
      kind: 'flood',
      cc: 'BR',
      ports: [3389],
      distinctPorts: 1,
      packets: 4000,
    });
    expect(calloutText(flood)).toMatch(/^BR flood → TCP 3389 ms-wbt-server\b/);
    expect(calloutText(flood)).toContain('4000 packets');
    expect(calloutText({ ...flood, proto: 'icmp', ports: [8] })).toMatch(/^BR flood → ICMP 8\b/);
  });
});

describe('planCallouts', () => {
  it('shows an event from its first frame for as long as it lasts, at least 36 frames', () => {
    const { callouts, skipped } = plan([
      event({ from: 10, to: 100 }),
      event({ from: 200, to: 205, src: 'x' }),
    ]);
    expect(skipped).toBe(0);
    expect(callouts.map(({ from, to }) => [from, to])).toEqual([
      [10, 100],
      [200, 235],
    ]);
  });

  it('two at a time, the biggest first; an event finding both lines taken is counted, not shown', () => {
    const small = event({ from: 20, to: 60, packets: 10, src: 'small' });
    const mid = event({ from: 30, to: 70, packets: 100, src: 'mid', distinctPorts: 100 });
    const big = event({ from: 40, to: 80, packets: 1000, src: 'big', distinctPorts: 999 });
    const { callouts, skipped } = plan([small, mid, big]);
    expect(skipped).toBe(1);
    expect(callouts.map((c) => c.text).sort()).toEqual(['KR scanning 100 ports', 'KR scanning 999 ports']);
    expect(new Set(callouts.map((c) => c.slot))).toEqual(new Set([0, 1]));
  });

  it('a line is free again once its event is over; callouts are listed by first frame', () => {
    const a = event({ from: 0, to: 50, packets: 900, distinctPorts: 30 });
    const b = event({ from: 0, to: 50, packets: 800, distinctPorts: 40 });
    const c = event({ from: 51, to: 90, packets: 10, distinctPorts: 50 });
    const { callouts, skipped } = plan([c, b, a]);
    expect(skipped).toBe(0);
    expect(callouts.map((x) => [x.from, x.slot, x.text])).toEqual([
      [0, 0, 'KR scanning 30 ports'],
      [0, 1, 'KR scanning 40 ports'],
      [51, 0, 'KR scanning 50 ports'],
    ]);
  });

  it('clips to the render span: no line past the last frame, none for events outside it', () => {
    const { callouts, skipped } = plan([
      event({ from: 280, to: 281 }),
      event({ from: 400, to: 410, src: 'later' }),
    ]);
    expect(skipped).toBe(0);
    expect(callouts.map(({ from, to }) => [from, to])).toEqual([[280, 287]]);
  });

  it('two slots, centred at the given place', () => {
    const { calloutSlots } = plan([]);
    expect(calloutSlots).toHaveLength(2);
    expect(calloutSlots.map((s) => [s.x, s.align])).toEqual([
      [160 * 16, 'center'],
      [160 * 16, 'center'],
    ]);
    expect(calloutSlots[1].y).toBeGreaterThan(calloutSlots[0].y);
  });
});
