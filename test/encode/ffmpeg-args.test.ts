import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  STDIN,
  STDOUT,
  concatCall,
  concatList,
  decodeYuvCall,
  ffmpegArgv,
  gifPreviewCall,
  hlsEncodeCall,
  mp4EncodeCall,
  mp4SegmentsCall,
  yuv420FrameBytes,
  type FfmpegCall,
} from '../../src/encode/ffmpeg-args.js';
import { FfmpegFailed, ffmpegError, fluentCommand } from '../../src/encode/ffmpeg.js';
import { UserError } from '../../src/errors.js';

/** The value after `flag` in an argv. */
const after = (argv: string[], flag: string) => argv[argv.indexOf(flag) + 1];

describe('ffmpeg argument builders', () => {
  it('encode raw RGBA from stdin to H.264 with whole GOPs alone (no B-frames, fixed keyframes, constant qp)', () => {
    const argv = ffmpegArgv(mp4EncodeCall({ width: 320, height: 180, fps: 30 }, '/o/v.mp4.x.partial.mp4'));
    expect(argv.slice(0, argv.indexOf('-i') + 2)).toEqual([
      '-f', 'rawvideo', '-pix_fmt', 'rgba', '-video_size', '320x180', '-framerate', '30', '-i', STDIN,
    ]); // prettier-ignore
    expect(after(argv, '-c:v')).toBe('libx264');
    expect(after(argv, '-g')).toBe('30');
    expect(after(argv, '-keyint_min')).toBe('30');
    expect(after(argv, '-sc_threshold')).toBe('0');
    expect(after(argv, '-bf')).toBe('0');
    expect(after(argv, '-qp')).toBe('20');
    expect(argv.lastIndexOf('-pix_fmt')).toBeGreaterThan(argv.indexOf('-i'));
    expect(argv.at(-1)).toBe('/o/v.mp4.x.partial.mp4');
    expect(argv.at(-2)).toBe('mp4');
    const custom = ffmpegArgv(
      mp4EncodeCall({ width: 64, height: 64, fps: 24, gop: 48, qp: 10, preset: 'slow' }, 'v'),
    );
    expect([after(custom, '-g'), after(custom, '-qp'), after(custom, '-preset')]).toEqual([
      '48',
      '10',
      'slow',
    ]);
  });

  it("parallel chunks: the single encode's H.264 options, one MP4 per GOP from time 0, % in the name doubled", () => {
    const spec = { width: 320, height: 180, fps: 24, gop: 48, qp: 10, preset: 'slow' as const };
    const whole = ffmpegArgv(mp4EncodeCall(spec, 'v.mp4'));
    const chunk = ffmpegArgv(mp4SegmentsCall(spec, '/o/100%/v.mp4.x.partial.e1s'));
    const h264 = (argv: string[]) => argv.slice(argv.indexOf('-c:v'), argv.lastIndexOf('-pix_fmt') + 2);
    expect(h264(chunk)).toEqual(h264(whole));
    expect(h264(whole)).toContain('-qp');
    expect(chunk.slice(0, chunk.indexOf('-i') + 2)).toEqual(whole.slice(0, whole.indexOf('-i') + 2));
    expect(after(chunk, '-map')).toBe('0:v:0');
    expect(after(chunk, '-f')).toBe('rawvideo');
    expect(chunk.slice(chunk.lastIndexOf('-f'))).toEqual([
      '-f', 'segment', '-segment_format', 'mp4', '-segment_time', '0.000001', '-reset_timestamps', '1',
      '/o/100%%/v.mp4.x.partial.e1s%06d',
    ]); // prettier-ignore
  });

  it('a GIF preview keeps every step-th frame at the asked width, one palette', () => {
    const argv = ffmpegArgv(
      gifPreviewCall({ width: 1920, height: 1080, fps: 30, previewWidth: 640, step: 2 }, 'p.gif'),
    );
    const graph = after(argv, '-filter_complex');
    expect(graph).toContain("select='not(mod(n,2))'");
    expect(graph).toContain('scale=640:-2');
    expect(graph).toContain('palettegen');
    expect(after(argv, '-f')).toBe('rawvideo');
    expect(argv.slice(-3)).toEqual(['-f', 'gif', 'p.gif']);
  });

  it('decode to raw yuv420p on stdout without colour conversion, no -y for a pipe', () => {
    const argv = ffmpegArgv(decodeYuvCall('/a/video.mp4'));
    expect(argv).toEqual([
      '-v',
      'error',
      '-i',
      '/a/video.mp4',
      '-map',
      '0:v:0',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'yuv420p',
      STDOUT,
    ]);
    expect(yuv420FrameBytes(320, 180)).toBe(320 * 180 * 1.5);
    expect(yuv420FrameBytes(6, 4)).toBe(24 + 2 * 6);
  });

  it('join by the concat demuxer with stream copy; the list quotes paths', () => {
    expect(ffmpegArgv(concatCall('/o/list.txt', '/o/v.mp4'))).toEqual([
      '-f', 'concat', '-safe', '0', '-i', '/o/list.txt', '-y', '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', '/o/v.mp4',
    ]); // prettier-ignore
    expect(concatList(['/a/v.mp4', "/it's/v.mp4"])).toBe("file '/a/v.mp4'\nfile '/it'\\''s/v.mp4'\n");
  });

  it('a live stream is an EVENT HLS playlist of fMP4 segments, one GOP each, in its own folder', () => {
    const argv = ffmpegArgv(hlsEncodeCall({ width: 320, height: 180, fps: 4, gop: 8 }, '/live'));
    expect(after(argv, '-f')).toBe('rawvideo');
    expect(argv.at(-1)).toBe('/live/playlist.m3u8');
    expect(argv.slice(argv.lastIndexOf('-f'), argv.lastIndexOf('-f') + 2)).toEqual(['-f', 'hls']);
    expect(after(argv, '-hls_playlist_type')).toBe('event');
    expect(after(argv, '-hls_segment_type')).toBe('fmp4');
    expect(after(argv, '-hls_fmp4_init_filename')).toBe('init.mp4');
    expect(after(argv, '-hls_segment_filename')).toBe('/live/segment-%05d.m4s');
    expect(after(argv, '-hls_time')).toBe('2');
    expect(after(argv, '-tune')).toBe('zerolatency');
    expect(argv.slice(0, 4)).toEqual(['-probesize', '32', '-analyzeduration', '0']);
    expect([after(argv, '-g'), after(argv, '-keyint_min'), after(argv, '-bf')]).toEqual(['8', '8', '0']);
  });

  it.each<[string, FfmpegCall]>([
    ['hls', hlsEncodeCall({ width: 320, height: 180, fps: 30 }, '/live')],
    ['encode', mp4EncodeCall({ width: 320, height: 180, fps: 30 }, '/o/v.mp4')],
    ['chunk', mp4SegmentsCall({ width: 320, height: 180, fps: 30 }, '/o/v.mp4.x.partial.e0s')],
    ['gif', gifPreviewCall({ width: 320, height: 180, fps: 30, previewWidth: 160, step: 3 }, '/o/p.gif')],
    ['decode', decodeYuvCall('/o/v.mp4')],
    ['concat', concatCall('/o/l.txt', '/o/v.mp4')],
  ])('fluent-ffmpeg passes the %s arguments through verbatim', (_name, call) => {
    const io = {
      ...(call.input === STDIN ? { stdin: new PassThrough() } : {}),
      ...(call.output === STDOUT ? { stdout: new Writable() } : {}),
    };
    const command = fluentCommand('ffmpeg', call, io) as unknown as { _getArguments(): string[] };
    expect(command._getArguments()).toEqual(ffmpegArgv(call));
  });
});

describe('ffmpeg failures as sentences', () => {
  it('names an OS error met by ffmpeg by its cause and the path, exit 2 for a full disk', () => {
    const full = ffmpegError(
      new FfmpegFailed('ffmpeg exited with code 1', 'av_interleaved_write_frame(): No space left on device'),
      'writing',
      '/o/v.mp4',
    );
    expect(full).toBeInstanceOf(UserError);
    expect(full.exitCode).toBe(2);
    expect(full.message).toBe('/o/v.mp4: the disk is full (ENOSPC); free some space or write somewhere else');
    const ro = ffmpegError(new FfmpegFailed('x', '/o/v.mp4: Read-only file system'), 'writing', '/o/v.mp4');
    expect([ro.exitCode, ro.message]).toEqual([
      1,
      '/o/v.mp4: the file system is read-only (EROFS); write somewhere else',
    ]);
  });

  it("anything else quotes ffmpeg's last lines, exit 2", () => {
    const e = ffmpegError(
      new FfmpegFailed('ffmpeg exited with code 1', 'line 1\nencoder exploded'),
      'writing',
      '/o/v.mp4',
    );
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('ffmpeg failed writing /o/v.mp4: ffmpeg exited with code 1');
    expect(e.message).toContain('encoder exploded');
  });
});

describe('one module runs ffmpeg', () => {
  it('fluent-ffmpeg is imported by src/encode/ffmpeg.ts alone', () => {
    const root = join(import.meta.dirname, '..', '..');
    const importers = ['src', 'bench', 'harness', 'scripts']
      .flatMap((d) =>
        readdirSync(join(root, d), { recursive: true, encoding: 'utf8' }).map((f) => join(d, f)),
      )
      .filter((f) => /\.[cm]?[jt]s$/.test(f))
      .filter((f) =>
        /from\s+['"]fluent-ffmpeg['"]|require\(\s*['"]fluent-ffmpeg['"]/.test(
          readFileSync(join(root, f), 'utf8'),
        ),
      );
    expect(importers).toEqual([join('src', 'encode', 'ffmpeg.ts')]);
  });
});
