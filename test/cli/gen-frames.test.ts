import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { frameDigest } from '../../src/frame-hash.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gen-frames.js');

function genFrames(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'portglow-cli-'));

function probe(video: string): { width: number; height: number; frames: number; codec: string; pix: string } {
  const r = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0',
    '-show_entries', 'stream=width,height,nb_read_frames,codec_name,pix_fmt', '-of', 'json', video], { encoding: 'utf8' }); // prettier-ignore
  const s = JSON.parse(r.stdout).streams[0];
  return {
    width: s.width,
    height: s.height,
    frames: Number(s.nb_read_frames),
    codec: s.codec_name,
    pix: s.pix_fmt,
  };
}

describe('gen-frames end to end', () => {
  it("writes PNG frames, an MP4 and a manifest whose hashes are the PNGs' pixels", async () => {
    const out = tmp();
    const r = genFrames(['--seed', '42', '--size', '320x180', '--frames', '40-63', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const pngs = readdirSync(out)
      .filter((f) => f.endsWith('.png'))
      .sort();
    expect(pngs).toEqual(
      Array.from({ length: 24 }, (_, i) => `frame-${String(40 + i).padStart(6, '0')}.png`),
    );
    expect(probe(join(out, 'video.mp4'))).toEqual({
      width: 320,
      height: 180,
      frames: 24,
      codec: 'h264',
      pix: 'yuv420p',
    });
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.frames.map((f: { index: number }) => f.index)).toEqual(pngs.map((_, i) => 40 + i));
    expect(manifest.options).toMatchObject({ seed: 42, width: 320, height: 180, from: 40, to: 63 });
    expect(manifest.input.digest).toMatch(/^[0-9a-f]{64}$/);
    const rgba = await sharp(join(out, pngs[5])).ensureAlpha().raw().toBuffer();
    expect(await frameDigest(rgba)).toBe(manifest.frames[5].digest);
  });

  it('renders PNG only or MP4 only when asked', () => {
    const out = tmp();
    expect(genFrames(['--size', '320x180', '--frames', '0-3', '--format', 'png', '--out', out]).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      ...[0, 1, 2, 3].map((i) => `frame-00000${i}.png`),
      'manifest.json',
    ]);
    const out2 = tmp();
    expect(genFrames(['--size', '320x180', '--frames', '0-3', '--format', 'mp4', '--out', out2]).code).toBe(
      0,
    );
    expect(readdirSync(out2).sort()).toEqual(['manifest.json', 'video.mp4']);
  });

  it.each([
    [['--size', '320x'], '--size must be WIDTHxHEIGHT'],
    [['--format', 'gif'], 'Choices: "png", "mp4", "both"'],
    [['--frames', '9-3'], '--frames must be A-B'],
    [['--fps', '0'], '--fps must be a whole number from 1 to 240'],
    [['--preset', '8k'], 'Choices: "720p", "1080p", "4k"'],
    [['--frames', '0-5000', '--size', '320x180'], 'past the last frame 287'],
    [['--no-such-flag'], 'Unknown argument'],
  ])('exits 1 for bad options %j, naming the flag', (args, message) => {
    const r = genFrames([...args, '--out', tmp()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits 1 for a wrong PORTGLOW_DAWN_POLL with --gpu-host node, before writing anything', () => {
    const out = join(tmp(), 'out');
    const r = genFrames(['--gpu-host', 'node', '--size', '320x180', '--frames', '0-1', '--out', out], {
      PORTGLOW_DAWN_POLL: 'fast',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('PORTGLOW_DAWN_POLL=fast is not a polling mode: use gentle or busy');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 with the fix when Chromium is missing', () => {
    const r = genFrames([
      '--size',
      '320x180',
      '--frames',
      '0-1',
      '--chromium',
      '/nonexistent/chromium',
      '--out',
      tmp(),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('apt-get install -y chromium');
  });

  it('exits 2 with the fix when ffmpeg is missing', () => {
    const r = genFrames(['--size', '320x180', '--frames', '0-1', '--out', tmp()], {
      FFMPEG_PATH: '/nonexistent/ffmpeg',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('apt-get install -y ffmpeg');
  });

  it('exits 2 with the fix when the browser has no WebGPU adapter', () => {
    // A real Chromium started without WebGPU: a wrapper drops the flag that enables it.
    const dir = tmp();
    const wrapper = join(dir, 'chromium-without-webgpu');
    writeFileSync(
      wrapper,
      '#!/bin/sh\nfor a; do shift; [ "$a" = --enable-unsafe-webgpu ] || set -- "$@" "$a"; done\nexec /usr/bin/chromium "$@"\n',
    );
    chmodSync(wrapper, 0o755);
    const r = genFrames([
      '--size',
      '320x180',
      '--frames',
      '0-1',
      '--format',
      'png',
      '--chromium',
      wrapper,
      '--out',
      dir,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No WebGPU adapter');
  });
});
