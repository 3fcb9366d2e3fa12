/**
 * The frame core (glow, objects, raster, pack) in plain TypeScript: the GPU must match it byte for
 * byte, and it does (the GPU tests compare them), so the render may take a frame from either. Tests
 * use it as the GPU's reference; the render draws its first frame with it while the GPU host is
 * still starting (render-frames.ts), since a browser's launch and SwiftShader's compile take seconds
 * and this takes a fraction of one. It follows the WGSL in shaders/ but walks every object over its
 * own pixel box instead of binning by tile, and draws the whole frame.
 */
import type { SceneData } from '../scene/scene-data.js';
import { planFrame, dynamicCount } from '../plan/frame-plan.js';
import { hash3 } from '../random/hash.js';
import { baseObjects } from '../plan/base-layer.js';
import { JitterPurpose, Kind, Label, Marker, OBJ_WORDS, Row, Sizes, ThemeFlag } from './abi.js';

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
  const ax = (o[3] & 0xffff) + i;
  const ay = (o[3] >> 16) + j;
  // The four texels around the sample, 0 outside the glyph's own rectangle (i ≥ -1, i < w, so only
  // these sides can fall outside).
  const left = i >= 0;
  const right = i + 1 < w;
  const top = j >= 0;
  const bottom = j + 1 < h;
  const t00 = left && top ? texel(s, ax, ay) : 0;
  const t10 = right && top ? texel(s, ax + 1, ay) : 0;
  const t01 = left && bottom ? texel(s, ax, ay + 1) : 0;
  const t11 = right && bottom ? texel(s, ax + 1, ay + 1) : 0;
  const d = (t00 * (16 - fx) + t10 * fx) * (16 - fy) + (t01 * (16 - fx) + t11 * fx) * fy;
  return 128 + idiv((d - 32768) * s.spread * sc, 127 * 256);
}

const clamp256 = (v: number) => Math.min(256, Math.max(0, v));

const TONE_KNEE = 200 * 256;

function tone(raw: number): number {
  const v = Math.min(Math.max(raw, 0), 1 << 24);
  if (v <= TONE_KNEE) return v >> 8;
  const e = v - TONE_KNEE;
  return 200 + idiv(55 * e, e + 55 * 256);
}

/** Each marker's glow at frame f, summed from the hits in its trailing window (as shaders/glow.wgsl). */
export function frameGlow(s: SceneData, f: number): number[] {
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
export function frameObjects(s: SceneData, f: number): Obj[] {
  const plan = planFrame(s, f);
  const glow = frameGlow(s, f);
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

/** Rows drawn at a time: the light of a band of rows is small enough to stay in the CPU's cache. */
const BAND = 16;

/** An object with its pixel box, clipped to the frame. */
interface Placed {
  o: Obj;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function place(s: SceneData, objects: Obj[]): Placed[] {
  const placed: Placed[] = [];
  for (const o of objects) {
    if (o[0] === NONE) continue;
    const [x0, y0, x1, y1] = box(o);
    const p = {
      o,
      x0: Math.max(x0, 0),
      y0: Math.max(y0, 0),
      x1: Math.min(x1, s.width),
      y1: Math.min(y1, s.height),
    };
    if (p.x0 < p.x1 && p.y0 < p.y1) placed.push(p);
  }
  return placed;
}

/**
 * Adds each object's light to acc (3 words a pixel) over rows [ya, yb), each object over its own
 * pixel box. acc holds the band's rows only.
 */
function draw(s: SceneData, objects: Placed[], acc: Int32Array, ya: number, yb: number): void {
  const W = s.width;
  for (const { o, x0, y0, x1, y1 } of objects) {
    const k = o[0];
    if (isOver(k) || y1 <= ya || y0 >= yb) continue;
    const [r, g, b, alpha] = [o[5] & 255, (o[5] >> 8) & 255, (o[5] >> 16) & 255, o[6]];
    const sign = k === GLYPH_SUB ? -1 : 1;
    for (let y = Math.max(y0, ya); y < Math.min(y1, yb); y++) {
      let q = ((y - ya) * W + x0) * 3;
      if (k === RECT) {
        for (let x = x0; x < x1; x++, q += 3) {
          acc[q] += r * alpha;
          acc[q + 1] += g * alpha;
          acc[q + 2] += b * alpha;
        }
      } else if (isGlyph(k)) {
        for (let x = x0; x < x1; x++, q += 3) {
          const ca = clamp256(glyphRaw(s, o, x * 16 + 8, y * 16 + 8)) * alpha;
          acc[q] += sign * ((r * ca) >> 8);
          acc[q + 1] += sign * ((g * ca) >> 8);
          acc[q + 2] += sign * ((b * ca) >> 8);
        }
      } else for (let x = x0; x < x1; x++, q += 3) discTerm(o, x, y, r, g, b, acc, q);
    }
  }
}

/** A disc's or marker's light at pixel (px, py), added to acc at q. */
function discTerm(
  o: Obj,
  px: number,
  py: number,
  r: number,
  g: number,
  b: number,
  acc: Int32Array,
  q: number,
): void {
  const dx = px * 16 + 8 - o[1];
  const dy = py * 16 + 8 - o[2];
  const d2 = dx * dx + dy * dy;
  const rad = o[3];
  const ca = Math.min(256, Math.max(0, 128 + idiv(8 * (rad * rad - d2), Math.max(rad, 1)))) * o[6];
  acc[q] += (r * ca) >> 8;
  acc[q + 1] += (g * ca) >> 8;
  acc[q + 2] += (b * ca) >> 8;
  if (o[0] === MARKER && o[7] > 0) {
    const rh2 = o[4] * o[4];
    if (d2 < rh2) {
      const qq = 256 - idiv(d2, Math.max(rh2 >> 8, 1));
      const ha = ((qq * qq) >> 8) * o[7];
      acc[q] += (r * ha) >> 8;
      acc[q + 1] += (g * ha) >> 8;
      acc[q + 2] += (b * ha) >> 8;
    }
  }
}

/**
 * Blends the objects drawn over the light, already in their order (by layer, then slot), into
 * toned (1/256 steps, 3 a pixel) over rows [ya, yb); plates and outlines blend towards the
 * background's [br, bg, bb] (1/256 steps).
 */
function drawOver(
  s: SceneData,
  [br, bg, bb]: readonly number[],
  over: Placed[],
  toned: Int32Array,
  ya: number,
  yb: number,
): void {
  const W = s.width;
  for (const { o, x0, y0, x1, y1 } of over) {
    if (y1 <= ya || y0 >= yb) continue;
    const [cr, cg, cb] = [(o[5] & 255) * 256, ((o[5] >> 8) & 255) * 256, ((o[5] >> 16) & 255) * 256];
    for (let y = Math.max(y0, ya); y < Math.min(y1, yb); y++) {
      let q = ((y - ya) * W + x0) * 3;
      for (let x = x0; x < x1; x++, q += 3) {
        if (o[0] === PLATE) {
          blend(toned, q, br, bg, bb, o[6]);
          continue;
        }
        const raw = glyphRaw(s, o, x * 16 + 8, y * 16 + 8);
        blend(toned, q, br, bg, bb, (clamp256(raw + GLYPH_OUTLINE * o[4]) * o[6]) >> 8);
        blend(toned, q, cr, cg, cb, (clamp256(raw) * o[6]) >> 8);
      }
    }
  }
}

function blend(toned: Int32Array, q: number, r: number, g: number, b: number, t: number): void {
  toned[q] += ((r - toned[q]) * t) >> 8;
  toned[q + 1] += ((g - toned[q + 1]) * t) >> 8;
  toned[q + 2] += ((b - toned[q + 2]) * t) >> 8;
}

const asObjs = (flat: Int32Array): Obj[] =>
  Array.from({ length: flat.length / OBJ_WORDS }, (_, i) => [
    ...flat.subarray(i * OBJ_WORDS, (i + 1) * OBJ_WORDS),
  ]);

/** Writes the toned pixel at q (3 words) to out as RGBA8 at byte p. */
function pack(
  toned: Int32Array,
  q: number,
  out: Uint8Array,
  p: number,
  transparent: boolean,
  light: boolean,
): void {
  let r = toned[q] >> 8;
  let g = toned[q + 1] >> 8;
  let b = toned[q + 2] >> 8;
  let a = 255;
  if (transparent) {
    a = Math.max(r, g, b);
    if (a > 0) {
      r = Math.floor((r * 255) / a);
      g = Math.floor((g * 255) / a);
      b = Math.floor((b * 255) / a);
    }
  }
  if (light) {
    r = 255 - r;
    g = 255 - g;
    b = 255 - b;
  }
  out[p] = r;
  out[p + 1] = g;
  out[p + 2] = b;
  out[p + 3] = a;
}

/** The clamp of the base layer's light to 16 bits a channel. */
const clamp16 = (v: number) => (v < 0 ? 0 : v > 65535 ? 65535 : v);

/** The tone curve, times 256 (the toned value's 1/256 steps); below the knee it is v >> 8, without the call. */
const toned256 = (v: number) => (v >= 0 && v <= TONE_KNEE ? (v >> 8) << 8 : tone(v) * 256);

/** The runs of marked pixels in mask[0, m), as start and end pairs. */
function runsOf(mask: Uint8Array, m: number): number[] {
  const runs: number[] = [];
  for (let i = 0; i < m; i++) {
    if (!mask[i]) continue;
    const start = i;
    while (i < m && mask[i]) i++;
    runs.push(start, i);
  }
  return runs;
}

/** Marks, in mask (one byte a pixel of rows [ya, yb)), the pixels inside any of the objects' boxes. */
function cover(objects: Placed[], mask: Uint8Array, W: number, ya: number, yb: number): void {
  for (const { x0, y0, x1, y1 } of objects) {
    for (let y = Math.max(y0, ya); y < Math.min(y1, yb); y++)
      mask.fill(1, (y - ya) * W + x0, (y - ya) * W + x1);
  }
}

/**
 * Frame f as RGBA8 bytes, computed on the CPU: the base layer (background, never-changing objects
 * and idle labels, saturated at 16 bits a channel), the frame's objects' light, the tone curve, the
 * objects drawn over the light, then the pack, band by band of rows. Written into `out` (every
 * byte), which is returned.
 */
export function cpuFrame(
  s: SceneData,
  f: number,
  out: Buffer = Buffer.alloc(s.width * s.height * 4),
): Buffer {
  const { width: W, height: H } = s;
  const transparent = (s.flags & ThemeFlag.TRANSPARENT) !== 0;
  const light = (s.flags & ThemeFlag.LIGHT) !== 0;
  const bgc = transparent ? 0 : s.background;
  // The background's light, 1/256 steps a channel: what every pixel starts at, and what plates and
  // outlines blend towards.
  const background = [(bgc & 255) * 256, ((bgc >> 8) & 255) * 256, ((bgc >> 16) & 255) * 256];
  const [bgR, bgG, bgB] = background;
  const base = place(s, asObjs(baseObjects(s)));
  const objects = frameObjects(s, f);
  const additive = place(s, objects);
  // Over the light: by layer (top byte of the colour word), then slot.
  const over = place(
    s,
    objects
      .map((o, slot) => [overKey(o, slot), o] as const)
      .filter(([, o]) => isOver(o[0]))
      .sort((a, b) => a[0] - b[0])
      .map(([, o]) => o),
  );
  // A pixel outside every object's box is the background's light, toned and packed: that pixel is
  // worked out once, and the bands' passes below visit only the pixels some object may touch.
  const bgLight = Int32Array.of(clamp16(bgR), clamp16(bgG), clamp16(bgB)).map(toned256);
  const bgPixel = Buffer.alloc(4);
  pack(bgLight, 0, bgPixel, 0, transparent, light);
  out.fill(bgPixel);
  const acc = new Int32Array(BAND * W * 3);
  const mask = new Uint8Array(BAND * W);
  for (let ya = 0; ya < H; ya += BAND) {
    const yb = Math.min(ya + BAND, H);
    mask.fill(0);
    for (const list of [base, additive, over]) cover(list, mask, W, ya, yb);
    const runs = runsOf(mask, (yb - ya) * W);
    for (let r = 0; r < runs.length; r += 2) {
      for (let q = runs[r] * 3; q < runs[r + 1] * 3; q += 3) {
        acc[q] = bgR;
        acc[q + 1] = bgG;
        acc[q + 2] = bgB;
      }
    }
    draw(s, base, acc, ya, yb);
    for (let r = 0; r < runs.length; r += 2) {
      for (let q = runs[r] * 3; q < runs[r + 1] * 3; q++) acc[q] = clamp16(acc[q]);
    }
    draw(s, additive, acc, ya, yb);
    for (let r = 0; r < runs.length; r += 2) {
      for (let q = runs[r] * 3; q < runs[r + 1] * 3; q++) acc[q] = toned256(acc[q]);
    }
    drawOver(s, background, over, acc, ya, yb);
    const p0 = ya * W * 4;
    for (let r = 0; r < runs.length; r += 2) {
      for (let i = runs[r]; i < runs[r + 1]; i++) pack(acc, i * 3, out, p0 + i * 4, transparent, light);
    }
  }
  return out;
}
