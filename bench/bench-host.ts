import { availableParallelism, totalmem } from 'node:os';
import { ChromiumHost } from '../src/host/chromium/chromium-host.js';
import { DawnHost } from '../src/host/dawn/dawn-host.js';
import type { GpuHost } from '../src/host/gpu-host.js';
import type { StageTimes } from '../src/gpu/frame-renderer.js';
import { encodeScene, type SceneData } from '../src/scene/scene-data.js';
import { openMp4, type VideoSink } from '../src/encode/chunked-mp4-sink.js';
import { mp4EncoderCount } from '../src/encode/mp4-encoders.js';

/** A GPU host the bench can also ask for its stages alone, and (Chromium) for the socket's totals. */
export interface BenchHost extends GpuHost {
  profile(from: number, to: number): Promise<StageTimes & { tiles: number }>;
  transport?(): Promise<{ ms: number; frames: number; bytes: number }>;
}

/**
 * The GPU host of the bench's renders: Chromium (the CLI's default), or Dawn in Node with
 * BENCH_GPU_HOST=node (the GPU machine, which has no Chromium). Rows name Dawn when it is used.
 */
export const benchGpuHost = (): 'chromium' | 'node' =>
  process.env.BENCH_GPU_HOST === 'node' ? 'node' : 'chromium';

export const hostLabel = (label: string) => (benchGpuHost() === 'node' ? `${label} (Dawn)` : label);

export async function startBenchHost(scene: SceneData): Promise<BenchHost> {
  if (benchGpuHost() === 'node') return DawnHost.start({ scene });
  return ChromiumHost.start({ scene: encodeScene(scene) });
}

/** The MP4 sink a render of this size makes by default here (`--mp4-encoders auto`: chunks on many cores). */
export function benchMp4(path: string, width: number, height: number): VideoSink {
  const encoders = mp4EncoderCount('auto', {
    cores: availableParallelism(), memory: totalmem(), frameBytes: width * height * 4, gop: 30, splitsExactly: true,
  }); // prettier-ignore
  return openMp4({ path, width, height, fps: 30, gop: 30, encoders });
}
