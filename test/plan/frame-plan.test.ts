import { describe, expect, it } from 'vitest';
import { buildScene } from '../../src/scene/build-scene.js';
import { buildTimeline } from '../../src/timeline/build-timeline.js';
import type { PacketRow } from '../../src/ingest/packet-row.js';
import { clockText, metricsAtlas, writeText } from '../../src/plan/dynamic-text.js';
import { Kind, OBJ_WORDS } from '../../src/gpu/abi.js';
import { planFrame, type FramePlan } from '../../src/plan/frame-plan.js';
import { syntheticScene } from '../helpers/gpu.js';

/**
 * planFrame against the design's definitions, computed here from the scene's timeline entries (not
 * from binOffsets or barCumulative): a bubble of bin b is at age f − b in frame f and alive while
 * 0 ≤ age < travel; it lands at frame b + travel − 1, where its hit starts to glow for `decay` frames
 * and its packets join its country's running total; the progress line shows how much of the span the
 * frame has reached; the clock shows the UTC start of the frame's bin.
 */
const scene = syntheticScene(42, 320, 180);
const bins = Array.from({ length: scene.entries.length / 4 }, (_, e) => scene.entries[e * 4]);

/** Entries [lo, hi) are exactly those for which `wanted(bin)` holds. */
function expectExactly(lo: number, hi: number, wanted: (b: number) => boolean, what: string): void {
  const bad = bins.findIndex((b, e) => (e >= lo && e < hi) !== wanted(b));
  expect(bad, `${what}: entry ${bad} (bin ${bins[bad]}) is wrongly in or out of [${lo}, ${hi})`).toBe(-1);
}

const alive = (b: number, g: number) => g - b >= 0 && g - b < scene.travel;
const arrival = (b: number) => b + scene.travel - 1;
const glows = (b: number, g: number) => g - arrival(b) >= 0 && g - arrival(b) < scene.decay;

/** Object i of the frame's host-made objects (0 = f's first, dynCount = f-1's first). */
const obj = (p: FramePlan, i: number) => [...p.dyn.subarray(i * OBJ_WORDS, (i + 1) * OBJ_WORDS)];

const last = scene.frameCount - 1;
const FRAMES = [0, 1, 5, scene.travel - 1, scene.travel, 40, 100, 150, last - 1, last];

describe('planFrame entry ranges', () => {
  it('bubbles: exactly the entries alive at f or f-1', () => {
    for (const f of FRAMES) {
      const p = planFrame(scene, f);
      expectExactly(p.bubbleLo, p.bubbleHi, (b) => alive(b, f) || alive(b, f - 1), `frame ${f} bubbles`);
    }
  });

  it('glow: exactly the hits glowing at f or f-1, over the whole decay window', () => {
    for (const f of [...FRAMES, 11, 12, 13, 34, 35, 36, 37]) {
      const p = planFrame(scene, f);
      expectExactly(p.glowLo, p.glowHi, (b) => glows(b, f) || glows(b, f - 1), `frame ${f} glow`);
    }
  });
});

describe('planFrame host-made objects', () => {
  // Ports view: bar r is country row r; a bubble's packets join it when the bubble lands.
  const rows = scene.rowCount;
  const packetsLanded = (row: number, g: number) => {
    let n = 0;
    for (let e = 0; e < bins.length; e++)
      if (scene.entries[e * 4 + 1] === row && arrival(bins[e]) <= g) n += scene.entries[e * 4 + 3];
    return n;
  };
  const finals = Array.from({ length: rows }, (_, r) => packetsLanded(r, Infinity));
  const biggest = Math.max(...finals);
  const allLanded = last + scene.travel - 1;

  it("bars: each country's landed packets, the busiest country's final total filling the full width", () => {
    expect(scene.barCount).toBe(rows);
    for (const f of [...FRAMES, allLanded]) {
      const p = planFrame(scene, f);
      for (let r = 0; r < rows; r++) {
        const [x0, y0, y1, full, rgb] = scene.bars.subarray(r * 6, r * 6 + 5);
        const len = Math.floor((packetsLanded(r, f) * full) / biggest);
        // Bars are drawn at alpha 230 of 256: nearly opaque, as in the README's frames.
        expect(obj(p, r), `frame ${f} bar ${r}`).toEqual([Kind.RECT, x0, y0, x0 + len, y1, rgb, 230, 0]);
      }
    }
    const end = planFrame(scene, allLanded);
    const top = finals.indexOf(biggest);
    expect(obj(end, top)[3] - obj(end, top)[1]).toBe(scene.bars[top * 6 + 3]);
    expect(obj(planFrame(scene, 0), top)[3]).toBe(obj(planFrame(scene, 0), top)[1]); // nothing landed yet
  });

  it('progress line: (f + 1) of frameCount frames of the width, full on the last frame', () => {
    const [py0, py1, rgb] = scene.progress;
    for (const f of FRAMES) {
      const len = Math.floor(((f + 1) * scene.width) / scene.frameCount);
      // The line is drawn at alpha 200 of 256.
      expect(obj(planFrame(scene, f), rows), `frame ${f}`).toEqual([
        Kind.RECT,
        0,
        py0,
        len,
        py1,
        rgb,
        200,
        0,
      ]);
    }
    expect(obj(planFrame(scene, last), rows)[3]).toBe(scene.width);
  });

  it('the clock: the UTC start of the frame\'s bin, "YYYY-MM-DD HH:MM UTC", right after the bars and the line', () => {
    for (const f of FRAMES) {
      const iso = new Date((scene.text.start + f * scene.text.binSeconds) * 1000).toISOString();
      const text = `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
      expect(clockText(scene, f)).toBe(text);
      const expected = new Int32Array(scene.text.clock.maxChars * OBJ_WORDS);
      writeText(metricsAtlas(scene.font), scene.text.clock, text, expected, 0);
      const at = (rows + 1) * OBJ_WORDS;
      expect([...planFrame(scene, f).dyn.subarray(at, at + expected.length)], `frame ${f}`).toEqual([
        ...expected,
      ]);
    }
  });

  it('the clock of a known day: frame 175 of a day from midnight is 2013-07-15 14:35 UTC', () => {
    const midnight = Date.UTC(2013, 6, 15) / 1000;
    const day: PacketRow[] = [0, 100, 287].map((b) => ({
      time: midnight + b * 300,
      host: 'h1',
      src: '1.2.3.4',
      cc: 'CN',
      proto: 'tcp',
      port: 22,
    }));
    const s = buildScene(buildTimeline(day, { binSeconds: 300 }), {
      width: 320,
      height: 180,
      seed: 1,
      travel: 12,
      decay: 24,
    });
    expect(clockText(s, 0)).toBe('2013-07-15 00:00 UTC');
    expect(clockText(s, 175)).toBe('2013-07-15 14:35 UTC');
    expect(clockText(s, 287)).toBe('2013-07-15 23:55 UTC');
  });

  it('the objects for f-1 are those of frame f-1: closed form, nothing carried over', () => {
    for (const f of [1, 50, 151, last]) {
      const p = planFrame(scene, f);
      const prev = planFrame(scene, f - 1);
      expect([...p.dyn.subarray(p.dynCount * OBJ_WORDS)]).toEqual([
        ...prev.dyn.subarray(0, prev.dynCount * OBJ_WORDS),
      ]);
    }
  });
});
