/**
 * Counter-based randomness: every random number is a hash of (seed, purpose, counters), never the
 * next value of a stream, so it does not depend on how many numbers were drawn before.
 * The same function is written in WGSL in shaders/common.wgsl; both must agree bit for bit.
 */

/** 32-bit integer finaliser (xor-shift-multiply, the "lowbias32" constants). */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hash of three unsigned 32-bit words. */
export function hash3(a: number, b: number, c: number): number {
  let h = mix32((a + 0x9e3779b9) >>> 0);
  h = mix32((h ^ b) >>> 0);
  return mix32((h ^ c) >>> 0);
}

/** Purposes keep the streams of different uses apart (the GPU's own are JitterPurpose in src/gpu/abi.ts). */
export const Purpose = {
  synthetic: 16,
} as const;

/** A uniform number in [0, 1) from a hash, for the CPU-side data generator only (never for pixels). */
export function unit(h: number): number {
  return h / 4294967296;
}
