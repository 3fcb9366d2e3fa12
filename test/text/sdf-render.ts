import type { FontAtlas } from '../../src/text/font-atlas.js';
import { layoutText, texelScale } from '../../src/text/layout-text.js';

/**
 * A CPU stand-in for the GPU text pass: draws one line into a grey image by bilinear sampling of the
 * SDF (texel centres at +0.5) with a one-pixel-wide antialiasing ramp. Floats are fine here: it only
 * checks that the field reads back as legible text.
 */
export function drawText(
  img: Uint8Array,
  imgW: number,
  imgH: number,
  atlas: FontAtlas,
  text: string,
  sizePx16: number,
  originX16: number,
  originY16: number,
): void {
  const s = texelScale(atlas, sizePx16) / 256; // output px per texel
  const layout = layoutText(atlas, text, sizePx16);
  const sample = (gx: number, gy: number, gw: number, gh: number, u: number, v: number): number => {
    const cu = Math.min(Math.max(u, 0), gw - 1);
    const cv = Math.min(Math.max(v, 0), gh - 1);
    const i0 = Math.floor(cu);
    const j0 = Math.floor(cv);
    const i1 = Math.min(i0 + 1, gw - 1);
    const j1 = Math.min(j0 + 1, gh - 1);
    const fu = cu - i0;
    const fv = cv - j0;
    const at = (i: number, j: number): number => atlas.sdf[(gy + j) * atlas.width + gx + i];
    const top = at(i0, j0) * (1 - fu) + at(i1, j0) * fu;
    const bot = at(i0, j1) * (1 - fu) + at(i1, j1) * fu;
    return top * (1 - fv) + bot * fv;
  };
  for (const { glyph: g, x, y } of layout.glyphs) {
    const x0 = (originX16 + x) / 16;
    const y0 = (originY16 + y) / 16;
    const px0 = Math.max(0, Math.floor(x0));
    const px1 = Math.min(imgW, Math.ceil(x0 + g.w * s));
    const py0 = Math.max(0, Math.floor(y0));
    const py1 = Math.min(imgH, Math.ceil(y0 + g.h * s));
    for (let py = py0; py < py1; py++) {
      for (let px = px0; px < px1; px++) {
        const u = (px + 0.5 - x0) / s - 0.5;
        const v = (py + 0.5 - y0) / s - 0.5;
        const field = sample(g.x, g.y, g.w, g.h, u, v);
        const dPx = ((field - 128) * atlas.spread * s) / 127;
        const cov = Math.min(Math.max(dPx + 0.5, 0), 1);
        const val = Math.round(cov * 255);
        if (val > img[py * imgW + px]) img[py * imgW + px] = val;
      }
    }
  }
}
