import type { FontAtlas } from '../text/font-atlas.js';
import { layoutText, texelScale } from '../text/layout-text.js';
import { Kind, Label, Marker } from '../gpu/abi.js';
import type { TextSlot } from './scene-data.js';
import type { Theme } from './theme.js';

export type Align = 'left' | 'right' | 'center';

export interface MarkerSpec {
  /** Centre, px. */
  x: number;
  y: number;
  /** Halo radius at rest, px. */
  halo: number;
  colour: number;
  /** Label em size, 1/16 px. */
  sizePx16: number;
  /** How much the label grows at full glow, in 1/256 of its size (default 384: to 2.5×). */
  swell?: number;
}

/**
 * Collects a scene's static objects, markers and port-label glyphs as the GPU reads them, applying
 * the theme's ink to every colour. Positions given in px become 1/16 px here.
 */
export class SceneWriter {
  readonly statics: number[] = [];
  /** Static text, drawn over the light every frame (GLYPH_OVER objects), and its glyphs per text. */
  readonly texts: number[] = [];
  readonly textRuns: number[] = [];
  readonly markers: number[] = [];
  readonly labels: number[] = [];
  /** Boxes of all text placed, px, for layout checks: [x0, y0, x1, y1, text]. */
  readonly textBoxes: [number, number, number, number, string][] = [];

  constructor(
    readonly atlas: FontAtlas,
    readonly theme: Theme,
    /** The plain picture: no text at all, ports as dots (the benchmark's baseline). */
    readonly plain = false,
  ) {}

  get markerCount(): number {
    return this.markers.length / Marker.WORDS;
  }

  get labelCount(): number {
    return this.labels.length / Label.WORDS;
  }

  rect(x0: number, y0: number, x1: number, y1: number, colour: number, alpha: number): void {
    this.statics.push(Kind.RECT, x0, y0, x1, y1, this.theme.ink(colour), alpha, 0);
  }

  disc(x: number, y: number, radius16: number, colour: number, alpha: number): void {
    this.statics.push(Kind.DISC, x * 16 + 8, y * 16 + 8, radius16, 0, this.theme.ink(colour), alpha, 0);
  }

  /** Static text with its baseline at y (px); returns its width in px. */
  text(
    text: string,
    x: number,
    y: number,
    sizePx16: number,
    colour: number,
    alpha: number,
    align: Align = 'left',
  ): number {
    const lay = layoutText(this.atlas, text, sizePx16);
    if (this.plain) return (lay.width + 15) >> 4;
    const x16 = x * 16 - (align === 'right' ? lay.width : align === 'center' ? lay.width >> 1 : 0);
    const scale = texelScale(this.atlas, sizePx16);
    this.textRuns.push(lay.glyphs.length);
    for (const g of lay.glyphs) {
      this.texts.push(Kind.GLYPH_OVER, x16 + g.x, y * 16 + g.y, g.glyph.x | (g.glyph.y << 16), scale,
        this.theme.ink(colour), alpha, g.glyph.w | (g.glyph.h << 16)); // prettier-ignore
    }
    this.textBoxes.push([
      x16 >> 4,
      y - (lay.ascent >> 4),
      (x16 + lay.width + 15) >> 4,
      y + ((lay.descent + 15) >> 4),
      text,
    ]);
    return (lay.width + 15) >> 4;
  }

  /** Width in px of text at a size. */
  measure(text: string, sizePx16: number): number {
    return (layoutText(this.atlas, text, sizePx16).width + 15) >> 4;
  }

  /** A marker (a port or host target) with its label centred on it; returns the marker index. */
  marker(m: MarkerSpec, label: string, serviceName?: string): number {
    const index = this.markerCount;
    const rec = new Array<number>(Marker.WORDS).fill(0);
    rec[Marker.X] = m.x * 16 + 8;
    rec[Marker.Y] = m.y * 16 + 8;
    rec[Marker.HALO] = m.halo * 16;
    rec[Marker.RGB] = this.theme.ink(m.colour);
    rec[Marker.SCALE] = texelScale(this.atlas, m.sizePx16);
    rec[Marker.SWELL] = m.swell ?? 384;
    this.markers.push(...rec);
    if (this.plain) {
      this.disc(m.x, m.y, (m.sizePx16 >> 2) + 8, m.colour, 160);
      return index;
    }
    const lay = layoutText(this.atlas, label, m.sizePx16);
    // Vertically centred on the marker: baseline half the digit height below the centre.
    const baseline = (lay.ascent - lay.descent) >> 1;
    const left = -(lay.width >> 1);
    const put = (t: typeof lay, dx: number, name: boolean) => {
      for (const g of t.glyphs) {
        const rec = new Array<number>(Label.WORDS).fill(0);
        rec[Label.HEAD] = (index | (name ? Label.NAME_BIT : 0)) >>> 0;
        rec[Label.ATLAS] = g.glyph.x | (g.glyph.y << 16);
        rec[Label.SIZE] = g.glyph.w | (g.glyph.h << 16);
        rec[Label.OFFSET] = (((dx + g.x) & 0xffff) | (((baseline + g.y) & 0xffff) << 16)) >>> 0;
        this.labels.push(...rec);
      }
    };
    put(lay, left, false);
    this.textBoxes.push([
      m.x + (left >> 4),
      m.y - ((lay.ascent - baseline) >> 4) - 1,
      m.x + ((left + lay.width + 15) >> 4),
      m.y + ((baseline + lay.descent + 15) >> 4),
      label,
    ]);
    // The plate under the glowing label: the number's box (and with the name, the name's too), padded.
    const pad = Math.max(16, m.sizePx16 >> 3);
    const at = this.markers.length - Marker.WORDS;
    this.markers[at + Marker.PLATE_X0] = left - pad;
    this.markers[at + Marker.PLATE_Y0] = baseline - lay.ascent - pad;
    this.markers[at + Marker.PLATE_X1] = left + lay.width + pad;
    this.markers[at + Marker.PLATE_NAME_X1] = left + lay.width + pad;
    this.markers[at + Marker.PLATE_Y1] = baseline + lay.descent + pad;
    if (serviceName) {
      const nameLay = layoutText(this.atlas, serviceName, m.sizePx16);
      const nameX = left + lay.width + (m.sizePx16 >> 2);
      put(nameLay, nameX, true);
      this.markers[at + Marker.PLATE_NAME_X1] = nameX + nameLay.width + pad;
    }
    return index;
  }

  /** A slot for host-made text (clock, totals, callouts). */
  slot(
    x: number,
    y: number,
    sizePx16: number,
    maxChars: number,
    colour: number,
    alpha: number,
    align: Align,
  ): TextSlot {
    return {
      x: x * 16,
      y: y * 16,
      sizePx16,
      maxChars: this.plain ? 0 : maxChars,
      rgb: this.theme.ink(colour),
      alpha,
      align,
    };
  }
}
