import { ThemeFlag } from '../gpu/abi.js';
import { OTHER_COLOUR, paletteColours, paletteOther, rgb, type PaletteName } from './palette.js';

export type ThemeName = 'dark' | 'light';

/**
 * Colours of a theme. The light theme is drawn as the dark picture of inverted colours on an
 * inverted background, then inverted back by the GPU's pack step (ThemeFlag.LIGHT): light that adds up
 * becomes ink that darkens, still order-free integer arithmetic.
 */
export interface Theme {
  name: ThemeName;
  background: number;
  text: number;
  dim: number;
  udp: number;
  tcp: number;
  icmp: number;
  host: number;
  countries: readonly number[];
  other: number;
  /** Applied to every colour the GPU receives. */
  ink: (c: number) => number;
  flags: number;
}

const invert = (c: number) => (~c & 0xffffff) >>> 0;

export function theme(name: ThemeName, transparent = false, palette: PaletteName = 'default'): Theme {
  const light = name === 'light';
  const base = light
    ? { background: rgb(246, 245, 240), text: rgb(30, 34, 42), dim: rgb(120, 124, 132), udp: rgb(0, 110, 190), tcp: rgb(200, 90, 0), icmp: rgb(130, 60, 190), host: rgb(40, 120, 110) }
    : { background: rgb(10, 12, 18), text: rgb(225, 228, 235), dim: rgb(120, 128, 140), udp: rgb(110, 200, 255), tcp: rgb(255, 180, 90), icmp: rgb(200, 140, 255), host: rgb(120, 230, 200) }; // prettier-ignore
  const colours = paletteColours(palette, light);
  const countries = light ? colours.map((c) => darken(c)) : colours;
  const ink = light ? invert : (c: number) => c;
  return {
    name,
    ...base,
    countries,
    other: paletteOther(palette, light) ?? (light ? rgb(110, 110, 120) : OTHER_COLOUR),
    ink,
    flags: (light ? ThemeFlag.LIGHT : 0) | (transparent ? ThemeFlag.TRANSPARENT : 0),
  };
}

/** Country colours a little darker for a light background (integer per channel). */
function darken(c: number): number {
  const ch = (s: number) => Math.floor((((c >> s) & 255) * 3) / 4);
  return rgb(ch(0), ch(8), ch(16));
}
