import { describe, expect, it } from 'vitest';
import type { FramePatch } from '../../../src/gpu/frame-renderer.js';
import { OrderedFrames } from '../../../src/host/chromium/ordered-frames.js';

/** Frames arrive from the page in any order (several in flight) and leave in frame order. */
const patch = (frame: number): FramePatch => ({
  frame,
  tiles: new Uint32Array(0),
  pixels: new Uint8Array(0),
});

async function drain(q: OrderedFrames): Promise<number[]> {
  const seen: number[] = [];
  for await (const p of q) seen.push(p.frame);
  return seen;
}

/** Whether `p` has settled after the pending microtasks and a timer tick. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((r) => setTimeout(r, 0));
  return done;
}

describe('OrderedFrames', () => {
  it('hands frames on in frame order whatever order they arrive in', async () => {
    const q = new OrderedFrames(10, 15);
    const out = drain(q);
    for (const f of [12, 10, 15, 11, 14, 13]) await q.push(patch(f));
    expect(await out).toEqual([10, 11, 12, 13, 14, 15]);
  });

  it('refuses a frame outside the range or twice', async () => {
    const q = new OrderedFrames(10, 12);
    await expect(q.push(patch(9))).rejects.toThrow('unexpected frame 9');
    await expect(q.push(patch(13))).rejects.toThrow('unexpected frame 13');
    await q.push(patch(11));
    await expect(q.push(patch(11))).rejects.toThrow('unexpected frame 11');
  });

  it('holds the sender back while too many frames wait, and lets it go as they are taken', async () => {
    const q = new OrderedFrames(0, 9, 3);
    await q.push(patch(0));
    await q.push(patch(1));
    const third = q.push(patch(2)); // three waiting, the next one among them: no room
    expect(await settled(third)).toBe(false);
    const it = q[Symbol.asyncIterator]();
    expect((await it.next()).value?.frame).toBe(0);
    expect(await settled(third)).toBe(true);
  });

  it('never holds the sender back while the next frame is missing (it would wait forever)', async () => {
    const q = new OrderedFrames(0, 9, 2);
    for (const f of [3, 4, 5, 6]) expect(await settled(q.push(patch(f)))).toBe(true);
  });

  it('passes a failure on to the reader, and says which frame never came', async () => {
    const failed = new OrderedFrames(0, 3);
    const reading = drain(failed);
    await failed.push(patch(0));
    failed.fail(new Error('the page crashed'));
    await expect(reading).rejects.toThrow('the page crashed');

    const short = new OrderedFrames(0, 3);
    const out = drain(short);
    await short.push(patch(0));
    await short.push(patch(2));
    short.done();
    await expect(out).rejects.toThrow('the page finished without sending frame 1');
  });
});
