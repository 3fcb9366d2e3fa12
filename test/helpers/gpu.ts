import { createHash } from 'node:crypto';
import { ChromiumHost } from '../../src/host/chromium/chromium-host.js';
import { DawnHost } from '../../src/host/dawn/dawn-host.js';
import type { GpuHost } from '../../src/host/gpu-host.js';
import type { FrameSink } from '../../src/encode/frame-sink.js';
import { FrameAssembler } from '../../src/render/frame-assembler.js';
import { buildScene, icmpTypeCounts, type SceneOptions } from '../../src/scene/build-scene.js';
import { encodeScene, type SceneData } from '../../src/scene/scene-data.js';
import { syntheticRows } from '../../src/ingest/synthetic.js';
import { buildTimeline } from '../../src/timeline/build-timeline.js';
import type { Timeline } from '../../src/timeline/timeline.js';

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

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

/** Frames [from, to] of each range, whole, from a host that is closed afterwards. */
async function renderOn(
  host: GpuHost,
  scene: SceneData,
  ranges: [number, number][],
): Promise<Map<number, Buffer>[]> {
  try {
    const results: Map<number, Buffer>[] = [];
    for (const [from, to] of ranges) {
      const asm = new FrameAssembler(scene.width, scene.height);
      const frames = new Map<number, Buffer>();
      for await (const p of host.frames(from, to)) frames.set(p.frame, asm.apply(p));
      results.push(frames);
    }
    return results;
  } finally {
    await host.close();
  }
}

/** Renders frames [from, to] for real on the page's WebGPU (SwiftShader here) and returns them whole. */
export async function renderOnGpu(
  scene: SceneData,
  ranges: [number, number][],
): Promise<Map<number, Buffer>[]> {
  return renderOn(await ChromiumHost.start({ scene: encodeScene(scene) }), scene, ranges);
}

/** The same on the Dawn host in Node (`--gpu-host node`; SwiftShader's Vulkan driver here). */
export async function renderOnDawn(
  scene: SceneData,
  ranges: [number, number][],
): Promise<Map<number, Buffer>[]> {
  return renderOn(await DawnHost.start({ scene }), scene, ranges);
}

/** A sink that records each frame's SHA-256 (the golden sets' hash) as the render hands it over. */
export function sha256Sink(into: Record<string, string>): FrameSink {
  return {
    wantsExisting: false,
    write: async (frame, rgba) => void (into[frame] = sha256(rgba)),
    close: async () => undefined,
    abort: async () => undefined,
  };
}
