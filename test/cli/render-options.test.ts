import { describe, expect, it } from 'vitest';
import { frameSize, parseFrameRange, parseShard, parseSize } from '../../src/cli/render-options.js';

describe('--size', () => {
  it('takes WIDTHxHEIGHT in even pixels from 64x64 to 7680x4320', () => {
    expect(parseSize('1920x1080')).toEqual([1920, 1080]);
    expect(parseSize('64x64')).toEqual([64, 64]);
    expect(parseSize('7680x4320')).toEqual([7680, 4320]);
    expect(parseSize('320x180')).toEqual([320, 180]);
  });

  it.each([
    '1920',
    '1920x',
    'x1080',
    '1920X1080',
    '1920x1080 ',
    '-2x64',
    '62x64',
    '64x62',
    '7682x64',
    '64x4322',
    '321x180',
    '320x181',
    '1e3x64',
    '',
  ])('refuses "%s", naming the flag, the form and the value', (v) => {
    expect(() => parseSize(v)).toThrow(/^--size must be WIDTHxHEIGHT, even numbers from 64x64 to 7680x4320/);
    expect(() => parseSize(v)).toThrow(`got "${v}"`);
  });

  it('--preset names the common sizes; 1080p without either', () => {
    expect(frameSize({ preset: '720p' })).toEqual([1280, 720]);
    expect(frameSize({ preset: '4k' })).toEqual([3840, 2160]);
    expect(frameSize({})).toEqual([1920, 1080]);
    expect(frameSize({ preset: '720p', size: [640, 360] })).toEqual([640, 360]);
  });
});

describe('--shard', () => {
  it('takes K/N with 0 <= K < N', () => {
    expect(parseShard('0/4')).toEqual([0, 4]);
    expect(parseShard('3/4')).toEqual([3, 4]);
    expect(parseShard('0/1')).toEqual([0, 1]);
  });

  it.each(['4/4', '5/4', '0/0', '1', '1/', '/4', '-1/4', '1/4/2', 'a/b', '1.5/4', ''])(
    'refuses "%s"',
    (v) => {
      expect(() => parseShard(v)).toThrow(`--shard must be K/N with 0 <= K < N (e.g. 0/4), got "${v}"`);
    },
  );
});

describe('--frames', () => {
  it('takes A-B (inclusive) or one frame N', () => {
    expect(parseFrameRange('100-199')).toEqual([100, 199]);
    expect(parseFrameRange('7')).toEqual([7, 7]);
    expect(parseFrameRange('0-0')).toEqual([0, 0]);
  });

  it.each(['199-100', '-5', '1-', 'a-b', '1-2-3', ''])('refuses "%s"', (v) => {
    expect(() => parseFrameRange(v)).toThrow(
      `--frames must be A-B with A <= B (e.g. 100-199) or one frame N, got "${v}"`,
    );
  });
});
