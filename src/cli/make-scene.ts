import type { LoadedInput } from '../ingest/read-input.js';
import type { Caption } from '../ingest/read-captions.js';
import { detectEvents } from '../events/detect-events.js';
import { buildScene, icmpTypeCounts } from '../scene/build-scene.js';
import type { SceneData } from '../scene/scene-data.js';
import { CAPTION_SLOT, shownEvents } from '../scene/callouts.js';
import type { PaletteName } from '../scene/palette.js';
import type { ThemeName } from '../scene/theme.js';
import { buildTimeline } from '../timeline/build-timeline.js';
import { buildHostTimeline } from '../timeline/host-timeline.js';
import type { Timeline } from '../timeline/timeline.js';

export interface PictureOptions {
  width: number;
  height: number;
  seed: number;
  travel: number;
  decay: number;
  view: 'ports' | 'hosts';
  theme: ThemeName;
  transparent: boolean;
  title: string;
  callouts: boolean;
  /** Country colours (--palette). */
  palette?: PaletteName;
  /** Captions on a line of their own under the callouts (shown with or without --callouts). */
  captions?: Caption[];
}

/** The timeline of the chosen view (and the hosts view's hosts): what the frame count comes from. */
export function viewTimeline(
  input: LoadedInput,
  view: PictureOptions['view'],
): { timeline: Timeline; hosts?: string[] } {
  const span = { binSeconds: input.binSeconds, start: input.start, end: input.end };
  return view === 'hosts'
    ? buildHostTimeline(input.rows, span)
    : { timeline: buildTimeline(input.rows, span) };
}

/**
 * Input rows → timeline of the chosen view → detected events → the scene. `view`: the timeline
 * already built by viewTimeline (a render checks its frame range before the slower rest).
 */
export function makeScene(
  input: LoadedInput,
  o: PictureOptions,
  log: (line: string) => void,
  view = viewTimeline(input, o.view),
): { timeline: Timeline; scene: SceneData } {
  const { timeline, hosts } = view;
  const events = o.callouts ? detectEvents(input.rows, { floodBin: input.binSeconds }) : [];
  const scene = buildScene(timeline, { ...o, hosts, events, icmpTypes: icmpTypeCounts(input.rows) });
  const shown = shownEvents(scene.text.callouts.filter((c) => c.slot !== CAPTION_SLOT));
  if (events.length)
    log(
      `callouts: ${shown} of ${events.length} detected events shown (two lines; the biggest first, slow scans around them)`,
    );
  return { timeline, scene };
}
