import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PngSink } from '../src/encode/png-sink.js';
import { Mp4Sink } from '../src/encode/mp4-sink.js';
import type { FrameSink } from '../src/encode/frame-sink.js';
import type { Row } from './render.js';

/** Encoders alone, on a frame like ours (dark, a few hundred small shapes): frames/s at 1080p. */
export async function benchEncode(frames = 90): Promise<Row[]> {
  const [w, h] = [1920, 1080];
  const rgba = Buffer.alloc(w * h * 4);
  for (let i = 0; i < w * h; i++) rgba.writeUInt32LE(i % 997 < 40 ? 0xff5a8cdc : 0xff120c0a, i * 4);
  const rows: Row[] = [];
  for (const kind of ['png', 'mp4'] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'portglow-enc-'));
    const sink: FrameSink =
      kind === 'png'
        ? await PngSink.create(dir, w, h)
        : new Mp4Sink({ path: join(dir, 'v.mp4'), width: w, height: h, fps: 30 });
    const t0 = performance.now();
    for (let f = 0; f < frames; f++) {
      rgba[f * 4] = f; // every frame differs a little
      await sink.write(f, Buffer.from(rgba));
    }
    await sink.close();
    rows.push({
      name: `1080p encode ${kind} alone`,
      value: frames / ((performance.now() - t0) / 1000),
      unit: 'frames/s',
    });
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
