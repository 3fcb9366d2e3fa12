import { describe, expect, it } from 'vitest';
import { wholeFrame } from '../../harness/studio-frame.js';
import { FrameAssembler } from '../../src/render/frame-assembler.js';
import { TILE, TILE_BYTES } from '../../src/gpu/abi.js';
import { frameAt, packetsPerBin } from '../../src/cli/studio-info.js';
import { buildTimeline } from '../../src/timeline/build-timeline.js';
import { syntheticRows } from '../../src/ingest/synthetic.js';

describe('studio frame and info', () => {
  it('builds a whole frame exactly as the render assembles it (edge tiles cut)', () => {
    const [w, h] = [3 * TILE + 2, 2 * TILE + 6];
    const n = 4 * 3;
    const pixels = new Uint8Array(n * TILE_BYTES).map((_, i) => (i * 7 + 3) & 255);
    const patch = { frame: 5, tiles: Uint32Array.from({ length: n }, (_, i) => i), pixels };
    expect(Buffer.from(wholeFrame(patch, w, h))).toEqual(new FrameAssembler(w, h).apply(patch));
    expect(() => wholeFrame({ ...patch, tiles: patch.tiles.subarray(1) }, w, h)).toThrow(/whole frame/);
  });

  it('counts every packet in its bin and maps a moment to its frame', () => {
    const rows = syntheticRows(3);
    const t = buildTimeline(rows, { binSeconds: 300 });
    const per = packetsPerBin(t);
    expect(per).toHaveLength(t.binCount);
    expect(per.reduce((a, b) => a + b, 0)).toBe(t.packets);
    expect(frameAt(t, t.start)).toBe(0);
    expect(frameAt(t, t.start + 299)).toBe(0);
    expect(frameAt(t, t.start + 300)).toBe(1);
    expect(frameAt(t, t.start - 1e6)).toBe(0);
    expect(frameAt(t, t.start + 1e9)).toBe(t.binCount - 1);
  });
});
