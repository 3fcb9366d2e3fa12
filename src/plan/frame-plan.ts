import type { SceneData } from '../scene/scene-data.js';
import { Kind, OBJ_WORDS } from '../gpu/abi.js';
import { textObjectCount, writeFrameText } from './dynamic-text.js';

/**
 * What frame f needs beyond the scene, in closed form from the timeline alone (never from the
 * frames before it): the entry ranges to simulate and the host-made objects for f and f-1.
 */
export interface FramePlan {
  frame: number;
  /** Entries whose bubbles are alive at f or f-1 (spawned in bins f-travel … f). */
  bubbleLo: number;
  bubbleHi: number;
  /** Entries whose hits glow at f or f-1. */
  glowLo: number;
  glowHi: number;
  /** dynCount objects for f, then dynCount for f-1. */
  dyn: Int32Array;
  dynCount: number;
}

function clampBin(scene: SceneData, b: number): number {
  return Math.min(Math.max(b, 0), scene.frameCount);
}

/** Host-made objects: the running-total bars, the time-progress line, then the text's glyphs. */
export function dynamicCount(scene: SceneData): number {
  return scene.barCount + 1 + textObjectCount(scene);
}

/** The last host-made objects, the same in every frame (the static text): the GPU keeps them in
 *  their slots from the start instead of receiving and simulating them each frame. */
export function fixedCount(scene: SceneData): number {
  return scene.textObjects.length / OBJ_WORDS;
}

function writeRect(
  out: Int32Array,
  i: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  rgb: number,
  alpha: number,
): void {
  out.set([Kind.RECT, x0, y0, x1, y1, rgb, alpha, 0], i * OBJ_WORDS);
}

function writeDynamics(scene: SceneData, g: number, out: Int32Array, base: number): void {
  // A bubble adds to its bars when it lands: bin b lands at frame b + travel - 1.
  const k = clampBin(scene, g - scene.travel + 2);
  const totals: number[] = [];
  for (let i = 0; i < scene.barCount; i++) {
    const [x0, y0, y1, full, rgb, barScale] = scene.bars.subarray(i * 6, i * 6 + 6);
    const total = scene.barCumulative[k * scene.barCount + i];
    totals.push(total);
    // Exact in doubles: total < 2^32 and full < 2^16.
    // At most the full bar: a pinned layout's scale (--layout-from) may be below a later total.
    const len = Math.min(full, Math.floor((total * full) / Math.max(barScale, 1)));
    writeRect(out, base + i, x0, y0, x0 + len, y1, rgb, 230);
  }
  const len = Math.floor((clampBin(scene, g + 1) * scene.width) / Math.max(scene.frameCount, 1));
  const [py0, py1, pRgb] = scene.progress;
  writeRect(out, base + scene.barCount, 0, py0, len, py1, pRgb, 200);
  writeFrameText(scene, g, totals, out, base + scene.barCount + 1);
}

export function planFrame(scene: SceneData, f: number): FramePlan {
  const off = scene.binOffsets;
  const dynCount = dynamicCount(scene);
  const dyn = new Int32Array(2 * dynCount * OBJ_WORDS);
  writeDynamics(scene, f, dyn, 0);
  writeDynamics(scene, f - 1, dyn, dynCount);
  return {
    frame: f,
    bubbleLo: off[clampBin(scene, f - scene.travel)],
    bubbleHi: off[clampBin(scene, f + 1)],
    glowLo: off[clampBin(scene, f - scene.decay - scene.travel + 1)],
    glowHi: off[clampBin(scene, f - scene.travel + 2)],
    dyn,
    dynCount,
  };
}

/** Most bubble entries any frame simulates: sizes the object buffers once. */
export function maxBubbleSlots(scene: SceneData): number {
  let most = 0;
  for (let f = 0; f < scene.frameCount; f++) {
    const p = scene.binOffsets[clampBin(scene, f + 1)] - scene.binOffsets[clampBin(scene, f - scene.travel)];
    if (p > most) most = p;
  }
  return most;
}
