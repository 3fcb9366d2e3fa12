import { describe, expect, it } from 'vitest';
import { baseObjects } from '../../src/plan/base-layer.js';
import { dynamicCount } from '../../src/plan/frame-plan.js';
import { Kind, Label, OBJ_WORDS } from '../../src/gpu/abi.js';
import { frameObjects } from '../../src/gpu/cpu-frame.js';
import { syntheticScene } from '../helpers/gpu.js';

/**
 * The base layer holds every port label in its idle form; a glowing label takes exactly that glyph
 * away again (integer subtraction, README "Only what changed"). The idle glyph the GPU subtracts is
 * taken here from the CPU reference (which follows shaders/objects.wgsl line by line and must equal
 * the GPU byte for byte), so the base layer's copy may not drift from it: any difference in position,
 * size, colour or alpha would leave a ghost of the idle label under a glowing one.
 */
describe('base layer: idle port labels', () => {
  const scene = syntheticScene(42, 320, 180);
  const base = baseObjects(scene);
  const statics = scene.staticObjects.length / OBJ_WORDS;
  const words = (i: number) => [...base.subarray(i * OBJ_WORDS, (i + 1) * OBJ_WORDS)];
  const isName = (l: number) => scene.words[scene.labelsOff + l * 4] >>> 31 === 1;
  // Base index of each label that is drawn idle (service names are not).
  const idleIndex = new Map<number, number>();
  for (let l = 0, k = statics; l < scene.labelCount; l++) if (!isName(l)) idleIndex.set(l, k++);

  it('the base layer is the static objects, then one idle glyph per label that is not a service name', () => {
    expect(base.length / OBJ_WORDS).toBe(statics + idleIndex.size);
    expect([...base.subarray(0, scene.staticObjects.length)]).toEqual([...scene.staticObjects]);
    for (const k of idleIndex.values()) expect(words(k)[0]).toBe(Kind.GLYPH);
  });

  it('each glowing label takes away exactly its idle glyph from the base layer', () => {
    const labelsAt = dynamicCount(scene) + scene.markerCount;
    const checked = new Set<number>();
    for (const f of [60, 100, 150, 200, 250]) {
      const objs = frameObjects(scene, f);
      for (let l = 0; l < scene.labelCount; l++) {
        const sub = objs[labelsAt + Label.SLOTS * l]; // slot 0 of a label: its idle glyph taken away
        if (sub[0] === 0) continue; // not glowing in this frame
        const idle = words(idleIndex.get(l)!);
        // Same glyph, place, size, colour and alpha; only the kind says "subtract".
        expect(sub.slice(1), `label ${l}, frame ${f}`).toEqual(idle.slice(1));
        checked.add(l);
      }
    }
    expect(checked.size).toBeGreaterThan(20);
  });

  it('idle labels are dim: their alpha is below that of a fully glowing label', () => {
    const alphas = new Set([...idleIndex.values()].map((k) => words(k)[6]));
    expect(alphas.size).toBe(1);
    const [idle] = alphas;
    expect(idle).toBeGreaterThan(0);
    expect(idle).toBeLessThan(256);
  });
});
