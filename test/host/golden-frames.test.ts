import { afterAll, describe, expect, it } from 'vitest';
import type { SceneData } from '../../src/scene/scene-data.js';
import { cpuFrame } from '../../src/gpu/cpu-frame.js';
import { GOLDEN_CASES } from '../helpers/golden-cases.js';
import { checkGolden, goldenUpdate, readGolden } from '../helpers/golden.js';
import { lacking, machineLacks, renderOnDawn, sha256, sharedGpu } from '../helpers/gpu.js';

type Render = (scene: SceneData, ranges: [number, number][]) => Promise<Map<number, Buffer>[]>;

/**
 * Every golden case (test/helpers/golden-cases.ts) on every host: the same bytes from headless
 * Chromium's WebGPU, from Dawn in Node and from the frame core in TypeScript (src/gpu/cpu-frame.ts,
 * which draws a render's first frame). `npm run golden` records from Chromium; Dawn and the CPU,
 * which run after it, then check the fresh files. The Chromium cases share one browser (each loads
 * its scene into the page); each Dawn case starts its own device.
 */
const chromium = sharedGpu();
afterAll(() => chromium.close());

/** The frame core in TypeScript, which draws a render's first frame while its GPU host starts. */
const renderOnCpu: Render = async (scene, ranges) =>
  ranges.map(
    ([a, b]) => new Map(Array.from({ length: b - a + 1 }, (_, i) => [a + i, cpuFrame(scene, a + i)])),
  );

const HOSTS: { host: string; render: Render; records: boolean }[] = [
  { host: 'chromium', render: chromium.render, records: true },
  { host: 'dawn', render: renderOnDawn, records: false },
  { host: 'cpu', render: renderOnCpu, records: false },
];

describe.each(HOSTS)('golden frames on the $host host', ({ host, render, records }) => {
  it.for(GOLDEN_CASES)('$name', async (c, ctx) => {
    if (!goldenUpdate()) readGolden(`${c.name}.json`); // a missing golden fails before the render
    const scene = c.scene();
    const [frames, alone] = await render(scene, c.alone ? [c.frames, c.alone] : [c.frames]).catch((e) => {
      const why = machineLacks(e);
      throw why ? lacking(ctx, `the ${host} host cannot run here: ${why}`) : e;
    });
    expect(frames.size).toBe(c.frames[1] - c.frames[0] + 1);
    const problems = await checkGolden(
      c.name,
      c.description,
      frames,
      { width: scene.width, height: scene.height },
      c.pictures,
      { label: `${c.name}-${host}`, record: records },
    );
    expect(problems, problems.join('\n')).toEqual([]);
    // A range rendered alone gives the bytes it has inside the longer render.
    for (const [f, rgba] of alone ?? [])
      expect(sha256(rgba), `frame ${f} rendered alone`).toBe(sha256(frames.get(f)!));
  });
});
