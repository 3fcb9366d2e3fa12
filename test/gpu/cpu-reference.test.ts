import { afterAll, describe, expect, it } from 'vitest';
import { buildScene } from '../../src/scene/build-scene.js';
import { buildTimeline } from '../../src/timeline/build-timeline.js';
import type { PacketRow } from '../../src/ingest/packet-row.js';
import { cpuFrame } from '../../src/gpu/cpu-frame.js';
import { sharedGpu, syntheticScene } from '../helpers/gpu.js';
import { detectEvents } from '../../src/events/detect-events.js';
import { syntheticRows } from '../../src/ingest/synthetic.js';

const T0 = Date.UTC(2013, 6, 15) / 1000;

/** A handful of bubbles and markers: two countries, UDP and TCP ports, one ICMP, one flood. */
function smallRows(): PacketRow[] {
  const row = (min: number, cc: string, proto: PacketRow['proto'], port: number, n = 1): PacketRow[] =>
    Array.from({ length: n }, () => ({ time: T0 + min * 60, host: 'h', src: '1.2.3.4', cc, proto, port }));
  return [
    ...row(0, 'CN', 'tcp', 22, 3),
    ...row(0, 'US', 'udp', 53),
    ...row(5, 'CN', 'tcp', 445, 40),
    ...row(10, 'US', 'icmp', 8, 2),
    ...row(10, 'CN', 'udp', 5060, 9),
    ...row(20, 'US', 'tcp', 22, 400),
    ...row(35, 'CN', 'tcp', 3389),
  ];
}

describe('GPU core equals the CPU reference', () => {
  const gpu = sharedGpu();
  afterAll(() => gpu.close());

  it('matches byte for byte on a 64×64 scene, every frame, whole and incremental', async () => {
    const timeline = buildTimeline(smallRows(), { binSeconds: 300 });
    const scene = buildScene(timeline, { width: 64, height: 64, seed: 7, travel: 4, decay: 5 });
    const last = scene.frameCount - 1;
    // One incremental run, then every frame alone (whole), so both paths are checked.
    const ranges: [number, number][] = [
      [0, last],
      ...Array.from({ length: last + 1 }, (_, f) => [f, f] as [number, number]),
    ];
    const runs = await gpu.render(scene, ranges);
    for (let f = 0; f <= last; f++) {
      const expected = cpuFrame(scene, f);
      expect(runs[0].get(f)!.equals(expected), `incremental frame ${f}`).toBe(true);
      expect(runs[f + 1].get(f)!.equals(expected), `whole frame ${f}`).toBe(true);
    }
  });

  it('matches where labels are hot at 320×180: plates and text over the light, in draw order', async () => {
    const events = detectEvents(syntheticRows(42));
    const scene = syntheticScene(42, 320, 180, { events });
    const [run] = await gpu.render(scene, [[20, 32]]);
    for (let f = 20; f <= 32; f++) expect(run.get(f)!.equals(cpuFrame(scene, f)), `frame ${f}`).toBe(true);
  });

  it('matches on synthetic data at 96×54 (bubbles crossing tiles, glow, bars)', async () => {
    const scene = syntheticScene(3, 96, 54);
    const [run] = await gpu.render(scene, [[60, 75]]);
    for (let f = 60; f <= 75; f++) expect(run.get(f)!.equals(cpuFrame(scene, f)), `frame ${f}`).toBe(true);
  });
});
