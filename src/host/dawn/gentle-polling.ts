import { UserError } from '../../errors.js';

/**
 * Dawn for Node (the `webgpu` package) delivers its events (a pipeline compiled, a buffer mapped) by
 * polling: while any request is pending it schedules its poll with setImmediate again and again,
 * which keeps a core busy. While at least one hold is on (gentleDawnPolling() until its ending is
 * called), Dawn's polls (native callbacks: never a JS function, so no other setImmediate is touched)
 * wait 1 ms instead. A Dawn host holds it while it starts, where the spinning core is the one the
 * shader compile needs (2 cores: the core's pipelines 1.05 → 0.85 s, the process's CPU time 2.2 →
 * 1.3 s), and for as long as it renders where rendersGently() says so.
 */
let starts = 0;
let original: typeof setImmediate | undefined;
let installed: typeof setImmediate | undefined;

const isNative = (fn: unknown) =>
  typeof fn === 'function' && Function.prototype.toString.call(fn).endsWith('{ [native code] }');

/** Throttles Dawn's polling until the returned function is called (once; later calls do nothing). */
export function gentleDawnPolling(): () => void {
  if (starts++ === 0) {
    const real = (original = globalThis.setImmediate);
    const gentle = ((fn: (...args: unknown[]) => void, ...args: unknown[]) =>
      isNative(fn) ? setTimeout(fn, 1, ...args) : real(fn, ...args)) as typeof setImmediate;
    installed = globalThis.setImmediate = Object.assign(gentle, { __promisify__: real.__promisify__ });
  }
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    // Put back only what was put there (someone else may have replaced it since).
    if (--starts === 0 && globalThis.setImmediate === installed) globalThis.setImmediate = original!;
  };
}

/** Values of PORTGLOW_DAWN_POLL, which overrides rendersGently()'s choice. */
const DAWN_POLL_MODES = ['gentle', 'busy'] as const;
export type DawnPollMode = (typeof DAWN_POLL_MODES)[number];

/** PORTGLOW_DAWN_POLL checked: the mode it names, or undefined when it is unset. */
export function dawnPollOverride(value = process.env.PORTGLOW_DAWN_POLL): DawnPollMode | undefined {
  if (!value) return undefined;
  if (!(DAWN_POLL_MODES as readonly string[]).includes(value)) {
    throw new UserError(
      `PORTGLOW_DAWN_POLL=${value} is not a polling mode: use ${DAWN_POLL_MODES.join(' or ')}, or unset it.`,
    );
  }
  return value as DawnPollMode;
}

/**
 * Whether a Dawn host polls gently while it renders, not only while it starts. Busy polling keeps a
 * core spinning between a frame's GPU work and its read-back. Where the adapter is the CPU itself
 * (SwiftShader: a fallback adapter) that core is one the shaders run on, and on a machine of few
 * cores it is one the encoders and the hash need. Measured on the 2-core machine, 1080p raw through
 * Dawn on SwiftShader, busy → gentle: synthetic day 33-34 → 42-50 frames/s, real day 70-79 → 85-98
 * (README, "Dawn's polling"). A real GPU on 8 cores or more (the H200 runs) polls at once, as measured
 * there. `override` is PORTGLOW_DAWN_POLL's mode (dawnPollOverride()).
 */
export function rendersGently(o: {
  fallbackAdapter: boolean;
  cores: number;
  override?: DawnPollMode;
}): boolean {
  if (o.override) return o.override === 'gentle';
  return o.fallbackAdapter || o.cores < 8;
}
