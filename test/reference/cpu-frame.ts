/**
 * A plain TypeScript re-implementation of the GPU core (glow, objects, raster, pack) for whole
 * small frames, used only by tests: the GPU must match it byte for byte. It follows the WGSL in
 * shaders/ line by line but walks every object over its own pixel box instead of binning by tile.
 */
import type { SceneData } from '../../src/scene/scene-data.js';
import { planFrame, dynamicCount } from '../../src/plan/frame-plan.js';
import { hash3 } from '../../src/random/hash.js';
import { baseObjects } from '../../src/plan/base-layer.js';
import { JitterPurpose, Kind, Label, Marker, OBJ_WORDS, Row, Sizes, ThemeFlag } from '../../src/gpu/abi.js';

// The contract's numbers and layouts come from src/gpu/abi.ts, as the shaders get them; the
// arithmetic below is written again, independently of the WGSL.
type Obj = number[]; // kind, x, y, p0, p1, rgb, alpha, alpha2
const { NONE, DISC, MARKER, RECT, GLYPH, GLYPH_SUB, GLYPH_OVER, PLATE } = Kind;
const { GLOW_MAX, GLOW_STEP, LABEL_IDLE_ALPHA, GLYPH_OUTLINE, PLATE_ALPHA, LAYER_SHIFT } = Sizes;
/** The order objects are drawn over the light in: by layer (top byte of the colour word), then slot. */
export const overKey = (o: Obj, slot: number) => (o[5] >>> LAYER_SHIFT) * 2 ** LAYER_SHIFT + slot;
const isGlyph = (k: number) => k === GLYPH || k === GLYPH_SUB || k === GLYPH_OVER;
const isOver = (k: number) => k === GLYPH_OVER || k === PLATE;
const level = (g: number) => Math.min(g, GLOW_MAX) & ~(GLOW_STEP - 1); // as shaders/objects.wgsl
export { level as glowLevel };
const idiv = (a: number, b: number) => Math.trunc(a / b);

function markerObj(s: SceneData, m: number, g: number): Obj {
  const base = s.markersOff + m * Marker.WORDS;
  const lv = level(g);
  if (lv === 0) return [NONE, 0, 0, 0, 0, 0, 0, 0];
  const r0 = s.words[base + Marker.HALO];
  return [MARKER, s.words[base + Marker.X], s.words[base + Marker.Y], 0, r0 + idiv(r0 * lv, GLOW_MAX), s.words[base + Marker.RGB], 0, idiv(lv * 150, GLOW_MAX)]; // prettier-ignore
}

function whiten(c: number, t: number): number {
  const ch = (v: number) => v + (((255 - v) * t) >> 8);
  return ch(c & 255) | (ch((c >> 8) & 255) << 8) | (ch((c >> 16) & 255) << 16);
}

const i16 = (v: number) => (v << 16) >> 16;

function labelObj(s: SceneData, i: number, g: number, sub: boolean): Obj {
  const rec = s.labelsOff + i * Label.WORDS;
  const head = s.words[rec + Label.HEAD];
  const m = head & ~Label.NAME_BIT;
  const isName = (head & Label.NAME_BIT) !== 0;
  const base = s.markersOff + m * Marker.WORDS;
  const glowing = level(g);
  if (glowing === 0 || (isName && (sub || glowing < s.hotLevel))) return [NONE, 0, 0, 0, 0, 0, 0, 0];
  const lv = sub ? 0 : glowing;
  const k = 256 + idiv(lv * s.words[base + Marker.SWELL], GLOW_MAX);
  const off = s.words[rec + Label.OFFSET];
  const x = s.words[base + Marker.X] + ((i16(off) * k) >> 8);
  const y = s.words[base + Marker.Y] + (((off >> 16) * k) >> 8);
  const scale = (s.words[base + Marker.SCALE] * k) >> 8;
  const alpha = isName
    ? 128 + idiv((lv - s.hotLevel) * 128, Math.max(GLOW_MAX - s.hotLevel, 1))
    : LABEL_IDLE_ALPHA + idiv(lv * (256 - LABEL_IDLE_ALPHA), GLOW_MAX);
  const colour =
    whiten(s.words[base + Marker.RGB], idiv(lv * 160, GLOW_MAX)) | ((lv / GLOW_STEP) << LAYER_SHIFT);
  return [sub ? GLYPH_SUB : GLYPH_OVER, x, y, s.words[rec + Label.ATLAS], scale, colour, alpha, s.words[rec + Label.SIZE] | 0]; // prettier-ignore
}

const markerOfLabel = (s: SceneData, l: number) => s.words[s.labelsOff + l * Label.WORDS + Label.HEAD] & ~Label.NAME_BIT; // prettier-ignore

/** The plate under a glowing label, on its first glyph: the label's box at rest, swollen, px outward. */
function plateObj(s: SceneData, l: number, g: number): Obj {
  const m = markerOfLabel(s, l);
  const lv = level(g);
  if (lv === 0 || (l > 0 && markerOfLabel(s, l - 1) === m)) return [NONE, 0, 0, 0, 0, 0, 0, 0];
  const w = (k: number) => s.words[s.markersOff + m * Marker.WORDS + k] | 0;
  const k = 256 + idiv(lv * w(Marker.SWELL), GLOW_MAX);
  const right = lv >= s.hotLevel ? w(Marker.PLATE_NAME_X1) : w(Marker.PLATE_X1);
  const at = (c: number, d: number) => c + ((d * k) >> 8);
  return [PLATE, at(w(Marker.X), w(Marker.PLATE_X0)) >> 4, at(w(Marker.Y), w(Marker.PLATE_Y0)) >> 4,
    (at(w(Marker.X), right) + 15) >> 4, (at(w(Marker.Y), w(Marker.PLATE_Y1)) + 15) >> 4, (lv / GLOW_STEP) << LAYER_SHIFT,
    idiv(PLATE_ALPHA * Math.min(lv, s.hotLevel), Math.max(s.hotLevel, 1)), 0]; // prettier-ignore
}

function jitter(s: SceneData, e: number, purpose: number, amp: number): number {
  return (hash3(s.seed, e, purpose) % (2 * amp + 1)) - amp;
}

function bubbleObj(s: SceneData, e: number, f: number): Obj {
  const [bin, row, marker, packets] = s.entries.subarray(e * 4, e * 4 + 4);
  const age = f - bin;
  if (age < 0 || age >= s.travel) return [NONE, 0, 0, 0, 0, 0, 0, 0];
  const w = s.words;
  const r0 = s.rowsOff + row * Row.WORDS;
  const [left, right, sy, colour] = [Row.LEFT, Row.RIGHT, Row.Y, Row.RGB].map((k) => w[r0 + k]);
  const mx = w[s.markersOff + marker * Marker.WORDS + Marker.X];
  const my = w[s.markersOff + marker * Marker.WORDS + Marker.Y];
  const sx = mx < left ? left : mx > right ? right : idiv(left + right, 2);
  const ex = mx + jitter(s, e, JitterPurpose.X, s.jitter);
  const ey = my + jitter(s, e, JitterPurpose.Y, s.jitter);
  const t = w[s.easeOff + age];
  const arc = w[s.arcOff + age];
  const x = sx + (((ex - sx) * t) >> 12);
  const y = sy + (((ey - sy) * t) >> 12) + ((jitter(s, e, JitterPurpose.ARC, s.arcMax) * arc) >> 12);
  const root = Math.floor(Math.sqrt(Math.min(packets, 1 << 24) * 256));
  const r = Math.min(s.radiusMax, Math.floor((s.radiusUnit * root) / 16));
  return [DISC, x, y, Math.max(r, 20), 0, colour, 200, 0];
}

function box(o: Obj): [number, number, number, number] {
  if (o[0] === RECT || o[0] === PLATE) return [o[1], o[2], o[3], o[4]];
  if (isGlyph(o[0])) {
    const w = ((o[7] & 0xffff) * o[4]) >> 4;
    const h = ((o[7] >> 16) * o[4]) >> 4;
    return [o[1] >> 4, o[2] >> 4, ((o[1] + w) >> 4) + 2, ((o[2] + h) >> 4) + 2];
  }
  const r = o[0] === MARKER ? Math.max(o[3], o[4]) : o[3];
  return [((o[1] - r) >> 4) - 1, ((o[2] - r) >> 4) - 1, ((o[1] + r) >> 4) + 2, ((o[2] + r) >> 4) + 2];
}

function texel(s: SceneData, x: number, y: number): number {
  const i = y * s.atlasWidth + x;
  return (s.atlas[i >> 2] >>> ((i & 3) * 8)) & 255;
}

/** A glyph's coverage of a pixel centre before clamping (256 a pixel inside its edge). */
function glyphRaw(s: SceneData, o: Obj, cx: number, cy: number): number {
  const sc = Math.max(o[4], 1);
  const u = idiv((cx - o[1]) * 256, sc) - 8;
  const v = idiv((cy - o[2]) * 256, sc) - 8;
  const w = o[7] & 0xffff;
  const h = o[7] >> 16;
  const i = u >> 4;
  const j = v >> 4;
  if (i < -1 || j < -1 || i >= w || j >= h) return -(1 << 20);
  const fx = u & 15;
  const fy = v & 15;
  const ax = o[3] & 0xffff;
  const ay = o[3] >> 16;
  const t = (di: number, dj: number) =>
    i + di >= 0 && j + dj >= 0 && i + di < w && j + dj < h ? texel(s, ax + i + di, ay + j + dj) : 0;
  const d = (t(0, 0) * (16 - fx) + t(1, 0) * fx) * (16 - fy) + (t(0, 1) * (16 - fx) + t(1, 1) * fx) * fy;
  return 128 + idiv((d - 32768) * s.spread * sc, 127 * 256);
}

const clamp256 = (v: number) => Math.min(256, Math.max(0, v));
const glyphCover = (s: SceneData, o: Obj, cx: number, cy: number) => clamp256(glyphRaw(s, o, cx, cy));

function term(s: SceneData, o: Obj, px: number, py: number, acc: number[]): void {
  const col = [o[5] & 255, (o[5] >> 8) & 255, (o[5] >> 16) & 255];
  if (isGlyph(o[0])) {
    const cover = glyphCover(s, o, px * 16 + 8, py * 16 + 8);
    const sign = o[0] === GLYPH_SUB ? -1 : 1;
    for (let c = 0; c < 3; c++) acc[c] += sign * ((col[c] * (cover * o[6])) >> 8);
    return;
  }
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
  const v = Math.min(Math.max(raw, 0), 1 << 24);
  const knee = 200 * 256;
  if (v <= knee) return v >> 8;
  const e = v - knee;
  return 200 + idiv(55 * e, e + 55 * 256);
}

/** Each marker's glow at frame f, summed from the hits in its trailing window (as shaders/glow.wgsl). */
export function referenceGlow(s: SceneData, f: number): number[] {
  const plan = planFrame(s, f);
  const glow = new Array<number>(s.markerCount).fill(0);
  for (let e = plan.glowLo; e < plan.glowHi; e++) {
    const [bin, , marker, packets] = s.entries.subarray(e * 4, e * 4 + 4);
    const age = f - (bin + s.travel - 1);
    if (age < 0 || age >= s.decay) continue;
    const weight = 64 + 32 * (31 - Math.clz32(Math.max(packets, 1)));
    glow[marker] = (glow[marker] + ((weight * s.words[s.decayOff + age]) >>> 8)) >>> 0;
  }
  return glow;
}

/** Frame f's objects in GPU slot order: host-made, markers, label glyphs (idle taken away, plate,
 *  glowing), bubbles. */
export function referenceObjects(s: SceneData, f: number): Obj[] {
  const plan = planFrame(s, f);
  const glow = referenceGlow(s, f);
  const objs: Obj[] = [];
  for (let i = 0; i < dynamicCount(s); i++)
    objs.push([...plan.dyn.subarray(i * OBJ_WORDS, (i + 1) * OBJ_WORDS)]);
  for (let m = 0; m < s.markerCount; m++) objs.push(markerObj(s, m, glow[m]));
  for (let l = 0; l < s.labelCount; l++) {
    const g = glow[s.words[s.labelsOff + l * Label.WORDS + Label.HEAD] & ~Label.NAME_BIT];
    objs.push(labelObj(s, l, g, true), plateObj(s, l, g), labelObj(s, l, g, false));
  }
  for (let e = plan.bubbleLo; e < plan.bubbleHi; e++) objs.push(bubbleObj(s, e, f));
  return objs;
}

/** Adds every object's light to acc (3 numbers a pixel), each over its own pixel box. */
function draw(s: SceneData, objects: Obj[], acc: Float64Array): void {
  const { width: W, height: H } = s;
  const sum = [0, 0, 0];
  for (const o of objects) {
    if (o[0] === NONE || isOver(o[0])) continue;
    const [x0, y0, x1, y1] = box(o);
    for (let y = Math.max(y0, 0); y < Math.min(y1, H); y++) {
      for (let x = Math.max(x0, 0); x < Math.min(x1, W); x++) {
        sum.fill(0);
        term(s, o, x, y, sum);
        for (let c = 0; c < 3; c++) acc[(y * W + x) * 3 + c] += sum[c];
      }
    }
  }
}

/** The base layer: background, never-changing objects and idle labels, saturated at 16 bits a channel. */
export function referenceBase(s: SceneData): Float64Array {
  const { width: W, height: H } = s;
  const acc = new Float64Array(W * H * 3);
  const bgc = (s.flags & ThemeFlag.TRANSPARENT) !== 0 ? 0 : s.background;
  const bg = [bgc & 255, (bgc >> 8) & 255, (bgc >> 16) & 255];
  for (let p = 0; p < W * H; p++) for (let c = 0; c < 3; c++) acc[p * 3 + c] = bg[c] * 256;
  const objs = baseObjects(s);
  draw(
    s,
    Array.from({ length: objs.length / OBJ_WORDS }, (_, i) => [
      ...objs.subarray(i * OBJ_WORDS, (i + 1) * OBJ_WORDS),
    ]),
    acc,
  );
  return acc.map((v) => Math.min(Math.max(v, 0), 65535));
}

/** Blends the objects drawn over the light, by layer then slot, into toned (1/256 steps, 3 a pixel). */
function drawOver(s: SceneData, list: Obj[], toned: number[]): void {
  const { width: W, height: H } = s;
  const ink = (s.flags & ThemeFlag.TRANSPARENT) !== 0 ? 0 : s.background;
  const bg = [ink & 255, (ink >> 8) & 255, (ink >> 16) & 255].map((v) => v * 256);
  const blend = (p: number, target: number[], t: number) => {
    for (let c = 0; c < 3; c++) toned[p * 3 + c] += ((target[c] - toned[p * 3 + c]) * t) >> 8;
  };
  const keyed = list.map((o, i) => [overKey(o, i), o] as const).filter(([, o]) => isOver(o[0]));
  for (const [, o] of keyed.sort((a, b) => a[0] - b[0])) {
    const [x0, y0, x1, y1] = box(o);
    const col = [o[5] & 255, (o[5] >> 8) & 255, (o[5] >> 16) & 255].map((v) => v * 256);
    for (let y = Math.max(y0, 0); y < Math.min(y1, H); y++) {
      for (let x = Math.max(x0, 0); x < Math.min(x1, W); x++) {
        const p = y * W + x;
        if (o[0] === PLATE) {
          blend(p, bg, o[6]);
          continue;
        }
        const raw = glyphRaw(s, o, x * 16 + 8, y * 16 + 8);
        blend(p, bg, (clamp256(raw + GLYPH_OUTLINE * o[4]) * o[6]) >> 8);
        blend(p, col, (clamp256(raw) * o[6]) >> 8);
      }
    }
  }
}

/** Frame f as RGBA8 bytes, computed on the CPU. */
export function referenceFrame(s: SceneData, f: number, base = referenceBase(s)): Buffer {
  const { width: W, height: H } = s;
  const transparent = (s.flags & ThemeFlag.TRANSPARENT) !== 0;
  const acc = base.slice();
  const objects = referenceObjects(s, f);
  draw(s, objects, acc);
  const toned = Array.from(acc, (v) => tone(v) * 256);
  drawOver(s, objects, toned);
  const out = Buffer.alloc(W * H * 4);
  for (let p = 0; p < W * H; p++) {
    let v = [0, 1, 2].map((c) => toned[p * 3 + c] >> 8);
    let a = 255;
    if (transparent) {
      a = Math.max(...v);
      if (a > 0) v = v.map((x) => Math.floor((x * 255) / a));
    }
    if (s.flags & ThemeFlag.LIGHT) v = v.map((x) => 255 - x);
    out.set([...v, a], p * 4);
  }
  return out;
}
