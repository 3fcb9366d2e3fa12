import { createHash } from 'node:crypto';
import type { FrameSink } from '../encode/frame-sink.js';
import type { FrameRecord } from '../encode/manifest.js';
import { FrameAssembler } from './frame-assembler.js';
import { HostCrashed, type GpuHost } from '../host/gpu-host.js';
import { missingRuns } from './frame-ranges.js';
import type { ExistingFrame } from './resume.js';

export interface StageTimes {
  /** Milliseconds spent in each Node-side stage over the whole render. */
  assemble: number;
  hash: number;
  encodeWait: number;
}

export interface RenderResult {
  frames: FrameRecord[];
  times: StageTimes;
  /** Tiles that came back, over all frames (a measure of what changed). */
  tiles: number;
  /** Frames taken from an earlier run instead of rendered. */
  reused: number;
  /** Times the GPU host was restarted after a crash. */
  restarts: number;
  /** True when a stop signal ended the render early. */
  stopped: boolean;
}

export interface RenderJob {
  startHost: () => Promise<GpuHost>;
  size: { width: number; height: number };
  from: number;
  to: number;
  sinks: FrameSink[];
  /** Frames already on disk from an earlier run of the same render. */
  existing?: Map<number, ExistingFrame>;
  onFrame?: (r: FrameRecord) => void;
  log?: (line: string) => void;
  /** Restarts of a crashed host before giving up. */
  maxRestarts?: number;
  /** Stops after the frame in hand when aborted. */
  signal?: AbortSignal;
  /** The host to use first (else startHost() is called). */
  host?: GpuHost;
}

/**
 * Pulls frames from the GPU host in order, rebuilds each whole frame from its changed tiles,
 * hashes it and hands it to every sink; frames found on disk are reused. A crashed host is started
 * again and the render goes on from the next frame (sent whole), so the bytes do not change.
 */
export async function renderFrames(job: RenderJob): Promise<RenderResult> {
  const { size, sinks, existing = new Map(), log = () => undefined } = job;
  const result: RenderResult = { frames: [], times: { assemble: 0, hash: 0, encodeWait: 0 }, tiles: 0, reused: 0, restarts: 0, stopped: false }; // prettier-ignore
  const replay = sinks.filter((s) => s.wantsExisting);
  let host = job.host;
  const emit = async (frame: number, rgba: Buffer, sha256: string, to: FrameSink[]) => {
    const t = performance.now();
    await Promise.all(to.map((s) => s.write(frame, rgba)));
    result.times.encodeWait += performance.now() - t;
    const record = { index: frame, sha256 };
    result.frames.push(record);
    job.onFrame?.(record);
  };
  try {
    let next = job.from;
    while (next <= job.to && !job.signal?.aborted) {
      const old = existing.get(next);
      if (old) {
        // Only sinks that need every frame (the video) get it again, decoded from its PNG.
        await emit(next, replay.length ? await old.load() : Buffer.alloc(0), old.sha256, replay);
        result.reused++;
        next++;
        continue;
      }
      const [, runEnd] = missingRuns(next, job.to, (f) => existing.has(f))[0];
      host ??= await job.startHost();
      const assembler = new FrameAssembler(size.width, size.height);
      try {
        for await (const patch of host.frames(next, runEnd)) {
          let t = performance.now();
          const rgba = assembler.apply(patch);
          result.tiles += patch.tiles.length;
          result.times.assemble += performance.now() - t;
          t = performance.now();
          const sha256 = createHash('sha256').update(rgba).digest('hex');
          result.times.hash += performance.now() - t;
          await emit(patch.frame, rgba, sha256, sinks);
          next = patch.frame + 1;
          if (job.signal?.aborted) break;
        }
      } catch (e) {
        if (!(e instanceof HostCrashed) || result.restarts >= (job.maxRestarts ?? 3)) throw e;
        result.restarts++;
        log(
          `GPU host crashed at frame ${next} (${e.message}); restarting it (${result.restarts}/${job.maxRestarts ?? 3})`,
        );
        await host.close().catch(() => undefined);
        host = undefined;
      }
    }
    result.stopped = next <= job.to;
    if (result.stopped) await Promise.allSettled(sinks.map((s) => s.abort()));
    else await Promise.all(sinks.map((s) => s.close()));
  } catch (e) {
    await Promise.allSettled(sinks.map((s) => s.abort()));
    // Ctrl-C in a terminal also reaches ffmpeg, which then fails the video: that is the stop, not an error.
    if (!job.signal?.aborted) throw e;
    result.stopped = true;
  } finally {
    await host?.close().catch(() => undefined);
  }
  return result;
}
