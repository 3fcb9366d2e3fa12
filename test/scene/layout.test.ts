import { describe, expect, it } from 'vitest';
import type { PacketRow, Proto } from '../../src/ingest/packet-row.js';
import { syntheticRows } from '../../src/ingest/synthetic.js';
import { buildSceneWithLayout, type LayoutReport } from '../../src/scene/build-scene.js';
import { buildTimeline } from '../../src/timeline/build-timeline.js';
import { buildHostTimeline } from '../../src/timeline/host-timeline.js';

const T0 = Date.UTC(2013, 6, 15) / 1000;

/** A day with many ports on both sides (600 UDP, 900 TCP) on top of the synthetic traffic. */
function manyPorts(): PacketRow[] {
  const extra: PacketRow[] = [];
  const add = (proto: Proto, n: number) => {
    for (let i = 0; i < n; i++) {
      extra.push({
        time: T0 + ((i * 97) % 86400),
        host: 'h',
        src: '1.1.1.1',
        cc: 'KR',
        proto,
        port: 1 + ((i * 7919) % 65000),
      });
    }
  };
  add('udp', 600);
  add('tcp', 900);
  return [...syntheticRows(42), ...extra].sort((a, b) => a.time - b.time);
}

function checkLayout(layout: LayoutReport, width: number, height: number): string[] {
  const problems: string[] = [];
  const boxes = layout.texts.filter(([x0, , x1]) => x1 > x0);
  for (const [x0, y0, x1, y1, text] of boxes) {
    if (x0 < 0 || y0 < 0 || x1 > width || y1 > height)
      problems.push(`"${text}" at ${x0},${y0}-${x1},${y1} leaves the frame`);
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a0, b0, a1, b1, ta] = boxes[i];
      const [c0, d0, c1, d1, tb] = boxes[j];
      if (a0 < c1 && c0 < a1 && b0 < d1 && d0 < b1) problems.push(`"${ta}" overlaps "${tb}"`);
    }
  }
  return problems;
}

const rows = manyPorts();
const timeline = buildTimeline(rows, { binSeconds: 300 });
const hosts = buildHostTimeline(rows, { binSeconds: 300 });

describe('layout', () => {
  it.each([
    [1280, 720],
    [1920, 1080],
    [3840, 2160],
  ])('ports view at %ix%i: every label inside the frame, none overlapping', (width, height) => {
    const { layout } = buildSceneWithLayout(timeline, { width, height, seed: 1, travel: 12, decay: 24 });
    expect(checkLayout(layout, width, height)).toEqual([]);
    expect(layout.texts.length).toBeGreaterThan(300);
  });

  it.each([
    [1280, 720],
    [1920, 1080],
    [3840, 2160],
  ])('hosts view at %ix%i: every label inside the frame, none overlapping', (width, height) => {
    const { layout } = buildSceneWithLayout(hosts.timeline, {
      width,
      height,
      seed: 1,
      travel: 12,
      decay: 24,
      view: 'hosts',
      hosts: hosts.hosts,
    });
    expect(checkLayout(layout, width, height)).toEqual([]);
  });

  it('shows at least 200 port labels a side at 1080p', () => {
    const { layout } = buildSceneWithLayout(timeline, {
      width: 1920,
      height: 1080,
      seed: 1,
      travel: 12,
      decay: 24,
    });
    expect(layout.portLabels.udp).toBeGreaterThanOrEqual(200);
    expect(layout.portLabels.tcp).toBeGreaterThanOrEqual(200);
  });

  it('is the same picture at every size: label counts do not depend on the resolution', () => {
    const counts = [720, 1080, 2160].map(
      (h) =>
        buildSceneWithLayout(timeline, { width: (h * 16) / 9, height: h, seed: 1, travel: 12, decay: 24 })
          .layout.portLabels,
    );
    expect(counts[1]).toEqual(counts[0]);
    expect(counts[2]).toEqual(counts[0]);
  });
});
