import { describe, expect, it } from 'vitest';
import { detectInput, makeScene } from '../../src/cli/make-scene.js';
import { loadInput } from '../../src/cli/load-input.js';
import { parsePictureArgs } from '../../src/cli/studio-picture.js';
import { CAPTION_SLOT } from '../../src/scene/callouts.js';

describe('makeScene', () => {
  it('labels the events it is handed (detected once by the caller), or detects them itself', async () => {
    const input = await loadInput(parsePictureArgs(['--seed', '7']), () => undefined);
    const o = { width: 640, height: 360, seed: 7, travel: 12, decay: 24, view: 'ports', theme: 'dark', transparent: false, title: 't', callouts: true } as const; // prettier-ignore
    const labels = (s: ReturnType<typeof makeScene>) =>
      s.scene.text.callouts.filter((c) => c.slot !== CAPTION_SLOT);
    const own = labels(makeScene(input, o, () => undefined));
    expect(own.length).toBeGreaterThan(0);
    expect(labels(makeScene(input, o, () => undefined, { detected: detectInput(input) }))).toEqual(own);
    expect(labels(makeScene(input, o, () => undefined, { detected: [] }))).toEqual([]);
  });
});
