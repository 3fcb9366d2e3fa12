import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import {
  encoderBufferBytes,
  mp4EncoderCount,
  parseMp4Encoders,
  type EncoderFacts,
} from '../../src/encode/mp4-encoders.js';

const GiB = 2 ** 30;
const hd = 1920 * 1080 * 4;
const facts = (cores: number, more: Partial<EncoderFacts> = {}): EncoderFacts => ({
  cores, memory: 64 * GiB, frameBytes: hd, gop: 30, splitsExactly: true, ...more,
}); // prettier-ignore

describe('--mp4-encoders', () => {
  it('takes auto or a whole number 1-16', () => {
    expect(parseMp4Encoders('auto')).toBe('auto');
    expect(parseMp4Encoders('3')).toBe(3);
    expect(parseMp4Encoders(16)).toBe(16);
  });

  it.each(['0', '17', '2.5', 'two', '', true])('refuses %j with one sentence naming the flag', (v) => {
    expect(() => parseMp4Encoders(v)).toThrow(UserError);
    expect(() => parseMp4Encoders(v)).toThrow(
      /^--mp4-encoders must be auto or a whole number from 1 to 16, got "/,
    );
  });

  it('auto: one process below 16 cores (x264 threads itself), then one per 8 cores, at most 8', () => {
    expect([2, 8, 15].map((c) => mp4EncoderCount('auto', facts(c)))).toEqual([1, 1, 1]);
    expect([16, 23, 24, 64, 128].map((c) => mp4EncoderCount('auto', facts(c)))).toEqual([2, 2, 3, 8, 8]);
  });

  it('auto: fewer processes when their frame buffers would pass a quarter of the memory', () => {
    // 4K: 33 MB a frame, 32 frames in hand per process, about 1 GiB each.
    const uhd = 3840 * 2160 * 4;
    expect(encoderBufferBytes(2, uhd, 30)).toBe(2 * 32 * uhd);
    expect(mp4EncoderCount('auto', facts(64, { frameBytes: uhd, memory: 16 * GiB }))).toBe(4);
    expect(mp4EncoderCount('auto', facts(64, { frameBytes: uhd, memory: 4 * GiB }))).toBe(1);
    expect(encoderBufferBytes(1, uhd, 30)).toBe(0);
  });

  it('auto with --crf is one process; an explicit N is kept, but not above 1 with --crf', () => {
    expect(mp4EncoderCount('auto', facts(64, { splitsExactly: false }))).toBe(1);
    expect(mp4EncoderCount(3, facts(2))).toBe(3);
    expect(mp4EncoderCount(1, facts(2, { splitsExactly: false }))).toBe(1);
    expect(() => mp4EncoderCount(2, facts(2, { splitsExactly: false }))).toThrow(
      /^--mp4-encoders 2 cannot be used with --crf .*; drop --crf or use --mp4-encoders 1$/,
    );
  });
});
