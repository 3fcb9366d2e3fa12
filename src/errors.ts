/**
 * An error the user can fix: printed as its message alone (no stack) and mapped to an exit code.
 * 1 = bad input or options; 2 = environment problem (missing Chromium, WebGPU, ffmpeg).
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
