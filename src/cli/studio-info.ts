import type { DetectedEvent } from '../events/event.js';
import type { LoadedInput } from '../ingest/read-input.js';
import type { Timeline } from '../timeline/timeline.js';
import type { StudioEvent, StudioInfo } from '../../harness/studio-types.js';

export type { StudioEvent, StudioInfo };

/** Packets of each bin of the timeline. */
export function packetsPerBin(t: Timeline): number[] {
  const out = new Array<number>(t.binCount).fill(0);
  for (let b = 0; b < t.binCount; b++) {
    let n = 0;
    for (let e = t.binOffsets[b]; e < t.binOffsets[b + 1]; e++) n += t.entryPackets[e];
    out[b] = n;
  }
  return out;
}

/** The frame whose bin holds epoch second `t`, clamped to the span. */
export function frameAt(t: Timeline, seconds: number): number {
  const f = Math.floor((seconds - t.start) / t.binSeconds);
  return Math.max(0, Math.min(t.binCount - 1, f));
}

/** Every event the detectors found in the rows (not only those the picture has room to label). */
export function studioEvents(detected: readonly DetectedEvent[], t: Timeline): StudioEvent[] {
  return detected.map((e) => ({
    frame: frameAt(t, Date.parse(e.start) / 1000),
    start: e.start,
    kind: e.kind,
    pace: e.pace,
    src: e.src,
    country: e.country,
    proto: e.proto,
    distinctPorts: e.distinctPorts,
    packets: e.packets,
  }));
}

/** The newest frame whose bin ends at or before the latest row's time; -1 when none does. */
export function closedFrame(input: LoadedInput, t: Timeline): number {
  const latest = input.rows.reduce((m, r) => Math.max(m, r.time), -Infinity);
  return Math.max(-1, Math.min(t.binCount - 1, Math.floor((latest - t.start) / t.binSeconds) - 1));
}

export function studioInfo(
  input: LoadedInput,
  t: Timeline,
  picture: { width: number; height: number; fps: number },
  detected: readonly DetectedEvent[],
): StudioInfo {
  return {
    ...picture,
    start: t.start,
    binSeconds: t.binSeconds,
    frames: t.binCount,
    packets: packetsPerBin(t),
    events: studioEvents(detected, t).sort((a, b) => a.frame - b.frame),
    source: input.source,
    closed: closedFrame(input, t),
  };
}
