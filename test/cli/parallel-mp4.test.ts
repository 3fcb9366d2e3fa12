import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** `--mp4-encoders` through the CLI: a tiny render (320x180, 3 GOPs of 10 frames). */
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gen-frames.js');
const genFrames = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
const tiny = ['--size', '320x180', '--fps', '10', '--frames', '0-29', '--format', 'mp4'];

describe('--mp4-encoders', () => {
  it('2: the video is encoded in 2 processes, certified picture by picture, no temporary file left', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'portglow-par-')), 'out');
    const r = genFrames([...tiny, '--mp4-encoders', '2', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('MP4 in 2 parallel encoders');
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'video.mp4']);
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect([m.complete, m.videoFrames.length]).toEqual([true, 30]);
    const v = genFrames(['verify', out]);
    expect(v.status, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toContain('30 pictures of video.mp4 match the manifest');
  });

  it('refuses 2 with --crf, and a value out of range, exit 1, one sentence, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portglow-par-'));
    const crf = genFrames([...tiny, '--mp4-encoders', '2', '--crf', '20', '--out', join(dir, 'a')]);
    expect(crf.status).toBe(1);
    expect(crf.stderr).toContain('--mp4-encoders 2 cannot be used with --crf');
    const zero = genFrames([...tiny, '--mp4-encoders', '0', '--out', join(dir, 'b')]);
    expect(zero.status).toBe(1);
    expect(zero.stderr).toContain('--mp4-encoders must be auto or a whole number from 1 to 16, got "0"');
    expect(readdirSync(dir)).toEqual([]);
  });
});
