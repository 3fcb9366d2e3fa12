import { afterAll, describe, expect, it } from 'vitest';
import { sharedGpu, sha256, syntheticScene } from '../helpers/gpu.js';
import { goldenFrames } from '../helpers/golden.js';

const hashes = (m: Map<number, Buffer>) => Object.fromEntries([...m].map(([f, b]) => [String(f), sha256(b)]));

/**
 * The golden sets themselves run on both hosts in test/host/golden-frames.test.ts (with a range
 * rendered alone); this is the same render once more, on a fresh page: same seed twice ⇒ the same
 * SHA-256 per frame. Each Chromium start costs seconds on SwiftShader, so the runs compare through
 * the recorded set rather than rendering twice here, and the other seed loads into the same page.
 */
describe('determinism of the GPU path (SwiftShader in headless Chromium)', () => {
  const golden = goldenFrames('ports-320x180-seed42');
  const gpu = sharedGpu();
  afterAll(() => gpu.close());

  it('gives the same bytes in another run: every frame of the golden set again', async () => {
    const [full] = await gpu.render(syntheticScene(42, 320, 180), [[0, 199]]);
    expect(full.size).toBe(200);
    expect(hashes(full)).toEqual(golden);
  });

  it('changes with the seed', async () => {
    const [other] = await gpu.render(syntheticScene(43, 320, 180), [[150, 150]]);
    expect(sha256(other.get(150)!)).not.toBe(golden[150]);
  });
});
