import { UserError } from '../errors.js';

/** A yargs coerce for a whole-number flag in [min, max], naming the flag and the range when it is not. */
export function wholeNumber(flag: string, min: number, max: number): (v: unknown) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new UserError(`--${flag} must be a whole number from ${min} to ${max}, got "${String(v)}"`);
    }
    return n;
  };
}
