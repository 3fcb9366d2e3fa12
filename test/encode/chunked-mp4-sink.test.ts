import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChunkedMp4Sink, openMp4 } from '../../src/encode/chunked-mp4-sink.js';
import { Mp4Sink } from '../../src/encode/mp4-sink.js';
import { tempRunId } from '../../src/encode/output-names.js';
import { videoFrameHashes } from '../../src/encode/video-frames.js';

// 320x180: x264 limits its frame threads by the frame height (about one per two macroblock rows), so
// this lets several run, as at full size.
const [W, H, FPS, GOP] = [320, 180, 30, 5];
// A '%' in the folder: ffmpeg's segment muxer must not read it as part of its name pattern.
const root = mkdtempSync(join(tmpdir(), 'portglow-chunks-100%d '));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Frame f: seeded noise with a bright square moving across it (motion for the P-frames to find). */
function frame(f: number): Buffer {
  const rgba = Buffer.alloc(W * H * 4);
  let s = 12345 + f * 7919;
  for (let i = 0; i < W * H; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const [x, y] = [i % W, Math.floor(i / W)];
    const inSquare = Math.abs(x - 10 - 4 * f) < 12 && Math.abs(y - 20 - f) < 10;
    const v = inSquare ? 230 : 20 + (s >>> 27);
    rgba.writeUInt32LE((0xff000000 | (v << 16) | ((v >> 1) << 8) | (255 - v)) >>> 0, i * 4);
  }
  return rgba;
}

const FRAMES = Array.from({ length: 23 }, (_, f) => frame(f)); // 4 whole GOPs and a short last one

async function encode(dir: string, encoders: number, frames = FRAMES.length): Promise<string[]> {
  const path = join(dir, 'video.mp4');
  const sink = openMp4({ path, width: W, height: H, fps: FPS, gop: GOP, encoders, runId: 'a1b2c3d4e5f6' });
  expect(sink).toBeInstanceOf(encoders > 1 ? ChunkedMp4Sink : Mp4Sink);
  for (let f = 0; f < frames; f++) await sink.write(f, FRAMES[f]);
  expect(sink.checkSeconds).toBe(0);
  await sink.close();
  // The closing check (decode again, hash each picture; the join first with several) was timed.
  expect(sink.checkSeconds).toBeGreaterThan(0);
  return sink.pictureHashes;
}

describe('an MP4 from several ffmpeg processes, GOP by GOP', () => {
  let single: string[];

  it.each([2, 3])(
    'with %d encoders decodes to the pictures of a single encode, all there, nothing else left',
    async (n) => {
      single ??= await encode(mkdtempSync(join(root, 'one-')), 1);
      expect(single).toHaveLength(23);
      expect(new Set(single).size).toBe(23);
      const dir = mkdtempSync(join(root, `n${n}-`));
      const hashes = await encode(dir, n);
      expect(hashes).toEqual(single);
      // What the sink certified is the file now under the final name.
      expect(await videoFrameHashes('ffmpeg', join(dir, 'video.mp4'), W, H)).toEqual(single);
      expect(readdirSync(dir)).toEqual(['video.mp4']);
    },
  );

  it('with more encoders than GOPs starts only those it needs', async () => {
    const dir = mkdtempSync(join(root, 'few-'));
    expect(await encode(dir, 4, 7)).toEqual(single.slice(0, 7));
    expect(readdirSync(dir)).toEqual(['video.mp4']);
  });

  it('stopped mid-way leaves no file behind, and no file of anyone else is touched', async () => {
    const dir = mkdtempSync(join(root, 'stop-'));
    const theirs = join(dir, 'video.mp4.keep');
    writeFileSync(theirs, 'not ours');
    const sink = new ChunkedMp4Sink({
      path: join(dir, 'video.mp4'),
      width: W,
      height: H,
      fps: FPS,
      gop: GOP,
      encoders: 3,
      runId: 'feedc0ffee00',
    });
    for (let f = 0; f < 13; f++) await sink.write(f, FRAMES[f]);
    // The encoders' files, once there, are temporary files of this run: a later run that takes over a
    // stale lock of this one would remove them (out-dir.ts).
    const ours = () => readdirSync(dir).filter((n) => n !== 'video.mp4.keep');
    for (let wait = 0; wait < 100 && ours().length === 0; wait++) await new Promise((r) => setTimeout(r, 50));
    expect(ours().length).toBeGreaterThan(0);
    expect(ours().filter((n) => tempRunId(n) !== 'feedc0ffee00')).toEqual([]);
    await sink.abort();
    expect(readdirSync(dir)).toEqual(['video.mp4.keep']);
  });
});
