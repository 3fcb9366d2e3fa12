import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `--cpu-first` (the default): the render's first frame is drawn by the frame core in TypeScript
 * before the GPU host is needed. Through the CLI at 320x180: on Dawn (the quicker host to start), and on
 * Chromium for when the browser is launched; the trace (PORTGLOW_TRACE=1) tells what happened when.
 */
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gen-frames.js');

function render(frames: string, ...extra: string[]) {
  return renderTo(mkdtempSync(join(tmpdir(), 'portglow-cpu-first-')), frames, ...extra);
}

function renderTo(out: string, frames: string, ...extra: string[]) {
  const args = [BIN, '--size', '320x180', '--frames', frames, '--format', 'png', '--out', out];
  if (!extra.includes('--gpu-host')) args.push('--gpu-host', 'node');
  const r = spawnSync(process.execPath, [...args, ...extra], {
    encoding: 'utf8',
    env: { ...process.env, PORTGLOW_TRACE: '1' },
  });
  expect(r.status, r.stderr).toBe(0);
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
    adapter: string;
    frames: { index: number; digest: string }[];
  };
  return { stderr: r.stderr, manifest };
}

describe('--cpu-first', () => {
  it('draws the first frame on the CPU, the rest on the GPU, with the bytes of a render all on the GPU', () => {
    const cpu = render('40-43');
    const gpu = render('40-43', '--no-cpu-first');
    expect(cpu.stderr).toContain('first frame drawn on the CPU');
    expect(cpu.stderr).toContain('host ready');
    expect(gpu.stderr).not.toContain('first frame drawn on the CPU');
    expect(cpu.manifest.frames.map((f) => f.index)).toEqual([40, 41, 42, 43]);
    expect(cpu.manifest.frames).toEqual(gpu.manifest.frames);
    expect(cpu.manifest.adapter).toBe(gpu.manifest.adapter);
  });

  it('a render of one frame starts no GPU host, and its manifest says the CPU drew it', () => {
    const one = render('41-41');
    expect(one.stderr).not.toContain('host ready');
    expect(one.manifest.adapter).toBe('CPU (src/gpu/cpu-frame.ts)');
    expect(one.manifest.frames).toEqual([render('40-43').manifest.frames[1]]);
  });
});

/** Where the trace shows `mark`, or -1. */
const at = (stderr: string, mark: string) => stderr.indexOf(mark);

describe('--cpu-first through Chromium', () => {
  it('launches the browser once the first frame is drawn, and never for a render of one frame', () => {
    const two = render('40-41', '--gpu-host', 'chromium');
    expect(at(two.stderr, 'first frame drawn on the CPU')).toBeGreaterThan(-1);
    expect(at(two.stderr, 'chromium: frame server up')).toBeGreaterThan(
      at(two.stderr, 'first frame drawn on the CPU'),
    );
    expect(two.manifest.frames).toEqual(render('40-41').manifest.frames);
    expect(render('41-41', '--gpu-host', 'chromium').stderr).not.toContain('chromium:');
  });

  it('launches no browser when every frame after the one drawn is already on disk', () => {
    const out = mkdtempSync(join(tmpdir(), 'portglow-cpu-first-'));
    const whole = renderTo(out, '40-41');
    rmSync(join(out, 'frame-000040.png'));
    const resumed = renderTo(out, '40-41', '--gpu-host', 'chromium');
    expect(resumed.stderr).toContain('first frame drawn on the CPU');
    expect(resumed.stderr).not.toContain('chromium:');
    expect(resumed.manifest.frames).toEqual(whole.manifest.frames);
  });
});
