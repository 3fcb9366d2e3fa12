/** Exit codes of a render stopped by a signal: 128 + the signal's number. */
export const STOP_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** A render's stop: aborted by SIGHUP/SIGINT/SIGTERM, which it logs; `release()` stops listening. */
export interface StopOnSignals {
  readonly abort: AbortController;
  /** The signal that stopped the render, if one did. */
  signal(): NodeJS.Signals | undefined;
  /** The exit code: 0, or the stopping signal's (STOP_CODES). */
  exitCode(): number;
  release(): void;
}

/**
 * Listens for the stop signals once each: the render finishes the frames in hand, writes its manifest
 * and exits with the signal's code (a second Ctrl-C then kills it the default way).
 */
export function stopOnSignals(log: (line: string) => void): StopOnSignals {
  const abort = new AbortController();
  let got: NodeJS.Signals | undefined;
  const onSignal = (s: NodeJS.Signals) => {
    got = s;
    log(`${s}: stopping after the frames in hand; the manifest will list what is finished`);
    abort.abort();
  };
  const signals = Object.keys(STOP_CODES) as NodeJS.Signals[];
  for (const s of signals) process.once(s, onSignal);
  return {
    abort,
    signal: () => got,
    exitCode: () => (got ? (STOP_CODES[got] ?? 1) : 0),
    release: () => {
      for (const s of signals) process.off(s, onSignal);
    },
  };
}
