/**
 * Counter-based draws of the synthetic generator: a hash of (seed, Purpose.synthetic, stream, day) gives
 * a stream key, and each draw is hash3(key, i, j) for a fixed meaning of (i, j), e.g. (burst index, draw
 * slot). Nothing depends on how many numbers were drawn before.
 */
import { hash3, Purpose } from '../random/hash.js';

/** Stream ids: each keys an independent family of draws. */
export const S = { day: 1, burst: 2, pool: 3, habit: 4, scan: 5, flood: 6, slowScan: 7 } as const;

/** The draw family of one stream and day: (i, j) ↦ a 32-bit hash. */
export function stream(seed: number, id: number, day: number): (i: number, j: number) => number {
  const key = hash3(seed >>> 0, Purpose.synthetic, ((id << 20) | day) >>> 0);
  return (i, j) => hash3(key, i >>> 0, j >>> 0);
}

/** A plausible public IPv4 address (first octet 1–223, not 10 or 127) from a 32-bit hash. */
export function ipv4(h: number): string {
  let a = 1 + ((h >>> 24) % 223);
  if (a === 10 || a === 127) a += 1;
  return `${a}.${(h >>> 16) & 255}.${(h >>> 8) & 255}.${1 + ((h & 255) % 254)}`;
}
