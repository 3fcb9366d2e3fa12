/**
 * Text that reads: in the frames with the most hot port labels, no two drawn texts overlap unless a
 * plate (drawn after the one and before the other) covers where they meet. Computed from the frame's
 * objects exactly as the GPU gets them (the CPU reference's object list, ordered as the raster draws
 * text and plates: by layer, then slot), without rendering a pixel.
 */
import { describe, expect, it } from 'vitest';
import { detectEvents } from '../../src/events/detect-events.js';
import { syntheticRows } from '../../src/ingest/synthetic.js';
import { baseObjects } from '../../src/plan/base-layer.js';
import { dynamicCount } from '../../src/plan/frame-plan.js';
import { Kind, Label, OBJ_WORDS, Sizes } from '../../src/gpu/abi.js';
import type { SceneData } from '../../src/scene/scene-data.js';
import { overKey, frameGlow, frameObjects } from '../../src/gpu/cpu-frame.js';
import { syntheticScene } from '../helpers/gpu.js';

type Box = [number, number, number, number];
interface Text {
  name: string;
  box: Box;
  /** Draw order (overKey: layer, then slot) of its first and last glyph (-1: the base layer, under everything). */
  first: number;
  last: number;
}
interface Plate {
  box: Box;
  /** Draw order (overKey). */
  key: number;
}

const level = (g: number) => Math.min(g, Sizes.GLOW_MAX) & ~(Sizes.GLOW_STEP - 1);

/** The ink of a glyph object, px: its atlas rectangle less the distance field's padding. */
function inkBox(s: SceneData, o: ArrayLike<number>): Box {
  const pad = (s.spread * o[4]) / 16; // texels → 1/16 px
  const w = ((o[7] & 0xffff) * o[4]) / 16;
  const h = ((o[7] >> 16) * o[4]) / 16;
  return [(o[1] + pad) / 16, (o[2] + pad) / 16, (o[1] + w - pad) / 16, (o[2] + h - pad) / 16];
}

const union = (a: Box | undefined, b: Box): Box =>
  a ? [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])] : b;
const meet = (a: Box, b: Box): Box | undefined => {
  const m: Box = [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
  return m[0] < m[2] && m[1] < m[3] ? m : undefined;
};
const covers = (p: Box, m: Box) => p[0] <= m[0] && p[1] <= m[1] && p[2] >= m[2] && p[3] >= m[3];

/** Every text drawn in frame f (base-layer labels, host-made and static text, glowing labels) and the plates. */
function drawnText(s: SceneData, f: number): { texts: Text[]; plates: Plate[]; hot: number } {
  const glow = frameGlow(s, f);
  const markerOf = (l: number) => s.words[s.labelsOff + l * Label.WORDS + Label.HEAD] & ~Label.NAME_BIT;
  const texts = new Map<string, Text>();
  const add = (name: string, box: Box, slot: number) => {
    const t = texts.get(name);
    texts.set(name, { name, box: union(t?.box, box), first: Math.min(t?.first ?? slot, slot), last: Math.max(t?.last ?? slot, slot) }); // prettier-ignore
  };
  // Idle labels: in the base layer, unless their port glows (then the glowing one replaces them).
  const base = baseObjects(s);
  let g = s.staticObjects.length / OBJ_WORDS;
  for (let l = 0; l < s.labelCount; l++) {
    if (s.words[s.labelsOff + l * Label.WORDS + Label.HEAD] & Label.NAME_BIT) continue;
    const o = base.subarray(g * OBJ_WORDS, ++g * OBJ_WORDS);
    if (level(glow[markerOf(l)]) === 0) add(`label ${markerOf(l)} (idle)`, inkBox(s, o), -1);
  }
  // Host-made objects: bars and the progress line, then text slots, then the static texts.
  const objs = frameObjects(s, f);
  const t = s.text;
  const runs = [t.clock.maxChars, ...t.totals.map((x) => x.maxChars), ...t.calloutSlots.map((x) => x.maxChars), ...s.textRuns]; // prettier-ignore
  let slot = s.barCount + 1;
  runs.forEach((n, r) => {
    for (let i = slot; i < slot + n; i++)
      if (objs[i][0] === Kind.GLYPH_OVER) add(`text ${r}`, inkBox(s, objs[i]), overKey(objs[i], i));
    slot += n;
  });
  expect(slot).toBe(dynamicCount(s));
  // Label slots: idle glyph taken away, plate, glowing glyph.
  const plates: Plate[] = [];
  const at = dynamicCount(s) + s.markerCount;
  for (let l = 0; l < s.labelCount; l++) {
    const [, plate, glyph] = [0, 1, 2].map((k) => at + Label.SLOTS * l + k);
    if (objs[plate][0] === Kind.PLATE) {
      const [, x0, y0, x1, y1] = objs[plate];
      plates.push({ box: [x0, y0, x1, y1], key: overKey(objs[plate], plate) });
    }
    if (objs[glyph][0] === Kind.GLYPH_OVER)
      add(`label ${markerOf(l)}`, inkBox(s, objs[glyph]), overKey(objs[glyph], glyph));
  }
  const hot = glow.filter((v) => level(v) >= s.hotLevel).length;
  return { texts: [...texts.values()], plates, hot };
}

/** Pairs of texts that overlap with no plate between them; and how many overlaps a plate resolves. */
function unplated(s: SceneData, f: number): { problems: string[]; plated: number; hot: number } {
  const { texts, plates, hot } = drawnText(s, f);
  const problems: string[] = [];
  let plated = 0;
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const [lo, hi] = texts[i].first <= texts[j].first ? [texts[i], texts[j]] : [texts[j], texts[i]];
      const m = meet(lo.box, hi.box);
      if (!m) continue;
      const between = plates.some((p) => p.key > lo.last && p.key < hi.first && covers(p.box, m));
      if (between) plated++;
      else
        problems.push(`frame ${f}: "${lo.name}" and "${hi.name}" overlap at ${m.map((v) => v.toFixed(1))}`);
    }
  }
  return { problems, plated, hot };
}

/** The n frames with the most hot labels (earliest first among equals). */
function hottestFrames(s: SceneData, n: number): number[] {
  const hot = Array.from({ length: s.frameCount }, (_, f) => [f, drawnHot(s, f)]);
  return hot
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, n)
    .map(([f]) => f);
}
const drawnHot = (s: SceneData, f: number) => frameGlow(s, f).filter((v) => level(v) >= s.hotLevel).length;

describe('text that reads', () => {
  const events = detectEvents(syntheticRows(42));
  it.each([
    [1280, 720],
    [1920, 1080],
    [3840, 2160],
  ])('at %ix%i, no two texts overlap without a plate between them where labels are hottest', (w, h) => {
    const scene = syntheticScene(42, w, h, { events, title: 'portglow · synthetic day' });
    const frames = hottestFrames(scene, 4);
    let plated = 0;
    for (const f of frames) {
      const r = unplated(scene, f);
      expect(r.hot, `hot labels in frame ${f}`).toBeGreaterThanOrEqual(4);
      expect(r.problems).toEqual([]);
      plated += r.plated;
    }
    // The swollen labels do reach over their neighbours: the plates are what keeps them apart.
    expect(plated).toBeGreaterThan(0);
  });
});
