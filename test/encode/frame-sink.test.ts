import { describe, expect, it } from 'vitest';
import { copyFrame } from '../../src/encode/frame-sink.js';

describe('copyFrame', () => {
  it("gives the frame's bytes in memory of its own, from a frame in shared memory", () => {
    const lent = Buffer.from(new SharedArrayBuffer(4099));
    for (let i = 0; i < lent.length; i++) lent[i] = (i * 29 + 1) & 255;
    const copy = copyFrame(lent);
    expect(Buffer.compare(copy, lent)).toBe(0);
    expect(copy.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    lent.fill(0); // the ring reuses its slot
    expect(copy[1]).toBe(30);
  });
});
