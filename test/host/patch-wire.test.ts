import { describe, expect, it } from 'vitest';
import { decodePatch, encodePatch, PATCH_HEAD_BYTES } from '../../src/host/patch-wire.js';
import { TILE_BYTES } from '../../src/gpu/abi.js';

/** The page's parts joined as the server receives them, at an odd offset of a larger buffer. */
function onTheWire(parts: Uint8Array[]): Buffer {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const pool = Buffer.alloc(total + 3);
  let at = 3;
  for (const p of parts) {
    pool.set(p, at);
    at += p.length;
  }
  return pool.subarray(3);
}

const patch = (frame: number, tiles: number[]) => ({
  frame,
  tiles: Uint32Array.from(tiles),
  pixels: Uint8Array.from({ length: tiles.length * TILE_BYTES }, (_, i) => (i * 7 + frame) & 255),
});

describe('the patch wire format', () => {
  it('round-trips frames, tile ids and pixels, including empty and large patches', () => {
    for (const p of [patch(0, []), patch(7, [0, 1, 2]), patch(0xfffffffe, [5, 0x10000, 0xffffffff])]) {
      const body = onTheWire(encodePatch(p));
      expect(body.length).toBe(PATCH_HEAD_BYTES + p.tiles.length * (4 + TILE_BYTES));
      const back = decodePatch(body);
      expect(back.frame).toBe(p.frame);
      expect([...back.tiles]).toEqual([...p.tiles]);
      expect(Buffer.from(back.pixels).equals(Buffer.from(p.pixels))).toBe(true);
    }
  });

  it('is little-endian with the documented head', () => {
    const [head] = encodePatch(patch(0x01020304, [9]));
    expect([...head.subarray(0, 20)]).toEqual([4, 3, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0]);
  });

  it('refuses messages that do not fit the format', () => {
    const good = onTheWire(encodePatch(patch(3, [1, 2])));
    expect(() => decodePatch(good.subarray(0, 10))).toThrow(/too short/);
    expect(() => decodePatch(good.subarray(0, good.length - 1))).toThrow(/expected/);
    expect(() => decodePatch(Buffer.concat([good, Buffer.alloc(1)]))).toThrow(/expected/);
    const reserved = Buffer.from(good);
    reserved[9] = 1;
    expect(() => decodePatch(reserved)).toThrow(/reserved/);
    // A tile count that would overflow any real message.
    const huge = Buffer.from(good);
    huge.writeUInt32LE(0xffffffff, 4);
    expect(() => decodePatch(huge)).toThrow(/expected/);
  });

  it('refuses to encode pixels that do not match the tile count', () => {
    expect(() => encodePatch({ frame: 1, tiles: Uint32Array.of(1), pixels: new Uint8Array(3) })).toThrow(
      /pixel bytes/,
    );
  });
});
