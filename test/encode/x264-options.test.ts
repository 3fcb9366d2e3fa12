import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { ffmpegArgv, mp4EncodeCall } from '../../src/encode/ffmpeg-args.js';
import { checkX264, splitsExactly, x264Args, type X264Preset } from '../../src/encode/x264-options.js';

const after = (argv: string[], flag: string) => argv[argv.indexOf(flag) + 1];

describe('x264 options', () => {
  it("keep today's video by default: veryfast at constant quantiser 20", () => {
    expect(x264Args({})).toEqual(['-preset', 'veryfast', '-qp', '20']);
    const argv = ffmpegArgv(mp4EncodeCall({ width: 64, height: 64, fps: 30 }, 'v.mp4'));
    expect([after(argv, '-preset'), after(argv, '-qp')]).toEqual(['veryfast', '20']);
    expect(argv).not.toContain('-crf');
  });

  it('put --crf in place of the quantiser, and the preset asked for', () => {
    const argv = ffmpegArgv(
      mp4EncodeCall({ width: 64, height: 64, fps: 30, preset: 'medium', crf: 23 }, 'v.mp4'),
    );
    expect([after(argv, '-preset'), after(argv, '-crf')]).toEqual(['medium', '23']);
    expect(argv).not.toContain('-qp');
  });

  it('split exactly into GOP-aligned parts only at a constant quantiser', () => {
    expect(splitsExactly({ preset: 'slow' })).toBe(true);
    expect(splitsExactly({ crf: 18 })).toBe(false);
  });

  it.each<[string, object, RegExp]>([
    ['an unknown preset', { preset: 'turbo' as X264Preset }, /^--x264-preset must be one of ultrafast, /],
    ['a crf past 51', { crf: 52 }, /^--crf must be a whole number from 0 to 51, got "52"/],
    ['a fractional crf', { crf: 20.5 }, /^--crf must be a whole number/],
  ])('refuse %s with one sentence naming the flag', (_what, o, message) => {
    expect(() => checkX264(o)).toThrow(UserError);
    expect(() => checkX264(o)).toThrow(message);
  });
});
