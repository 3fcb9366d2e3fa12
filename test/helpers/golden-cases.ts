/**
 * The golden frame sets, declared as data: each names its file in fixtures/golden/, how its scene is
 * built, which frames are rendered and which of them are kept as PNG. test/host/golden-frames.test.ts
 * runs every case on every GPU host (Chromium and Dawn) and on the CPU, deck.gl style (`BENCH=golden`
 * runs them on the bench's GPU host, outside vitest); `npm run golden` records them
 * from the Chromium host. Frames are few: SwiftShader renders them on the CPU.
 */
import { detectEvents } from '../../src/events/detect-events.js';
import { syntheticRows } from '../../src/ingest/synthetic.js';
import { buildScene, icmpTypeCounts, type SceneOptions } from '../../src/scene/build-scene.js';
import type { SceneData } from '../../src/scene/scene-data.js';
import { buildTimeline } from '../../src/timeline/build-timeline.js';
import { buildHostTimeline } from '../../src/timeline/host-timeline.js';
import { syntheticScene } from './synthetic-scene.js';

export interface GoldenCase {
  /** fixtures/golden/NAME.json (and NAME-00000F.png for the pictures). */
  name: string;
  description: string;
  scene: () => SceneData;
  /** The frames of the set, rendered in one run. */
  frames: [number, number];
  /** A range rendered alone afterwards, on the same host: it must give the set's bytes too. */
  alone?: [number, number];
  /** Frames also kept as PNG, to show a mismatch. */
  pictures: number[];
}

/** Built on first use, then shared by the hosts: scenes cost seconds of CPU at 720p. */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

const synthetic42 = once(() => {
  const rows = syntheticRows(42);
  return { rows, events: detectEvents(rows), icmpTypes: icmpTypeCounts(rows) };
});

/** The full picture at 720p (`--title 'portglow golden'`, callouts from the detected events). */
function view720(extra: Partial<SceneOptions>): SceneData {
  const { rows, events, icmpTypes } = synthetic42();
  const o: SceneOptions = {
    width: 1280,
    height: 720,
    seed: 42,
    travel: 12,
    decay: 24,
    title: 'portglow golden',
    events,
    icmpTypes,
    ...extra,
  };
  if (o.view !== 'hosts') return buildScene(buildTimeline(rows, { binSeconds: 300 }), o);
  const hosts = buildHostTimeline(rows, { binSeconds: 300 });
  return buildScene(hosts.timeline, { ...o, hosts: hosts.hosts });
}

export const GOLDEN_CASES: GoldenCase[] = [
  {
    name: 'ports-320x180-seed42',
    description: 'ports view, synthetic day of seed 42, 320x180, travel 12, decay 24, frames 0-199',
    scene: once(() => syntheticScene(42, 320, 180)),
    frames: [0, 199],
    alone: [100, 109],
    pictures: [0, 60, 120, 199],
  },
  ...(
    [
      ['ports-720p', 'ports view, dark', {}],
      ['ports-720p-light', 'ports view, light theme', { theme: 'light' }],
      ['ports-720p-transparent', 'ports view, transparent', { transparent: true }],
      ['hosts-720p', 'hosts view, dark', { view: 'hosts' }],
    ] as const
  ).map(([name, what, extra]): GoldenCase => ({
    name,
    description: `${what}, synthetic seed 42, frames 96-105`,
    scene: once(() => view720(extra)),
    frames: [96, 105],
    pictures: [100],
  })),
];
