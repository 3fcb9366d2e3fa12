import { createHash } from 'node:crypto';
import { ChromiumHost } from '../../src/host/chromium/chromium-host.js';
import { DawnHost } from '../../src/host/dawn/dawn-host.js';
import type { GpuHost } from '../../src/host/gpu-host.js';
import { UserError } from '../../src/errors.js';
import type { FrameSink } from '../../src/encode/frame-sink.js';
import { FrameAssembler } from '../../src/render/frame-assembler.js';
import { renderFrames, type RenderResult } from '../../src/render/render-frames.js';
import type { FrameRecord } from '../../src/encode/manifest.js';
import { encodeScene, type SceneData } from '../../src/scene/scene-data.js';
import { expect, type TestContext } from 'vitest';
import { isCI } from './ci.js';

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

// Vitest-free, so that the bench (which runs the golden sets on the GPU machine) can use them too.
export { syntheticScene, syntheticTimeline } from './synthetic-scene.js';

/** Frames [from, to] of each range, whole, from `host` (left open). */
async function renderRanges(
  host: GpuHost,
  scene: SceneData,
  ranges: [number, number][],
): Promise<Map<number, Buffer>[]> {
  const results: Map<number, Buffer>[] = [];
  for (const [from, to] of ranges) {
    const asm = new FrameAssembler(scene.width, scene.height);
    const frames = new Map<number, Buffer>();
    for await (const p of host.frames(from, to)) frames.set(p.frame, asm.apply(p));
    results.push(frames);
  }
  return results;
}

/** The same from a host that is closed afterwards. */
async function renderOn(
  host: GpuHost,
  scene: SceneData,
  ranges: [number, number][],
): Promise<Map<number, Buffer>[]> {
  try {
    return await renderRanges(host, scene, ranges);
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

/**
 * renderOnGpu for the tests of one file on one browser: the first render starts Chromium with its
 * scene, the later ones load theirs into the same page (`setScene`, which builds the renderer anew
 * as a start does). A Chromium start costs seconds on SwiftShader. Call `close` in afterAll.
 */
export function sharedGpu(): {
  render: (scene: SceneData, ranges: [number, number][]) => Promise<Map<number, Buffer>[]>;
  close: () => Promise<void>;
} {
  let host: ChromiumHost | undefined;
  return {
    render: async (scene, ranges) => {
      if (host) await host.setScene(encodeScene(scene));
      else host = await ChromiumHost.start({ scene: encodeScene(scene) });
      return renderRanges(host, scene, ranges);
    },
    close: async () => host?.close(),
  };
}

/** The same on the Dawn host in Node (`--gpu-host node`; SwiftShader's Vulkan driver here). */
export async function renderOnDawn(
  scene: SceneData,
  ranges: [number, number][],
): Promise<Map<number, Buffer>[]> {
  return renderOn(await DawnHost.start({ scene }), scene, ranges);
}

/**
 * Why the machine cannot run what failed with `e`, when `e` says so (a UserError with exit code 2:
 * no WebGPU adapter, no `webgpu` package, no Chromium); undefined for any other error.
 */
export function machineLacks(e: unknown): string | undefined {
  return e instanceof UserError && e.exitCode === 2 ? e.message : undefined;
}

/**
 * A test that needs something the machine lacks (`why` says what and how to get it): in CI, where the
 * machine is meant to have it, a failure; elsewhere a skip that prints the reason.
 */
export function lacking(ctx: TestContext, why: string): never {
  if (isCI()) throw new Error(`${why} (CI must have it, so this fails instead of skipping)`);
  console.warn(`skipping "${ctx.task.name}": ${why}`);
  ctx.skip(why);
  throw new Error('unreachable: ctx.skip() throws');
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

/**
 * Frames 0..to of `scene` at 320x180 on Chromium, a fresh host started after each crash (all of them in
 * `hosts`, the current one last), each frame's SHA-256 in `hashes`; `onFrame` sees every frame as it
 * is handed over (a test kills processes there).
 */
export async function renderRestartingChromium(
  scene: Uint8Array,
  to: number,
  onFrame: (r: FrameRecord, hosts: ChromiumHost[]) => void,
): Promise<{ result: RenderResult; hosts: ChromiumHost[]; hashes: Record<string, string> }> {
  const hosts: ChromiumHost[] = [];
  const hashes: Record<string, string> = {};
  const result = await renderFrames({
    startHost: async () => {
      const h = await ChromiumHost.start({ scene });
      hosts.push(h);
      return h;
    },
    size: { width: 320, height: 180 },
    from: 0,
    to,
    sinks: [sha256Sink(hashes)],
    onFrame: (r) => {
      expect(r.digest).toMatch(/^[0-9a-f]{32}$/);
      onFrame(r, hosts);
    },
  });
  return { result, hosts, hashes };
}
