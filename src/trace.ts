/**
 * Stage marks for measuring a render's start: with PORTGLOW_TRACE=1 each mark prints one line to
 * stderr, `portglow-trace 1234.5 ms <stage>`, the milliseconds since the process started (Node's
 * own clock, so module loading counts). Off by default: then a mark costs one property read.
 */
// (The GPU page in Chromium shares this module: there is no `process` there, and no trace.)
const on = typeof process !== 'undefined' && process.env?.PORTGLOW_TRACE === '1';

export function traceMark(stage: string): void {
  if (on) process.stderr.write(`portglow-trace ${performance.now().toFixed(1)} ms ${stage}\n`);
}
