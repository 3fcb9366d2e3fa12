import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/package-root.js';
import { ChromiumHost } from '../src/host/chromium/chromium-host.js';
import { DawnHost } from '../src/host/dawn/dawn-host.js';
import { renderFrames } from '../src/render/render-frames.js';
import type { GpuHost } from '../src/host/gpu-host.js';
import { buildScene } from '../src/scene/build-scene.js';
import { encodeScene } from '../src/scene/scene-data.js';
import { syntheticRows } from '../src/ingest/synthetic.js';
import { buildTimeline } from '../src/timeline/build-timeline.js';
import type { Row } from './render.js';

const WIDTH = 1920;
const HEIGHT = 1080;

/** Raw frames (no sinks) of the whole render through renderFrames, in frames/s; closes the host. */
async function rawFps(host: GpuHost, last: number): Promise<number> {
  const t0 = performance.now();
  const r = await renderFrames({
    host,
    startHost: () => Promise.reject(new Error('the host died')),
    size: { width: WIDTH, height: HEIGHT },
    from: 0,
    to: last,
    sinks: [],
  });
  return r.frames.length / ((performance.now() - t0) / 1000);
}

/**
 * The default day (synthetic, seed 42) at 1080p, raw frames: the Dawn host in Node against the
 * Chromium host, plus Dawn's GPU time per stage.
 */
export async function benchDawn(): Promise<Row[]> {
  const timeline = buildTimeline(syntheticRows(42), { binSeconds: 300 });
  const last = timeline.binCount - 1;
  const scene = buildScene(timeline, { width: WIDTH, height: HEIGHT, seed: 42, travel: 12, decay: 24 });
  const bytes = encodeScene(scene);
  const rows: Row[] = [];

  const chromium = await ChromiumHost.start({ scene: bytes });
  rows.push({
    name: '1080p raw, Chromium host: frames/s',
    value: await rawFps(chromium, last),
    unit: 'frames/s',
  });

  const t0 = performance.now();
  const dawn = await DawnHost.start({ scene });
  rows.push({ name: 'Dawn host start (adapter, pipelines)', value: performance.now() - t0, unit: 'ms' });
  rows.push({ name: '1080p raw, Dawn host: frames/s', value: await rawFps(dawn, last), unit: 'frames/s' });

  // renderFrames closed that one: a fresh host for the profile.
  const again = await DawnHost.start({ scene });
  try {
    const p = await again.profile(0, last);
    for (const stage of ['simulate', 'bin', 'raster', 'readback'] as const) {
      rows.push({ name: `1080p Dawn GPU ${stage} (alone)`, value: p[stage] / (last + 1), unit: 'ms/frame' });
    }
  } finally {
    await again.close();
  }
  rows.push(cliSeconds());
  return rows;
}

/**
 * `gen-frames --gpu-host node` for 30 frames at 320x180, as a whole process: start to exit. Nothing
 * of Dawn's may keep the process alive (main.ts forces an exit 3 s after the work), so this stays
 * far below that plus the render.
 */
function cliSeconds(): Row {
  const out = mkdtempSync(join(tmpdir(), 'portglow-bench-dawn-'));
  try {
    const args = ['--seed', '42', '--size', '320x180', '--frames', '0-29', '--format', 'png'];
    const t0 = performance.now();
    const r = spawnSync(
      process.execPath,
      [join(packageRoot(), 'bin', 'gen-frames.js'), ...args, '--gpu-host', 'node', '--out', out],
      { encoding: 'utf8' },
    );
    const seconds = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`gen-frames --gpu-host node failed:\n${r.stderr}`);
    return {
      name: 'gen-frames --gpu-host node, 30 frames 320x180, start to exit',
      value: seconds,
      unit: 's',
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
