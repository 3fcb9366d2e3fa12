import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `--cpu-first` (the default): the render's first frame is drawn by the frame core in TypeScript
 * while the GPU host starts. Through the CLI, on Dawn (the quicker host to start), at 320x180; the
 * trace (PORTGLOW_TRACE=1) tells where a frame came from.
 */
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gen-frames.js');

function render(frames: string, ...extra: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'portglow-cpu-first-'));
  const args = [
    BIN,
    '--size',
    '320x180',
    '--frames',
    frames,
    '--format',
    'png',
    '--gpu-host',
    'node',
    '--out',
    out,
  ];
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
