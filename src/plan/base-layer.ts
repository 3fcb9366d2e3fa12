import type { SceneData } from '../scene/scene-data.js';
import { Kind, Label, Marker, Sizes } from '../gpu/abi.js';

/**
 * The objects of the base layer, drawn once per render: everything that never changes but text
 * (swatches, bar tracks; text is drawn over the light every frame) and every port label in its idle form. Must equal, field for field, the idle
 * glyph that shaders/objects.wgsl takes away when a label glows.
 */
export function baseObjects(scene: SceneData): Int32Array {
  const w = scene.words;
  const labels: number[] = [];
  for (let i = 0; i < scene.labelCount; i++) {
    const rec = scene.labelsOff + i * Label.WORDS;
    const head = w[rec + Label.HEAD];
    if (head & Label.NAME_BIT) continue; // service names are hidden while idle
    const m = scene.markersOff + (head & ~Label.NAME_BIT) * Marker.WORDS;
    const off = w[rec + Label.OFFSET];
    const dx = (off << 16) >> 16;
    const dy = off >> 16;
    labels.push(Kind.GLYPH, w[m + Marker.X] + dx, w[m + Marker.Y] + dy, w[rec + Label.ATLAS],
      w[m + Marker.SCALE], w[m + Marker.RGB], Sizes.LABEL_IDLE_ALPHA, w[rec + Label.SIZE] | 0); // prettier-ignore
  }
  const out = new Int32Array(scene.staticObjects.length + labels.length);
  out.set(scene.staticObjects);
  out.set(labels, scene.staticObjects.length);
  return out;
}
