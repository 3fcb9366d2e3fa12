import type { SceneData } from '../scene/scene-data.js';
import { KIND_GLYPH } from './objects.js';

const MARKER_WORDS = 8;
const LABEL_WORDS = 4;

/**
 * The objects of the base layer, drawn once per render: everything that never changes (text,
 * swatches, bar tracks) and every port label in its idle form. Must equal, field for field, the idle
 * glyph that shaders/objects.wgsl takes away when a label glows.
 */
export function baseObjects(scene: SceneData): Int32Array {
  const w = scene.words;
  const labels: number[] = [];
  for (let i = 0; i < scene.labelCount; i++) {
    const rec = scene.labelsOff + i * LABEL_WORDS;
    if (w[rec] >>> 31) continue; // service names are hidden while idle
    const m = scene.markersOff + (w[rec] & 0x7fffffff) * MARKER_WORDS;
    const off = w[rec + 3];
    const dx = (off << 16) >> 16;
    const dy = off >> 16;
    labels.push(KIND_GLYPH, w[m] + dx, w[m + 1] + dy, w[rec + 1], w[m + 4], w[m + 3], 120, w[rec + 2] | 0);
  }
  const out = new Int32Array(scene.staticObjects.length + labels.length);
  out.set(scene.staticObjects);
  out.set(labels, scene.staticObjects.length);
  return out;
}
