import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readInput } from '../src/ingest/read-input.js';
import { makeScene } from '../src/cli/make-scene.js';
import { benchScene, type Output, type Row } from './render.js';

/** The real data beside the repository, when it is there (never committed). */
const MARX = resolve(process.env.BENCH_REAL_DATA ?? join('..', 'shared', 'data', 'marx.csv.gz'));
/** 2013-07-24 UTC, one frame per 2 minutes: 720 frames. */
const DAY = { from: Date.UTC(2013, 6, 24) / 1000, to: Date.UTC(2013, 6, 25) / 1000 };
const SIZES: [string, number, number, Output[]][] = [
  ['real day 1080p', 1920, 1080, ['raw', 'png', 'mp4', 'png+mp4']],
  ['real day 4K', 3840, 2160, ['raw', 'png', 'mp4', 'png+mp4']],
];

/**
 * The real day at 1080p and 4K, each output against its encoder alone on frames of the same render;
 * and the time from starting `gen-frames` (input already cached) to its first frame on disk.
 * BENCH_REAL_SIZES=1080p limits the sizes; the data is ../shared/data/marx.csv.gz, or BENCH_REAL_DATA.
 */
export async function benchRealDay(): Promise<Row[]> {
  if (!existsSync(MARX)) {
    console.error(`bench: skipping the real day, ${MARX} is not there`);
    return [];
  }
  const rows: Row[] = [];
  // BENCH_FIRST_FRAME=none skips the first-frame rows (they run the CLI, with PNG through sharp).
  for (const gpuHost of process.env.BENCH_FIRST_FRAME === 'none' ? [] : (['chromium', 'node'] as const)) {
    const [cpu, gpu] = [await timeToFirstFrame(gpuHost, true), await timeToFirstFrame(gpuHost, false)];
    const ratio = { name: `real day: first frame, drawn on the CPU ÷ on the GPU, ${gpuHost === 'node' ? 'Dawn' : 'Chromium'}`, value: cpu.value / gpu.value, unit: '×' }; // prettier-ignore
    rows.push(cpu, gpu, ratio);
  }
  const input = await readInput({
    inputs: [MARX], seed: 42, strict: false, binSeconds: 120, selection: DAY, cacheDir: null,
  }); // prettier-ignore
  const want = (process.env.BENCH_REAL_SIZES ?? '1080p,4K').split(',');
  for (const [label, width, height, outputs] of SIZES) {
    if (!want.some((w) => label.endsWith(w))) continue;
    const picture = { width, height, seed: 42, travel: 12, decay: 24, view: 'ports' as const, theme: 'dark' as const,
      transparent: false, title: 'portglow · marx.csv.gz', callouts: true }; // prettier-ignore
    const { timeline, scene } = makeScene(
      { ...input, start: DAY.from, end: DAY.to },
      picture,
      () => undefined,
    );
    rows.push(...(await benchScene(label, scene, timeline.binCount - 1, outputs)));
  }
  return rows;
}

/**
 * Seconds from spawning the CLI to frame 0's PNG under its final name, through the given GPU host,
 * with the first frame drawn on the CPU (the default) or on the GPU (--no-cpu-first); the second of
 * two runs (the input and the font atlas come from the user's cache folder).
 */
async function timeToFirstFrame(gpuHost: 'chromium' | 'node', cpuFirst: boolean): Promise<Row> {
  const args = ['dist/cli.js', '--input', MARX, '--from', '2013-07-24', '--to', '2013-07-25', '--bin', '2m',
    '--format', 'png', '--gpu-host', gpuHost, cpuFirst ? '--cpu-first' : '--no-cpu-first']; // prettier-ignore
  let seconds = NaN;
  for (let run = 0; run < 2; run++) {
    const out = mkdtempSync(join(tmpdir(), 'portglow-ttff-'));
    const first = join(out, 'frame-000000.png');
    const t0 = performance.now();
    const child = spawn(process.execPath, [...args, '--out', out], { stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    while (!existsSync(first) && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    seconds = (performance.now() - t0) / 1000;
    child.kill('SIGINT');
    await exited;
    rmSync(out, { recursive: true, force: true });
  }
  const host = gpuHost === 'node' ? 'Dawn' : 'Chromium';
  return {
    name: `real day: first frame on disk, ${host}, ${cpuFirst ? 'drawn on the CPU' : 'on the GPU (--no-cpu-first)'} (second run, input cached)`,
    value: seconds,
    unit: 's',
  };
}
