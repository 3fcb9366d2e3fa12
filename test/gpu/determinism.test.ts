import { describe, expect, it } from 'vitest';
import { renderOnGpu, sha256, syntheticScene } from '../helpers/gpu.js';
import { checkGolden } from '../helpers/golden.js';

const hashes = (m: Map<number, Buffer>) => new Map([...m].map(([f, b]) => [f, sha256(b)]));

describe('determinism of the GPU path (SwiftShader in headless Chromium)', () => {
  const scene = syntheticScene(42, 320, 180);

  it('gives the same bytes in two runs, for a range alone and inside a longer render, and matches the golden set', async () => {
    const [full, partial] = await renderOnGpu(scene, [
      [0, 199],
      [100, 109],
    ]);
    const [again] = await renderOnGpu(scene, [[0, 199]]);
    expect(full.size).toBe(200);
    expect(hashes(again)).toEqual(hashes(full));
    for (let f = 100; f <= 109; f++) expect(sha256(partial.get(f)!), `frame ${f}`).toBe(sha256(full.get(f)!));

    const problems = await checkGolden(
      'ports-320x180-seed42',
      'ports view, synthetic day of seed 42, 320x180, travel 12, decay 24, frames 0-199',
      full,
      { width: 320, height: 180 },
      [0, 60, 120, 199],
    );
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('changes with the seed', async () => {
    const other = syntheticScene(43, 320, 180);
    const [a] = await renderOnGpu(other, [[150, 150]]);
    const [b] = await renderOnGpu(scene, [[150, 150]]);
    expect(sha256(a.get(150)!)).not.toBe(sha256(b.get(150)!));
  });
});
