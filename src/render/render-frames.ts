import { availableParallelism } from 'node:os';
import type { FrameSink } from '../encode/frame-sink.js';
import type { FrameRecord } from '../encode/manifest.js';
import { FrameRing, type RingFrame } from './frame-ring.js';
import { HashPool } from './hash-pool.js';
import { BandPool, bandThreads } from './band-assembly.js';
import { HostCrashed, type GpuHost } from '../host/gpu-host.js';
import { missingRuns } from './frame-ranges.js';
import type { ExistingFrame } from './resume.js';
import { traceMark } from '../trace.js';

export interface StageTimes {
  /** Milliseconds spent in each Node-side stage over the whole render. */
  assemble: number;
  /** Hashing, summed per frame from hand-off to digest (on worker threads, beside the encoders). */
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
  /**
   * Draws frame f into `into` on the CPU, byte for byte as the GPU does (src/gpu/cpu-frame.ts). When
   * given and no host is running yet, the render's first frame is drawn with it before the host is
   * taken (a browser's launch and the shaders' compile take seconds, this a fraction of one), so the
   * first frame reaches the sinks sooner; the host then renders from the next frame on.
   */
  drawOnCpu?: (f: number, into: Buffer) => void;
  /** Worker threads that bring each frame up to date in bands (band-assembly.ts); by default bandThreads(). */
  bandThreads?: number;
}

/**
 * Pulls frames from the GPU host in order, rebuilds each whole frame from its changed tiles in a
 * ring of frame buffers, hands it to every sink while a worker hashes it, and records the frames in
 * order as their hashes arrive; frames found on disk are reused. A crashed host is started
 * again and the render goes on from the next frame (sent whole), so the bytes do not change.
 */
export async function renderFrames(job: RenderJob): Promise<RenderResult> {
  const { size, sinks, existing = new Map(), log = () => undefined } = job;
  const result: RenderResult = { frames: [], times: { assemble: 0, hash: 0, encodeWait: 0 }, tiles: 0, reused: 0, restarts: 0, stopped: false }; // prettier-ignore
  const replay = sinks.filter((s) => s.wantsExisting);
  let host = job.host;
  /** Closes the host if one is up (a failing close is no news: the host is done with either way). */
  const closeHost = async () => {
    await host?.close().catch(() => undefined);
    host = undefined;
  };
  const pool = new HashPool();
  const threads = job.bandThreads ?? bandThreads();
  const bands = threads > 0 ? new BandPool(threads) : undefined;
  // Records go out in frame order, each once its hash is known.
  let recorded: Promise<void> = Promise.resolve();
  const record = (frame: number, digest: Promise<string>) => {
    recorded = recorded.then(async () => {
      const r = { index: frame, digest: await digest };
      result.frames.push(r);
      job.onFrame?.(r);
    });
    // A failed hash surfaces where the render awaits `recorded`, not as an unhandled rejection.
    recorded.catch(() => undefined);
  };
  const emit = async (frame: number, rgba: Buffer, to: FrameSink[], hold: (p: Promise<unknown>) => void) => {
    const t = performance.now();
    await Promise.all(to.map((s) => s.write(frame, rgba, hold)));
    result.times.encodeWait += performance.now() - t;
  };
  // A frame in a slot of the ring: hashed on a worker, recorded in order, written to every sink.
  const take = async (frame: number, slot: RingFrame) => {
    const t = performance.now();
    const digest = pool.digest(slot.bytes);
    slot.hold(digest);
    void digest.then(() => (result.times.hash += performance.now() - t)).catch(() => undefined);
    record(frame, digest);
    await emit(frame, slot.bytes, sinks, slot.hold);
  };
  let drawOnCpu = job.drawOnCpu;
  try {
    let next = job.from;
    while (next <= job.to && !job.signal?.aborted) {
      const old = existing.get(next);
      if (old) {
        // Only sinks that need every frame (the video) get it again, decoded from its PNG.
        await emit(next, replay.length ? await old.load() : Buffer.alloc(0), replay, () => undefined);
        record(next, Promise.resolve(old.digest));
        result.reused++;
        next++;
        continue;
      }
      const [, runEnd] = missingRuns(next, job.to, (f) => existing.has(f))[0];
      // Enough frames for every PNG encode in flight, the hash and the next frame being assembled.
      const ring = new FrameRing(
        size.width,
        size.height,
        Math.min(16, availableParallelism() + 3),
        undefined,
        bands,
      );
      if (!host && drawOnCpu) {
        // Drawn before the host is taken: a browser launched early goes on starting in its own
        // processes meanwhile, and a host started in this process (Dawn) would hold this thread.
        const draw = drawOnCpu;
        drawOnCpu = undefined;
        const t = performance.now();
        const slot = await ring.whole((into) => draw(next, into));
        result.times.assemble += performance.now() - t;
        await take(next, slot);
        // Its encodes and hash finish first: a host started in this process (Dawn) holds this thread
        // for a while making its buffers, which would keep the frame's file from being written.
        await slot.settled();
        next++;
        if (next > runEnd || job.signal?.aborted) continue;
      }
      host ??= await job.startHost();
      try {
        for await (const patch of host.frames(next, runEnd)) {
          const t = performance.now();
          const slot = await ring.apply(patch);
          result.tiles += patch.tiles.length;
          result.times.assemble += performance.now() - t;
          await take(patch.frame, slot);
          next = patch.frame + 1;
          if (job.signal?.aborted) break;
        }
      } catch (e) {
        if (!(e instanceof HostCrashed) || result.restarts >= (job.maxRestarts ?? 3)) throw e;
        result.restarts++;
        log(
          `GPU host crashed at frame ${next} (${e.message}); restarting it (${result.restarts}/${job.maxRestarts ?? 3})`,
        );
        await closeHost();
      }
    }
    await recorded;
    traceMark('frames rendered');
    // The host is done with: closed before the outputs, whose closing (an MP4 decoded again and
    // checked) then has the machine to itself: beside an open Dawn device that check took 10-12 s
    // instead of 4-5 in some runs (real day, 1080p; Node's main thread busy, cause not found).
    await closeHost();
    result.stopped = next <= job.to;
    if (result.stopped) await Promise.allSettled(sinks.map((s) => s.abort()));
    else await Promise.all(sinks.map((s) => s.close()));
    traceMark('outputs closed');
  } catch (e) {
    await Promise.allSettled(sinks.map((s) => s.abort()));
    // Ctrl-C in a terminal also reaches ffmpeg, which then fails the video: that is the stop, not an error.
    if (!job.signal?.aborted) throw e;
    result.stopped = true;
  } finally {
    await recorded.catch(() => undefined);
    await pool.close();
    await bands?.close();
    await closeHost();
  }
  return result;
}
