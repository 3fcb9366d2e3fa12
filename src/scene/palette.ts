/** Colours are packed 0xBBGGRR: red in the low byte, as the RGBA8 pixels the GPU writes. */
export function rgb(r: number, g: number, b: number): number {
  return (r | (g << 8) | (b << 16)) >>> 0;
}

/** Country colours by rank: 24 clearly distinct hues, brightest first, for a dark background. */
export const COUNTRY_COLOURS: readonly number[] = [
  [239, 71, 111],
  [255, 209, 102],
  [6, 214, 160],
  [17, 138, 255],
  [255, 127, 80],
  [180, 120, 255],
  [144, 238, 144],
  [255, 105, 180],
  [64, 224, 208],
  [255, 165, 0],
  [135, 206, 250],
  [218, 112, 214],
  [173, 255, 47],
  [250, 128, 114],
  [100, 149, 237],
  [240, 230, 140],
  [0, 206, 209],
  [255, 99, 71],
  [186, 85, 211],
  [152, 251, 152],
  [255, 182, 193],
  [70, 130, 180],
  [210, 180, 140],
  [127, 255, 212],
].map(([r, g, b]) => rgb(r, g, b));

export const OTHER_COLOUR = rgb(150, 150, 160);

/**
 * Okabe & Ito's colour-universal-design set (2002): seven hues that stay apart for protan, deutan and
 * tritan vision. Their eighth, black, would vanish on the dark background: the themes put a neutral of
 * their own last (near-white on dark, black on light).
 */
export const OKABE_ITO: readonly number[] = [
  [230, 159, 0], // orange
  [86, 180, 233], // sky blue
  [0, 158, 115], // bluish green
  [240, 228, 66], // yellow
  [0, 114, 178], // blue
  [213, 94, 0], // vermillion
  [204, 121, 167], // reddish purple
].map(([r, g, b]) => rgb(r, g, b));

export const PALETTE_NAMES = ['default', 'okabe-ito'] as const;
export type PaletteName = (typeof PALETTE_NAMES)[number];

/**
 * The "Other" row's colour for a palette and a theme; undefined: the theme's own grey. Okabe–Ito's reddish
 * purple and sky blue come close to a mid grey for deutan and protan vision: its Other is a darker grey.
 */
export function paletteOther(name: PaletteName, light: boolean): number | undefined {
  if (name === 'okabe-ito') return light ? rgb(70, 70, 75) : rgb(90, 90, 95);
  return undefined;
}

/** Country colours by rank for a palette and a theme (before the theme darkens them for light). */
export function paletteColours(name: PaletteName, light: boolean): readonly number[] {
  if (name === 'okabe-ito') return [...OKABE_ITO, light ? rgb(0, 0, 0) : rgb(240, 240, 240)];
  return COUNTRY_COLOURS;
}
