/**
 * Under a layout pinned by a reference timeline, what the GPU reads for frame f (the scene's tables,
 * static objects, the entries up to bin f and the frame's host-made objects) is the same whether the
 * rows after bin f exist yet or not: the basis of --follow's equality with a batch render.
 */
import { describe, expect, it } from 'vitest';
import type { PacketRow, Proto } from '../../src/ingest/packet-row.js';
import { buildScene, type SceneOptions } from '../../src/scene/build-scene.js';
import { pinnedCountryRows } from '../../src/scene/pinned-layout.js';
import { planFrame } from '../../src/plan/frame-plan.js';
import { buildTimeline } from '../../src/timeline/build-timeline.js';

const T0 = 1_709_294_400; // 2024-03-01 12:00 UTC
const BIN = 5;

function rows(from: number, to: number, ccs: string[], ports: number[], step = 1): PacketRow[] {
  const out: PacketRow[] = [];
  for (let t = from; t < to; t += step)
    for (let k = 0; k < 3; k++) {
      const i = (t - from) * 3 + k;
      const proto: Proto = i % 3 === 0 ? 'udp' : 'tcp';
      out.push({ time: T0 + t, host: '', src: `198.51.100.${i % 250}`, cc: ccs[(i * 7) % ccs.length], proto, port: ports[(i * 5) % ports.length] });
    } // prettier-ignore
  return out;
}

const ref = buildTimeline(rows(-86400, -82800, ['CN', 'US', 'RU', 'BR'], [22, 23, 80, 443, 53, 123], 6), {
  binSeconds: BIN,
});
// Later rows bring countries and ports the reference lacks, and change which are busiest.
const all = [
  ...rows(0, 30, ['CN', 'US', 'RU'], [22, 80, 53]),
  ...rows(30, 60, ['KR', 'VN', 'IR', 'US'], [3389, 8080, 5060, 1900, 23]),
];
const closed = all.filter((r) => r.time < T0 + 30); // bins 0-5
const opts: SceneOptions = { width: 320, height: 180, seed: 42, travel: 3, decay: 4, title: 't' };
const span = { binSeconds: BIN, start: T0, end: T0 + 60 };

function scene(rs: PacketRow[], pinned: boolean) {
  const t = buildTimeline(rs, { ...span, ...(pinned ? { countryOrder: ref.countries } : {}) });
  return buildScene(t, { ...opts, ...(pinned ? { layout: ref } : {}) });
}

describe('a pinned layout', () => {
  it('frames of closed bins read the same data before and after later rows arrive', () => {
    const a = scene(closed, true);
    const b = scene(all, true);
    expect(a.words).toEqual(b.words);
    expect(a.staticObjects).toEqual(b.staticObjects);
    expect(a.textObjects).toEqual(b.textObjects);
    expect(a.bars).toEqual(b.bars);
    expect(a.frameCount).toBe(b.frameCount);
    for (let f = 0; f < 6; f++) {
      expect(planFrame(a, f), `frame ${f}`).toEqual(planFrame(b, f));
      const n = a.binOffsets[f + 1] * 4;
      expect(a.entries.subarray(0, n)).toEqual(b.entries.subarray(0, n));
    }
    // Later frames do change: the rows are drawn.
    expect(planFrame(a, 8)).not.toEqual(planFrame(b, 8));
  });

  it('without it, later rows change the layout of earlier frames', () => {
    expect(scene(closed, false).staticObjects).not.toEqual(scene(all, false).staticObjects);
  });

  it("puts countries the reference lacks on an 'Other' row and scales bars to the reference", () => {
    const live = buildTimeline(all, { ...span, countryOrder: ref.countries });
    const r = pinnedCountryRows(ref, live, 3, [1, 2, 3], 9);
    expect(r.names).toHaveLength(3);
    expect(r.names[2]).toBe('Other');
    expect(r.colours).toEqual([1, 2, 9]);
    const known = new Set(ref.countries.slice(0, 2));
    live.countries.forEach((cc, i) =>
      expect(r.rowOf[i], cc).toBe(known.has(cc) ? ref.countries.indexOf(cc) : 2),
    );
    expect(live.countries.filter((cc) => !known.has(cc)).length).toBeGreaterThan(2);
    expect(r.scale).toBe(
      Math.max(ref.countryPackets[0], ref.countryPackets[1], ref.countryPackets[2] + ref.countryPackets[3]),
    );
  });
});
