import { createRequire } from 'node:module';
import type cliProgressType from 'cli-progress';

export interface Progress {
  tick(frame: number): void;
  stop(): void;
}

/** A bar with frames/s and ETA on a terminal; plain log lines (about every 5 s) otherwise. */
export function startProgress(total: number, bar: boolean, log: (line: string) => void): Progress {
  const started = performance.now();
  let done = 0;
  const rate = () => done / Math.max((performance.now() - started) / 1000, 1e-3);
  if (bar) {
    // Required only for a terminal's bar.
    const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof cliProgressType;
    const b = new cliProgress.SingleBar(
      { format: 'frames {bar} {value}/{total} | {fps} frames/s | ETA {eta_formatted}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    b.start(total, 0, { fps: '0.0' });
    return {
      tick: () => b.update(++done, { fps: rate().toFixed(1) }),
      stop: () => b.stop(),
    };
  }
  let lastLog = started;
  return {
    tick: (frame) => {
      done++;
      const now = performance.now();
      if (now - lastLog >= 5000 || done === total) {
        lastLog = now;
        const eta = (total - done) / Math.max(rate(), 1e-3);
        log(`frame ${frame}: ${done}/${total} done, ${rate().toFixed(1)} frames/s, ETA ${eta.toFixed(0)} s`);
      }
    },
    stop: () => undefined,
  };
}
