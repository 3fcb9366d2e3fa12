import { describe, expect, it } from 'vitest';
import { detectEvents } from '../../src/events/detect-events.js';
import { syntheticRows } from '../../src/ingest/synthetic.js';
import { buildScene, icmpTypeCounts, type SceneOptions } from '../../src/scene/build-scene.js';
import { buildTimeline } from '../../src/timeline/build-timeline.js';
import { buildHostTimeline } from '../../src/timeline/host-timeline.js';
import { checkGolden } from '../helpers/golden.js';
import { renderOnGpu } from '../helpers/gpu.js';

/** Golden frames of the full picture at 720p: both views, both themes, transparent, with callouts. */
const rows = syntheticRows(42);
const events = detectEvents(rows);
const base: SceneOptions = {
  width: 1280,
  height: 720,
  seed: 42,
  travel: 12,
  decay: 24,
  title: 'portglow golden',
  events,
  icmpTypes: icmpTypeCounts(rows),
};

describe('views at 720p (golden frames)', () => {
  it.each([
    ['ports-720p', 'ports view, dark', {}],
    ['ports-720p-light', 'ports view, light theme', { theme: 'light' as const }],
    ['ports-720p-transparent', 'ports view, transparent', { transparent: true }],
    ['hosts-720p', 'hosts view, dark', { view: 'hosts' as const }],
  ])('%s', async (name, description, extra) => {
    const hosts = buildHostTimeline(rows, { binSeconds: 300 });
    const scene =
      'view' in extra
        ? buildScene(hosts.timeline, { ...base, ...extra, hosts: hosts.hosts })
        : buildScene(buildTimeline(rows, { binSeconds: 300 }), { ...base, ...extra });
    const [frames] = await renderOnGpu(scene, [[96, 105]]);
    const problems = await checkGolden(
      name,
      `${description}, synthetic seed 42, frames 96-105`,
      frames,
      { width: 1280, height: 720 },
      [100],
    );
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
