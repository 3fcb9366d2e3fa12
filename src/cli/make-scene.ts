import type { LoadedInput } from '../ingest/read-input.js';
import type { Caption } from '../ingest/read-captions.js';
import type { PacketRow } from '../ingest/packet-row.js';
import { detectEvents } from '../events/detect-events.js';
import type { DetectedEvent } from '../events/event.js';
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

/** A layout pinned by another input (--layout-from, layout-from.ts): its timeline and ICMP types. */
export interface PinnedLayout {
  timeline: Timeline;
  icmpTypes: [number, number][];
}

/** What a caller may already know: the events of these rows, a pinned layout, the view's timeline. */
export interface SceneGivens {
  /** The events already found in these rows (the studio lists them too, so it detects once). */
  detected?: DetectedEvent[];
  /** A pinned layout (--layout-from). */
  layout?: PinnedLayout;
  /** The timeline already built by viewTimeline or pinnedTimeline (a render checks its frame range first). */
  view?: { timeline: Timeline; hosts?: string[] };
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

/** The timeline of `rows` with the countries in the pinned layout's order. */
export function pinnedTimeline(
  rows: readonly PacketRow[],
  span: { binSeconds: number; start?: number; end?: number },
  layout: PinnedLayout,
): Timeline {
  return buildTimeline(rows, { ...span, countryOrder: layout.timeline.countries });
}

/**
 * Input rows → timeline of the chosen view → detected events → the scene. Without `detected`, events
 * are detected here when the callouts need them. With a pinned layout, the layout and the ICMP line
 * come from it and there are no callouts (layoutConflict refuses them), so each frame depends only on
 * the rows up to its bin.
 */
export function makeScene(
  input: LoadedInput,
  o: PictureOptions,
  log: (line: string) => void,
  { detected, layout, view }: SceneGivens = {},
): { timeline: Timeline; scene: SceneData } {
  const span = { binSeconds: input.binSeconds, start: input.start, end: input.end };
  if (layout) return makePinnedScene(input.rows, span, o, layout, view?.timeline);
  const { timeline, hosts } = view ?? viewTimeline(input, o.view);
  const events = !o.callouts ? [] : (detected ?? detectInput(input));
  const scene = buildScene(timeline, { ...o, hosts, events, icmpTypes: icmpTypeCounts(input.rows) });
  const shown = shownEvents(scene.text.callouts.filter((c) => c.slot !== CAPTION_SLOT));
  if (events.length)
    log(
      `callouts: ${shown} of ${events.length} detected events shown (two lines; the biggest first, slow scans around them)`,
    );
  return { timeline, scene };
}

/** The events the detectors find in the input's rows, with floods counted per bin of the video. */
export function detectInput(input: LoadedInput): DetectedEvent[] {
  return detectEvents(input.rows, { floodBin: input.binSeconds });
}

/** The scene of `rows` under a pinned layout (ports view, no callouts): what makeScene builds with one. */
export function makePinnedScene(
  rows: readonly PacketRow[],
  span: { binSeconds: number; start?: number; end?: number },
  o: PictureOptions,
  layout: PinnedLayout,
  timeline = pinnedTimeline(rows, span, layout),
): { timeline: Timeline; scene: SceneData } {
  const pinned = { ...o, events: [], icmpTypes: layout.icmpTypes, layout: layout.timeline };
  return { timeline, scene: buildScene(timeline, pinned) };
}
