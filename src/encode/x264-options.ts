import { UserError } from '../errors.js';

/** x264's presets, fastest first. */
export const X264_PRESETS = [
  'ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow', 'placebo',
] as const; // prettier-ignore
export type X264Preset = (typeof X264_PRESETS)[number];

/**
 * How x264 encodes the MP4 (`--x264-preset`, `--crf`). Unset fields keep today's video: preset
 * veryfast (keeps up with the GPU core on two cores) at constant quantiser 20. A constant quantiser
 * carries no rate-control state from one GOP to the next, so GOP-aligned parts (shards, parallel
 * chunks) encode exactly as one whole encode does; `--crf` trades that away for size-adaptive quality.
 */
export interface X264Options {
  preset?: X264Preset;
  /** Constant rate factor 0-51 (lower = better) instead of the constant quantiser. */
  crf?: number;
}

export const DEFAULT_X264_PRESET: X264Preset = 'veryfast';
export const DEFAULT_QP = 20;

/** The options checked, or a UserError naming the flag and what it accepts. */
export function checkX264(o: X264Options): X264Options {
  if (o.preset !== undefined && !X264_PRESETS.includes(o.preset)) {
    throw new UserError(`--x264-preset must be one of ${X264_PRESETS.join(', ')}, got "${String(o.preset)}"`);
  }
  if (o.crf !== undefined && !(Number.isInteger(o.crf) && o.crf >= 0 && o.crf <= 51)) {
    throw new UserError(`--crf must be a whole number from 0 to 51, got "${String(o.crf)}"`);
  }
  return o;
}

/** True when GOP-aligned parts of a video encode to the whole encode's pictures (no --crf). */
export function splitsExactly(o: X264Options): boolean {
  return o.crf === undefined;
}

/** x264's rate and speed arguments for the options. */
export function x264Args(o: X264Options, qp = DEFAULT_QP): string[] {
  const rate = o.crf === undefined ? ['-qp', String(qp)] : ['-crf', String(o.crf)];
  return ['-preset', o.preset ?? DEFAULT_X264_PRESET, ...rate];
}
