import { ChromiumHost } from '../src/host/chromium/chromium-host.js';
import { buildScene } from '../src/scene/build-scene.js';
import { encodeScene } from '../src/scene/scene-data.js';
import { syntheticRows } from '../src/ingest/synthetic.js';
import { buildTimeline } from '../src/timeline/build-timeline.js';
import { detectEvents } from '../src/events/detect-events.js';
import type { Row } from './render.js';
import { unchangedTiles } from './unchanged-tiles.js';

/**
 * The GPU stages alone (each submitted and waited for by itself) on the default day (synthetic,
 * seed 42, callouts on) at 1080p through the Chromium host: the part of `render` that times the
 * GPU passes, without the outputs around it, so that a change to the passes can be measured quickly;
 * then how many of the tiles marked changed were in fact the same (see unchanged-tiles.ts).
 */
export async function benchGpuStages(): Promise<Row[]> {
  const input = syntheticRows(42);
  const events = detectEvents(input);
  const timeline = buildTimeline(input, { binSeconds: 300 });
  const last = timeline.binCount - 1;
  const scene = buildScene(timeline, { width: 1920, height: 1080, seed: 42, travel: 12, decay: 24, events });
  const host = await ChromiumHost.start({ scene: encodeScene(scene) });
  try {
    const p = await host.profile(0, last);
    const rows: Row[] = (['simulate', 'bin', 'raster', 'readback'] as const).map((stage) => ({
      name: `1080p GPU ${stage} (alone)`,
      value: p[stage] / (last + 1),
      unit: 'ms/frame',
    }));
    const total = rows.reduce((n, r) => n + r.value, 0);
    rows.push({ name: '1080p GPU stages, total', value: total, unit: 'ms/frame' });
    rows.push({ name: '1080p GPU tiles changed per frame', value: p.tiles / (last + 1), unit: 'tiles' });
    const u = await unchangedTiles(host, 1920, 1080, last);
    rows.push({
      name: '1080p tiles sent the same as the frame before',
      value: u.unchanged / u.frames,
      unit: 'tiles',
    });
    rows.push({ name: '1080p tiles sent the same, share', value: (100 * u.unchanged) / u.sent, unit: '%' });
    return rows;
  } finally {
    await host.close();
  }
}
