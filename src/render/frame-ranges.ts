/**
 * Shards: contiguous, balanced ranges of whole GOPs, so that each shard's video starts on a
 * keyframe exactly where a single render of [from, to] has one.
 */
export function shardRange(
  from: number,
  to: number,
  k: number,
  n: number,
  gop: number,
): [number, number] | null {
  const units = Math.ceil((to - from + 1) / gop);
  const u0 = Math.floor((k * units) / n);
  const u1 = Math.floor(((k + 1) * units) / n);
  if (u0 === u1) return null;
  return [from + u0 * gop, Math.min(to, from + u1 * gop - 1)];
}

/** Maximal runs of consecutive frames in [from, to] that are not in `skip`. */
export function missingRuns(from: number, to: number, skip: (f: number) => boolean): [number, number][] {
  const runs: [number, number][] = [];
  for (let f = from; f <= to; f++) {
    if (skip(f)) continue;
    const last = runs[runs.length - 1];
    if (last && last[1] === f - 1) last[1] = f;
    else runs.push([f, f]);
  }
  return runs;
}
