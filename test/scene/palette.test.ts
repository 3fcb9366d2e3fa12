/**
 * The colour-blind-safe palette: the top countries' colours, as each theme hands them to the picture,
 * simulated for protanopia, deuteranopia and tritanopia (Machado, Oliveira & Fernandes 2009, severity 1,
 * applied in linear sRGB) stay at least MIN_DELTA_E apart (CIE 1976 ΔE*ab in CIELAB, D65), from each
 * other, from "Other" and from the background. The default palette is shown to fail the same check, so
 * the check can tell. The default palette itself is unchanged (the golden frames cover it).
 */
import { describe, expect, it } from 'vitest';
import { COUNTRY_COLOURS, OKABE_ITO, paletteColours, type PaletteName } from '../../src/scene/palette.js';
import { theme, type ThemeName } from '../../src/scene/theme.js';

type Rgb = [number, number, number];
type Matrix = [Rgb, Rgb, Rgb];

/** Machado et al. 2009, Table 1 (severity 1.0). */
const DEFICIENCIES: Record<string, Matrix> = {
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
  tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.3039]],
}; // prettier-ignore

const MIN_DELTA_E = 10;
const TOP = 8;

const channels = (c: number): Rgb => [c & 255, (c >> 8) & 255, (c >> 16) & 255];
const linear = (v: number) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);

function simulate(c: Rgb, m?: Matrix): Rgb {
  const l = c.map(linear) as Rgb;
  if (!m) return l;
  return m.map((row) => Math.min(1, Math.max(0, row[0] * l[0] + row[1] * l[1] + row[2] * l[2]))) as Rgb;
}

/** Linear sRGB → CIELAB (D65). */
function lab([r, g, b]: Rgb): Rgb {
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

const deltaE = (a: Rgb, b: Rgb) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** The smallest ΔE between any two of `colours` (packed 0xBBGGRR) as someone with `m` sees them. */
function closest(colours: readonly number[], m?: Matrix): { delta: number; pair: [number, number] } {
  const labs = colours.map((c) => lab(simulate(channels(c), m)));
  let best = { delta: Infinity, pair: [-1, -1] as [number, number] };
  for (let i = 0; i < labs.length; i++)
    for (let j = i + 1; j < labs.length; j++) {
      const d = deltaE(labs[i], labs[j]);
      if (d < best.delta) best = { delta: d, pair: [i, j] };
    }
  return best;
}

/** The top countries' colours as drawn, with "Other" and the background (light theme: as seen). */
function drawn(palette: PaletteName, name: ThemeName) {
  const th = theme(name, false, palette);
  return { countries: th.countries.slice(0, TOP), other: th.other, background: th.background };
}

describe('palettes', () => {
  it.each(['dark', 'light'] as const)(
    'okabe-ito keeps the top countries apart for every deficiency (%s)',
    (name) => {
      const { countries, other, background } = drawn('okabe-ito', name);
      expect(countries).toHaveLength(TOP);
      for (const [deficiency, m] of [
        ['normal vision', undefined],
        ...Object.entries(DEFICIENCIES),
      ] as const) {
        const c = closest([...countries, other, background], m);
        expect(
          c.delta,
          `${deficiency}: colours ${c.pair.join(' and ')} are ${c.delta.toFixed(1)} apart`,
        ).toBeGreaterThan(MIN_DELTA_E);
      }
    },
  );

  it('the check tells: the default palette merges two top colours for protanopia', () => {
    const { countries } = drawn('default', 'dark');
    expect(closest(countries).delta).toBeGreaterThan(MIN_DELTA_E);
    expect(closest(countries, DEFICIENCIES.protanopia).delta).toBeLessThan(MIN_DELTA_E);
  });

  it('leaves the default palette as it was', () => {
    expect(paletteColours('default', false)).toBe(COUNTRY_COLOURS);
    expect(theme('dark').countries).toBe(COUNTRY_COLOURS);
    expect(paletteColours('okabe-ito', false).slice(0, 7)).toEqual(OKABE_ITO);
  });
});
