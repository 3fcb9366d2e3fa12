import { createHash } from 'node:crypto';
import type { FrameSink } from '../encode/frame-sink.js';
import type { FrameRecord } from '../encode/manifest.js';
import { FrameAssembler } from './frame-assembler.js';
import type { GpuHost } from './gpu-host.js';

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
}

/**
 * Pulls frames from..to from the GPU host in order, rebuilds each whole frame from its changed
 * tiles, hashes it and hands it to every sink. The host renders ahead while sinks encode.
 */
export async function renderFrames(
  host: GpuHost,
  size: { width: number; height: number },
  range: { from: number; to: number },
  sinks: FrameSink[],
  onFrame?: (r: FrameRecord) => void,
): Promise<RenderResult> {
  const assembler = new FrameAssembler(size.width, size.height);
  const frames: FrameRecord[] = [];
  const times: StageTimes = { assemble: 0, hash: 0, encodeWait: 0 };
  let tiles = 0;
  try {
    for await (const patch of host.frames(range.from, range.to)) {
      const t = performance.now();
      const rgba = assembler.apply(patch);
      tiles += patch.tiles.length;
      const t1 = performance.now();
      const sha256 = createHash('sha256').update(rgba).digest('hex');
      const t2 = performance.now();
      await Promise.all(sinks.map((s) => s.write(patch.frame, rgba)));
      times.assemble += t1 - t;
      times.hash += t2 - t1;
      times.encodeWait += performance.now() - t2;
      const record = { index: patch.frame, sha256 };
      frames.push(record);
      onFrame?.(record);
    }
    await Promise.all(sinks.map((s) => s.close()));
  } catch (e) {
    await Promise.allSettled(sinks.map((s) => s.abort()));
    throw e;
  }
  return { frames, times, tiles };
}
