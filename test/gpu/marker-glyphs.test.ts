import { describe, expect, it } from 'vitest';
import { markerGlyphs } from '../../src/gpu/marker-glyphs.js';
import { Label } from '../../src/gpu/abi.js';
import { syntheticScene } from '../helpers/gpu.js';

/**
 * live:main (shaders/live.wgsl) lists a glowing port's label slots from this table: each marker's
 * glyphs must be exactly the label records whose head names it (service-name glyphs included), each
 * once, ascending — a glyph missing here would never be simulated or binned.
 */
describe('markerGlyphs', () => {
  it('lists, for each marker, exactly the label glyphs whose head names it, ascending', () => {
    const scene = syntheticScene(42, 320, 180);
    const t = markerGlyphs(scene);
    const M = scene.markerCount;
    expect(t.length).toBe(M + 1 + scene.labelCount);
    expect(t[0]).toBe(0);
    expect(t[M]).toBe(scene.labelCount);
    let names = 0;
    for (let m = 0; m < M; m++) {
      const head = (l: number) => scene.words[scene.labelsOff + l * Label.WORDS + Label.HEAD];
      const expected: number[] = [];
      for (let l = 0; l < scene.labelCount; l++)
        if ((head(l) & ~Label.NAME_BIT) >>> 0 === m) expected.push(l);
      expect([...t.subarray(M + 1 + t[m], M + 1 + t[m + 1])], `marker ${m}`).toEqual(expected);
      names += expected.filter((l) => head(l) & Label.NAME_BIT).length;
    }
    // The scene has service names, so the NAME_BIT glyphs are covered too.
    expect(names).toBeGreaterThan(0);
  });

  it('is empty but well-formed for a scene without markers', () => {
    const scene = { ...syntheticScene(42, 320, 180), markerCount: 0, labelCount: 0 };
    expect([...markerGlyphs(scene)]).toEqual([0]);
  });
});
