/**
 * How many frames a render may have, checked before anything is allocated per frame or per time bin,
 * so that a span too long for its bin is a message with the numbers and the fix, not a RangeError or
 * an exhausted heap after a minute of work.
 *
 * - A timeline has one bin per frame over its whole span; the timeline and the scene built from it
 *   hold per bin its entry offset and one running total per bar (about 200 bytes a bin at 1080p,
 *   measured in Node), and the page keeps its own copy of the scene: about BYTES_PER_BIN in all.
 *   MAX_BINS bins (about 400 MB; 9.5 years at 5-minute bins) is the most one timeline may have.
 * - One render run keeps a hash per frame and rewrites its manifest (every frame's hash) every 2 s,
 *   so one run renders at most MAX_RENDER_FRAMES frames; longer spans render in parts (--frames,
 *   --shard) joined by `gen-frames concat`.
 */
import { UserError } from '../errors.js';

export const MAX_BINS = 1_000_000;
export const BYTES_PER_BIN = 400;
export const MAX_RENDER_FRAMES = 200_000;
/** Manifest entry, hash string and bookkeeping per rendered frame, in bytes (about). */
export const BYTES_PER_RENDERED_FRAME = 300;

const count = (n: number) => Math.round(n).toLocaleString('en-US');

/** 1536 → "1.5 kB"; powers of 1000, two significant digits at most past the point. */
export function formatBytes(n: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${i === 0 ? n : n < 10 ? n.toFixed(1) : Math.round(n)} ${units[i]}`;
}

/** 300 → "5m", 86400 → "1d", 90 → "90s": the shortest exact way --bin takes it. */
export function formatBin(seconds: number): string {
  for (const [unit, s] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const)
    if (seconds % s === 0) return `${seconds / s}${unit}`;
  return `${seconds}s`;
}

/** "2013-03-03" or "2013-03-03 21:53:59" (UTC) for messages (years past 9999 as "+010000-01-01"). */
function formatTime(t: number): string {
  const d = new Date(t * 1000);
  if (Number.isNaN(d.getTime())) return `${t} s since 1970`;
  const [day, time] = d.toISOString().split('T');
  return time === '00:00:00.000Z' ? day : `${day} ${time.slice(0, 8)}`;
}

/** Bins from start (inclusive) to end (exclusive), the last one possibly partial. */
export function binCount(start: number, end: number, binSeconds: number): number {
  return Math.max(0, Math.ceil((end - start) / binSeconds));
}

/** The smallest usual bin length that keeps the span within MAX_BINS, if any. */
function fittingBin(start: number, end: number): number | undefined {
  const bins = [60, 300, 600, 900, 1800, 3600, 2 * 3600, 6 * 3600, 12 * 3600, 86400, 7 * 86400];
  return bins.find((b) => binCount(start, end, b) <= MAX_BINS);
}

/**
 * Refuses (UserError, exit 1) a timeline over [start, end) of more than MAX_BINS bins. `what` names
 * where the span comes from, e.g. "--from/--to" or "the input's rows" (plural: "… cover …").
 */
export function checkTimelineSpan(start: number, end: number, binSeconds: number, what: string): void {
  const bins = binCount(start, end, binSeconds);
  if (bins <= MAX_BINS) return;
  const bin = fittingBin(start, end);
  throw new UserError(
    `${what} cover ${formatTime(start)} to ${formatTime(end)}: at --bin ` +
      `${formatBin(binSeconds)} that is ${count(bins)} frames (one per bin), about ` +
      `${formatBytes(bins * BYTES_PER_BIN)} of memory; the limit is ${count(MAX_BINS)} frames ` +
      `(about ${formatBytes(MAX_BINS * BYTES_PER_BIN)}). Choose a shorter span with --from/--to` +
      (bin !== undefined
        ? `, or a larger bin (--bin ${formatBin(bin)} makes ${count(binCount(start, end, bin))} frames).`
        : '.'),
  );
}

/**
 * Refuses (UserError, exit 1) one render run of more than MAX_RENDER_FRAMES frames [from, to]; the
 * message names a shard count whose shards (whole GOPs of `gop` frames) each fit.
 */
export function checkRenderFrames(from: number, to: number, gop: number): void {
  const frames = to - from + 1;
  if (frames <= MAX_RENDER_FRAMES) return;
  let parts = Math.ceil(frames / MAX_RENDER_FRAMES);
  while (Math.ceil(Math.ceil(frames / gop) / parts) * gop > MAX_RENDER_FRAMES) parts++;
  throw new UserError(
    `frames ${from}-${to} are ${count(frames)} frames, about ${formatBytes(frames * BYTES_PER_RENDERED_FRAME)} ` +
      `of per-frame records and a manifest rewritten every 2 s; one render writes at most ` +
      `${count(MAX_RENDER_FRAMES)}. Render it in parts (--shard K/${parts} or --frames A-B, then ` +
      `gen-frames concat), or use a larger --bin.`,
  );
}
