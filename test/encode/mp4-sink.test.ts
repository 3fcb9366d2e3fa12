import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { Mp4Sink } from '../../src/encode/mp4-sink.js';

const [W, H, FPS] = [320, 180, 30];
const root = mkdtempSync(join(tmpdir(), 'portglow-mp4-sink-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Frame f: seeded noise with a bright square moving across it, every frame different. */
function frame(f: number): Buffer {
  const rgba = Buffer.alloc(W * H * 4);
  let s = 777 + f * 7919;
  for (let i = 0; i < W * H; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const [x, y] = [i % W, Math.floor(i / W)];
    const v = Math.abs(x - 10 - 6 * f) < 14 && Math.abs(y - 30 - f) < 12 ? 240 : 16 + (s >>> 27);
    rgba.writeUInt32LE((0xff000000 | (v << 16) | ((v >> 2) << 8) | (255 - v)) >>> 0, i * 4);
  }
  return rgba;
}

const FRAMES = Array.from({ length: 12 }, (_, f) => frame(f));

function sink(dir: string): Mp4Sink {
  return new Mp4Sink({ path: join(dir, 'video.mp4'), width: W, height: H, fps: FPS, gop: 5 });
}

describe('the MP4 sink takes lent frames without copying them', () => {
  it('a frame buffer reused once its hold settles (or its write resolves) gives the same pictures', async () => {
    // Each frame in its own buffer, never changed: the reference.
    const own = sink(mkdtempSync(join(root, 'own-')));
    for (const [f, rgba] of FRAMES.entries()) await own.write(f, rgba);
    await own.close();
    expect(new Set(own.pictureHashes).size).toBe(FRAMES.length);

    // One buffer, overwritten with the next frame as soon as the sink lets go of it (the render's
    // frame ring does this with a few): a sink that still read it after its hold settled would
    // encode a later frame.
    const slot = Buffer.alloc(W * H * 4);
    let holds: Promise<unknown>[] = [];
    const lent = sink(mkdtempSync(join(root, 'lent-')));
    for (const [f, rgba] of FRAMES.entries()) {
      await Promise.all(holds);
      holds = [];
      rgba.copy(slot);
      await lent.write(f, slot, (until) => void holds.push(until));
    }
    await lent.close();
    expect(lent.pictureHashes).toEqual(own.pictureHashes);

    // No hold: the bytes are lent for the call only, so one buffer overwritten after each call.
    const one = Buffer.alloc(W * H * 4);
    const once = sink(mkdtempSync(join(root, 'once-')));
    for (const [f, rgba] of FRAMES.entries()) {
      rgba.copy(one);
      await once.write(f, one);
    }
    await once.close();
    expect(once.pictureHashes).toEqual(own.pictureHashes);
  });

  it('an ffmpeg that cannot write its file fails with a sentence naming the path, without hanging', async () => {
    const dir = mkdtempSync(join(root, 'gone-'));
    const s = sink(join(dir, 'missing-folder'));
    let failure: unknown;
    try {
      for (const [f, rgba] of FRAMES.entries()) await s.write(f, rgba);
      await s.close();
    } catch (e) {
      failure = e;
    }
    expect(failure).toBeInstanceOf(UserError);
    expect((failure as UserError).message).toContain(join(dir, 'missing-folder', 'video.mp4'));
    expect(readdirSync(dir)).toEqual([]);
  });
});
