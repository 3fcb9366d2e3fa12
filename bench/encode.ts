import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PngSink } from '../src/encode/png-sink.js';
import { openMp4 } from '../src/encode/chunked-mp4-sink.js';
import type { FrameSink } from '../src/encode/frame-sink.js';
import type { Row } from './render.js';

const [W, H] = [1920, 1080];

/** A frame like ours (dark, a few hundred small shapes), a little different for each f. */
function frames(count: number): Buffer[] {
  const rgba = Buffer.alloc(W * H * 4);
  for (let i = 0; i < W * H; i++) rgba.writeUInt32LE(i % 997 < 40 ? 0xff5a8cdc : 0xff120c0a, i * 4);
  return Array.from({ length: count }, (_, f) => {
    const frame = Buffer.from(rgba);
    frame[f * 4] = f; // every frame differs a little
    // and a bright band moves, so that the P-frames have motion to find
    const row = (200 + 8 * f) % (H - 10);
    frame.fill(0xff, row * W * 4, (row + 10) * W * 4);
    return frame;
  });
}

/** Frames/s of one sink fed frames already in memory, until its file is whole. */
async function timeSink(open: (dir: string) => Promise<FrameSink>, input: Buffer[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'portglow-enc-'));
  try {
    const sink = await open(dir);
    const t0 = performance.now();
    for (const [f, rgba] of input.entries()) await sink.write(f, rgba);
    await sink.close();
    return input.length / ((performance.now() - t0) / 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Encoders alone at 1080p: PNG, and the MP4 in one ffmpeg process against two (GOP-aligned chunks,
 * see chunked-mp4-sink.ts) on the same 4 GOPs in the same run, best of two runs each, interleaved so
 * that a neighbour's load hits both alike. The ratio is what `--mp4-encoders 2` gains on this machine.
 */
export async function benchEncode(count = 120): Promise<Row[]> {
  const input = frames(count);
  const png = await timeSink((dir) => PngSink.create(dir, W, H), input.slice(0, 90));
  const mp4 = (encoders: number) =>
    timeSink(
      async (dir) => openMp4({ path: join(dir, 'v.mp4'), width: W, height: H, fps: 30, encoders }),
      input,
    );
  const best = [0, 0];
  for (let run = 0; run < 2; run++) {
    for (const [i, n] of [1, 2].entries()) best[i] = Math.max(best[i], await mp4(n));
  }
  return [
    { name: '1080p encode png alone', value: png, unit: 'frames/s' },
    { name: '1080p encode mp4 alone (1 ffmpeg)', value: best[0], unit: 'frames/s' },
    { name: '1080p encode mp4 alone (2 ffmpeg, GOP chunks)', value: best[1], unit: 'frames/s' },
    { name: '1080p encode mp4: 2 ffmpeg / 1 ffmpeg', value: best[1] / best[0], unit: '×' },
  ];
}
