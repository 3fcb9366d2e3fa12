/** Integer motion and decay tables, computed exactly (no float reaches them). */

/** Smoothstep progress along the path for each age 0 … travel-1, in 1/4096. */
export function easeTable(travel: number): number[] {
  if (travel <= 1) return [4096];
  return Array.from({ length: travel }, (_, a) => {
    const t = Math.floor((a * 4096) / (travel - 1));
    return Math.floor((t * t * (3 * 4096 - 2 * t)) / (4096 * 4096));
  });
}

/** Height of the path's arc for each age: 4t(1-t), 0 at both ends, 4096 half-way. */
export function arcTable(travel: number): number[] {
  if (travel <= 1) return [0];
  return Array.from({ length: travel }, (_, a) => {
    const t = Math.floor((a * 4096) / (travel - 1));
    return Math.floor((4 * t * (4096 - t)) / 4096);
  });
}

/** Glow left k frames after a hit, 256 at the hit, quadratic fall to 0 after `decay` frames. */
export function decayTable(decay: number): number[] {
  return Array.from({ length: decay }, (_, k) => Math.floor((256 * (decay - k) ** 2) / decay ** 2));
}
