/** Exit codes of a render stopped by a signal: 128 + the signal's number. */
export const STOP_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
