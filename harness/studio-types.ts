/** What the studio server tells its page (src/cli/studio-info.ts builds it). */
import type { DetectedEvent } from '../src/events/event.js';

/** One detected event as the studio lists it: where it starts, in frames, and what it was. */
export interface StudioEvent {
  frame: number;
  start: string;
  kind: DetectedEvent['kind'];
  pace: DetectedEvent['pace'];
  src: string;
  country: string;
  proto: string;
  distinctPorts: number;
  packets: number;
}

/** What the studio page needs besides the scene: the span, the traffic per bin, the events. */
export interface StudioInfo {
  width: number;
  height: number;
  fps: number;
  /** Epoch seconds at which frame 0's bin starts. */
  start: number;
  binSeconds: number;
  frames: number;
  /** Packets per bin (one number per frame), for the scrubber. */
  packets: number[];
  events: StudioEvent[];
  /** The input, as the render's manifest names it. */
  source: string;
  /** The captions the picture shows, each from frame to last (a later one cuts an earlier one short). */
  captions?: { frame: number; last: number; text: string }[];
  /** The picture's command-line words, the command line that renders it, and the editable flags' values. */
  words?: string[];
  command?: string;
  /** The same picture as a config file (`gen-frames --config FILE`), as `--print-config` writes it. */
  config?: string;
  edits?: Record<string, string | boolean>;
  /** The editable flags that take one of a list: the list and the default. */
  choices?: Record<string, { choices: string[]; default?: string }>;
  /**
   * The newest closed frame: the last whose bin ends at or before the latest row's time (later rows
   * of a growing log can no longer land in it); -1 when none is.
   */
  closed?: number;
  /** `gen-frames studio --follow`: the server reads the input again as it grows (the page's live button). */
  live?: boolean;
}
