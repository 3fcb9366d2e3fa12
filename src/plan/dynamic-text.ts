import type { FontAtlas } from '../text/font-atlas.js';
import { layoutText, texelScale } from '../text/layout-text.js';
import type { FontMetrics, SceneData, TextSlot } from '../scene/scene-data.js';
import { Kind, OBJ_WORDS } from '../gpu/abi.js';

/** The FontAtlas fields layoutText reads, rebuilt from the scene's JSON-safe metrics. */
const atlases = new WeakMap<FontMetrics, FontAtlas>();
export function metricsAtlas(m: FontMetrics): FontAtlas {
  let a = atlases.get(m);
  if (!a) {
    a = { ...m, glyphs: new Map(m.glyphs), width: 0, height: 0, sdf: new Uint8Array(0), spread: 0 };
    atlases.set(m, a);
  }
  return a;
}

/** Glyph objects of `text` in `slot`, written at object index `at`; unused slots stay empty. */
export function writeText(font: FontAtlas, slot: TextSlot, text: string, out: Int32Array, at: number): void {
  out.fill(0, at * OBJ_WORDS, (at + slot.maxChars) * OBJ_WORDS);
  const shown = text.length > slot.maxChars ? text.slice(0, slot.maxChars) : text;
  const lay = layoutText(font, shown, slot.sizePx16);
  const x0 =
    slot.align === 'right'
      ? slot.x - lay.width
      : slot.align === 'center'
        ? slot.x - (lay.width >> 1)
        : slot.x;
  const scale = texelScale(font, slot.sizePx16);
  lay.glyphs.forEach((g, i) => {
    out.set(
      [
        Kind.GLYPH_OVER,
        x0 + g.x,
        slot.y + g.y,
        g.glyph.x | (g.glyph.y << 16),
        scale,
        slot.rgb,
        slot.alpha,
        g.glyph.w | (g.glyph.h << 16),
      ],
      (at + i) * OBJ_WORDS,
    );
  });
}

/** Objects the text of one frame needs: the clock, each row's total, the callout slots, then the
 *  static text (drawn over the light, so listed every frame). */
export function textObjectCount(scene: SceneData): number {
  const t = scene.text;
  const slots = [t.clock, ...t.totals, ...t.calloutSlots];
  return slots.reduce((n, s) => n + s.maxChars, 0) + scene.textObjects.length / OBJ_WORDS;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** "2013-07-15 14:35 UTC" for the start of frame g's bin (integer date arithmetic via Date.UTC fields). */
export function clockText(scene: SceneData, g: number): string {
  const d = new Date((scene.text.start + Math.max(g, 0) * scene.text.binSeconds) * 1000);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())} UTC`;
}

/** Thousands with thin separators: 1,234,567. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Writes frame g's text objects at index `at` onward; `totals[r]` is row r's running total. */
export function writeFrameText(
  scene: SceneData,
  g: number,
  totals: number[],
  out: Int32Array,
  at: number,
): void {
  const font = metricsAtlas(scene.font);
  const t = scene.text;
  writeText(font, t.clock, clockText(scene, g), out, at);
  at += t.clock.maxChars;
  t.totals.forEach((slot, r) => {
    writeText(font, slot, totals[r] > 0 ? formatCount(totals[r]) : '', out, at);
    at += slot.maxChars;
  });
  t.calloutSlots.forEach((slot, i) => {
    const c = t.callouts.find((e) => e.slot === i && g >= e.from && g <= e.to);
    writeText(font, slot, c ? c.text : '', out, at);
    at += slot.maxChars;
  });
  out.set(scene.textObjects, at * OBJ_WORDS);
}
