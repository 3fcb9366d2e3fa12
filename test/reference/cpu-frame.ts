/**
 * A plain TypeScript re-implementation of the GPU core (glow, objects, raster, pack) for whole
 * small frames, used only by tests: the GPU must match it byte for byte. It follows the WGSL in
 * shaders/ line by line but walks every object over its own pixel box instead of binning by tile.
 */
import type { SceneData } from '../../src/scene/scene-data.js';
import { OBJ_WORDS, planFrame, dynamicCount } from '../../src/plan/frame-plan.js';
import { hash3 } from '../../src/random/hash.js';

type Obj = number[]; // kind, x, y, p0, p1, rgb, alpha, alpha2
const NONE = 0, DISC = 1, MARKER = 2, RECT = 3; // prettier-ignore
const GLOW_MAX = 1024;
const idiv = (a: number, b: number) => Math.trunc(a / b);

function markerObj(s: SceneData, m: number, g: number): Obj {
  const base = s.markersOff + m * 4;
  const r0 = s.words[base + 2];
  const level = Math.min(g, GLOW_MAX);
  const rCore = r0 + idiv(r0 * level, 384);
  const rHalo = level > 0 ? rCore * 3 : 0;
  return [MARKER, s.words[base], s.words[base + 1], rCore, rHalo, s.words[base + 3],
    72 + idiv(level * 184, GLOW_MAX), idiv(level * 160, GLOW_MAX)]; // prettier-ignore
}

function jitter(s: SceneData, e: number, purpose: number, amp: number): number {
  return (hash3(s.seed, e, purpose) % (2 * amp + 1)) - amp;
}

function bubbleObj(s: SceneData, e: number, f: number): Obj {
  const [bin, row, marker, packets] = s.entries.subarray(e * 4, e * 4 + 4);
  const age = f - bin;
  if (age < 0 || age >= s.travel) return [NONE, 0, 0, 0, 0, 0, 0, 0];
  const w = s.words;
  const [left, right, sy, colour] = w.subarray(s.rowsOff + row * 4, s.rowsOff + row * 4 + 4);
  const mx = w[s.markersOff + marker * 4];
  const my = w[s.markersOff + marker * 4 + 1];
  const sx = mx < left ? left : mx > right ? right : idiv(left + right, 2);
  const ex = mx + jitter(s, e, 1, s.jitter);
  const ey = my + jitter(s, e, 2, s.jitter);
  const t = w[s.easeOff + age];
  const arc = w[s.arcOff + age];
  const x = sx + (((ex - sx) * t) >> 12);
  const y = sy + (((ey - sy) * t) >> 12) + ((jitter(s, e, 3, s.arcMax) * arc) >> 12);
  const root = Math.floor(Math.sqrt(Math.min(packets, 1 << 24) * 256));
  const r = Math.min(s.radiusMax, Math.floor((s.radiusUnit * root) / 16));
  return [DISC, x, y, Math.max(r, 20), 0, colour, 200, 0];
}

function box(o: Obj): [number, number, number, number] {
  if (o[0] === RECT) return [o[1], o[2], o[3], o[4]];
  const r = o[0] === MARKER ? Math.max(o[3], o[4]) : o[3];
  return [((o[1] - r) >> 4) - 1, ((o[2] - r) >> 4) - 1, ((o[1] + r) >> 4) + 2, ((o[2] + r) >> 4) + 2];
}

function term(o: Obj, px: number, py: number, acc: number[]): void {
  const col = [o[5] & 255, (o[5] >> 8) & 255, (o[5] >> 16) & 255];
  if (o[0] === RECT) {
    for (let c = 0; c < 3; c++) acc[c] += col[c] * o[6];
    return;
  }
  const dx = px * 16 + 8 - o[1];
  const dy = py * 16 + 8 - o[2];
  const d2 = dx * dx + dy * dy;
  const r = o[3];
  const cover = Math.min(256, Math.max(0, 128 + idiv(8 * (r * r - d2), Math.max(r, 1))));
  for (let c = 0; c < 3; c++) acc[c] += (col[c] * (cover * o[6])) >> 8;
  if (o[0] === MARKER && o[7] > 0) {
    const rh2 = o[4] * o[4];
    if (d2 < rh2) {
      const q = 256 - idiv(d2, Math.max(rh2 >> 8, 1));
      for (let c = 0; c < 3; c++) acc[c] += (col[c] * (((q * q) >> 8) * o[7])) >> 8;
    }
  }
}

function tone(raw: number): number {
  const v = Math.min(raw, 1 << 24);
  const knee = 200 * 256;
  if (v <= knee) return v >> 8;
  const e = v - knee;
  return 200 + idiv(55 * e, e + 55 * 256);
}

/** Frame f's objects in GPU slot order: static, host-made, markers, bubbles. */
export function referenceObjects(s: SceneData, f: number): Obj[] {
  const plan = planFrame(s, f);
  const glow = new Array<number>(s.markerCount).fill(0);
  for (let e = plan.glowLo; e < plan.glowHi; e++) {
    const [bin, , marker, packets] = s.entries.subarray(e * 4, e * 4 + 4);
    const age = f - (bin + s.travel - 1);
    if (age < 0 || age >= s.decay) continue;
    const weight = 64 + 32 * (31 - Math.clz32(Math.max(packets, 1)));
    glow[marker] = (glow[marker] + ((weight * s.words[s.decayOff + age]) >>> 8)) >>> 0;
  }
  const objs: Obj[] = [];
  for (let i = 0; i < s.staticObjects.length; i += OBJ_WORDS)
    objs.push([...s.staticObjects.subarray(i, i + OBJ_WORDS)]);
  for (let i = 0; i < dynamicCount(s); i++)
    objs.push([...plan.dyn.subarray(i * OBJ_WORDS, (i + 1) * OBJ_WORDS)]);
  for (let m = 0; m < s.markerCount; m++) objs.push(markerObj(s, m, glow[m]));
  for (let e = plan.bubbleLo; e < plan.bubbleHi; e++) objs.push(bubbleObj(s, e, f));
  return objs;
}

/** Frame f as RGBA8 bytes, computed on the CPU. */
export function referenceFrame(s: SceneData, f: number): Buffer {
  const { width: W, height: H } = s;
  const acc = new Float64Array(W * H * 3);
  const bg = [s.background & 255, (s.background >> 8) & 255, (s.background >> 16) & 255];
  for (let p = 0; p < W * H; p++) for (let c = 0; c < 3; c++) acc[p * 3 + c] = bg[c] * 256;
  const sum = [0, 0, 0];
  for (const o of referenceObjects(s, f)) {
    if (o[0] === NONE) continue;
    const [x0, y0, x1, y1] = box(o);
    for (let y = Math.max(y0, 0); y < Math.min(y1, H); y++) {
      for (let x = Math.max(x0, 0); x < Math.min(x1, W); x++) {
        sum.fill(0);
        term(o, x, y, sum);
        for (let c = 0; c < 3; c++) acc[(y * W + x) * 3 + c] += sum[c];
      }
    }
  }
  const out = Buffer.alloc(W * H * 4);
  for (let p = 0; p < W * H; p++) {
    for (let c = 0; c < 3; c++) out[p * 4 + c] = tone(acc[p * 3 + c]);
    out[p * 4 + 3] = 255;
  }
  return out;
}
