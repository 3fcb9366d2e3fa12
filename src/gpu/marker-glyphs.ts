import type { SceneData } from '../scene/scene-data.js';
import { Label } from './abi.js';

/**
 * The label glyphs of each marker, for live:main (shaders/live.wgsl): markers + 1 words, the start
 * of marker m's glyph ids at word m (its glyphs end where marker m + 1's start), then the glyph ids,
 * ascending per marker. Built once per render from the scene's label records.
 */
export function markerGlyphs(scene: SceneData): Uint32Array {
  const { markerCount, labelCount, labelsOff, words } = scene;
  const marker = (l: number) => (words[labelsOff + l * Label.WORDS + Label.HEAD] & ~Label.NAME_BIT) >>> 0;
  const out = new Uint32Array(markerCount + 1 + labelCount);
  for (let l = 0; l < labelCount; l++) out[marker(l) + 1]++;
  for (let m = 0; m < markerCount; m++) out[m + 1] += out[m];
  const next = out.slice(0, markerCount);
  for (let l = 0; l < labelCount; l++) out[markerCount + 1 + next[marker(l)]++] = l;
  return out;
}
