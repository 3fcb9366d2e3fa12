/**
 * The synthetic day's timeline and scene as the tests build them. Kept free of vitest, so that the
 * golden cases also load outside it (`BENCH=golden` runs them on the GPU machine, where no vitest is).
 */
import { buildScene, icmpTypeCounts, type SceneOptions } from '../../src/scene/build-scene.js';
import type { SceneData } from '../../src/scene/scene-data.js';
import { syntheticRows } from '../../src/ingest/synthetic.js';
import { buildTimeline } from '../../src/timeline/build-timeline.js';
import type { Timeline } from '../../src/timeline/timeline.js';

export function syntheticTimeline(seed: number): Timeline {
  return buildTimeline(syntheticRows(seed), { binSeconds: 300 });
}

export function syntheticScene(
  seed: number,
  width: number,
  height: number,
  o: Partial<SceneOptions> = {},
): SceneData {
  // The CLI's picture for `--title portglow --no-callouts`: ICMP types included.
  const icmpTypes = icmpTypeCounts(syntheticRows(seed));
  return buildScene(syntheticTimeline(seed), { width, height, seed, travel: 12, decay: 24, icmpTypes, ...o });
}
