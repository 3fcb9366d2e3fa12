/**
 * `node dist/raw-side.js`: 1080p raw frames/s (GPU → Node, hashed, no encoder) of the synthetic day
 * (seed 42, as `npm run bench`'s render part) and, when the data is there, of the real day
 * (2013-07-24, --bin 2m). It uses only APIs that the commit before the speed work (issue 9) also has,
 * so the same file, built in a worktree of that commit, measures it back to back with this one.
 * RAW_SIDE=synthetic or RAW_SIDE=real picks one; RAW_SIDE_HOST=node renders through Dawn instead
 * of Chromium (the Dawn host's start({ scene }) is as old).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ChromiumHost } from '../src/host/chromium/chromium-host.js';
import { DawnHost } from '../src/host/dawn/dawn-host.js';
import type { GpuHost } from '../src/host/gpu-host.js';
import { renderFrames } from '../src/render/render-frames.js';
import { buildScene } from '../src/scene/build-scene.js';
import { encodeScene, type SceneData } from '../src/scene/scene-data.js';
import { syntheticRows } from '../src/ingest/synthetic.js';
import { buildTimeline } from '../src/timeline/build-timeline.js';
import { detectEvents } from '../src/events/detect-events.js';
import { readInput } from '../src/ingest/read-input.js';
import { makeScene } from '../src/cli/make-scene.js';

const [W, H] = [1920, 1080];

/** Frames 0..last of the scene as raw frames, after one warm-up frame on the same host. */
async function rawFps(scene: SceneData, last: number): Promise<number> {
  const Host = process.env.RAW_SIDE_HOST === 'node' ? DawnHost : ChromiumHost;
  const host = await Host.start({ scene: encodeScene(scene) });
  const keepOpen: GpuHost = { adapter: host.adapter, frames: (a, b) => host.frames(a, b), close: async () => undefined }; // prettier-ignore
  try {
    const job = { host: keepOpen, startHost: () => Promise.reject(new Error('the host died')), size: { width: W, height: H }, sinks: [] }; // prettier-ignore
    await renderFrames({ ...job, from: 0, to: 0 });
    const t0 = performance.now();
    const r = await renderFrames({ ...job, from: 0, to: last });
    return r.frames.length / ((performance.now() - t0) / 1000);
  } finally {
    await host.close();
  }
}

const pick = process.env.RAW_SIDE ?? 'synthetic,real';
if (pick.includes('synthetic')) {
  const input = syntheticRows(42);
  const events = detectEvents(input);
  const timeline = buildTimeline(input, { binSeconds: 300 });
  const scene = buildScene(timeline, { width: W, height: H, seed: 42, travel: 12, decay: 24, events, plain: false }); // prettier-ignore
  const fps = await rawFps(scene, timeline.binCount - 1);
  console.log(`synthetic day 1080p raw: ${fps.toFixed(2)} frames/s (${timeline.binCount} frames)`);
}
const marx = resolve('..', 'shared', 'data', 'marx.csv.gz');
if (pick.includes('real') && existsSync(marx)) {
  const day = { from: Date.UTC(2013, 6, 24) / 1000, to: Date.UTC(2013, 6, 25) / 1000 };
  const input = await readInput({ inputs: [marx], seed: 42, strict: false, binSeconds: 120, selection: day });
  const picture = { width: W, height: H, seed: 42, travel: 12, decay: 24, view: 'ports' as const, theme: 'dark' as const,
    transparent: false, title: 'portglow · marx.csv.gz', callouts: true }; // prettier-ignore
  const { timeline, scene } = makeScene({ ...input, start: day.from, end: day.to }, picture, () => undefined);
  const fps = await rawFps(scene, timeline.binCount - 1);
  console.log(`real day 1080p raw: ${fps.toFixed(2)} frames/s (${timeline.binCount} frames)`);
}
