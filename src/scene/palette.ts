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
