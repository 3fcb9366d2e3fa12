/**
 * Dawn for Node (the `webgpu` package) delivers its events (a pipeline compiled, a buffer mapped) by
 * polling: while any request is pending it schedules its poll with setImmediate again and again,
 * which keeps a core busy. While a render starts on SwiftShader, that core is the one the shader
 * compile needs (2 cores: the core's pipelines 1.05 → 0.85 s, the process's CPU time 2.2 → 1.3 s).
 * While at least one start is under way, Dawn's polls (native callbacks: never a JS function, so no
 * other setImmediate is touched) wait 1 ms instead. Rendering after the start polls as before.
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
